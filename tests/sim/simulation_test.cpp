// The cluster simulator on small scenarios whose rollouts can be checked by hand: budgets,
// stalls, surge, OnDelete, Pending reasons, invariants that fire on injected faults, and
// determinism across variants and thread counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include <tbb/global_control.h>

#include "engine/sim/scenario.hpp"
#include "engine/sim/simulation.hpp"
#include "tests/support/test_paths.hpp"

namespace dsb::sim {
namespace {

std::string data(const std::string& name) { return test::source_path("tests/sim/data/" + name); }

scenario small() {
  result<scenario> s = read_scenario_file(data("small.yaml"));
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.err().describe());
  return std::move(*s);
}

run_result run(const scenario& s) {
  result<run_result> r = run_scenario(s);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.err().describe());
  return std::move(*r);
}

const daemonset_report& report_of(const run_result& r, const std::string& name) {
  const auto it = std::find_if(r.daemonsets.begin(), r.daemonsets.end(), [&](const daemonset_report& d) { return d.name == name; });
  EXPECT_NE(it, r.daemonsets.end()) << name;
  return *it;
}

TEST(Simulation, MaxUnavailableOneReplacesOneNodeAtATime) {
  const run_result r = run(small());
  const daemonset_report& agent = report_of(r, "ops/agent");
  EXPECT_EQ(agent.desired, 10);
  EXPECT_EQ(agent.updated, 10);
  EXPECT_EQ(agent.available, 10);
  EXPECT_EQ(agent.allowed_unavailable, 1);
  EXPECT_EQ(agent.peak_unavailable, 1);
  EXPECT_EQ(r.pod_creates, 10U);
  EXPECT_EQ(r.pod_deletes, 10U);
  EXPECT_EQ(r.pod_starts, 10U);
  EXPECT_EQ(r.invariants.violations, 0U);
  EXPECT_EQ(r.invariants.lifecycle_pods, 10U);
  // One node at a time: each step waits for a sync after the delete (1 s apart), the stop,
  // observation, bind and the init container: at least 10 x 2 s, well under 10 minutes.
  ASSERT_GT(agent.rollout_seconds, 20.0);
  EXPECT_LT(agent.rollout_seconds, 300.0);
  // The timeline never shows more than one unavailable node; from the update on, updated
  // starts at 0 (the old pods no longer carry the current revision) and never goes down.
  std::int64_t updated = 0;
  for (const timeline_row& row : r.timeline) {
    EXPECT_LE(row.unavailable, 1) << "t=" << row.t;
    if (row.t < 10) continue;
    EXPECT_GE(row.updated, updated) << "t=" << row.t;
    updated = row.updated;
  }
  EXPECT_EQ(r.timeline.back().updated, 10);
  EXPECT_EQ(r.timeline.front().updated, 10);  // t = 0: the old revision is current before the update
}

TEST(Simulation, LargerBudgetsRollOutFasterAndUseTheirBudget) {
  scenario s = small();
  ASSERT_TRUE(apply_override(s, "maxUnavailable", "100%").ok());
  const run_result all = run(s);
  const run_result one = run(small());
  const daemonset_report& fast = report_of(all, "ops/agent");
  EXPECT_EQ(fast.allowed_unavailable, 10);
  EXPECT_GE(fast.peak_unavailable, 5);  // seen at syncs; stop times differ per pod
  EXPECT_EQ(fast.updated, 10);
  EXPECT_LT(fast.rollout_seconds, report_of(one, "ops/agent").rollout_seconds / 3);
  EXPECT_EQ(all.invariants.violations, 0U);
}

