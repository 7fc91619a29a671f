// cleanupHistory (daemonset-controller.md §12): which old ControllerRevisions are deleted.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/controller/revision.hpp"

namespace dsb::ctl {
namespace {

std::vector<old_revision> revisions(std::initializer_list<std::pair<const char*, std::int64_t>> items) {
  std::vector<old_revision> out;
  for (const auto& [hash, number] : items) out.push_back({std::string("ds-") + hash, hash, number});
  return out;
}

TEST(CleanupHistory, NothingWithinTheLimit) {
  const auto old = revisions({{"a", 1}, {"b", 2}});
  EXPECT_TRUE(history_to_delete(old, 2, {}).empty());
  EXPECT_TRUE(history_to_delete(old, 10, {}).empty());
  EXPECT_TRUE(history_to_delete({}, 0, {}).empty());
}

TEST(CleanupHistory, OldestFirstUntilTheLimit) {
  const auto old = revisions({{"c", 3}, {"a", 1}, {"d", 4}, {"b", 2}});
  EXPECT_EQ(history_to_delete(old, 2, {}), (std::vector<std::string>{"ds-a", "ds-b"}));
  EXPECT_EQ(history_to_delete(old, 0, {}), (std::vector<std::string>{"ds-a", "ds-b", "ds-c", "ds-d"}));
}

TEST(CleanupHistory, RevisionsStillCarriedByPodsAreKept) {
  const auto old = revisions({{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}});
  // toKill = 2; "a" is still on a pod (possibly a deleted terminal one), so "b" and "c" go.
  const std::vector<std::string> pods{"a", "current", "a"};
  EXPECT_EQ(history_to_delete(old, 2, pods), (std::vector<std::string>{"ds-b", "ds-c"}));
  // Every old revision in use: nothing is deleted even though the limit is exceeded.
  const std::vector<std::string> all{"a", "b", "c", "d"};
  EXPECT_TRUE(history_to_delete(old, 1, all).empty());
}

TEST(CleanupHistory, EqualRevisionNumbersKeepTheirOrder) {
  const auto old = revisions({{"x", 5}, {"y", 5}, {"z", 1}});
  EXPECT_EQ(history_to_delete(old, 1, {}), (std::vector<std::string>{"ds-z", "ds-x"}));
}

}  // namespace
}  // namespace dsb::ctl
