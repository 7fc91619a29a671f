// The cluster model: columns, label index (presence, dense/sparse postings, lookups),
// taint index, name index, digests.
#include "engine/model/cluster_builder.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/model/cluster_summary.hpp"

namespace dsb {
namespace {

// 200 nodes: os=linux on all, zone a/b/c round robin, a rare "gpu=true" on 3 nodes,
// a unique hostname each, a taint on every 10th node.
cluster small_cluster(bool reverse_interning = false) {
  cluster_builder builder(200);
  if (reverse_interning) {  // intern in another order: ids differ, facts do not
    builder.key("gpu");
    builder.key("zone");
  }
  const taint_id dedicated = builder.taint("dedicated", "infra", taint_effect::no_schedule);
  for (int node_idx = 0; node_idx < 200; ++node_idx) {
    const std::string name = "node-" + std::to_string(node_idx);
    std::vector<label_entry> labels;
    const label_key_id os = builder.key("kubernetes.io/os");
    labels.push_back({os, builder.value(os, "linux")});
    const label_key_id zone = builder.key("zone");
    labels.push_back({zone, builder.value(zone, std::string(1, static_cast<char>('a' + node_idx % 3)))});
    const label_key_id host = builder.key("kubernetes.io/hostname");
    labels.push_back({host, builder.value(host, name)});
    if (node_idx == 5 || node_idx == 77 || node_idx == 150) {
      const label_key_id gpu = builder.key("gpu");
      labels.push_back({gpu, builder.value(gpu, "true")});
    }
    std::vector<taint_id> taints;
    if (node_idx % 10 == 0) taints.push_back(dedicated);
    node_record record;
    record.name = name;
    record.labels = labels;
    record.taints = taints;
    record.unschedulable = node_idx == 42;
    record.conditions[0] = node_idx == 7 ? condition_status::false_ : condition_status::true_;
    record.allocatable = node_resources{2000, 8LL << 30, 110, 100LL << 30};
    builder.add_node(record);
  }
  return std::move(builder).finish().value();
}

TEST(ClusterBuilder, ColumnsAndNameIndex) {
  const cluster c = small_cluster();
  ASSERT_EQ(c.node_count(), 200U);
  EXPECT_EQ(c.name(make_id<node_id>(17)), "node-17");
  EXPECT_EQ(to_index(*c.find_node("node-199")), 199U);
  EXPECT_FALSE(c.find_node("node-200").has_value());
  EXPECT_TRUE(c.nodes.unschedulable.test(make_id<node_id>(42)));
  EXPECT_EQ(c.nodes.unschedulable.count(), 1U);
  EXPECT_EQ(c.nodes.ready(make_id<node_id>(7)), condition_status::false_);
  EXPECT_EQ(c.nodes.allocatable(make_id<node_id>(3)).cpu_milli, 2000);
  EXPECT_EQ(c.nodes.pods_requested[3], 0);
}

TEST(ClusterBuilder, LabelIndexPresenceAndPostings) {
  const cluster c = small_cluster();
  const label_key_id zone = *c.find_label_key("zone");
  const label_key_id gpu = *c.find_label_key("gpu");
  const label_key_id host = *c.find_label_key("kubernetes.io/hostname");
  EXPECT_EQ(c.labels.key(zone).presence.count(), 200U);
  EXPECT_EQ(c.labels.key(gpu).presence.count(), 3U);
  const label_value_id zone_b = *c.find_label_value(zone, "b");
  EXPECT_EQ(c.labels.value(zone_b).count, 67U);  // 1, 4, ..., 199
  EXPECT_TRUE(posting_store::is_dense(c.labels.value(zone_b).posting)) << "common value should be dense";
  const label_value_id gpu_true = *c.find_label_value(gpu, "true");
  EXPECT_FALSE(posting_store::is_dense(c.labels.value(gpu_true).posting)) << "rare value should be sparse";
  std::vector<std::uint32_t> gpu_nodes;
  c.labels.postings().for_each(c.labels.value(gpu_true).posting, [&](node_id node) { gpu_nodes.push_back(to_index(node)); });
  EXPECT_EQ(gpu_nodes, (std::vector<std::uint32_t>{5, 77, 150}));
  EXPECT_TRUE(c.labels.value_contains(gpu_true, make_id<node_id>(77)));
  EXPECT_FALSE(c.labels.value_contains(gpu_true, make_id<node_id>(78)));
  const label_value_id host_9 = *c.find_label_value(host, "node-9");
  EXPECT_EQ(c.labels.value(host_9).count, 1U);
  EXPECT_FALSE(c.find_label_value(zone, "d").has_value());
  EXPECT_FALSE(c.find_label_key("missing").has_value());
  EXPECT_EQ(*c.label_of(make_id<node_id>(4), zone), zone_b);
  EXPECT_FALSE(c.label_of(make_id<node_id>(4), gpu).has_value());
  node_set union_set(200);
  c.labels.value_or_into(gpu_true, union_set);
  c.labels.value_or_into(zone_b, union_set);
  EXPECT_EQ(union_set.count(), 67U + 3U);  // gpu nodes 5, 77, 150 sit in zones c, c, a
}

TEST(ClusterBuilder, HostnameValueSharesTheNodeNameString) {
  const cluster c = small_cluster();
  const label_key_id host = *c.find_label_key("kubernetes.io/hostname");
  const label_value_id value = *c.label_of(make_id<node_id>(12), host);
  EXPECT_EQ(c.labels.value(value).text, c.nodes.names[12]);
}

TEST(ClusterBuilder, TaintIndex) {
  const cluster c = small_cluster();
  ASSERT_EQ(c.taints.size(), 1U);
  const taint_id taint = make_id<taint_id>(0);
  EXPECT_EQ(c.taints.count(taint), 20U);
  EXPECT_TRUE(c.taints.contains(taint, make_id<node_id>(30)));
  EXPECT_FALSE(c.taints.contains(taint, make_id<node_id>(31)));
  EXPECT_EQ(c.nodes.taints.row(30).size(), 1U);
  EXPECT_TRUE(c.nodes.taints.row(31).empty());
}

TEST(ClusterBuilder, DigestIgnoresInterningOrderButSeesFacts) {
  const cluster first = small_cluster(false);
  const cluster second = small_cluster(true);
  EXPECT_EQ(cluster_digest(first), cluster_digest(second));
  EXPECT_EQ(first_difference(first, second), "");
  cluster_builder builder;
  node_record record;
  record.name = "other";
  builder.add_node(record);
  const cluster other = std::move(builder).finish().value();
  EXPECT_NE(cluster_digest(first), cluster_digest(other));
  EXPECT_NE(first_difference(first, other), "");
}

TEST(ClusterBuilder, DuplicateNodeNamesAreAnError) {
  cluster_builder builder;
  node_record record;
  record.name = "twin";
  builder.add_node(record);
  builder.add_node(record);
  const result<cluster> built = std::move(builder).finish();
  ASSERT_FALSE(built.ok());
  EXPECT_NE(built.err().describe().find("duplicate node name \"twin\""), std::string::npos) << built.err().describe();
}

TEST(ClusterBuilder, EmptyCluster) {
  const cluster c = cluster_builder().finish().value();
  EXPECT_EQ(c.node_count(), 0U);
  EXPECT_EQ(summarize(c).nodes, 0U);
}

TEST(ClusterSummary, CountsKeysTaintsConditions) {
  const cluster c = small_cluster();
  const cluster_summary summary = summarize(c);
  EXPECT_EQ(summary.nodes, 200U);
  EXPECT_EQ(summary.keys.size(), 4U);
  EXPECT_EQ(summary.label_occurrences, 603U);
  EXPECT_EQ(summary.min_labels_per_node, 3U);
  EXPECT_EQ(summary.max_labels_per_node, 4U);
  ASSERT_EQ(summary.taints.size(), 1U);
  EXPECT_EQ(summary.taints[0].nodes, 20U);
  EXPECT_EQ(summary.conditions[0][static_cast<std::size_t>(condition_status::false_)], 1U);
  EXPECT_EQ(summary.allocatable_total.cpu_milli, 400'000);
  EXPECT_GT(summary.memory.model(), 0U);
}

TEST(ParseGoInt64, MirrorsStrconvParseInt) {
  EXPECT_EQ(parse_go_int64("0206"), 206);
  EXPECT_EQ(parse_go_int64("+5"), 5);
  EXPECT_EQ(parse_go_int64("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(parse_go_int64("9223372036854775807"), INT64_MAX);
  EXPECT_FALSE(parse_go_int64("9223372036854775808").has_value());
  EXPECT_FALSE(parse_go_int64("").has_value());
  EXPECT_FALSE(parse_go_int64("-").has_value());
  EXPECT_FALSE(parse_go_int64("1.5").has_value());
  EXPECT_FALSE(parse_go_int64("1_000").has_value());
  EXPECT_FALSE(parse_go_int64(" 1").has_value());
  EXPECT_FALSE(parse_go_int64("0x10").has_value());
}

}  // namespace
}  // namespace dsb