TEST(Simulation, SurgeKeepsEveryNodeAvailable) {
  scenario s = small();
  ASSERT_TRUE(apply_override(s, "maxSurge", "2").ok());
  ASSERT_TRUE(apply_override(s, "maxUnavailable", "0").ok());
  const run_result r = run(s);
  const daemonset_report& agent = report_of(r, "ops/agent");
  EXPECT_EQ(agent.peak_unavailable, 0);
  EXPECT_EQ(agent.updated, 10);
  EXPECT_GT(agent.rollout_seconds, 0);
  EXPECT_EQ(r.invariants.violations, 0U);  // at most two pods per node
  for (const timeline_row& row : r.timeline) EXPECT_EQ(row.unavailable, 0) << "t=" << row.t;
}

TEST(Simulation, SlowSyncsOnOneWorkerSlowTheRollout) {
  scenario slow = small();
  slow.controller.workers = 1;
  slow.controller.sync_base_seconds = 3;  // each sync holds the only worker for 3 s
  const run_result r = run(slow);
  const run_result fast = run(small());
  const daemonset_report& agent = report_of(r, "ops/agent");
  EXPECT_EQ(agent.updated, 10);
  EXPECT_GT(agent.rollout_seconds, report_of(fast, "ops/agent").rollout_seconds + 10);  // 48 s -> 68 s here
  EXPECT_EQ(r.invariants.violations, 0U);
}

TEST(Simulation, OnDeleteLeavesRunningPodsAlone) {
  scenario s = small();
  s.timeline[0].strategy = update_strategy{update_strategy_type::on_delete, std::nullopt};
  const run_result r = run(s);
  const daemonset_report& agent = report_of(r, "ops/agent");
  EXPECT_EQ(r.pod_deletes, 0U);
  EXPECT_EQ(r.pod_creates, 0U);
  EXPECT_EQ(agent.updated, 0);
  EXPECT_EQ(agent.available, 10);
  EXPECT_LT(agent.rollout_seconds, 0);
}

TEST(Simulation, DeadNodesStallMaxUnavailableOne) {
  scenario s = small();
  timeline_action dead;
  dead.at = 5;
  dead.kind = action_kind::not_ready;
  dead.object = "timeline[1].notReady";
  dead.nodes.label_key = "kubernetes.io/hostname";
  dead.nodes.label_value = "node-3";
  s.timeline.insert(s.timeline.begin(), dead);
  timeline_action dead2 = dead;
  dead2.nodes.label_value = "node-7";
  s.timeline.insert(s.timeline.begin(), dead2);
  const run_result r = run(s);
  const daemonset_report& agent = report_of(r, "ops/agent");
  EXPECT_LT(agent.rollout_seconds, 0);  // stalled
  EXPECT_EQ(agent.updated, 0);          // no healthy node was touched
  EXPECT_EQ(agent.available, 8);
  EXPECT_EQ(r.pod_deletes, 2U);         // only the unavailable pods, stuck terminating on dead nodes
  EXPECT_EQ(r.pod_creates, 0U);
  EXPECT_GT(agent.longest_stall_seconds, 500.0);
  EXPECT_EQ(r.invariants.violations, 0U);
}

