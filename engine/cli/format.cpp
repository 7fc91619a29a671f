#include "engine/cli/format.hpp"

#include <cstdio>

namespace dsb::cli {

std::string with_commas(std::int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (std::size_t idx = 0; idx < digits.size(); ++idx) {
    if (idx > 0 && (digits.size() - idx) % 3 == 0) out += ',';
    out += digits[idx];
  }
  return value < 0 ? "-" + out : out;
}

std::string human_bytes(double bytes) {
  static const char* const UNITS[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  std::size_t unit = 0;
  while (bytes >= 1024.0 && unit + 1 < sizeof(UNITS) / sizeof(UNITS[0])) {
    bytes /= 1024.0;
    ++unit;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), unit == 0 ? "%.0f %s" : "%.1f %s", bytes, UNITS[unit]);
  return buffer;
}

std::string human_seconds(double seconds) {
  char buffer[32];
  if (seconds >= 1.0) std::snprintf(buffer, sizeof(buffer), "%.2f s", seconds);
  else if (seconds >= 1e-3) std::snprintf(buffer, sizeof(buffer), "%.1f ms", seconds * 1e3);
  else std::snprintf(buffer, sizeof(buffer), "%.1f us", seconds * 1e6);
  return buffer;
}

}  // namespace dsb::cli
