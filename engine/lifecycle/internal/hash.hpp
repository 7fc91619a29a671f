// A fast 64-bit hash of short byte strings (pod names, spec texts, image references), for
// the reader's lookup tables and image keys. Not stable across endianness; never written out.
// Cost: ~1 ns per 8 bytes plus one SplitMix64 finalisation.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "engine/gen/rng.hpp"

namespace dsb::lifecycle::internal {

inline std::uint64_t hash_bytes(std::string_view text) noexcept {
  std::uint64_t hash = 0x9e3779b97f4a7c15ULL ^ text.size();
  const char* data = text.data();
  std::size_t left = text.size();
  while (left >= 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, data, 8);
    hash = (hash ^ word) * 0xbf58476d1ce4e5b9ULL;
    hash ^= hash >> 29;
    data += 8;
    left -= 8;
  }
  if (left > 0) {
    std::uint64_t word = 0;
    std::memcpy(&word, data, left);
    hash = (hash ^ word) * 0x94d049bb133111ebULL;
  }
  return gen::mix64(hash);
}

}  // namespace dsb::lifecycle::internal
