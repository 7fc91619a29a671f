// The seeded cluster generator (engine/gen/generate.hpp): determinism, the §8 distributions
// of realworld-clusters.md, Kubernetes syntax of everything generated, errors; plus the
// integer building blocks (rng, draws, apportion, bijections, plan) it stands on.
#include "engine/gen/generate.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "engine/gen/internal/apportion.hpp"
#include "engine/gen/internal/bijection.hpp"
#include "engine/gen/internal/cluster_facts.hpp"
#include "engine/gen/internal/draws.hpp"
#include "engine/gen/internal/node_draws.hpp"
#include "engine/gen/internal/plan.hpp"
#include "engine/gen/internal/pool_recipe.hpp"
#include "engine/gen/internal/profile_def.hpp"
#include "engine/gen/rng.hpp"
#include "engine/model/label_syntax.hpp"

namespace dsb::gen {
namespace {

// ---- helpers ----------------------------------------------------------------------------

// Clusters are generated once per (profile, nodes, seed) and shared by the tests.
const cluster& cached(const std::string& profile, std::size_t nodes, std::uint64_t seed = 1) {
  static std::map<std::tuple<std::string, std::size_t, std::uint64_t>, std::unique_ptr<cluster>> cache;
  auto& slot = cache[{profile, nodes, seed}];
  if (!slot) {
    auto made = generate_cluster({nodes, profile, seed});
    if (!made.ok()) ADD_FAILURE() << made.err().describe();
    slot = std::make_unique<cluster>(std::move(made).value());
  }
  return *slot;
}

std::optional<std::string_view> label(const cluster& c, node_id node, std::string_view key) {
  const auto key_id = c.find_label_key(key);
  if (!key_id) return std::nullopt;
  const auto value = c.label_of(node, *key_id);
  if (!value) return std::nullopt;
  return c.text(*value);
}

bool has_taint(const cluster& c, node_id node, std::string_view key, std::string_view value, taint_effect effect) {
  for (taint_id taint : c.nodes.taints.row(to_index(node))) {
    const taint_def& def = c.taints.def(taint);
    if (c.strings.view(def.key) == key && c.strings.view(def.value) == value && def.effect == effect) return true;
  }
  return false;
}

std::int64_t extended(const cluster& c, node_id node, std::string_view resource) {
  for (const extended_amount& amount : c.nodes.extended_allocatable.row(to_index(node))) {
    if (c.strings.view(c.resource_names[to_index(amount.resource)]) == resource) return amount.amount;
  }
  return 0;
}

condition_status condition(const cluster& c, node_id node, node_condition which) {
  return c.nodes.conditions[to_index(node)][static_cast<std::size_t>(which)];
}

// The kinds of node the tests tell apart.
enum class node_class { ordinary, gpu, virtual_node, control_plane };

node_class classify(const cluster& c, node_id node) {
  if (label(c, node, "nvidia.com/gpu.present") == "true") return node_class::gpu;
  if (label(c, node, "eks.amazonaws.com/compute-type") == "fargate" || label(c, node, "type") == "virtual-kubelet") {
    return node_class::virtual_node;
  }
  if (label(c, node, "node-role.kubernetes.io/control-plane")) return node_class::control_plane;
  return node_class::ordinary;
}

// The key naming a node's pool on each profile.
std::optional<std::string_view> pool_of(const cluster& c, node_id node, const std::string& profile) {
  if (profile == "gke") return label(c, node, "cloud.google.com/gke-nodepool");
  if (profile == "aks") return label(c, node, "agentpool");
  if (profile == "onprem") return std::nullopt;
  if (auto group = label(c, node, "eks.amazonaws.com/nodegroup")) return group;
  return label(c, node, "karpenter.sh/nodepool");
}

struct census {
  std::size_t nodes = 0;
  std::size_t not_ready = 0;
  std::size_t unreachable = 0;
  std::size_t cordoned = 0;
  std::size_t pressure = 0;
  std::size_t gpu = 0;
  std::size_t spot = 0;
  double share(std::size_t count) const { return static_cast<double>(count) / static_cast<double>(nodes); }
};

census count(const cluster& c) {
  census totals;
  totals.nodes = c.node_count();
  for (std::uint32_t node_idx = 0; node_idx < c.node_count(); ++node_idx) {
    const auto node = make_id<node_id>(node_idx);
    const condition_status ready = condition(c, node, node_condition::ready);
    totals.not_ready += ready == condition_status::false_;
    totals.unreachable += ready == condition_status::unknown;
    totals.cordoned += c.nodes.unschedulable.test(node);
    totals.pressure += condition(c, node, node_condition::memory_pressure) == condition_status::true_ ||
                       condition(c, node, node_condition::disk_pressure) == condition_status::true_ ||
                       condition(c, node, node_condition::pid_pressure) == condition_status::true_;
    totals.gpu += classify(c, node) == node_class::gpu;
    totals.spot += label(c, node, "eks.amazonaws.com/capacityType") == "SPOT" || label(c, node, "karpenter.sh/capacity-type") == "spot" ||
                   label(c, node, "cloud.google.com/gke-spot") == "true" || label(c, node, "cloud.google.com/gke-preemptible") == "true" ||
                   label(c, node, "kubernetes.azure.com/scalesetpriority") == "spot";
  }
  return totals;
}

// ---- profiles and errors ------------------------------------------------------------------

TEST(GenerateProfiles, NamesAndDefault) {
  std::vector<std::string_view> names;
  for (const profile_info& info : profiles()) {
    names.push_back(info.name);
    EXPECT_FALSE(info.description.empty()) << info.name;
  }
  EXPECT_EQ(names, (std::vector<std::string_view>{"eks", "gke", "aks", "gpu", "onprem"}));
  EXPECT_EQ(names.front(), DEFAULT_PROFILE);
}

TEST(GenerateErrors, UnknownProfileIsAnError) {
  const auto made = generate_cluster({100, "openshift", 1});
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.err().code, error_code::invalid_value);
  EXPECT_EQ(made.err().field, "profile");
  EXPECT_NE(made.err().message.find("eks"), std::string::npos) << made.err().describe();
}

TEST(GenerateErrors, NodeCountOutsideRangeIsAnError) {
  const auto zero = generate_cluster({0, "eks", 1});
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.err().field, "nodes");
  const auto too_many = generate_cluster({MAX_NODES + 1, "eks", 1});
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.err().code, error_code::limit);
}

