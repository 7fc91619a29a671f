// Kubernetes resource quantities ("100m", "1Gi", "1e3", "500Mi").
//
// Mirrors k8s.io/apimachinery/pkg/api/resource: `parseQuantityString` (the scanner),
// `quantitySuffixer.interpret` (suffixes) and `ParseQuantity` (rounding and capping):
//   - sign, digits with an optional fraction ("1.", ".5", "1.G" are fine; "." is 0);
//   - one suffix: Ki..Ei (binary), n u m "" k M G T P E (decimal), or e/E + signed integer;
//   - exact decimal arithmetic; anything finer than 1n is rounded up, away from zero;
//   - binary-suffixed magnitudes above 2^63-1 are capped at 2^63-1.
// `value()` and `milli_value()` mirror `Value()` and `MilliValue()`: they round away from
// zero to whole units / thousandths and saturate at the int64 range.
//
// Representation: a signed 128-bit count of nano units. Two documented limits where upstream
// would carry arbitrary-precision decimals: decimal magnitudes at or above 1e29 units, and
// fractional binary-suffixed inputs with more than 19 significant digits, are errors.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/model/error.hpp"

namespace dsb {

__extension__ using int128 = __int128;

struct quantity {
  int128 nano = 0;      ///< exact value × 1e9 (already rounded up to whole nano units)
  bool binary = false;  ///< written with a binary suffix (Ki..Ei); affects formatting only

  /// Value(): ceiling in base units (away from zero), saturated to int64.
  std::int64_t value() const noexcept;
  /// MilliValue(): ceiling of value × 1000 (away from zero), saturated to int64.
  std::int64_t milli_value() const noexcept;
  bool is_zero() const noexcept { return nano == 0; }
  bool negative() const noexcept { return nano < 0; }

  static quantity from_value(std::int64_t value) noexcept { return quantity{int128{value} * 1'000'000'000, false}; }
  static quantity from_milli(std::int64_t milli) noexcept { return quantity{int128{milli} * 1'000'000, false}; }

  friend bool operator==(const quantity& lhs, const quantity& rhs) noexcept { return lhs.nano == rhs.nano; }
  friend auto operator<=>(const quantity& lhs, const quantity& rhs) noexcept { return lhs.nano <=> rhs.nano; }
};

/// Parses a quantity string. The error carries only `message`; callers add file and field.
result<quantity> parse_quantity(std::string_view text);

/// A canonical-looking string for a quantity: whole Ki/Mi/Gi multiples with binary suffixes
/// when `binary`, else the shortest of "<n>", "<n>m", "<n>u", "<n>n". Round-trips exactly.
std::string format_quantity(const quantity& q);

/// Ceiling division helpers used by value()/milli_value(), exposed for tests.
std::int64_t saturate_to_int64(int128 value) noexcept;

}  // namespace dsb
