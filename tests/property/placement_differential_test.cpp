// Differential property test: thousands of random clusters and DaemonSets; every variant
// must equal the reference bit for bit (outcome sets and every reason set), with 1 and 2
// threads, and explain() must agree with the placement on sampled nodes.
//
// The random inputs aim at the edges: rare and common values (sparse vs dense postings),
// numeric values with leading zeros and signs for Gt/Lt, empty values, absent keys under
// NotIn/DoesNotExist, empty terms, unknown operators (lenient), matchFields with names that
// exist or not, NoExecute vs NoSchedule vs PreferNoSchedule, Equal/Exists tolerations with
// empty keys and effects, duplicate keys in expressions.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "engine/model/cluster_builder.hpp"
#include "engine/model/cluster_edit.hpp"
#include "engine/predicates/explain.hpp"
#include "engine/predicates/variants.hpp"

namespace dsb {
namespace {

const std::vector<std::string> KEYS{"zone", "pool", "gpu", "cpu", "rack", "os", "team", "tier", "kubernetes.io/hostname"};
const std::vector<std::string> VALUES{"a", "b", "c", "", "true", "linux", "2", "10", "0206", "-3", "x1", "9223372036854775807"};
const std::vector<std::string> TAINT_KEYS{"dedicated", "gpu", "node.kubernetes.io/not-ready", "node.kubernetes.io/unschedulable",
                                          "node.kubernetes.io/network-unavailable", "spot"};

struct generator {
  std::mt19937_64 rng;
  explicit generator(std::uint64_t seed) : rng(seed) {}
  std::size_t pick(std::size_t count) { return std::uniform_int_distribution<std::size_t>(0, count - 1)(rng); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng); }
  const std::string& any(const std::vector<std::string>& options) { return options[pick(options.size())]; }

  cluster make_cluster(std::size_t nodes) {
    cluster_builder builder(nodes);
    // Per key a skewed value distribution so some values are dense and others sparse.
    for (std::size_t node_idx = 0; node_idx < nodes; ++node_idx) {
      std::vector<label_entry> labels;
      for (const std::string& key : KEYS) {
        if (!chance(0.75)) continue;
        const label_key_id key_id = builder.key(key);
        std::string value = key == "kubernetes.io/hostname" ? "node-" + std::to_string(node_idx)
                            : chance(0.7)                     ? VALUES[pick(3)]
                                                              : any(VALUES);
        if (key == "rack" && chance(0.5)) value = "r" + std::to_string(pick(nodes));  // many rare values
        labels.push_back({key_id, builder.value(key_id, value)});
      }
      std::vector<taint_id> taints;
      for (const std::string& key : TAINT_KEYS) {
        if (!chance(0.12)) continue;
        const auto effect = static_cast<taint_effect>(pick(3));
        const taint_id taint = builder.taint(key, chance(0.5) ? "" : any(VALUES), effect);
        bool duplicate = false;
        for (taint_id seen : taints) duplicate = duplicate || seen == taint;
        if (!duplicate) taints.push_back(taint);
      }
      const std::string name = node_idx == 7 && chance(0.3) ? std::string() : "node-" + std::to_string(node_idx);
      node_record record;
      record.name = name;
      record.labels = labels;
      record.taints = taints;
      builder.add_node(record);
    }
    return std::move(builder).finish().value();
  }

  selector_requirement requirement(bool field, std::size_t nodes) {
    selector_requirement req;
    static const std::vector<std::string> OPS{"In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt", "in", "Bogus"};
    static const std::vector<std::string> FIELD_OPS{"In", "NotIn", "Exists"};
    req.op_text = field ? any(FIELD_OPS) : OPS[chance(0.95) ? pick(6) : 6 + pick(2)];
    req.op = parse_selector_operator(req.op_text);
    req.key = field ? (chance(0.9) ? "metadata.name" : "metadata.uid") : any(KEYS);
    const std::size_t value_count = field ? (chance(0.9) ? 1 : pick(3)) : pick(4);
    for (std::size_t idx = 0; idx < value_count; ++idx) {
      req.values.push_back(field ? (chance(0.8) ? "node-" + std::to_string(pick(nodes + 3)) : std::string()) : any(VALUES));
    }
    if ((req.op == selector_operator::gt || req.op == selector_operator::lt) && chance(0.8)) {
      req.values = {std::to_string(static_cast<long long>(pick(12)) - 2)};
    }
    return req;
  }

