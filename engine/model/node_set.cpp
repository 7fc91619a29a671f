#include "engine/model/node_set.hpp"

#include <algorithm>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

namespace dsb {

node_set node_set::all(std::size_t size) {
  node_set set(size);
  std::fill(set.words_.begin(), set.words_.end(), ~std::uint64_t{0});
  if (!set.words_.empty()) set.words_.back() &= set.tail_mask();
  return set;
}

node_set node_set::uninitialized(std::size_t size) {
  node_set set;
  set.words_.resize(word_count_for(size));
  set.size_ = size;
  return set;
}

node_set node_set::from_ids(std::size_t size, std::span<const node_id> ids) {
  node_set set(size);
  for (node_id node : ids) set.set(node);
  return set;
}

void node_set::clear() noexcept { std::fill(words_.begin(), words_.end(), 0); }

void node_set::resize(std::size_t size) {
  if (size < size_ && !words_.empty()) {
    words_.resize(word_count_for(size));
    size_ = size;
    if (!words_.empty()) words_.back() &= tail_mask();
    return;
  }
  words_.resize(word_count_for(size), 0);
  size_ = size;
}

std::size_t node_set::count() const noexcept {
  std::size_t total = 0;
  for (std::uint64_t word : words_) total += static_cast<std::size_t>(std::popcount(word));
  return total;
}

bool node_set::any() const noexcept {
  return std::any_of(words_.begin(), words_.end(), [](std::uint64_t word) { return word != 0; });
}

std::optional<node_id> node_set::first() const noexcept {
  for (std::size_t word_idx = 0; word_idx < words_.size(); ++word_idx) {
    if (words_[word_idx] != 0) {
      return make_id<node_id>(word_idx * BITS_PER_WORD + static_cast<std::size_t>(std::countr_zero(words_[word_idx])));
    }
  }
  return std::nullopt;
}

std::optional<node_id> node_set::next(node_id from) const noexcept {
  std::size_t index = to_index(from);
  if (index >= size_) return std::nullopt;
  std::size_t word_idx = index / BITS_PER_WORD;
  std::uint64_t word = words_[word_idx] & (~std::uint64_t{0} << (index % BITS_PER_WORD));
  while (true) {
    if (word != 0) {
      return make_id<node_id>(word_idx * BITS_PER_WORD + static_cast<std::size_t>(std::countr_zero(word)));
    }
    if (++word_idx == words_.size()) return std::nullopt;
    word = words_[word_idx];
  }
}

std::vector<node_id> node_set::to_ids() const {
  std::vector<node_id> ids;
  ids.reserve(count());
  for_each([&ids](node_id node) { ids.push_back(node); });
  return ids;
}

node_set& node_set::operator&=(const node_set& other) noexcept {
  assert(size_ == other.size_);
  for (std::size_t word_idx = 0; word_idx < words_.size(); ++word_idx) words_[word_idx] &= other.words_[word_idx];
  return *this;
}

node_set& node_set::operator|=(const node_set& other) noexcept {
  assert(size_ == other.size_);
  for (std::size_t word_idx = 0; word_idx < words_.size(); ++word_idx) words_[word_idx] |= other.words_[word_idx];
  return *this;
}

node_set& node_set::operator^=(const node_set& other) noexcept {
  assert(size_ == other.size_);
  for (std::size_t word_idx = 0; word_idx < words_.size(); ++word_idx) words_[word_idx] ^= other.words_[word_idx];
  return *this;
}

node_set& node_set::and_not(const node_set& other) noexcept {
  assert(size_ == other.size_);
  for (std::size_t word_idx = 0; word_idx < words_.size(); ++word_idx) words_[word_idx] &= ~other.words_[word_idx];
  return *this;
}

node_set& node_set::flip() noexcept {
  for (std::uint64_t& word : words_) word = ~word;
  if (!words_.empty()) words_.back() &= tail_mask();
  return *this;
}

std::size_t node_set::count_and(const node_set& other) const noexcept {
  assert(size_ == other.size_);
  std::size_t total = 0;
  for (std::size_t word_idx = 0; word_idx < words_.size(); ++word_idx) {
    total += static_cast<std::size_t>(std::popcount(words_[word_idx] & other.words_[word_idx]));
  }
  return total;
}

bool node_set::disjoint(const node_set& other) const noexcept {
  assert(size_ == other.size_);
  for (std::size_t word_idx = 0; word_idx < words_.size(); ++word_idx) {
    if ((words_[word_idx] & other.words_[word_idx]) != 0) return false;
  }
  return true;
}

bool node_set::subset_of(const node_set& other) const noexcept {
  assert(size_ == other.size_);
  for (std::size_t word_idx = 0; word_idx < words_.size(); ++word_idx) {
    if ((words_[word_idx] & ~other.words_[word_idx]) != 0) return false;
  }
  return true;
}

namespace parallel {
namespace {
// 4096 words = 32 KiB per task: large enough to amortise scheduling, small enough to
// balance 1M-node sets (245 ranges) over a few cores.
constexpr std::size_t GRAIN_WORDS = 4096;

template <class Op>
void for_word_ranges(std::size_t word_count, Op op) {
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, word_count, GRAIN_WORDS),
                    [&op](const tbb::blocked_range<std::size_t>& range) { op(range.begin(), range.end()); });
}
}  // namespace

