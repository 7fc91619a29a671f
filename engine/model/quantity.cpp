#include "engine/model/quantity.hpp"

#include <array>
#include <limits>
#include <optional>

namespace dsb {
namespace {

constexpr int128 NANO_PER_UNIT = 1'000'000'000;
constexpr int MAX_INT128_DIGITS = 38;  // 10^38 < 2^127

constexpr int128 pow10(int exponent) noexcept {
  int128 result = 1;
  for (int step = 0; step < exponent; ++step) result *= 10;
  return result;
}

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

struct scanned {
  bool positive = true;
  std::string_view num;    // integer digits without leading zeros (may be empty = 0)
  std::string_view denom;  // fraction digits
  std::string_view suffix;
};

// Mirrors parseQuantityString: returns nullopt where upstream returns ErrFormatWrong.
std::optional<scanned> scan(std::string_view str) {
  scanned out;
  std::size_t pos = 0;
  const std::size_t end = str.size();
  if (pos < end && (str[0] == '-' || str[0] == '+')) {
    out.positive = str[0] != '-';
    ++pos;
  }
  while (pos < end && str[pos] == '0') ++pos;
  if (pos >= end) return out;  // only a sign and/or zeros: the value is 0
  std::size_t num_start = pos;
  while (pos < end && is_digit(str[pos])) ++pos;
  out.num = str.substr(num_start, pos - num_start);
  if (pos >= end) return out;
  if (str[pos] == '.') {
    ++pos;
    std::size_t denom_start = pos;
    while (pos < end && is_digit(str[pos])) ++pos;
    out.denom = str.substr(denom_start, pos - denom_start);
    if (pos >= end) return out;
  }
  const std::size_t suffix_start = pos;
  constexpr std::string_view SUFFIX_CHARS = "eEinumkKMGTP";
  while (pos < end && SUFFIX_CHARS.find(str[pos]) != std::string_view::npos) ++pos;
  if (pos < end && (str[pos] == '-' || str[pos] == '+')) ++pos;
  while (pos < end && is_digit(str[pos])) ++pos;
  if (pos < end) return std::nullopt;  // a character that belongs to no part of a quantity
  out.suffix = str.substr(suffix_start);
  return out;
}

struct suffix_meaning {
  int base = 10;  // 10 or 2
  int exponent = 0;
};

// Mirrors quantitySuffixer.interpret.
std::optional<suffix_meaning> interpret(std::string_view suffix) {
  struct entry { std::string_view text; int base; int exponent; };
  static constexpr std::array<entry, 16> TABLE{{
      {"", 10, 0}, {"n", 10, -9}, {"u", 10, -6}, {"m", 10, -3}, {"k", 10, 3}, {"M", 10, 6},
      {"G", 10, 9}, {"T", 10, 12}, {"P", 10, 15}, {"E", 10, 18},
      {"Ki", 2, 10}, {"Mi", 2, 20}, {"Gi", 2, 30}, {"Ti", 2, 40}, {"Pi", 2, 50}, {"Ei", 2, 60},
  }};
  for (const entry& known : TABLE) {
    if (known.text == suffix) return suffix_meaning{known.base, known.exponent};
  }
  if (suffix.size() > 1 && (suffix[0] == 'e' || suffix[0] == 'E')) {
    // strconv.ParseInt(s[1:], 10, 64): optional sign, then at least one digit.
    std::string_view digits = suffix.substr(1);
    bool negative = false;
    if (digits[0] == '+' || digits[0] == '-') {
      negative = digits[0] == '-';
      digits.remove_prefix(1);
    }
    if (digits.empty()) return std::nullopt;
    std::int64_t magnitude = 0;
    for (char c : digits) {
      if (!is_digit(c)) return std::nullopt;
      // Exponents beyond ±10^6 are far outside what we can represent; clamp the scan
      // and let the range checks below reject or round them.
      if (magnitude < 1'000'000) magnitude = magnitude * 10 + (c - '0');
    }
    return suffix_meaning{10, static_cast<int>(negative ? -magnitude : magnitude)};
  }
  return std::nullopt;
}

// ceil(|digits| / 10^drop) for a digit string, as int128; nullopt if it does not fit.
std::optional<int128> digits_ceil_div_pow10(std::string_view digits, int drop) {
  if (drop < 0) return std::nullopt;
  bool remainder = false;
  if (static_cast<std::size_t>(drop) >= digits.size()) {
    for (char c : digits) remainder = remainder || c != '0';
    return remainder ? int128{1} : int128{0};
  }
  std::string_view kept = digits.substr(0, digits.size() - static_cast<std::size_t>(drop));
  for (char c : digits.substr(kept.size())) remainder = remainder || c != '0';
  while (!kept.empty() && kept.front() == '0') kept.remove_prefix(1);
  if (kept.size() > MAX_INT128_DIGITS) return std::nullopt;
  int128 value = 0;
  for (char c : kept) value = value * 10 + (c - '0');
  return remainder ? value + 1 : value;
}

bool mul_overflows(int128 lhs, int128 rhs, int128* out) noexcept { return __builtin_mul_overflow(lhs, rhs, out); }

constexpr int128 INT64_MAX_NANO = int128{std::numeric_limits<std::int64_t>::max()} * NANO_PER_UNIT;
constexpr int128 DECIMAL_LIMIT_NANO = pow10(38);  // |value| < 1e29 units

}  // namespace

std::int64_t saturate_to_int64(int128 value) noexcept {
  if (value > std::numeric_limits<std::int64_t>::max()) return std::numeric_limits<std::int64_t>::max();
  if (value < std::numeric_limits<std::int64_t>::min()) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(value);
}

namespace {
// Division rounding away from zero (inf.RoundUp), as Quantity.AsScale does.
int128 div_away_from_zero(int128 value, int128 divisor) noexcept {
  int128 quotient = value / divisor;
  if (value % divisor != 0) quotient += value > 0 ? 1 : -1;
  return quotient;
}
}  // namespace

std::int64_t quantity::value() const noexcept { return saturate_to_int64(div_away_from_zero(nano, NANO_PER_UNIT)); }
std::int64_t quantity::milli_value() const noexcept { return saturate_to_int64(div_away_from_zero(nano, 1'000'000)); }

result<quantity> parse_quantity(std::string_view text) {
  auto fail = [text](std::string reason) {
    return error{error_code::invalid_value, {}, {}, {}, {}, "invalid quantity \"" + std::string(text) + "\": " + reason};
  };
  if (text.empty()) return fail("empty string");
  if (text == "0") return quantity{};
  const std::optional<scanned> parts = scan(text);
  if (!parts) return fail("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  const std::optional<suffix_meaning> meaning = interpret(parts->suffix);
  if (!meaning) return fail("unable to parse quantity's suffix \"" + std::string(parts->suffix) + "\"");

  // value = digits × 10^(-len(denom)) × base^exponent; digits = num ++ denom.
  std::string digits;
  digits.reserve(parts->num.size() + parts->denom.size());
  digits.append(parts->num).append(parts->denom);
  while (!digits.empty() && digits.front() == '0') digits.erase(digits.begin());
  int decimal_scale = -static_cast<int>(parts->denom.size());
  while (!digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++decimal_scale;
  }
  quantity out;
  out.binary = meaning->base == 2;
  if (digits.empty()) return out;  // zero, whatever the suffix

  int128 magnitude = 0;  // in nano units
  if (meaning->base == 10) {
    const long long shift = 9LL + decimal_scale + meaning->exponent;  // nano = digits × 10^shift
    if (shift >= 0) {
      if (static_cast<long long>(digits.size()) + shift > MAX_INT128_DIGITS) return fail("magnitude beyond the supported range (1e29)");
      for (char c : digits) magnitude = magnitude * 10 + (c - '0');
      magnitude *= pow10(static_cast<int>(shift));
    } else {
      const long long drop = -shift;
      const auto rounded = digits_ceil_div_pow10(digits, drop > 100000 ? 100000 : static_cast<int>(drop));
      if (!rounded) return fail("magnitude beyond the supported range (1e29)");
      magnitude = *rounded;
    }
    if (magnitude >= DECIMAL_LIMIT_NANO) return fail("magnitude beyond the supported range (1e29)");
  } else {
    // digits × 2^exponent × 10^(9 + decimal_scale); cap at 2^63-1 units (BinarySI maxAllowed).
    const int shift = 9 + decimal_scale;
    bool capped = false;
    if (shift >= 0) {
      if (static_cast<int>(digits.size()) + shift > MAX_INT128_DIGITS) {
        capped = true;
      } else {
        for (char c : digits) magnitude = magnitude * 10 + (c - '0');
        capped = mul_overflows(magnitude, pow10(shift), &magnitude) ||
                 mul_overflows(magnitude, int128{1} << meaning->exponent, &magnitude);
      }
    } else {
      // Multiply by 2^exponent first (exact), then divide by 10^-shift rounding up.
      if (digits.size() > MAX_INT128_DIGITS - 19) {
        return fail("more than 19 significant digits with a binary suffix are not supported");
      } else {
        int128 scaled = 0;
        for (char c : digits) scaled = scaled * 10 + (c - '0');
        scaled <<= meaning->exponent;
        const int drop = -shift;
        if (drop > MAX_INT128_DIGITS) {
          magnitude = 1;
        } else {
          const int128 divisor = pow10(drop);
          magnitude = scaled / divisor + (scaled % divisor != 0 ? 1 : 0);
        }
      }
    }
    if (capped || magnitude > INT64_MAX_NANO) magnitude = INT64_MAX_NANO;
  }
  out.nano = parts->positive ? magnitude : -magnitude;
  return out;
}

std::string format_quantity(const quantity& q) {
  auto to_text = [](int128 value) {
    if (value == 0) return std::string("0");
    const bool negative = value < 0;
    std::string digits;
    while (value != 0) {
      const int digit = static_cast<int>(value % 10);
      digits.insert(digits.begin(), static_cast<char>('0' + (digit < 0 ? -digit : digit)));
      value /= 10;
    }
    return negative ? "-" + digits : digits;
  };
  if (q.nano == 0) return "0";
  if (q.nano % NANO_PER_UNIT == 0) {
    const int128 units = q.nano / NANO_PER_UNIT;
    if (q.binary) {
      static constexpr std::array<std::string_view, 6> BINARY{"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
      for (std::size_t step = 0; step < BINARY.size(); ++step) {
        const int128 unit = int128{1} << (10 * (BINARY.size() - step));
        if (units % unit == 0) return to_text(units / unit) + std::string(BINARY[step]);
      }
    }
    return to_text(units);
  }
  if (q.nano % 1'000'000 == 0) return to_text(q.nano / 1'000'000) + "m";
  if (q.nano % 1'000 == 0) return to_text(q.nano / 1'000) + "u";
  return to_text(q.nano) + "n";
}

}  // namespace dsb
