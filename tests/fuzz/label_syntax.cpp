// Fuzz target: label_key_problem, label_value_problem, dns1123_subdomain_problem against a
// direct restatement of the upstream rules (k8s.io/apimachinery validation IsQualifiedName,
// IsValidLabelValue, IsDNS1123Subdomain). The first input byte picks the function.
#include <string_view>

#include "engine/model/label_syntax.hpp"
#include "tests/fuzz/fuzz_target.hpp"

namespace {

bool alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9], at most 63 characters.
bool qualified_name(std::string_view s) {
  if (s.empty() || s.size() > 63 || !alnum(s.front()) || !alnum(s.back())) return false;
  for (const char c : s) {
    if (!alnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

bool label_value(std::string_view s) { return s.empty() || qualified_name(s); }

// [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*, at most 253 characters.
bool dns1123_subdomain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = s.find('.', start);
    const std::string_view part = s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (part.empty() || !lower_alnum(part.front()) || !lower_alnum(part.back())) return false;
    for (const char c : part) {
      if (!lower_alnum(c) && c != '-') return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool label_key(std::string_view s) {
  const std::size_t slash = s.find('/');
  if (slash == std::string_view::npos) return qualified_name(s);
  if (s.find('/', slash + 1) != std::string_view::npos) return false;
  const std::string_view prefix = s.substr(0, slash);
  return !prefix.empty() && dns1123_subdomain(prefix) && qualified_name(s.substr(slash + 1));
}

}  // namespace

DSB_FUZZ_TARGET(label_syntax) {
  if (size == 0) return 0;
  const std::string_view text = dsb::fuzz::as_text(data + 1, size - 1);
  switch (data[0] % 3) {
    case 0: DSB_FUZZ_CHECK(dsb::is_label_key(text) == label_key(text)); break;
    case 1: DSB_FUZZ_CHECK(dsb::is_label_value(text) == label_value(text)); break;
    default: DSB_FUZZ_CHECK(dsb::is_dns1123_subdomain(text) == dns1123_subdomain(text)); break;
  }
  return 0;
}