TEST(Simulation, NodesBackFromNotReadyUnblockTheRollout) {
  scenario s = small();
  timeline_action down;
  down.at = 5;
  down.kind = action_kind::not_ready;
  down.object = "down";
  down.nodes.label_key = "kubernetes.io/hostname";
  down.nodes.label_value = "node-3";
  timeline_action up = down;
  up.at = 120;
  up.kind = action_kind::ready;
  s.timeline.push_back(down);
  s.timeline.push_back(up);
  std::stable_sort(s.timeline.begin(), s.timeline.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  const run_result r = run(s);
  const daemonset_report& agent = report_of(r, "ops/agent");
  EXPECT_EQ(agent.updated, 10);
  EXPECT_EQ(agent.available, 10);
  EXPECT_GT(agent.rollout_seconds, 110.0);  // waited for node-3
  EXPECT_EQ(r.invariants.violations, 0U);
}

TEST(Simulation, SurgeWithLargeRequestsDeadlocksOnCpu) {
  scenario s = small();
  s.daemonset_files.push_back(data("hog.yaml"));
  // The hog (3.5 of 4 CPUs) fits next to the agent, but a surge rollout wants its new pod
  // beside the old one: the scheduler refuses it for cpu, and the old pod is only deleted
  // once the new one is available. The rollout can never finish.
  timeline_action grow;
  grow.at = 10;
  grow.kind = action_kind::update;
  grow.object = "grow";
  grow.daemonset = "ops/hog";
  grow.image = "example.com/hog:2";
  grow.max_surge = int_or_percent{100, true};
  grow.max_unavailable = int_or_percent{0, false};
  s.timeline.push_back(grow);
  const run_result r = run(s);
  EXPECT_EQ(r.invariants.violations, 0U);
  ASSERT_EQ(r.pending_by_reason.count("Insufficient cpu"), 1U) << "reasons: " << r.pending_by_reason.size();
  EXPECT_EQ(r.pending_by_reason.at("Insufficient cpu"), 9U);
  const daemonset_report& hog = report_of(r, "ops/hog");
  EXPECT_EQ(hog.desired, 9);  // node-9 is in the gpu pool
  EXPECT_EQ(hog.updated, 0);
  EXPECT_EQ(hog.available, 9);
  EXPECT_EQ(hog.pending, 9);
  EXPECT_LT(hog.rollout_seconds, 0);
  EXPECT_EQ(report_of(r, "ops/agent").updated, 10);  // the agent's own rollout is unaffected
}

TEST(Simulation, InjectedFaultsTripTheInvariants) {
  scenario s = small();
  s.inject.ignore_max_unavailable = true;
  const run_result broken = run(s);
  ASSERT_GT(broken.invariants.violations, 0U);
  EXPECT_NE(broken.invariants.first_violations.front().find("maxUnavailable allows 1"), std::string::npos)
      << broken.invariants.first_violations.front();

  scenario dup = small();
  dup.inject.duplicate_creates = true;
  const run_result doubled = run(dup);
  ASSERT_GT(doubled.invariants.violations, 0U);
  EXPECT_NE(doubled.invariants.first_violations.front().find("one pod per node"), std::string::npos) << doubled.invariants.first_violations.front();
}

TEST(Simulation, InitFailuresAreRetriedWithBackOff) {
  scenario s = small();
  ASSERT_TRUE(apply_override(s, "failRate", "50%").ok());
  const run_result r = run(s);
  EXPECT_GT(r.init_failures, 0U);
  EXPECT_GT(r.container_restarts, 0U);
  EXPECT_EQ(r.invariants.violations, 0U);  // the lifecycle verifier accepts every trace
}

TEST(Simulation, ChurnAddsAndRemovesNodes) {
  scenario s = small();
  timeline_action churn;
  churn.at = 1;
  churn.kind = action_kind::churn;
  churn.object = "churn";
  churn.count_fraction = 0.3;
  churn.over = 30;
  s.timeline.insert(s.timeline.begin(), churn);
  const run_result r = run(s);
  EXPECT_EQ(r.nodes_at_end, 10U);
  const daemonset_report& agent = report_of(r, "ops/agent");
  EXPECT_EQ(agent.desired, 10);
  EXPECT_EQ(agent.updated, 10);
  EXPECT_EQ(r.invariants.violations, 0U);
}

TEST(Simulation, PoolUpgradeReplacesEveryNodeOfThePool) {
  result<scenario> parsed = read_scenario_text(R"(
name: upgrade
cluster: {file: nodes-10.yaml}
daemonsets: {files: [agent.yaml]}
timeline:
  - {at: 20s, addNodes: {selector: pool=general, fraction: 100%, labels: {pool: general-v2}}}
  - {at: 60s, removeNodes: {selector: pool=general, fraction: 100%}}
)", "upgrade.yaml", test::source_path("tests/sim/data"));
  ASSERT_TRUE(parsed.ok()) << parsed.err().describe();
  scenario s = *parsed;
  s.kubelet = small().kubelet;
  s.horizon = 300;
  const run_result r = run(s);
  EXPECT_EQ(r.nodes_at_end, 10U);  // nine copies replaced the general pool; the gpu node stayed
  const daemonset_report& agent = report_of(r, "ops/agent");
  EXPECT_EQ(agent.desired, 10);
  EXPECT_EQ(agent.available, 10);
  EXPECT_EQ(r.pod_creates, 9U);    // one pod per new node
  EXPECT_EQ(r.invariants.violations, 0U);
  // At 20-60 s both versions of the pool run the agent.
  bool saw_nineteen = false;
  for (const timeline_row& row : r.timeline) saw_nineteen = saw_nineteen || row.desired == 19;
  EXPECT_TRUE(saw_nineteen);
}

void expect_same(const run_result& a, const run_result& b, const std::string& what) {
  ASSERT_EQ(a.timeline.size(), b.timeline.size()) << what;
  for (std::size_t i = 0; i < a.timeline.size(); ++i) {
    const timeline_row& x = a.timeline[i];
    const timeline_row& y = b.timeline[i];
    ASSERT_TRUE(x.t == y.t && x.daemonset == y.daemonset && x.desired == y.desired && x.current == y.current && x.updated == y.updated &&
                x.available == y.available && x.pending == y.pending)
        << what << " row " << i;
  }
  EXPECT_EQ(a.pod_creates, b.pod_creates) << what;
  EXPECT_EQ(a.cost.events, b.cost.events) << what;
  EXPECT_EQ(a.cost.kubelet_events, b.cost.kubelet_events) << what;
  EXPECT_EQ(a.pending_by_reason, b.pending_by_reason) << what;
  ASSERT_EQ(a.daemonsets.size(), b.daemonsets.size());
  for (std::size_t i = 0; i < a.daemonsets.size(); ++i) EXPECT_EQ(a.daemonsets[i].rollout_seconds, b.daemonsets[i].rollout_seconds) << what;
}

TEST(Simulation, DeterministicForEveryVariantAndThreadCount) {
  // A generated cluster with churn, NotReady nodes and several DaemonSets.
  scenario s = small();
  s.cluster = cluster_source{};
  s.cluster.nodes = 600;
  s.cluster.not_ready = 0.02;
  s.daemonset_files = {test::source_path("datasets/manifests/fleet-30.yaml")};
  s.daemonset_limit = 6;
  s.timeline.clear();
  result<scenario> parsed = read_scenario_text(R"(
name: det
cluster: {generate: {nodes: 600}}
daemonsets: {files: [x.yaml]}
timeline:
  - {at: 5s, churn: {fraction: 2%, over: 60s}}
  - {at: 10s, update: {daemonset: kube-system/kube-proxy, maxUnavailable: 20%}}
  - {at: 20s, taint: {selector: "node.kubernetes.io/instance-type", fraction: 10%, taint: "maint=yes:NoSchedule"}}
  - {at: 40s, loseZone: {zone: eu-west-1a}}
)", "inline", "");
  ASSERT_TRUE(parsed.ok()) << parsed.err().describe();
  s.timeline = parsed->timeline;
  s.horizon = 300;
  const run_result base = run(s);
  EXPECT_GT(base.pod_creates, 0U);
  EXPECT_EQ(base.invariants.violations, 0U);
  expect_same(base, run(s), "rerun");
  for (const char* variant : {"reference", "row_bitset", "incremental"}) {
    scenario v = s;
    v.variant = variant;
    expect_same(base, run(v), variant);
  }
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    expect_same(base, run(s), "1 thread");
  }
  scenario other_seed = s;
  other_seed.seed = 2;
  EXPECT_NE(run(other_seed).cost.kubelet_events, base.cost.kubelet_events);
}

}  // namespace
}  // namespace dsb::sim
