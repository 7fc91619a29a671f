// Human-readable numbers for text output.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace dsb::cli {

/// 1234567 -> "1,234,567"
std::string with_commas(std::int64_t value);
/// bytes -> "12.3 MiB"
std::string human_bytes(double bytes);
/// seconds -> "412 ms", "3.2 s", "18 µs"
std::string human_seconds(double seconds);

/// Wall seconds elapsed since `start` (stage timings in command output).
inline double since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace dsb::cli
