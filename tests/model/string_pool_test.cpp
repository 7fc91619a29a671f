#include "engine/model/string_pool.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dsb {
namespace {

TEST(StringPool, InternIsIdempotentAndViewsStayValidAcrossGrowth) {
  string_pool pool;
  std::vector<string_id> ids;
  for (int idx = 0; idx < 50'000; ++idx) ids.push_back(pool.intern("node-" + std::to_string(idx)));
  const std::string_view first = pool.view(ids.front());
  for (int idx = 0; idx < 50'000; ++idx) {
    EXPECT_EQ(pool.intern("node-" + std::to_string(idx)), ids[static_cast<std::size_t>(idx)]);
  }
  EXPECT_EQ(first, "node-0");
  EXPECT_EQ(pool.size(), 50'000U);
  EXPECT_EQ(pool.view(ids[12345]), "node-12345");
}

TEST(StringPool, FindDistinguishesPresentAndAbsent) {
  string_pool pool;
  const string_id empty = pool.intern("");
  const string_id linux_id = pool.intern("linux");
  EXPECT_EQ(pool.find(""), empty);
  EXPECT_EQ(pool.find("linux"), linux_id);
  EXPECT_FALSE(pool.find("Linux").has_value());
  EXPECT_FALSE(pool.find("linu").has_value());
  EXPECT_NE(empty, linux_id);
}

TEST(StringPool, LargeStringsAndEmbeddedNul) {
  string_pool pool;
  const std::string big(200'000, 'x');
  const std::string with_nul("a\0b", 3);
  const string_id big_id = pool.intern(big);
  const string_id nul_id = pool.intern(with_nul);
  pool.intern("after");
  EXPECT_EQ(pool.view(big_id), big);
  EXPECT_EQ(pool.view(nul_id), with_nul);
  EXPECT_NE(pool.find(std::string("a")), nul_id);
  EXPECT_GE(pool.memory_bytes(), big.size());
}

}  // namespace
}  // namespace dsb