TEST(GenerateErrors, TinyClustersWork) {
  for (const profile_info& info : profiles()) {
    for (std::size_t nodes : {1, 2, 3, 4, 7}) {
      const auto made = generate_cluster({nodes, std::string(info.name), 5});
      ASSERT_TRUE(made.ok()) << info.name << " " << nodes << ": " << made.err().describe();
      EXPECT_EQ(made->node_count(), nodes) << info.name;
    }
  }
}

// ---- determinism --------------------------------------------------------------------------

class GenerateDeterminism : public ::testing::TestWithParam<std::string> {};

TEST_P(GenerateDeterminism, SameSpecSameClusterOtherSeedOtherCluster) {
  const cluster_spec spec{3000, GetParam(), 42};
  const auto first = generate_cluster(spec);
  const auto second = generate_cluster(spec);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(cluster_digest(*first), cluster_digest(*second));
  EXPECT_EQ(first_difference(*first, *second), "");
  const auto other = generate_cluster({3000, GetParam(), 43});
  ASSERT_TRUE(other.ok());
  EXPECT_NE(cluster_digest(*first), cluster_digest(*other));
}

TEST_P(GenerateDeterminism, IndependentOfThreadCount) {
  const cluster_spec spec{20'000, GetParam(), 7};
  std::uint64_t single = 0;
  {
    tbb::global_control one_thread(tbb::global_control::max_allowed_parallelism, 1);
    single = cluster_digest(generate_cluster(spec).value());
  }
  EXPECT_EQ(single, cluster_digest(generate_cluster(spec).value()));
}

INSTANTIATE_TEST_SUITE_P(Profiles, GenerateDeterminism, ::testing::Values("eks", "gke", "aks", "gpu", "onprem"));

TEST(GenerateDeterminism, SerialAndParallelDrawsAgree) {
  using namespace internal;
  const profile_def& profile = *find_profile("gke");
  const cluster_facts facts = describe_cluster(profile, 50'000, 3);
  const cluster_plan plan = plan_cluster(profile, facts, 50'000, 3);
  const auto recipes = describe_pools(profile, facts, plan, 3);
  const node_draws serial = draw_nodes(profile, plan, recipes, 3, execution::serial);
  const node_draws parallel = draw_nodes(profile, plan, recipes, 3, execution::parallel);
  ASSERT_EQ(serial.size(), parallel.size());
  for (std::size_t idx = 0; idx < serial.size(); ++idx) {
    ASSERT_EQ(serial.by_name()[idx].node, parallel.by_name()[idx].node) << idx;
    ASSERT_EQ(serial.by_name()[idx].name(), parallel.by_name()[idx].name()) << idx;
    const node_draw& left = serial.draws()[idx];
    const node_draw& right = parallel.draws()[idx];
    ASSERT_EQ(std::tie(left.pool, left.zone, left.variant, left.state, left.custom, left.rack, left.stamp, left.gfd_offset),
              std::tie(right.pool, right.zone, right.variant, right.state, right.custom, right.rack, right.stamp, right.gfd_offset))
        << idx;
  }
}

// ---- every profile at 10, 1,000 and 20,000 nodes ----------------------------------------

class GenerateShape : public ::testing::TestWithParam<std::tuple<std::string, std::size_t>> {
 protected:
  const std::string& profile() const { return std::get<0>(GetParam()); }
  std::size_t nodes() const { return std::get<1>(GetParam()); }
  const cluster& c() const { return cached(profile(), nodes()); }
};

TEST_P(GenerateShape, NodeCountAndSortedUniqueValidNames) {
  ASSERT_EQ(c().node_count(), nodes());
  for (std::uint32_t node_idx = 0; node_idx < c().node_count(); ++node_idx) {
    const std::string_view name = c().name(make_id<node_id>(node_idx));
    ASSERT_TRUE(is_dns1123_subdomain(name)) << name << ": " << dns1123_subdomain_problem(name);
    if (node_idx > 0) {
      ASSERT_LT(c().name(make_id<node_id>(node_idx - 1)), name) << "not sorted or not unique";
    }
  }
}

TEST_P(GenerateShape, LabelsAndTaintsAreValidKubernetesSyntax) {
  for (std::uint32_t key_idx = 0; key_idx < c().labels.key_count(); ++key_idx) {
    const std::string_view key = c().text(make_id<label_key_id>(key_idx));
    EXPECT_TRUE(is_label_key(key)) << key << ": " << label_key_problem(key);
  }
  for (std::uint32_t value_idx = 0; value_idx < c().labels.value_count(); ++value_idx) {
    const auto value = make_id<label_value_id>(value_idx);
    EXPECT_TRUE(is_label_value(c().text(value))) << c().text(c().labels.value(value).key) << "=" << c().text(value);
    EXPECT_GT(c().labels.value(value).count, 0U) << "interned but unused: " << c().text(value);
  }
  for (std::uint32_t taint_idx = 0; taint_idx < c().taints.size(); ++taint_idx) {
    const taint_def& def = c().taints.def(make_id<taint_id>(taint_idx));
    EXPECT_TRUE(is_label_key(c().strings.view(def.key))) << c().strings.view(def.key);
    EXPECT_TRUE(is_label_value(c().strings.view(def.value))) << c().strings.view(def.value);
  }
}

TEST_P(GenerateShape, HostnameAndCorrelatedKeysAgree) {
  for (std::uint32_t node_idx = 0; node_idx < c().node_count(); ++node_idx) {
    const auto node = make_id<node_id>(node_idx);
    ASSERT_EQ(label(c(), node, "kubernetes.io/hostname"), c().name(node));
    ASSERT_EQ(label(c(), node, "kubernetes.io/os"), label(c(), node, "beta.kubernetes.io/os"));
    ASSERT_EQ(label(c(), node, "kubernetes.io/arch"), label(c(), node, "beta.kubernetes.io/arch"));
    ASSERT_EQ(label(c(), node, "node.kubernetes.io/instance-type"), label(c(), node, "beta.kubernetes.io/instance-type"));
    const auto zone = label(c(), node, "topology.kubernetes.io/zone");
    ASSERT_EQ(zone, label(c(), node, "failure-domain.beta.kubernetes.io/zone"));
    for (std::string_view key : {"topology.ebs.csi.aws.com/zone", "topology.gke.io/zone"}) {
      if (const auto other = label(c(), node, key)) {
        ASSERT_EQ(other, zone) << key;
      }
    }
    const auto os = label(c(), node, "kubernetes.io/os");
    ASSERT_TRUE(os == "linux" || os == "windows");
  }
}

TEST_P(GenerateShape, LabelCountsPerNodeClass) {
  for (std::uint32_t node_idx = 0; node_idx < c().node_count(); ++node_idx) {
    const auto node = make_id<node_id>(node_idx);
    const std::size_t labels = c().nodes.labels.row(node_idx).size();
    switch (classify(c(), node)) {
      case node_class::ordinary:
        if (profile() == "onprem") {
          ASSERT_GE(labels, 6U) << c().name(node);  // 5 kubeadm labels + rack
          ASSERT_LE(labels, 16U) << c().name(node);
        } else {
          ASSERT_GE(labels, 15U) << c().name(node);  // §8.3
          ASSERT_LE(labels, 35U) << c().name(node);
        }
        break;
      case node_class::gpu:  // §3: 70-110+ with NFD + GFD + operator
        ASSERT_GE(labels, 60U) << c().name(node);
        ASSERT_LE(labels, 130U) << c().name(node);
        break;
      case node_class::virtual_node:  // §3: Fargate 10
        ASSERT_GE(labels, 8U) << c().name(node);
        ASSERT_LE(labels, 12U) << c().name(node);
        break;
      case node_class::control_plane: ASSERT_EQ(labels, 7U) << c().name(node); break;  // §3 kubeadm CP
    }
  }
}

TEST_P(GenerateShape, ConditionsTaintsAndStatesAgree) {
  for (std::uint32_t node_idx = 0; node_idx < c().node_count(); ++node_idx) {
    const auto node = make_id<node_id>(node_idx);
    for (condition_status status : c().nodes.conditions[node_idx]) ASSERT_NE(status, condition_status::absent);
    const condition_status ready = condition(c(), node, node_condition::ready);
    const bool not_ready_taints = has_taint(c(), node, "node.kubernetes.io/not-ready", "", taint_effect::no_schedule) &&
                                  has_taint(c(), node, "node.kubernetes.io/not-ready", "", taint_effect::no_execute);
    ASSERT_EQ(ready == condition_status::false_, not_ready_taints) << c().name(node);
    const bool unreachable_taints = has_taint(c(), node, "node.kubernetes.io/unreachable", "", taint_effect::no_schedule) &&
                                    has_taint(c(), node, "node.kubernetes.io/unreachable", "", taint_effect::no_execute);
    ASSERT_EQ(ready == condition_status::unknown, unreachable_taints) << c().name(node);
    ASSERT_EQ(c().nodes.unschedulable.test(node),
              has_taint(c(), node, "node.kubernetes.io/unschedulable", "", taint_effect::no_schedule))
        << c().name(node);
    ASSERT_EQ(condition(c(), node, node_condition::memory_pressure) == condition_status::true_,
              has_taint(c(), node, "node.kubernetes.io/memory-pressure", "", taint_effect::no_schedule));
    ASSERT_EQ(condition(c(), node, node_condition::disk_pressure) == condition_status::true_,
              has_taint(c(), node, "node.kubernetes.io/disk-pressure", "", taint_effect::no_schedule));
    ASSERT_EQ(condition(c(), node, node_condition::pid_pressure) == condition_status::true_,
              has_taint(c(), node, "node.kubernetes.io/pid-pressure", "", taint_effect::no_schedule));
    ASSERT_EQ(condition(c(), node, node_condition::network_unavailable), condition_status::false_);
  }
}

TEST_P(GenerateShape, ResourcesArePositiveAndGpuNodesHaveGpus) {
  for (std::uint32_t node_idx = 0; node_idx < c().node_count(); ++node_idx) {
    const auto node = make_id<node_id>(node_idx);
    const node_resources alloc = c().nodes.allocatable(node);
    ASSERT_GT(alloc.cpu_milli, 0) << c().name(node);
    ASSERT_GT(alloc.memory_bytes, 0) << c().name(node);
    ASSERT_GT(alloc.pods, 0) << c().name(node);
    ASSERT_GT(alloc.ephemeral_storage_bytes, 0) << c().name(node);
    const std::int64_t gpus = extended(c(), node, "nvidia.com/gpu");
    const bool gpu_node = classify(c(), node) == node_class::gpu;
    ASSERT_EQ(gpu_node, gpus > 0) << c().name(node);
    if (gpu_node) {
      ASSERT_TRUE(gpus == 1 || gpus == 2 || gpus == 4 || gpus == 8) << gpus;
      ASSERT_EQ(label(c(), node, "nvidia.com/gpu.count"), std::to_string(gpus));
      ASSERT_EQ(label(c(), node, "feature.node.kubernetes.io/pci-10de.present"), "true");
      ASSERT_TRUE(label(c(), node, "nvidia.com/gfd.timestamp"));
    }
  }
}

TEST_P(GenerateShape, PlatformRules) {
  std::size_t control_planes = 0;
  for (std::uint32_t node_idx = 0; node_idx < c().node_count(); ++node_idx) {
    const auto node = make_id<node_id>(node_idx);
    const node_class kind = classify(c(), node);
    if (profile() == "gke" && kind == node_class::gpu) {  // §4: GKE auto-taints every GPU node
      ASSERT_TRUE(has_taint(c(), node, "nvidia.com/gpu", "present", taint_effect::no_schedule)) << c().name(node);
      ASSERT_TRUE(label(c(), node, "cloud.google.com/gke-accelerator")) << c().name(node);
    }
    if (profile() == "aks" && label(c(), node, "kubernetes.azure.com/scalesetpriority") == "spot") {  // §8.2: 100%
      ASSERT_TRUE(has_taint(c(), node, "kubernetes.azure.com/scalesetpriority", "spot", taint_effect::no_schedule));
    }
    if (kind == node_class::control_plane) {
      ++control_planes;
      ASSERT_TRUE(has_taint(c(), node, "node-role.kubernetes.io/control-plane", "", taint_effect::no_schedule));
      ASSERT_EQ(label(c(), node, "node.kubernetes.io/exclude-from-external-load-balancers"), "");
    }
    if (profile() == "eks" || profile() == "gpu") {
      const std::string_view name = c().name(node);
      ASSERT_TRUE(name.starts_with("ip-") || name.starts_with("fargate-ip-")) << name;
      ASSERT_TRUE(name.ends_with(".compute.internal") || name.ends_with(".ec2.internal")) << name;
    }
    if (profile() == "gke") {
      ASSERT_TRUE(c().name(node).starts_with("gke-")) << c().name(node);
    }
    if (profile() == "aks" && kind != node_class::virtual_node) {
      ASSERT_TRUE(c().name(node).starts_with("aks")) << c().name(node);
    }
  }
  if (profile() == "onprem") {
    EXPECT_EQ(control_planes, nodes() >= 1000 ? 5U : 3U);
  } else {
    EXPECT_EQ(control_planes, 0U);
  }
}

INSTANTIATE_TEST_SUITE_P(ProfilesAndSizes, GenerateShape,
                         ::testing::Combine(::testing::Values("eks", "gke", "aks", "gpu", "onprem"),
                                            ::testing::Values(std::size_t{10}, std::size_t{1000}, std::size_t{20'000})),
                         [](const auto& test_info) {
                           return std::get<0>(test_info.param) + "_" + std::to_string(std::get<1>(test_info.param));
                         });

TEST(GenerateSeeds, ManySeedsAndSizesStayValid) {
  // Rare branches (AKS without zones, 4-zone XL regions, terraform node groups, rollouts)
  // depend on the seed: sweep seeds and odd sizes, checking the syntax and naming rules.
  for (const profile_info& info : profiles()) {
    for (std::uint64_t seed = 1; seed <= 24; ++seed) {
      const std::size_t nodes = 37 + seed * seed * 17;
      const auto made = generate_cluster({nodes, std::string(info.name), seed});
      ASSERT_TRUE(made.ok()) << made.err().describe();
      const cluster& c = *made;
      ASSERT_EQ(c.node_count(), nodes);
      for (std::uint32_t node_idx = 0; node_idx < c.node_count(); ++node_idx) {
        const std::string_view name = c.name(make_id<node_id>(node_idx));
        ASSERT_TRUE(is_dns1123_subdomain(name)) << name;
        if (node_idx > 0) {
          ASSERT_LT(c.name(make_id<node_id>(node_idx - 1)), name);
        }
        const auto row = c.nodes.labels.row(node_idx);
        for (std::size_t entry = 1; entry < row.size(); ++entry) {
          ASSERT_NE(c.labels.value(row[entry - 1]).key, c.labels.value(row[entry]).key) << name;
        }
      }
      for (std::uint32_t value_idx = 0; value_idx < c.labels.value_count(); ++value_idx) {
        const auto value = make_id<label_value_id>(value_idx);
        ASSERT_TRUE(is_label_value(c.text(value))) << info.name << " seed " << seed << ": " << c.text(c.labels.value(value).key)
                                                   << "=" << c.text(value);
      }
      for (std::uint32_t key_idx = 0; key_idx < c.labels.key_count(); ++key_idx) {
        ASSERT_TRUE(is_label_key(c.text(make_id<label_key_id>(key_idx))));
      }
    }
  }
}

// ---- distributions at 20,000 nodes --------------------------------------------------------

struct targets {
  std::string profile;
  double gpu;   ///< GPU node share (§8.2 kind share)
  double spot;  ///< spot node share
};

class GenerateDistributions : public ::testing::TestWithParam<targets> {};

// Share `actual` is within `relative` of `target` (binomial noise at 20,000 nodes: a 0.3%
// state has sigma ~13% of its mean, so 45% is > 3 sigma).
void expect_share(double actual, double target, double relative, const char* what) {
  EXPECT_NEAR(actual, target, target * relative + 1e-9) << what;
}

TEST_P(GenerateDistributions, StatesAndKindsMatchTheProfile) {
  const targets& want = GetParam();
  const census got = count(cached(want.profile, 20'000));
  // §8.4 targets of the profile (virtual / control-plane nodes never change state, < 1%).
  expect_share(got.share(got.not_ready), 0.010, 0.25, "NotReady");
  expect_share(got.share(got.unreachable), 0.003, 0.45, "unreachable");
  expect_share(got.share(got.cordoned), 0.015, 0.25, "cordoned");
  expect_share(got.share(got.pressure), 0.003, 0.45, "pressure");
  // Kind shares are apportioned exactly (§8.2).
  EXPECT_NEAR(got.share(got.gpu), want.gpu, 0.002) << "GPU";
  EXPECT_NEAR(got.share(got.spot), want.spot, 0.002) << "spot";
}

INSTANTIATE_TEST_SUITE_P(Profiles, GenerateDistributions,
                         ::testing::Values(targets{"eks", 0.05, 0.15}, targets{"gke", 0.05, 0.16}, targets{"aks", 0.05, 0.15},
                                           targets{"gpu", 0.73, 0.05}, targets{"onprem", 0.05, 0.0}),
                         [](const auto& test_info) { return test_info.param.profile; });

class GenerateCluster20k : public ::testing::TestWithParam<std::string> {};

TEST_P(GenerateCluster20k, PoolsZonesAndTheCapPerPoolZone) {
  const std::string& profile = GetParam();
  const cluster& c = cached(profile, 20'000);
  std::map<std::pair<std::string_view, std::string_view>, std::size_t> per_pool_zone;
  std::set<std::string_view> pools;
  std::set<std::string_view> zones;
  for (std::uint32_t node_idx = 0; node_idx < c.node_count(); ++node_idx) {
    const auto node = make_id<node_id>(node_idx);
    const auto pool = pool_of(c, node, profile);
    const auto zone = label(c, node, "topology.kubernetes.io/zone");
    if (pool) pools.insert(*pool);
    if (zone) zones.insert(*zone);
    if (pool && zone) ++per_pool_zone[{*pool, *zone}];
  }
  for (const auto& [pool_zone, count] : per_pool_zone) EXPECT_LE(count, 1000U) << pool_zone.first << "/" << pool_zone.second;
  if (profile != "onprem") {
    // §8.1 tiers at 20,000 nodes: between L (20-100) and XL (100-500).
    EXPECT_GE(pools.size(), 60U);
    EXPECT_LE(pools.size(), 250U);
    EXPECT_TRUE(zones.size() == 3 || zones.size() == 4 || (profile == "aks" && zones.size() == 1)) << zones.size();
  }
}

TEST_P(GenerateCluster20k, MostLabelValuesRepeatAcrossNodes) {
  // §8.3: ~90% of label values repeat across nodes (hostname and serial are the exceptions).
  const cluster& c = cached(GetParam(), 20'000);
  std::size_t occurrences = 0;
  std::size_t repeated = 0;
  for (std::uint32_t value_idx = 0; value_idx < c.labels.value_count(); ++value_idx) {
    const std::uint32_t count = c.labels.value(make_id<label_value_id>(value_idx)).count;
    occurrences += count;
    repeated += count >= 2 ? count : 0;
  }
  EXPECT_GE(static_cast<double>(repeated) / static_cast<double>(occurrences), 0.85);
}

TEST_P(GenerateCluster20k, CustomLabelsArePoolScopedOrPerNode) {
  // §8.3: Poisson(3) custom labels, 80% pool-scoped: a team/env value is constant in a pool.
  const std::string& profile = GetParam();
  if (profile == "onprem") GTEST_SKIP() << "no pool key on kubeadm nodes";
  const cluster& c = cached(profile, 20'000);
  std::map<std::string_view, std::optional<std::string_view>> team_of_pool;
  std::size_t racks = 0;
  std::set<std::string_view> rack_values;
  for (std::uint32_t node_idx = 0; node_idx < c.node_count(); ++node_idx) {
    const auto node = make_id<node_id>(node_idx);
    const auto pool = pool_of(c, node, profile);
    if (!pool) continue;
    const auto team = label(c, node, "team");
    const auto [slot, inserted] = team_of_pool.try_emplace(*pool, team);
    if (!inserted) {
      ASSERT_EQ(slot->second, team) << *pool;
    }
    if (const auto rack = label(c, node, "rack")) {
      ++racks;
      rack_values.insert(*rack);
    }
  }
  if (const auto serial = c.find_label_key("serial")) {  // unique per node
    for (label_value_id value : c.labels.key(*serial).values) ASSERT_EQ(c.labels.value(value).count, 1U) << c.text(value);
  }
  const double rack_share = static_cast<double>(racks) / static_cast<double>(c.node_count());
  EXPECT_GT(rack_share, 0.2);  // Poisson(0.6), half of the first label and all second ones
  EXPECT_LT(rack_share, 0.45);
  EXPECT_GE(rack_values.size(), 20U);  // "tens of values"
}

INSTANTIATE_TEST_SUITE_P(Profiles, GenerateCluster20k, ::testing::Values("eks", "gke", "aks", "gpu", "onprem"));

// ---- building blocks ------------------------------------------------------------------------

TEST(GenerateRng, SplitMix64AndXoshiroAreTheReferenceGenerators) {
  std::uint64_t state = 0;
  EXPECT_EQ(splitmix64_next(state), 0xe220a8397b1dcdafULL);  // Vigna's splitmix64.c from 0
  xoshiro256ss rng(0);
  const std::uint64_t first = rng.next();
  EXPECT_EQ(first, xoshiro256ss(0).next());
  EXPECT_NE(counter_rng(1, stream::node, 0).next(), counter_rng(1, stream::node, 1).next());
  EXPECT_NE(counter_rng(1, stream::node, 0).next(), counter_rng(2, stream::node, 0).next());
  EXPECT_NE(counter_rng(1, stream::node, 0).next(), counter_rng(1, stream::pool, 0).next());
}

TEST(GenerateRng, DistributionsHaveTheirMoments) {
  using namespace internal;
  xoshiro256ss rng(99);
  constexpr int DRAWS = 200'000;
  double poisson_sum = 0;
  double below_sum = 0;
  std::uint64_t ppm_hits = 0;
  std::vector<std::uint32_t> weights;
  for (int draw_idx = 0; draw_idx < DRAWS; ++draw_idx) {
    poisson_sum += poisson(rng, POISSON_2_4);
    below_sum += static_cast<double>(uniform_below(rng, 10));
    ppm_hits += chance_ppm(rng, 10'000);
    if (draw_idx < 20'001) weights.push_back(lognormal_weight(rng));
  }
  EXPECT_NEAR(poisson_sum / DRAWS, 2.4, 0.02);
  EXPECT_NEAR(below_sum / DRAWS, 4.5, 0.03);
  EXPECT_NEAR(static_cast<double>(ppm_hits) / DRAWS, 0.01, 0.001);
  std::nth_element(weights.begin(), weights.begin() + 10'000, weights.end());
  EXPECT_NEAR(static_cast<double>(weights[10'000]) / 65536.0, 1.0, 0.05);  // lognormal median
  EXPECT_EQ(LOGNORMAL_65536[384], 65536U);
  EXPECT_NEAR(static_cast<double>(LOGNORMAL_65536[448]) / 65536.0, std::exp(1.0), 1e-4);
}

TEST(GenerateRng, ApportionIsExactAndProportional) {
  using namespace internal;
  const std::vector<std::uint64_t> weights{1, 2, 3, 0, 4};
  const auto parts = apportion(101, weights);
  EXPECT_EQ(parts, (std::vector<std::uint64_t>{10, 20, 30, 0, 41}));
  const auto split = apportion(7, std::vector<std::uint64_t>{1, 1, 1});
  EXPECT_EQ(split, (std::vector<std::uint64_t>{3, 2, 2}));
}

TEST(GenerateRng, BijectionsArePermutations) {
  using namespace internal;
  std::vector<bool> seen(1U << 12, false);
  for (std::uint32_t value = 0; value < (1U << 12); ++value) {
    const std::uint32_t image = permute_bits(value, 12, 0x1234);
    ASSERT_LT(image, 1U << 12);
    ASSERT_FALSE(seen[image]);
    seen[image] = true;
  }
  std::set<std::uint32_t> images;
  for (std::uint32_t value = 0; value < 5000; ++value) images.insert(permute_below(value, 5000, 77));
  EXPECT_EQ(images.size(), 5000U);
  EXPECT_LT(*images.rbegin(), 5000U);
}

TEST(GeneratePlan, TiersAndCapsHoldFromOneNodeToTwoMillion) {
  using namespace internal;
  EXPECT_EQ(tier_pool_count(1), 1U);
  EXPECT_EQ(tier_pool_count(5'000), 50U);
  EXPECT_EQ(tier_pool_count(100'000), 300U);
  for (const profile_def& profile : profile_defs()) {
    for (std::uint32_t nodes : {1U, 10U, 200U, 5'000U, 100'000U, 2'000'000U}) {
      const cluster_facts facts = describe_cluster(profile, nodes, 11);
      const cluster_plan plan = plan_cluster(profile, facts, nodes, 11);
      std::uint64_t total = 0;
      std::uint32_t next = 0;
      for (const pool_plan& pool : plan.pools) {
        ASSERT_GE(pool.size, 1U);
        ASSERT_EQ(pool.first_node, next);
        next += pool.size;
        std::uint32_t zone_total = 0;
        for (std::uint32_t zone_nodes : pool.zone_nodes) {
          ASSERT_LE(zone_nodes, POOL_ZONE_CAP) << profile.name << " " << nodes;
          zone_total += zone_nodes;
        }
        ASSERT_EQ(zone_total, pool.size);
        total += pool.size;
      }
      ASSERT_EQ(total, nodes) << profile.name;
      ASSERT_GE(plan.pools.size(), 1U);
    }
  }
}

}  // namespace
}  // namespace dsb::gen
