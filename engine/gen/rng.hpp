// Counter-based random numbers for the cluster generator.
//
// Every random fact of a generated cluster is a pure function of (seed, stream, index):
//
//   derive_key(seed, stream, index) = mix64(mix64(mix64(seed) ^ stream * PHI) ^ (index * C1 + C2))
//   counter_rng(seed, stream, index) = xoshiro256** whose 4 state words are the next 4 outputs
//                                      of SplitMix64 started at that key
//
// so a node's facts depend on nothing but its own number: not on the thread that drew
// them, not on the order of draws, not on how many other nodes exist in its pool.
//
//   mix64       the SplitMix64 output function (Steele, Lea & Flood 2014; the constants of
//               Vigna's public-domain splitmix64.c), a bijection on 64-bit words
//   splitmix64  Weyl sequence (+0x9e3779b97f4a7c15) through mix64; used only to seed
//   xoshiro256** Blackman & Vigna 2018 (public-domain xoshiro256starstar.c): 256-bit state,
//               period 2^256 - 1, output rotl(s1 * 5, 7) * 9
//
// All of it is specified bit-exactly here, so draws are identical on every platform and
// compiler. Nothing in the generator uses std::random_device or the std::*_distribution
// templates (whose output is implementation-defined); distributions are written out in
// engine/gen/internal/draws.hpp on integers only.
// Cost: seeding a counter_rng is 4 SplitMix64 steps (~3 ns); a draw is ~1 ns.
#pragma once

#include <array>
#include <cstdint>

namespace dsb::gen {

/// SplitMix64's output function: a bijection on 64-bit words with good avalanche.
constexpr std::uint64_t mix64(std::uint64_t value) noexcept {
  value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
  value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
  return value ^ (value >> 31);
}

/// SplitMix64: a Weyl sequence through mix64. `state` advances by one step per call.
constexpr std::uint64_t splitmix64_next(std::uint64_t& state) noexcept {
  state += 0x9e3779b97f4a7c15ULL;
  return mix64(state);
}

constexpr std::uint64_t rotl64(std::uint64_t value, int shift) noexcept {
  return (value << shift) | (value >> (64 - shift));
}

/// xoshiro256**: the generator every draw of the generator runs on.
class xoshiro256ss {
 public:
  /// State = the next four SplitMix64 outputs from `key` (never all zero: SplitMix64
  /// outputs of four consecutive states cannot all be zero).
  constexpr explicit xoshiro256ss(std::uint64_t key) noexcept {
    for (std::uint64_t& word : state_) word = splitmix64_next(key);
  }

  constexpr std::uint64_t next() noexcept {
    const std::uint64_t result = rotl64(state_[1] * 5, 7) * 9;
    const std::uint64_t shifted = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
    state_[3] = rotl64(state_[3], 45);
    return result;
  }

 private:
  std::array<std::uint64_t, 4> state_{};
};

/// The independent random streams of the generator. A stream is one kind of decision; the
/// index names the object decided about (a pool, a node, a zone). Values are part of the
/// output contract: renumbering a stream changes every generated cluster.
enum class stream : std::uint32_t {
  cluster = 1,     ///< cluster-wide facts (name, region, flags); index 0
  pool_count = 2,  ///< the pool-count jitter of the size tier; index 0
  pool_size = 3,   ///< lognormal pool weights; index = pool number in plan order
  pool_zone = 4,   ///< zone skew of one pool; index = pool number
  pool = 5,        ///< everything else about one pool (types, names, labels, taints)
  node = 6,        ///< everything drawn per node; index = node number in plan order
  names = 7,       ///< keys of the name bijections; index = pool number (0 for cluster-wide)
};

/// 64-bit key of (seed, stream, index).
constexpr std::uint64_t derive_key(std::uint64_t seed, stream which, std::uint64_t index) noexcept {
  const std::uint64_t stream_key = mix64(mix64(seed) ^ (static_cast<std::uint64_t>(which) * 0x9e3779b97f4a7c15ULL));
  return mix64(stream_key ^ (index * 0xd1b54a32d192ed03ULL + 0x8cb92ba72f3d8dd7ULL));
}

/// The generator for one (seed, stream, index).
constexpr xoshiro256ss counter_rng(std::uint64_t seed, stream which, std::uint64_t index) noexcept {
  return xoshiro256ss(derive_key(seed, which, index));
}

}  // namespace dsb::gen
