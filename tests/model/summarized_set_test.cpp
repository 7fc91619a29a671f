// summarized_set against a plain node_set: members, count, summary bits, ordered walks
// with early stop, resizing, and the union-of-summaries word walk.
#include "engine/model/summarized_set.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace dsb {
namespace {

std::vector<std::uint32_t> members(const summarized_set& set) {
  std::vector<std::uint32_t> out;
  set.for_each_while([&](node_id node) {
    out.push_back(to_index(node));
    return true;
  });
  return out;
}

std::vector<std::uint32_t> members(const node_set& set) {
  std::vector<std::uint32_t> out;
  set.for_each([&](node_id node) { out.push_back(to_index(node)); });
  return out;
}

TEST(SummarizedSet, RandomAssignsMatchANodeSet) {
  constexpr std::size_t NODES = 64 * 64 * 2 + 77;  // more than one summary word, ragged tail
  std::mt19937_64 rng(5);
  summarized_set set(NODES);
  node_set model(NODES);
  for (int step = 0; step < 40000; ++step) {
    // Clustered edits so that words empty out again.
    const auto node = make_id<node_id>(static_cast<std::uint32_t>((rng() % 2 == 0 ? rng() % 300 : rng() % NODES)));
    const bool value = rng() % 3 != 0;
    set.assign(node, value);
    model.assign(node, value);
    if (step % 997 != 0) continue;
    ASSERT_EQ(members(set), members(model)) << "step " << step;
    ASSERT_EQ(set.count(), model.count());
    for (std::size_t w = 0; w < model.word_count(); ++w) {
      ASSERT_EQ(set.word(w), model.words()[w]);
      ASSERT_EQ(((set.summary()[w / 64] >> (w % 64)) & 1U) != 0, model.words()[w] != 0) << "word " << w;
    }
    ASSERT_TRUE(set == summarized_set::of(model)) << "step " << step;
  }
}

TEST(SummarizedSet, WalkStopsWhenAsked) {
  summarized_set set(10000);
  for (std::uint32_t n : {3U, 64U, 4095U, 4096U, 9999U}) set.assign(make_id<node_id>(n), true);
  std::vector<std::uint32_t> seen;
  set.for_each_while([&](node_id node) {
    seen.push_back(to_index(node));
    return seen.size() < 3;
  });
  EXPECT_EQ(seen, (std::vector<std::uint32_t>{3, 64, 4095}));
}

TEST(SummarizedSet, ResizeKeepsOrDropsMembers) {
  summarized_set set(200);
  set.assign(make_id<node_id>(10), true);
  set.assign(make_id<node_id>(150), true);
  set.resize(5000);
  set.assign(make_id<node_id>(4999), true);
  EXPECT_EQ(members(set), (std::vector<std::uint32_t>{10, 150, 4999}));
  set.resize(100);
  EXPECT_EQ(members(set), (std::vector<std::uint32_t>{10}));
  EXPECT_EQ(set.count(), 1U);
}

TEST(SummarizedSet, NonzeroWordsOfAUnion) {
  summarized_set a(64 * 200), b(64 * 200);
  a.assign(make_id<node_id>(5), true);
  b.assign(make_id<node_id>(64 * 70 + 1), true);
  a.assign(make_id<node_id>(64 * 70 + 9), true);
  b.assign(make_id<node_id>(64 * 199), true);
  std::vector<std::size_t> words;
  for_each_nonzero_word({&a, &b}, [&](std::size_t w) { words.push_back(w); });
  EXPECT_EQ(words, (std::vector<std::size_t>{0, 70, 199}));
}

}  // namespace
}  // namespace dsb
