// Random draws of the pod start-up simulator.
//
// Every draw of pod p comes from counter-based generators keyed by (seed, stream, p), built
// from engine/gen/rng.hpp's SplitMix64 + xoshiro256** (a lifecycle salt keeps the keys apart
// from the cluster generator's). A pod's trace therefore depends on nothing but its own index:
// not on the thread that simulated it nor on other pods.
//
// Durations are lognormal (median, sigma), drawn from a 1024-entry quantile table built once
// per distribution (Acklam's inverse normal at build time; interpolation at draw time), so
// a draw costs ~2 ns and uses no libm. Results are whole milliseconds, in microseconds.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "engine/gen/rng.hpp"

namespace dsb::lifecycle::internal {

/// The independent streams of one pod. Values are part of the output contract.
enum class sim_stream : std::uint64_t {
  spec = 1,      ///< the pod's spec variations (probes, hooks, restart policy)
  schedule = 2,  ///< creation time, sandbox loss, deletion
  run = 3,       ///< everything the kubelet and the containers do
};

inline gen::xoshiro256ss pod_rng(std::uint64_t seed, sim_stream stream, std::uint64_t pod_index) noexcept {
  constexpr std::uint64_t LIFECYCLE_SALT = 0x6c69666563796c65ULL;  // "lifecycle"
  const std::uint64_t stream_key = gen::mix64(gen::mix64(seed ^ LIFECYCLE_SALT) ^ (static_cast<std::uint64_t>(stream) * 0x9e3779b97f4a7c15ULL));
  return gen::xoshiro256ss(gen::mix64(stream_key ^ (pod_index * 0xd1b54a32d192ed03ULL + 0x8cb92ba72f3d8dd7ULL)));
}

/// p in [0, 1] as a 64-bit threshold: chance(draw) = draw < threshold.
inline std::uint64_t probability_threshold(double probability) noexcept {
  if (probability <= 0) return 0;
  if (probability >= 1) return ~std::uint64_t{0};
  return static_cast<std::uint64_t>(std::ldexp(probability, 64));
}

__extension__ using uint128 = unsigned __int128;

/// Uniform whole milliseconds in [low_ms, high_ms), as microseconds.
inline std::int64_t uniform_ms_us(std::uint64_t bits, std::int64_t low_ms, std::int64_t high_ms) noexcept {
  if (high_ms <= low_ms) return low_ms * 1000;
  const auto span = static_cast<std::uint64_t>(high_ms - low_ms);
  const auto scaled = static_cast<std::uint64_t>((static_cast<uint128>(bits) * span) >> 64);
  return (low_ms + static_cast<std::int64_t>(scaled)) * 1000;
}

/// A lognormal distribution of durations, tabulated.
class lognormal_table {
 public:
  static constexpr int BITS = 10;
  static constexpr std::size_t SIZE = std::size_t{1} << BITS;

  lognormal_table() = default;
  /// median and cap in seconds; sigma of the underlying normal; floor 1 ms.
  lognormal_table(double median_s, double sigma, double cap_s) {
    for (std::size_t idx = 0; idx <= SIZE; ++idx) {
      const double p = (static_cast<double>(idx) + 0.5) / static_cast<double>(SIZE + 1);
      const double seconds = std::min(cap_s, median_s * std::exp(sigma * inverse_normal(p)));
      table_[idx] = std::max(1.0, seconds * 1000.0);
    }
  }

  /// One draw, whole milliseconds as microseconds.
  std::int64_t sample_us(std::uint64_t bits) const noexcept {
    const std::size_t idx = bits >> (64 - BITS);
    const double frac = static_cast<double>((bits >> (64 - BITS - 20)) & 0xFFFFF) / 1048576.0;
    const double ms = table_[idx] + (table_[idx + 1] - table_[idx]) * frac;
    return static_cast<std::int64_t>(ms) * 1000;
  }

 private:
  // Acklam's rational approximation of the standard normal quantile (|error| < 1.2e-9).
  static double inverse_normal(double p) {
    static constexpr double A[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                   1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr double B[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                   6.680131188771972e+01, -1.328068155288572e+01};
    static constexpr double C[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                   -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    static constexpr double D[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
    constexpr double LOW = 0.02425;
    if (p < LOW) {
      const double q = std::sqrt(-2 * std::log(p));
      return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }
    if (p > 1 - LOW) {
      const double q = std::sqrt(-2 * std::log(1 - p));
      return -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }
    const double q = p - 0.5;
    const double r = q * q;
    return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q /
           (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  }

  std::array<double, SIZE + 1> table_{};
};

}  // namespace dsb::lifecycle::internal
