#include "engine/model/summarized_set.hpp"

namespace dsb {

namespace {
std::size_t summary_words_for(std::size_t size) { return (node_set::word_count_for(size) + 63) / 64; }
}  // namespace

summarized_set summarized_set::of(node_set bits) {
  summarized_set out;
  out.bits_ = std::move(bits);
  out.summary_.assign(summary_words_for(out.bits_.size()), 0);
  const auto words = out.bits_.words();
  for (std::size_t word_idx = 0; word_idx < words.size(); ++word_idx) {
    if (words[word_idx] == 0) continue;
    out.summary_[word_idx / 64] |= std::uint64_t{1} << (word_idx % 64);
    out.count_ += static_cast<std::size_t>(std::popcount(words[word_idx]));
  }
  return out;
}

void summarized_set::resize(std::size_t size) {
  if (size < bits_.size()) {
    node_set bits = std::move(bits_);
    bits.resize(size);  // drops the members past `size`
    *this = of(std::move(bits));
    return;
  }
  bits_.resize(size);
  summary_.resize(summary_words_for(size), 0);
}

}  // namespace dsb
