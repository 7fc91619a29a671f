// cluster_edit: in-place node updates, additions and removals leave a cluster whose facts
// and indexes equal a cluster built from scratch with the same nodes.
#include "engine/model/cluster_edit.hpp"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/gen/generate.hpp"

namespace dsb {
namespace {

cluster generated(std::size_t nodes, std::uint64_t seed) {
  auto built = gen::generate_cluster({nodes, "eks", seed});
  EXPECT_TRUE(built) << built.err().message;
  return std::move(*built);
}

node_spec tombstone(std::string name) {
  node_spec spec;
  spec.name = std::move(name);
  for (auto& condition : spec.conditions) condition = condition_status::absent;
  return spec;
}

// Every posting, count and presence bit agrees with the node rows.
std::string index_inconsistency(const cluster& c) {
  const std::size_t n = c.node_count();
  std::vector<node_set> expected_values(c.labels.value_count(), node_set(n));
  std::vector<node_set> expected_keys(c.labels.key_count(), node_set(n));
  std::vector<node_set> expected_taints(c.taints.size(), node_set(n));
  for (std::uint32_t idx = 0; idx < n; ++idx) {
    const auto node = make_id<node_id>(idx);
    label_key_id previous{};
    bool first = true;
    for (label_value_id value : c.nodes.labels.row(idx)) {
      const label_key_id key = c.labels.value(value).key;
      if (!first && !(previous < key)) return "labels of node " + std::to_string(idx) + " not sorted by key id";
      previous = key;
      first = false;
      expected_values[to_index(value)].set(node);
      expected_keys[to_index(key)].set(node);
    }
    for (taint_id taint : c.nodes.taints.row(idx)) expected_taints[to_index(taint)].set(node);
  }
  for (std::uint32_t value_idx = 0; value_idx < c.labels.value_count(); ++value_idx) {
    const auto value = make_id<label_value_id>(value_idx);
    node_set posting(n);
    c.labels.value_or_into(value, posting);
    if (!(posting == expected_values[value_idx])) return "posting of value " + std::string(c.text(value));
    if (c.labels.value(value).count != expected_values[value_idx].count()) return "count of value " + std::string(c.text(value));
  }
  for (std::uint32_t key_idx = 0; key_idx < c.labels.key_count(); ++key_idx) {
    const auto key = make_id<label_key_id>(key_idx);
    if (!(c.labels.key(key).presence == expected_keys[key_idx])) return "presence of key " + std::string(c.text(key));
    for (label_value_id value : c.labels.key(key).values) {
      if (!(c.labels.value(value).key == key)) return "value list of key " + std::string(c.text(key));
    }
  }
  for (std::uint32_t taint_idx = 0; taint_idx < c.taints.size(); ++taint_idx) {
    const auto taint = make_id<taint_id>(taint_idx);
    node_set posting(n);
    c.taints.postings().or_into(c.taints.posting(taint), posting);
    if (!(posting == expected_taints[taint_idx])) return "posting of taint " + std::to_string(taint_idx);
    if (c.taints.count(taint) != expected_taints[taint_idx].count()) return "count of taint " + std::to_string(taint_idx);
  }
  return {};
}

TEST(ClusterEdit, SpecRoundTripsThroughBuildCluster) {
  const cluster original = generated(500, 3);
  std::vector<node_spec> specs;
  for (std::uint32_t idx = 0; idx < original.node_count(); ++idx) specs.push_back(node_spec::of(original, make_id<node_id>(idx)));
  auto rebuilt = build_cluster(specs);
  ASSERT_TRUE(rebuilt) << rebuilt.err().message;
  EXPECT_EQ(cluster_digest(original), cluster_digest(*rebuilt)) << first_difference(original, *rebuilt);
}

TEST(ClusterEdit, UpdateReportsExactlyWhatChanged) {
  cluster c = generated(200, 5);
  const auto node = make_id<node_id>(17);
  node_spec spec = node_spec::of(c, node);
  EXPECT_FALSE(update_node(c, node, spec).any()) << "re-applying the same spec changes nothing";

  spec.labels.emplace_back("example.com/brand-new", "yes");
  const auto zone = std::find_if(spec.labels.begin(), spec.labels.end(), [](const auto& label) { return label.first == "topology.kubernetes.io/zone"; });
  ASSERT_NE(zone, spec.labels.end());
  zone->second = "never-seen-zone";
  spec.taints.emplace_back("dedicated", "gpu", taint_effect::no_schedule);
  spec.unschedulable = !spec.unschedulable;
  spec.conditions[0] = condition_status::false_;
  const node_delta delta = update_node(c, node, spec);
  EXPECT_TRUE(delta.labels_changed());
  const auto brand_new = c.find_label_key("example.com/brand-new");
  const auto zone_key = c.find_label_key("topology.kubernetes.io/zone");
  ASSERT_TRUE(brand_new && zone_key);
  EXPECT_EQ(delta.changed_keys.size(), 2u);
  EXPECT_NE(std::find(delta.changed_keys.begin(), delta.changed_keys.end(), *brand_new), delta.changed_keys.end());
  EXPECT_NE(std::find(delta.changed_keys.begin(), delta.changed_keys.end(), *zone_key), delta.changed_keys.end());
  EXPECT_EQ(delta.keys_with_new_values.size(), 2u) << "the new key's value and the new zone are both new";
  EXPECT_TRUE(delta.taints_changed());
  EXPECT_TRUE(delta.unschedulable_changed);
  EXPECT_TRUE(delta.conditions_changed);
  EXPECT_FALSE(delta.resources_changed);
  EXPECT_EQ(index_inconsistency(c), "");
  EXPECT_EQ(c.nodes.ready(node), condition_status::false_);

  // Reordering taints only is a change of order, not of membership.
  if (spec.taints.size() >= 2) {
    std::reverse(spec.taints.begin(), spec.taints.end());
    const node_delta reordered = update_node(c, node, spec);
    EXPECT_TRUE(reordered.taint_order_changed);
    EXPECT_TRUE(reordered.changed_taints.empty());
  }
}

TEST(ClusterEdit, RemoveLeavesATombstoneAndAddAppends) {
  cluster c = generated(300, 9);
  const auto victim = make_id<node_id>(42);
  const std::string name(c.name(victim));
  const node_delta removed = remove_node(c, victim);
  EXPECT_TRUE(removed.removed);
  EXPECT_TRUE(c.nodes.removed.test(victim));
  EXPECT_FALSE(c.find_node(name).has_value());
  EXPECT_EQ(c.nodes.live_count(), 299u);
  EXPECT_TRUE(c.nodes.labels.row(42).empty());
  EXPECT_EQ(index_inconsistency(c), "");

  node_spec fresh = node_spec::of(c, make_id<node_id>(7));
  fresh.name = "added-node";
  const node_delta added = add_node(c, fresh);
  EXPECT_TRUE(added.added);
  EXPECT_EQ(to_index(added.node), 300u);
  EXPECT_EQ(c.node_count(), 301u);
  EXPECT_EQ(c.find_node("added-node"), added.node);
  EXPECT_EQ(index_inconsistency(c), "");
}

// Random edit sequences: the edited cluster equals one built from the final specs.
TEST(ClusterEdit, RandomEditsEqualARebuild) {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    cluster c = generated(1500, seed);
    std::vector<node_spec> expected;
    for (std::uint32_t idx = 0; idx < c.node_count(); ++idx) expected.push_back(node_spec::of(c, make_id<node_id>(idx)));
    std::mt19937_64 random(seed);
    std::vector<bool> gone(expected.size(), false);
    int added = 0;
    for (int step = 0; step < 1500; ++step) {
      const auto pick = [&] { return static_cast<std::uint32_t>(random() % expected.size()); };
      const int action = static_cast<int>(random() % 20);
      if (action == 0) {  // add
        node_spec spec = expected[pick()];
        spec.name = "added-" + std::to_string(added++);
        const node_delta delta = add_node(c, spec);
        ASSERT_EQ(to_index(delta.node), expected.size());
        expected.push_back(spec);
        gone.push_back(false);
        continue;
      }
      const std::uint32_t idx = pick();
      if (gone[idx]) continue;
      const auto node = make_id<node_id>(idx);
      if (action == 1) {  // remove
        remove_node(c, node);
        gone[idx] = true;
        expected[idx] = tombstone(expected[idx].name);
        continue;
      }
      node_spec spec = expected[idx];
      switch (action % 6) {
        case 0:  // copy another node's labels (existing values)
          spec.labels = expected[pick()].labels;
          break;
        case 1:  // a new value for an existing key, or a new key
          if (!spec.labels.empty() && random() % 2) {
            spec.labels[random() % spec.labels.size()].second = "v" + std::to_string(random() % 50);
          } else {
            spec.labels.emplace_back("edit.example.com/k" + std::to_string(random() % 5), std::to_string(random() % 7));
            std::sort(spec.labels.begin(), spec.labels.end());
            spec.labels.erase(std::unique(spec.labels.begin(), spec.labels.end(), [](const auto& l, const auto& r) { return l.first == r.first; }),
                              spec.labels.end());
          }
          break;
        case 2:  // drop a label
          if (!spec.labels.empty()) spec.labels.erase(spec.labels.begin() + static_cast<std::ptrdiff_t>(random() % spec.labels.size()));
          break;
        case 3:  // taints from another node, or none
          spec.taints = random() % 3 ? expected[pick()].taints : decltype(spec.taints){};
          break;
        case 4:  // cordon and readiness
          spec.unschedulable = !spec.unschedulable;
          spec.conditions[0] = random() % 2 ? condition_status::true_ : condition_status::unknown;
          break;
        default:  // resources
          spec.allocatable.cpu_milli = static_cast<std::int64_t>(random() % 64000);
          spec.extended = expected[pick()].extended;
          break;
      }
      update_node(c, node, spec);
      expected[idx] = spec;
    }
    auto rebuilt = build_cluster(expected);
    ASSERT_TRUE(rebuilt) << rebuilt.err().message;
    EXPECT_EQ(cluster_digest(c), cluster_digest(*rebuilt)) << "seed " << seed << ": " << first_difference(c, *rebuilt);
    EXPECT_EQ(index_inconsistency(c), "") << "seed " << seed;
    for (std::size_t idx = 0; idx < gone.size(); ++idx) EXPECT_EQ(c.nodes.removed.test(make_id<node_id>(static_cast<std::uint32_t>(idx))), gone[idx]);
  }
}

}  // namespace
}  // namespace dsb
