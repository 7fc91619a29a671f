// string_column against a std::vector<std::string> doing the same random operations: pushes,
// overwrites, row copies (remove_rows' move-last-into-hole) and pops, with empty and long
// strings, through several compactions.
#include "engine/model/string_column.hpp"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dsb {
namespace {

TEST(StringColumn, MatchesAVectorOfStringsThroughCompactions) {
  std::mt19937_64 rng(3);
  string_column column;
  std::vector<std::string> shadow;
  auto random_text = [&] {
    const std::size_t length = rng() % 4 == 0 ? 0 : rng() % 8 == 0 ? 200 + rng() % 300 : rng() % 20;
    std::string text(length, 'a');
    for (char& ch : text) ch = static_cast<char>('a' + rng() % 26);
    return text;
  };
  for (int step = 0; step < 20000; ++step) {
    const auto op = rng() % 10;
    if (shadow.empty() || op < 4) {
      shadow.push_back(random_text());
      column.push_back(shadow.back());
    } else if (op < 6) {
      const std::size_t row = rng() % shadow.size();
      shadow[row] = random_text();
      column.set(row, shadow[row]);
    } else if (op < 7) {
      const std::size_t from = rng() % shadow.size(), to = rng() % shadow.size();
      shadow[to] = shadow[from];
      column.copy_row(from, to);
    } else if (op < 8) {
      const std::size_t from = rng() % shadow.size(), to = rng() % shadow.size();
      shadow[to] = shadow[from];
      column.set(to, column[from]);  // a view into the column's own arena
    } else {
      shadow.pop_back();
      column.pop_back();
    }
    ASSERT_EQ(column.size(), shadow.size());
    if (step % 97 == 0) {
      for (std::size_t row = 0; row < shadow.size(); ++row) ASSERT_EQ(column[row], shadow[row]) << "step " << step << " row " << row;
    }
  }
  string_column copy;
  for (const std::string& text : shadow) copy.push_back(text);
  EXPECT_EQ(copy, column);
  if (!shadow.empty()) {
    copy.set(0, shadow[0] + "x");
    EXPECT_FALSE(copy == column);
  }
}

TEST(StringColumn, EmptyStringsTakeNoBytes) {
  string_column column;
  for (int row = 0; row < 1000; ++row) column.push_back({});
  EXPECT_EQ(column.size(), 1000U);
  EXPECT_EQ(column[999], "");
  column.set(5, "node-5");
  EXPECT_EQ(column[5], "node-5");
  column.set(5, {});
  EXPECT_EQ(column[5], "");
}

}  // namespace
}  // namespace dsb
