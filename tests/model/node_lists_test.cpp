// node_lists against a vector of sorted vectors: random inserts, erases, in-place
// replacements, re-sorts and clears, crossing the two-slot / spill boundary both ways.
#include "engine/model/node_lists.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace dsb {
namespace {

TEST(NodeLists, EmptyAfterResetAndGrow) {
  node_lists lists;
  lists.reset(3);
  EXPECT_EQ(lists.node_count(), 3U);
  lists.insert(1, 7, std::less<>());
  lists.grow(5);
  lists.grow(2);  // never shrinks
  EXPECT_EQ(lists.node_count(), 5U);
  EXPECT_TRUE(lists.at(0).empty());
  EXPECT_TRUE(lists.empty(4));
  ASSERT_EQ(lists.at(1).size(), 1U);
  EXPECT_EQ(lists.at(1)[0], 7U);
}

TEST(NodeLists, SpillsPastTwoAndComesBack) {
  node_lists lists;
  lists.reset(1);
  for (std::uint32_t v : {5U, 1U, 3U, 4U}) lists.insert(0, v, std::less<>());
  EXPECT_EQ(std::vector<std::uint32_t>(lists.at(0).begin(), lists.at(0).end()), (std::vector<std::uint32_t>{1, 3, 4, 5}));
  lists.erase(0, 3);
  lists.erase(0, 5);
  EXPECT_EQ(std::vector<std::uint32_t>(lists.at(0).begin(), lists.at(0).end()), (std::vector<std::uint32_t>{1, 4}));
  lists.replace(0, 4, 9);
  EXPECT_EQ(std::vector<std::uint32_t>(lists.at(0).begin(), lists.at(0).end()), (std::vector<std::uint32_t>{1, 9}));
  lists.clear(0);
  EXPECT_TRUE(lists.empty(0));
}

TEST(NodeLists, RandomEditsMatchAVectorModel) {
  constexpr std::size_t NODES = 7;
  std::mt19937_64 rng(11);
  node_lists lists;
  lists.reset(NODES);
  std::vector<std::vector<std::uint32_t>> model(NODES);
  // The order is by key; keys change for re-sorts.
  std::vector<std::uint32_t> key(4096);
  for (auto& k : key) k = static_cast<std::uint32_t>(rng() % 64);
  const auto before = [&key](std::uint32_t lhs, std::uint32_t rhs) { return key[lhs] != key[rhs] ? key[lhs] < key[rhs] : lhs < rhs; };
  std::uint32_t next_value = 0;
  for (int step = 0; step < 20000; ++step) {
    const std::size_t node = rng() % NODES;
    auto& list = model[node];
    switch (rng() % 6) {
      case 0:
      case 1: {
        if (list.size() > 6) break;
        const std::uint32_t value = next_value++ % 4096;
        if (std::find(list.begin(), list.end(), value) != list.end()) break;
        lists.insert(node, value, before);
        list.insert(std::upper_bound(list.begin(), list.end(), value, before), value);
        break;
      }
      case 2:
        if (list.empty()) break;
        {
          const std::uint32_t value = list[rng() % list.size()];
          lists.erase(node, value);
          list.erase(std::find(list.begin(), list.end(), value));
        }
        break;
      case 3:
        if (list.empty()) break;
        {
          // A value takes another's number and key: the order stays valid.
          const std::size_t pos = rng() % list.size();
          const std::uint32_t to = 4095 - (next_value++ % 64);
          if (std::find(list.begin(), list.end(), to) != list.end()) break;
          key[to] = key[list[pos]];
          const bool order_kept = (pos == 0 || before(list[pos - 1], to)) && (pos + 1 == list.size() || before(to, list[pos + 1]));
          if (!order_kept) break;
          lists.replace(node, list[pos], to);
          list[pos] = to;
        }
        break;
      case 4:
        for (std::uint32_t value : list) key[value] = static_cast<std::uint32_t>(rng() % 64);
        lists.resort(node, before);
        std::stable_sort(list.begin(), list.end(), before);
        break;
      case 5:
        if (rng() % 8 != 0) break;
        lists.clear(node);
        list.clear();
        break;
    }
    for (std::size_t n = 0; n < NODES; ++n) {
      const auto got = lists.at(n);
      ASSERT_EQ(std::vector<std::uint32_t>(got.begin(), got.end()), model[n]) << "step " << step << " node " << n;
      ASSERT_EQ(lists.empty(n), model[n].empty());
    }
  }
}

TEST(NodeLists, EqualityIgnoresSpillPlacement) {
  node_lists a, b;
  a.reset(2);
  b.reset(2);
  for (std::uint32_t v : {1U, 2U, 3U}) a.insert(0, v, std::less<>());
  for (std::uint32_t v : {4U, 5U, 6U}) a.insert(1, v, std::less<>());
  for (std::uint32_t v : {4U, 5U, 6U}) b.insert(1, v, std::less<>());
  for (std::uint32_t v : {1U, 2U, 3U}) b.insert(0, v, std::less<>());
  EXPECT_TRUE(a == b);
  b.erase(0, 2);
  EXPECT_FALSE(a == b);
}

}  // namespace
}  // namespace dsb
