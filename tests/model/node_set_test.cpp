#include "engine/model/node_set.hpp"

#include <random>
#include <vector>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

namespace dsb {
namespace {

// A node_set and a plain vector<bool> built from the same random bits.
struct checked_set {
  node_set fast;
  std::vector<bool> slow;
};

checked_set random_set(std::size_t size, double density, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::bernoulli_distribution bit(density);
  checked_set out{node_set(size), std::vector<bool>(size)};
  for (std::size_t idx = 0; idx < size; ++idx) {
    if (bit(rng)) {
      out.fast.set(make_id<node_id>(idx));
      out.slow[idx] = true;
    }
  }
  return out;
}

std::vector<bool> bits_of(const node_set& set) {
  std::vector<bool> out(set.size());
  set.for_each([&out](node_id node) { out[to_index(node)] = true; });
  return out;
}

std::size_t count_of(const std::vector<bool>& bits) {
  std::size_t total = 0;
  for (bool bit : bits) total += bit ? 1 : 0;
  return total;
}

class NodeSetSizes : public ::testing::TestWithParam<std::size_t> {};

TEST_P(NodeSetSizes, BinaryOperationsMatchPerBitReference) {
  const std::size_t size = GetParam();
  for (std::uint32_t seed = 1; seed <= 5; ++seed) {
    const checked_set lhs = random_set(size, 0.3, seed);
    const checked_set rhs = random_set(size, 0.6, seed + 100);
    std::vector<bool> expect_and(size), expect_or(size), expect_andnot(size), expect_xor(size), expect_flip(size);
    for (std::size_t idx = 0; idx < size; ++idx) {
      expect_and[idx] = lhs.slow[idx] && rhs.slow[idx];
      expect_or[idx] = lhs.slow[idx] || rhs.slow[idx];
      expect_andnot[idx] = lhs.slow[idx] && !rhs.slow[idx];
      expect_xor[idx] = lhs.slow[idx] != rhs.slow[idx];
      expect_flip[idx] = !lhs.slow[idx];
    }
    EXPECT_EQ(bits_of(lhs.fast & rhs.fast), expect_and);
    EXPECT_EQ(bits_of(lhs.fast | rhs.fast), expect_or);
    EXPECT_EQ(bits_of(and_not(lhs.fast, rhs.fast)), expect_andnot);
    node_set xored = lhs.fast;
    xored ^= rhs.fast;
    EXPECT_EQ(bits_of(xored), expect_xor);
    node_set flipped = lhs.fast;
    flipped.flip();
    EXPECT_EQ(bits_of(flipped), expect_flip);
    EXPECT_EQ(flipped.count(), count_of(expect_flip)) << "tail bits leaked into count";
    EXPECT_EQ(lhs.fast.count(), count_of(lhs.slow));
    EXPECT_EQ(lhs.fast.count_and(rhs.fast), count_of(expect_and));
    EXPECT_EQ(lhs.fast.disjoint(rhs.fast), count_of(expect_and) == 0);
    EXPECT_TRUE((lhs.fast & rhs.fast).subset_of(rhs.fast));
  }
}

TEST_P(NodeSetSizes, ParallelFormsEqualSerialForAnyThreadCount) {
  const std::size_t size = GetParam();
  const checked_set lhs = random_set(size, 0.5, 7);
  const checked_set rhs = random_set(size, 0.2, 8);
  for (int threads : {1, 2, 4}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    node_set anded = lhs.fast;
    parallel::and_into(anded, rhs.fast);
    EXPECT_EQ(anded, lhs.fast & rhs.fast);
    node_set ored = lhs.fast;
    parallel::or_into(ored, rhs.fast);
    EXPECT_EQ(ored, lhs.fast | rhs.fast);
    node_set andnot = lhs.fast;
    parallel::and_not_into(andnot, rhs.fast);
    EXPECT_EQ(andnot, and_not(lhs.fast, rhs.fast));
    node_set flipped = lhs.fast;
    parallel::flip(flipped);
    node_set serial_flipped = lhs.fast;
    serial_flipped.flip();
    EXPECT_EQ(flipped, serial_flipped);
    EXPECT_EQ(parallel::count(lhs.fast), lhs.fast.count());
    EXPECT_EQ(parallel::to_ids(lhs.fast), lhs.fast.to_ids());
  }
}

INSTANTIATE_TEST_SUITE_P(Sizes, NodeSetSizes, ::testing::Values(0, 1, 63, 64, 65, 1000, 262144 + 17, 1'000'003));

TEST(NodeSet, AllHasMaskedTail) {
  for (std::size_t size : {1, 5, 64, 100, 128, 129}) {
    const node_set all = node_set::all(size);
    EXPECT_EQ(all.count(), size);
    EXPECT_EQ(all.words().back() & ~all.tail_mask(), 0U);
  }
}

TEST(NodeSet, FirstNextAndForEachOrder) {
  node_set set(300);
  EXPECT_FALSE(set.first().has_value());
  EXPECT_TRUE(set.none());
  for (std::uint32_t idx : {5U, 64U, 65U, 199U, 299U}) set.set(make_id<node_id>(idx));
  EXPECT_EQ(to_index(*set.first()), 5U);
  EXPECT_EQ(to_index(*set.next(make_id<node_id>(6))), 64U);
  EXPECT_EQ(to_index(*set.next(make_id<node_id>(65))), 65U);
  EXPECT_EQ(to_index(*set.next(make_id<node_id>(200))), 299U);
  EXPECT_FALSE(set.next(make_id<node_id>(300)).has_value());
  std::vector<std::uint32_t> seen;
  set.for_each([&seen](node_id node) { seen.push_back(to_index(node)); });
  EXPECT_EQ(seen, (std::vector<std::uint32_t>{5, 64, 65, 199, 299}));
  set.reset(make_id<node_id>(64));
  EXPECT_FALSE(set.test(make_id<node_id>(64)));
  EXPECT_EQ(set.count(), 4U);
}

TEST(NodeSet, ResizeKeepsMembersAndClearsTail) {
  node_set set = node_set::all(130);
  set.resize(70);
  EXPECT_EQ(set.count(), 70U);
  set.resize(200);
  EXPECT_EQ(set.count(), 70U);
  EXPECT_FALSE(set.test(make_id<node_id>(150)));
}

TEST(NodeSet, FromIdsToleratesDuplicates) {
  const std::vector<node_id> ids{make_id<node_id>(3), make_id<node_id>(3), make_id<node_id>(9)};
  EXPECT_EQ(node_set::from_ids(10, ids).count(), 2U);
}

}  // namespace
}  // namespace dsb
