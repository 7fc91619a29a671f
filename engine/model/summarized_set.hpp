// summarized_set: a node_set plus one summary bit per 64-bit word (set when the word is not
// zero) and a member count, kept on every assign. A sparse set is walked in O(members +
// words / 64) instead of O(words): the sets of nodes that need a controller decision are a
// few hundred nodes out of 100,000 on a settled cluster.
//
//   bits       node_set, bit n = node n
//   summary    bit w of summary[w / 64] = bits.words()[w] != 0
#pragma once

#include <bit>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/model/node_set.hpp"

namespace dsb {

class summarized_set {
 public:
  summarized_set() = default;
  explicit summarized_set(std::size_t size) { resize(size); }
  /// The members of `bits`.
  static summarized_set of(node_set bits);

  /// Grows or shrinks to `size` nodes (members past it are dropped).
  void resize(std::size_t size);
  void reserve(std::size_t size) {
    bits_.reserve(size);
    summary_.reserve((node_set::word_count_for(size) + 63) / 64);
  }
  std::size_t size() const noexcept { return bits_.size(); }
  std::size_t count() const noexcept { return count_; }
  bool test(node_id node) const noexcept { return bits_.test(node); }
  void assign(node_id node, bool value) noexcept {
    const std::size_t word_idx = to_index(node) / node_set::BITS_PER_WORD;
    const std::uint64_t bit = std::uint64_t{1} << (to_index(node) % node_set::BITS_PER_WORD);
    std::uint64_t& word = bits_.mutable_words()[word_idx];
    if (((word & bit) != 0) == value) return;
    word ^= bit;
    count_ = value ? count_ + 1 : count_ - 1;
    const std::uint64_t summary_bit = std::uint64_t{1} << (word_idx % 64);
    if (word != 0) summary_[word_idx / 64] |= summary_bit;
    else summary_[word_idx / 64] &= ~summary_bit;
  }
  std::uint64_t word(std::size_t word_idx) const noexcept { return bits_.words()[word_idx]; }
  std::span<const std::uint64_t> summary() const noexcept { return summary_; }
  const node_set& bits() const noexcept { return bits_; }

  /// f(node) for every member, in increasing order; stops early when f returns false.
  template <class F>
  void for_each_while(F&& f) const {
    for (std::size_t s = 0; s < summary_.size(); ++s) {
      for (std::uint64_t words = summary_[s]; words != 0; words &= words - 1) {
        const std::size_t word_idx = s * 64 + static_cast<std::size_t>(std::countr_zero(words));
        for (std::uint64_t word = bits_.words()[word_idx]; word != 0; word &= word - 1) {
          if (!f(make_id<node_id>(word_idx * 64 + static_cast<std::size_t>(std::countr_zero(word))))) return;
        }
      }
    }
  }

  friend bool operator==(const summarized_set&, const summarized_set&) = default;

 private:
  node_set bits_;
  std::vector<std::uint64_t> summary_;
  std::size_t count_ = 0;
};

/// f(word index) for every word that is not zero in at least one of `sets` (all of one
/// size), in increasing order.
template <class F>
void for_each_nonzero_word(std::initializer_list<const summarized_set*> sets, F&& f) {
  const std::size_t summary_words = (*sets.begin())->summary().size();
  for (std::size_t s = 0; s < summary_words; ++s) {
    std::uint64_t words = 0;
    for (const summarized_set* set : sets) words |= set->summary()[s];
    for (; words != 0; words &= words - 1) f(s * 64 + static_cast<std::size_t>(std::countr_zero(words)));
  }
}

}  // namespace dsb