std::size_t count(const node_set& set) {
  const auto words = set.words();
  return tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, words.size(), GRAIN_WORDS), std::size_t{0},
      [words](const tbb::blocked_range<std::size_t>& range, std::size_t total) {
        for (std::size_t word_idx = range.begin(); word_idx < range.end(); ++word_idx) {
          total += static_cast<std::size_t>(std::popcount(words[word_idx]));
        }
        return total;
      },
      [](std::size_t lhs, std::size_t rhs) { return lhs + rhs; });
}

void and_into(node_set& dst, const node_set& src) {
  assert(dst.size() == src.size());
  auto out = dst.mutable_words();
  const auto in = src.words();
  for_word_ranges(out.size(), [out, in](std::size_t begin, std::size_t end) {
    for (std::size_t word_idx = begin; word_idx < end; ++word_idx) out[word_idx] &= in[word_idx];
  });
}

void or_into(node_set& dst, const node_set& src) {
  assert(dst.size() == src.size());
  auto out = dst.mutable_words();
  const auto in = src.words();
  for_word_ranges(out.size(), [out, in](std::size_t begin, std::size_t end) {
    for (std::size_t word_idx = begin; word_idx < end; ++word_idx) out[word_idx] |= in[word_idx];
  });
}

void and_not_into(node_set& dst, const node_set& src) {
  assert(dst.size() == src.size());
  auto out = dst.mutable_words();
  const auto in = src.words();
  for_word_ranges(out.size(), [out, in](std::size_t begin, std::size_t end) {
    for (std::size_t word_idx = begin; word_idx < end; ++word_idx) out[word_idx] &= ~in[word_idx];
  });
}

void flip(node_set& set) {
  auto out = set.mutable_words();
  for_word_ranges(out.size(), [out](std::size_t begin, std::size_t end) {
    for (std::size_t word_idx = begin; word_idx < end; ++word_idx) out[word_idx] = ~out[word_idx];
  });
  if (!out.empty()) out.back() &= set.tail_mask();
}

std::vector<node_id> to_ids(const node_set& set) {
  // Two passes: per-range counts (prefix sum) to place each range's ids, then fill.
  const auto words = set.words();
  const std::size_t range_count = (words.size() + GRAIN_WORDS - 1) / GRAIN_WORDS;
  std::vector<std::size_t> offsets(range_count + 1, 0);
  tbb::parallel_for(std::size_t{0}, range_count, [&](std::size_t range_idx) {
    const std::size_t begin = range_idx * GRAIN_WORDS;
    const std::size_t end = std::min(words.size(), begin + GRAIN_WORDS);
    std::size_t total = 0;
    for (std::size_t word_idx = begin; word_idx < end; ++word_idx) total += static_cast<std::size_t>(std::popcount(words[word_idx]));
    offsets[range_idx + 1] = total;
  });
  for (std::size_t range_idx = 0; range_idx < range_count; ++range_idx) offsets[range_idx + 1] += offsets[range_idx];
  std::vector<node_id> ids(offsets.back());
  tbb::parallel_for(std::size_t{0}, range_count, [&](std::size_t range_idx) {
    const std::size_t begin = range_idx * GRAIN_WORDS;
    const std::size_t end = std::min(words.size(), begin + GRAIN_WORDS);
    std::size_t out = offsets[range_idx];
    for (std::size_t word_idx = begin; word_idx < end; ++word_idx) {
      std::uint64_t word = words[word_idx];
      while (word != 0) {
        ids[out++] = make_id<node_id>(word_idx * node_set::BITS_PER_WORD + static_cast<std::size_t>(std::countr_zero(word)));
        word &= word - 1;
      }
    }
  });
  return ids;
}

}  // namespace parallel
}  // namespace dsb
