// Keyed bijections on small integer ranges: the source of node names that look random
// and are unique by construction (no collision checks, no retries).
//
//   permute_bits(x, bits, key)    a permutation of [0, 2^bits), bits in [8, 32]: three
//                                 rounds of (multiply by an odd constant, xor-shift right,
//                                 add a key word), each step invertible modulo 2^bits
//   permute_below(x, bound, key)  a permutation of [0, bound) by cycle walking over the
//                                 smallest 2^bits >= bound (expected < 2 steps)
// Used for EKS private IPs (node number -> address) and GKE 4-character suffixes.
// Cost: a few multiplications per call.
#pragma once

#include <cassert>
#include <cstdint>

#include "engine/gen/rng.hpp"

namespace dsb::gen::internal {

constexpr std::uint32_t permute_bits(std::uint32_t value, std::uint32_t bits, std::uint64_t key) noexcept {
  assert(bits >= 8 && bits <= 32);
  const std::uint64_t mask = bits == 32 ? 0xffffffffULL : (std::uint64_t{1} << bits) - 1;
  std::uint64_t x = value & mask;
  std::uint64_t round_key = key;
  for (int round = 0; round < 3; ++round) {
    const std::uint64_t word = splitmix64_next(round_key);
    x = (x * ((word >> 32) | 1U)) & mask;  // odd multiplier: invertible mod 2^bits
    x ^= x >> (bits / 2 + 1);              // xor-shift right: invertible
    x = (x + (word & mask)) & mask;        // add a key word: invertible
  }
  return static_cast<std::uint32_t>(x);
}

/// Smallest b >= 8 with 2^b >= bound.
constexpr std::uint32_t bits_for(std::uint64_t bound) noexcept {
  std::uint32_t bits = 8;
  while (bits < 32 && (std::uint64_t{1} << bits) < bound) ++bits;
  return bits;
}

/// A permutation of [0, bound); value must be < bound <= 2^32.
constexpr std::uint32_t permute_below(std::uint32_t value, std::uint64_t bound, std::uint64_t key) noexcept {
  assert(value < bound);
  const std::uint32_t bits = bits_for(bound);
  std::uint32_t x = value;
  do {
    x = permute_bits(x, bits, key);
  } while (x >= bound);
  return x;
}

}  // namespace dsb::gen::internal
