#include "engine/model/label_syntax.hpp"

#include <algorithm>

namespace dsb {
namespace {

constexpr std::size_t NAME_MAX_LENGTH = 63;
constexpr std::size_t SUBDOMAIN_MAX_LENGTH = 253;

bool is_alnum(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_lower_alnum(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool matches_qualified_name(std::string_view text) noexcept {
  if (text.empty() || !is_alnum(text.front()) || !is_alnum(text.back())) return false;
  return std::all_of(text.begin(), text.end(), [](char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.'; });
}

// [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*
bool matches_dns1123_subdomain(std::string_view text) noexcept {
  if (text.empty()) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = text.find('.', start);
    const std::string_view part = text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (part.empty() || !is_lower_alnum(part.front()) || !is_lower_alnum(part.back())) return false;
    if (!std::all_of(part.begin(), part.end(), [](char c) { return is_lower_alnum(c) || c == '-'; })) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

const char* const NAME_RULE =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const char* const SUBDOMAIN_RULE =
    "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

}  // namespace

std::string dns1123_subdomain_problem(std::string_view name) {
  if (name.size() > SUBDOMAIN_MAX_LENGTH) return "must be no more than 253 characters";
  if (!matches_dns1123_subdomain(name)) return std::string("a lowercase RFC 1123 subdomain ") + SUBDOMAIN_RULE;
  return {};
}

std::string label_key_problem(std::string_view key) {
  std::string_view name = key;
  const std::size_t slash = key.find('/');
  if (slash != std::string_view::npos) {
    if (key.find('/', slash + 1) != std::string_view::npos) {
      return "a qualified name must consist of a name with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
    }
    const std::string_view prefix = key.substr(0, slash);
    name = key.substr(slash + 1);
    if (prefix.empty()) return "prefix part must be non-empty";
    if (std::string problem = dns1123_subdomain_problem(prefix); !problem.empty()) return "prefix part " + problem;
  }
  if (name.empty()) return "name part must be non-empty";
  if (name.size() > NAME_MAX_LENGTH) return "name part must be no more than 63 characters";
  if (!matches_qualified_name(name)) return std::string("name part ") + NAME_RULE;
  return {};
}

std::string label_value_problem(std::string_view value) {
  if (value.empty()) return {};
  if (value.size() > NAME_MAX_LENGTH) return "must be no more than 63 characters";
  if (!matches_qualified_name(value)) return std::string("a valid label ") + NAME_RULE;
  return {};
}

}  // namespace dsb
