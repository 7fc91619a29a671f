// Number formatting for generated names and label values, in two flavours:
//   char_writer  appends into a fixed caller buffer, never allocates, never throws (used
//                inside oneTBB bodies); overflowing writes are dropped and flagged
//   to_*()       std::string results for the serial parts (labels, pool names)
// Digits are lowercase (names and label values are DNS-1123 / label syntax).
// Cost: a few ns per number.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dsb::gen::internal {

inline constexpr std::string_view DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz";

/// Writes text into [data, data + capacity); `length()` is what was written.
class char_writer {
 public:
  char_writer(char* data, std::size_t capacity) noexcept : data_(data), capacity_(capacity) {}

  char_writer& text(std::string_view chars) noexcept {
    for (char c : chars) put(c);
    return *this;
  }
  char_writer& put(char c) noexcept {
    if (length_ < capacity_) {
      data_[length_++] = c;
    } else {
      overflow_ = true;
    }
    return *this;
  }
  /// `value` in `base` (2..36) with at least `min_digits` digits (zero padded).
  char_writer& number(std::uint64_t value, std::uint32_t base = 10, std::uint32_t min_digits = 1) noexcept {
    char digits[64];
    std::uint32_t count = 0;
    do {
      digits[count++] = DIGITS36[value % base];
      value /= base;
    } while (value != 0);
    for (; count < min_digits && count < sizeof(digits); ++count) digits[count] = '0';
    while (count > 0) put(digits[--count]);
    return *this;
  }

  std::size_t length() const noexcept { return length_; }
  bool overflow() const noexcept { return overflow_; }

 private:
  char* data_;
  std::size_t capacity_;
  std::size_t length_ = 0;
  bool overflow_ = false;
};

/// `value` in `base` with at least `min_digits` digits.
inline std::string to_base(std::uint64_t value, std::uint32_t base, std::uint32_t min_digits = 1) {
  char buffer[64];
  char_writer writer(buffer, sizeof(buffer));
  writer.number(value, base, min_digits);
  return std::string(buffer, writer.length());
}
inline std::string to_decimal(std::uint64_t value, std::uint32_t min_digits = 1) { return to_base(value, 10, min_digits); }
/// The low `digits` hex digits of `value` (digits <= 16), zero padded.
inline std::string to_hex(std::uint64_t value, std::uint32_t digits) {
  if (digits < 16) value &= (std::uint64_t{1} << (4 * digits)) - 1;
  return to_base(value, 16, digits);
}

/// A GUID-shaped value (8-4-4-4-12 lowercase hex) from two 64-bit words.
inline std::string to_guid(std::uint64_t high, std::uint64_t low) {
  const std::string hex = to_hex(high, 16) + to_hex(low, 16);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

}  // namespace dsb::gen::internal
