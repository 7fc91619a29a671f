// Distributions for the generator, on integers only, so that every platform draws the
// same values from the same xoshiro256** outputs (engine/gen/rng.hpp).
//
//   uniform_below(rng, n)   Lemire's multiply-high map of one 64-bit draw to [0, n); the bias
//                           is below n / 2^64 (invisible at our n), and it is deterministic
//   chance_ppm(rng, p)      true with probability p / 1,000,000
//   pick_weighted(rng, w)   index k with probability w[k] / sum(w)
//   poisson(rng, table)     inverse CDF over a compile-time table (POISSON_2_4, POISSON_0_6)
//   lognormal_weight(rng)   exp(sigma * z) * 65536 with z ~ Irwin-Hall(12) - 6 (a normal
//                           approximation bounded at +-6), looked up in a compile-time table
//
// Floating point appears only in constant evaluation (the tables), where the compiler
// follows IEEE-754 exactly; run-time draws never touch libm.
// Cost: every draw is one to three rng outputs and a few integer operations.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>

#include "engine/gen/rng.hpp"

namespace dsb::gen::internal {

/// High 64 bits of the 128-bit product a * b (portable; no __int128).
constexpr std::uint64_t mulhi64(std::uint64_t lhs, std::uint64_t rhs) noexcept {
  const std::uint64_t lhs_lo = lhs & 0xffffffffULL;
  const std::uint64_t lhs_hi = lhs >> 32;
  const std::uint64_t rhs_lo = rhs & 0xffffffffULL;
  const std::uint64_t rhs_hi = rhs >> 32;
  const std::uint64_t lo_lo = lhs_lo * rhs_lo;
  const std::uint64_t hi_lo = lhs_hi * rhs_lo;
  const std::uint64_t lo_hi = lhs_lo * rhs_hi;
  const std::uint64_t hi_hi = lhs_hi * rhs_hi;
  const std::uint64_t cross = (lo_lo >> 32) + (hi_lo & 0xffffffffULL) + lo_hi;
  return hi_hi + (hi_lo >> 32) + (cross >> 32);
}

/// Uniform in [0, bound); bound 0 gives 0.
inline std::uint64_t uniform_below(xoshiro256ss& rng, std::uint64_t bound) noexcept {
  return mulhi64(rng.next(), bound);
}

/// Uniform in [low, high] (inclusive).
inline std::uint64_t uniform_between(xoshiro256ss& rng, std::uint64_t low, std::uint64_t high) noexcept {
  return low + uniform_below(rng, high - low + 1);
}

inline constexpr std::uint32_t PPM = 1'000'000;

/// True with probability ppm / 1,000,000.
inline bool chance_ppm(xoshiro256ss& rng, std::uint32_t ppm) noexcept {
  return uniform_below(rng, PPM) < ppm;
}

/// Index k with probability weights[k] / sum(weights); weights must not all be zero.
inline std::size_t pick_weighted(xoshiro256ss& rng, std::span<const std::uint32_t> weights) noexcept {
  std::uint64_t total = 0;
  for (std::uint32_t weight : weights) total += weight;
  std::uint64_t target = uniform_below(rng, total);
  for (std::size_t idx = 0; idx < weights.size(); ++idx) {
    if (target < weights[idx]) return idx;
    target -= weights[idx];
  }
  return weights.size() - 1;
}

// ---- compile-time tables ------------------------------------------------------------------

/// exp(x) in constant evaluation: halve x until |x| <= 1/2, 30 Taylor terms, square back.
/// Relative error ~1e-15 for |x| <= 16 (enough for tables quantised to 16-32 bits).
constexpr double constexpr_exp(double x) {
  int halvings = 0;
  while (x > 0.5 || x < -0.5) {
    x /= 2.0;
    ++halvings;
  }
  double term = 1.0;
  double sum = 1.0;
  for (int order = 1; order < 30; ++order) {
    term *= x / order;
    sum += term;
  }
  for (; halvings > 0; --halvings) sum *= sum;
  return sum;
}

inline constexpr std::size_t POISSON_TABLE_SIZE = 24;

/// P(X <= k) * 2^64 for X ~ Poisson(lambda), k = 0..23 (the last entry saturates).
struct poisson_table {
  std::array<std::uint64_t, POISSON_TABLE_SIZE> cdf{};
};

constexpr poisson_table make_poisson_table(double lambda) {
  poisson_table table;
  double probability = constexpr_exp(-lambda);
  double cumulative = 0.0;
  for (std::size_t k = 0; k < POISSON_TABLE_SIZE; ++k) {
    cumulative += probability;
    probability *= lambda / static_cast<double>(k + 1);
    const double scaled = cumulative * 18446744073709551616.0;  // 2^64
    table.cdf[k] = scaled >= 18446744073709549568.0 ? std::numeric_limits<std::uint64_t>::max()
                                                     : static_cast<std::uint64_t>(scaled);
  }
  table.cdf[POISSON_TABLE_SIZE - 1] = std::numeric_limits<std::uint64_t>::max();
  return table;
}

/// Custom labels per pool, 80% of Poisson(3) (realworld-clusters.md §8.3).
inline constexpr poisson_table POISSON_2_4 = make_poisson_table(2.4);
/// Custom labels per node, the other 20% of Poisson(3) (§8.3).
inline constexpr poisson_table POISSON_0_6 = make_poisson_table(0.6);

inline std::uint32_t poisson(xoshiro256ss& rng, const poisson_table& table) noexcept {
  const std::uint64_t draw = rng.next();
  std::uint32_t k = 0;
  while (k + 1 < POISSON_TABLE_SIZE && draw >= table.cdf[k]) ++k;
  return k;
}

/// Lognormal shape of pool sizes (§8.1 gives the median, N/P; sigma is EST: p90/median ~3.6).
inline constexpr double LOGNORMAL_SIGMA = 1.0;
/// z is quantised to 1/64 over [-6, 6]: 769 entries.
inline constexpr std::size_t LOGNORMAL_TABLE_SIZE = 769;

constexpr std::array<std::uint32_t, LOGNORMAL_TABLE_SIZE> make_lognormal_table() {
  std::array<std::uint32_t, LOGNORMAL_TABLE_SIZE> table{};
  for (std::size_t idx = 0; idx < LOGNORMAL_TABLE_SIZE; ++idx) {
    const double z = static_cast<double>(idx) / 64.0 - 6.0;
    table[idx] = static_cast<std::uint32_t>(constexpr_exp(LOGNORMAL_SIGMA * z) * 65536.0 + 0.5);
  }
  return table;
}
inline constexpr std::array<std::uint32_t, LOGNORMAL_TABLE_SIZE> LOGNORMAL_65536 = make_lognormal_table();

/// exp(sigma * z) * 65536, z ~ Irwin-Hall(12) - 6 built from twelve 16-bit uniforms (3 draws).
/// Median 65536; range [162, 26.4M] for sigma = 1.
inline std::uint32_t lognormal_weight(xoshiro256ss& rng) noexcept {
  std::uint64_t sum = 0;  // sum of twelve 16-bit uniforms: z = sum / 65536 - 6
  for (int draw_idx = 0; draw_idx < 3; ++draw_idx) {
    const std::uint64_t bits = rng.next();
    sum += (bits & 0xffffU) + ((bits >> 16) & 0xffffU) + ((bits >> 32) & 0xffffU) + (bits >> 48);
  }
  return LOGNORMAL_65536[(sum + 512) >> 10];  // (sum / 1024) = 64 z + 384, rounded
}

}  // namespace dsb::gen::internal