  daemonset make_daemonset(std::size_t nodes) {
    daemonset ds;
    ds.metadata.name = "ds";
    pod_spec& spec = ds.template_.spec;
    spec.host_network = chance(0.3);
    if (chance(0.05)) spec.node_name = "node-" + std::to_string(pick(nodes + 2));
    for (std::size_t idx = pick(3); idx > 0; --idx) spec.node_selector[any(KEYS)] = chance(0.7) ? VALUES[pick(3)] : any(VALUES);
    if (chance(0.7)) {
      node_affinity node_aff;
      node_selector required;
      for (std::size_t term_idx = pick(4); term_idx > 0; --term_idx) {
        node_selector_term term;
        for (std::size_t idx = pick(4); idx > 0; --idx) term.match_expressions.push_back(requirement(false, nodes));
        if (chance(0.2)) term.match_fields.push_back(requirement(true, nodes));
        required.terms.push_back(std::move(term));
      }
      node_aff.required = std::move(required);
      spec.affinity_ = dsb::affinity{std::move(node_aff), false, false};
    }
    for (std::size_t idx = pick(4); idx > 0; --idx) {
      toleration tol;
      static const std::vector<std::string> OPS{"", "Equal", "Exists", "Gt", "exists"};
      static const std::vector<std::string> EFFECTS{"", "NoSchedule", "NoExecute", "PreferNoSchedule", "Bogus"};
      tol.op_text = any(OPS);
      tol.op = parse_toleration_operator(tol.op_text);
      tol.key = chance(0.2) ? std::string() : any(TAINT_KEYS);
      tol.value = tol.op == toleration_operator::exists ? std::string() : (chance(0.5) ? std::string() : any(VALUES));
      tol.effect_text = any(EFFECTS);
      tol.effect = parse_toleration_effect(tol.effect_text);
      spec.tolerations.push_back(std::move(tol));
    }
    return ds;
  }
};

TEST(PlacementDifferential, EveryVariantEqualsReferenceOnRandomInputs) {
  std::size_t cases = 0;
  std::size_t nonempty_reasons = 0;
  for (std::uint64_t cluster_seed = 1; cluster_seed <= 60; ++cluster_seed) {
    generator gen(cluster_seed);
    const std::size_t nodes = std::vector<std::size_t>{1, 2, 63, 64, 65, 200, 1000, 4096 + 33, 20000}[gen.pick(9)];
    const cluster c = gen.make_cluster(nodes);
    const pred::evaluation_context ctx(c);
    for (int ds_idx = 0; ds_idx < 40; ++ds_idx) {
      const daemonset ds = gen.make_daemonset(nodes);
      const pred::compiled_daemonset compiled = pred::compile(ds, c);
      const pred::placement expected = pred::evaluate_reference(compiled, ctx);
      for (const pred::exclusion& reason : expected.reasons) nonempty_reasons += (reason.nodes.count() > 0) ? 1 : 0;
      for (std::size_t threads : {1, 2}) {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
        for (const pred::variant& entry : pred::variants()) {
          const pred::placement got = entry.evaluate(compiled, ctx);
          ASSERT_EQ(got, expected) << "variant " << entry.name << ", cluster seed " << cluster_seed << ", daemonset " << ds_idx
                                   << ", threads " << threads << ", nodes " << nodes;
        }
      }
      // explain agrees with the placement on a few nodes.
      for (int probe = 0; probe < 3; ++probe) {
        const auto node = make_id<node_id>(gen.pick(nodes));
        const auto explained = pred::explain(compiled, c, c.name(node));
        ASSERT_TRUE(explained.has_value());
        EXPECT_EQ(explained->should_run, expected.should_run.test(node));
        EXPECT_EQ(explained->should_continue_running, expected.should_continue_running.test(node));
      }
      ++cases;
    }
  }
  EXPECT_EQ(cases, 2400U);
  EXPECT_GT(nonempty_reasons, 1000U) << "the generator should exercise exclusions";
}

// The parallel paths at scale: column_bitmap runs chunks (16,384 nodes each) in parallel only
// from 16 chunks on (~262k nodes), which the random clusters above never reach; this cluster
// has 17 chunks, the last one partial. Also the target of `make check-tsan`.
TEST(PlacementDifferential, ParallelChunksEqualReferenceAtScale) {
  constexpr std::size_t NODES = 16 * 16'384 + 1'000;
  generator gen(20261129);
  const cluster c = gen.make_cluster(NODES);
  const pred::evaluation_context ctx(c);
  for (int ds_idx = 0; ds_idx < 4; ++ds_idx) {
    const daemonset ds = gen.make_daemonset(NODES);
    const pred::compiled_daemonset compiled = pred::compile(ds, c);
    const pred::placement expected = pred::evaluate_reference(compiled, ctx);
    for (std::size_t threads : {1, 2}) {
      tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
      for (const pred::variant& entry : pred::variants()) {
        ASSERT_EQ(entry.evaluate(compiled, ctx), expected) << "variant " << entry.name << ", daemonset " << ds_idx << ", threads " << threads;
      }
    }
  }
}

// Clusters changed in place (labels copied or given new values, taints swapped, nodes
// removed and added): every variant, on a fresh context and recompiled programs, equals the
// reference; removed nodes are in no set; and the live nodes' outcomes equal those of a
// cluster rebuilt from scratch with the same facts.
TEST(PlacementDifferential, VariantsAgreeOnEditedClusters) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    generator gen(seed * 7919);
    const std::size_t nodes = std::vector<std::size_t>{64, 65, 1000, 4096 + 33, 20000}[gen.pick(5)];
    cluster c = gen.make_cluster(nodes);
    std::vector<node_spec> specs;
    for (std::uint32_t idx = 0; idx < c.node_count(); ++idx) specs.push_back(node_spec::of(c, make_id<node_id>(idx)));
    int added = 0;
    for (int step = 0; step < 400; ++step) {
      const auto idx = static_cast<std::uint32_t>(gen.pick(specs.size()));
      const auto node = make_id<node_id>(idx);
      if (c.nodes.removed.test(node)) continue;
      node_spec spec = specs[idx];
      switch (gen.pick(6)) {
        case 0: spec.labels = specs[gen.pick(specs.size())].labels; break;
        case 1: spec.taints = specs[gen.pick(specs.size())].taints; break;
        case 2:
          spec.labels.emplace_back(gen.chance(0.5) ? "zone" : "edited", gen.chance(0.5) ? gen.any(VALUES) : std::to_string(gen.pick(100)));
          std::stable_sort(spec.labels.begin(), spec.labels.end(), [](const auto& l, const auto& r) { return l.first < r.first; });
          spec.labels.erase(std::unique(spec.labels.begin(), spec.labels.end(), [](const auto& l, const auto& r) { return l.first == r.first; }),
                            spec.labels.end());
          break;
        case 3: {
          remove_node(c, node);
          node_spec tomb;
          tomb.name = spec.name;
          for (auto& condition : tomb.conditions) condition = condition_status::absent;
          specs[idx] = tomb;
          continue;
        }
        case 4: {
          spec.name = "added-" + std::to_string(added++);
          add_node(c, spec);
          specs.push_back(spec);
          continue;
        }
        default: spec.taints.clear(); break;
      }
      update_node(c, node, spec);
      specs[idx] = spec;
    }
    ASSERT_GT(c.nodes.live_count(), 0U);
    const cluster rebuilt = build_cluster(specs).value();
    const pred::evaluation_context ctx(c);
    const pred::evaluation_context rebuilt_ctx(rebuilt);
    node_set live = c.nodes.removed;
    live.flip();
    for (int ds_idx = 0; ds_idx < 25; ++ds_idx) {
      const daemonset ds = gen.make_daemonset(specs.size());
      const pred::compiled_daemonset compiled = pred::compile(ds, c);
      const pred::placement expected = pred::evaluate_reference(compiled, ctx);
      EXPECT_TRUE(expected.should_continue_running.disjoint(c.nodes.removed)) << "seed " << seed;
      for (const pred::exclusion& reason : expected.reasons) {
        EXPECT_TRUE(reason.nodes.materialize(c.node_count()).disjoint(c.nodes.removed)) << "seed " << seed;
      }
      for (const pred::variant& entry : pred::variants()) {
        ASSERT_EQ(entry.evaluate(compiled, ctx), expected) << "variant " << entry.name << ", seed " << seed << ", daemonset " << ds_idx;
      }
      const pred::placement fresh = pred::evaluate_reference(pred::compile(ds, rebuilt), rebuilt_ctx);
      node_set fresh_run = fresh.should_run;
      fresh_run &= live;
      node_set fresh_continue = fresh.should_continue_running;
      fresh_continue &= live;
      ASSERT_EQ(fresh_run, expected.should_run) << "seed " << seed << ", daemonset " << ds_idx;
      ASSERT_EQ(fresh_continue, expected.should_continue_running) << "seed " << seed << ", daemonset " << ds_idx;
    }
  }
}

}  // namespace
}  // namespace dsb
