#include "engine/io/internal/tree_yaml.hpp"

#include <array>
#include <limits>

namespace dsb::io::internal {
namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_hex(char c) noexcept { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

constexpr std::array<std::string_view, 11> TRUE_WORDS{"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"};
constexpr std::array<std::string_view, 11> FALSE_WORDS{"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"};

std::string strip_underscores(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c != '_') out += c;
  }
  return out;
}

bool is_decimal_integer(std::string_view text) noexcept {
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) text.remove_prefix(1);
  if (text.empty()) return false;
  for (char c : text) {
    if (!is_digit(c)) return false;
  }
  return true;
}

bool is_hex_integer(std::string_view text) noexcept {
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) text.remove_prefix(1);
  if (text.size() < 3 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) return false;
  for (char c : text.substr(2)) {
    if (!is_hex(c)) return false;
  }
  return true;
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool is_float(std::string_view text) noexcept {
  std::size_t pos = 0;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) ++pos;
  std::size_t int_digits = 0;
  while (pos < text.size() && is_digit(text[pos])) ++pos, ++int_digits;
  std::size_t frac_digits = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) ++pos;
    std::size_t exp_digits = 0;
    while (pos < text.size() && is_digit(text[pos])) ++pos, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return pos == text.size();
}

}  // namespace

value_kind resolve_plain_scalar(std::string_view text) noexcept {
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") return value_kind::null;
  for (std::string_view word : TRUE_WORDS) {
    if (text == word) return value_kind::boolean;
  }
  for (std::string_view word : FALSE_WORDS) {
    if (text == word) return value_kind::boolean;
  }
  const std::string plain = strip_underscores(text);
  if (is_decimal_integer(plain) || is_hex_integer(plain)) return value_kind::integer;
  if (is_float(plain)) return value_kind::floating;
  if (text == ".inf" || text == ".Inf" || text == ".INF" || text == "+.inf" || text == "+.Inf" || text == "+.INF" ||
      text == "-.inf" || text == "-.Inf" || text == "-.INF" || text == ".nan" || text == ".NaN" || text == ".NAN") {
    return value_kind::floating;
  }
  return value_kind::string;
}

bool plain_scalar_boolean(std::string_view text) noexcept {
  for (std::string_view word : TRUE_WORDS) {
    if (text == word) return true;
  }
  return false;
}

std::optional<std::int64_t> plain_scalar_integer(std::string_view text) noexcept {
  const std::string plain = strip_underscores(text);
  std::string_view digits = plain;
  bool negative = false;
  if (!digits.empty() && (digits.front() == '+' || digits.front() == '-')) {
    negative = digits.front() == '-';
    digits.remove_prefix(1);
  }
  int base = 10;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    base = 16;
    digits.remove_prefix(2);
  }
  if (digits.empty()) return std::nullopt;
  // Accumulate negatively so that INT64_MIN fits.
  constexpr std::int64_t MIN = std::numeric_limits<std::int64_t>::min();
  std::int64_t value = 0;
  for (char c : digits) {
    int digit = 0;
    if (is_digit(c)) {
      digit = c - '0';
    } else if (base == 16 && is_hex(c)) {
      digit = (c | 0x20) - 'a' + 10;
    } else {
      return std::nullopt;
    }
    if (value < (MIN + digit) / base) return std::nullopt;
    value = value * base - digit;
  }
  if (!negative) {
    if (value == MIN) return std::nullopt;
    value = -value;
  }
  return value;
}

}  // namespace dsb::io::internal
