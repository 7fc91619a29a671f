// Scenario files: every field read, defaults, overrides, and one clear error per bad input
// naming the file, the field path and the line.
#include <gtest/gtest.h>

#include <string>

#include "engine/sim/scenario.hpp"
#include "tests/support/test_paths.hpp"

namespace dsb::sim {
namespace {

result<scenario> parse(const std::string& yaml) { return read_scenario_text(yaml, "s.yaml", "/base"); }

const std::string MINIMAL = "name: m\ncluster: {generate: {nodes: 50}}\ndaemonsets: {files: [a.yaml]}\n";

TEST(Scenario, DurationsAndFractions) {
  EXPECT_EQ(parse_duration("90s"), 90.0);
  EXPECT_EQ(parse_duration("15m"), 900.0);
  EXPECT_EQ(parse_duration("2h"), 7200.0);
  EXPECT_EQ(parse_duration("500ms"), 0.5);
  EXPECT_EQ(parse_duration("1.5"), 1.5);
  EXPECT_FALSE(parse_duration("-1s"));
  EXPECT_FALSE(parse_duration("10 minutes"));
  EXPECT_FALSE(parse_duration(""));
  EXPECT_EQ(parse_fraction("1%"), 0.01);
  EXPECT_EQ(parse_fraction("0.25"), 0.25);
  EXPECT_FALSE(parse_fraction("101%"));
  EXPECT_FALSE(parse_fraction("1.5"));
  EXPECT_FALSE(parse_fraction("x%"));
}

TEST(Scenario, EveryShippedScenarioReads) {
  for (const char* name : {"default", "stress-1m", "stalled-rollout", "surge-rollout", "ondelete-rollout", "init-failure-storm"}) {
    result<scenario> s = read_scenario_file(test::source_path(std::string("datasets/scenarios/") + name + ".yaml"));
    ASSERT_TRUE(s.ok()) << name << ": " << s.err().describe();
    EXPECT_EQ(s->name, name);
    EXPECT_FALSE(s->daemonset_files.empty());
    EXPECT_FALSE(s->timeline.empty());
  }
}

TEST(Scenario, FieldsDefaultsAndRelativePaths) {
  result<scenario> s = parse(R"(
name: full
seed: 9
cluster: {generate: {nodes: 1234, profile: gke, seed: 4}, notReady: 2%}
daemonsets: {files: [m/a.yaml, /abs/b.yaml], limit: 3}
controller: {burstReplicas: 100, syncInterval: 2s, observeDelay: 250ms, workers: 3, syncBase: 20ms, syncPerPod: 2us}
kubelet: {bindDelay: 1s, failRate: 5%, pullMedian: 3s, restartPolicy: OnFailure, podHorizon: 5m}
timeline:
  - {at: 2m, update: {daemonset: ns/a, image: "i:2", maxUnavailable: 10%, maxSurge: 1}}
  - {at: 30s, taint: {selector: "pool=gpu", fraction: 50%, taint: "k=v:NoExecute"}}
  - {at: 1m, churn: {fraction: 1%, over: 10m}}
run: {variant: row_bitset, threads: 1, repetitions: 3, horizon: 1h, timelineInterval: 5s, verifyLifecycle: false}
)");
  ASSERT_TRUE(s.ok()) << s.err().describe();
  EXPECT_EQ(s->seed, 9U);
  EXPECT_EQ(s->cluster.nodes, 1234U);
  EXPECT_EQ(s->cluster.profile, "gke");
  EXPECT_EQ(s->cluster.not_ready, 0.02);
  EXPECT_EQ(s->daemonset_files[0], "/base/m/a.yaml");
  EXPECT_EQ(s->daemonset_files[1], "/abs/b.yaml");
  EXPECT_EQ(s->daemonset_limit, 3U);
  EXPECT_EQ(s->controller.burst_replicas, 100U);
  EXPECT_EQ(s->controller.sync_seconds, 2.0);
  EXPECT_EQ(s->controller.workers, 3U);
  EXPECT_EQ(s->controller.sync_base_seconds, 0.02);
  EXPECT_DOUBLE_EQ(s->controller.sync_per_pod_seconds, 2e-6);
  EXPECT_EQ(s->kubelet.startup.fail_rate, 0.05);
  EXPECT_EQ(s->kubelet.startup.restart_policy, lifecycle::restart_mix::on_failure);
  EXPECT_EQ(s->kubelet.startup.horizon_s, 300.0);
  ASSERT_EQ(s->timeline.size(), 3U);
  EXPECT_EQ(s->timeline[0].kind, action_kind::taint);  // sorted by time
  EXPECT_EQ(s->timeline[0].taint_key, "k");
  EXPECT_EQ(s->timeline[0].taint_value, "v");
  EXPECT_EQ(s->timeline[0].effect, taint_effect::no_execute);
  EXPECT_EQ(s->timeline[0].nodes.label_key, "pool");
  EXPECT_EQ(s->timeline[0].nodes.fraction, 0.5);
  EXPECT_EQ(s->timeline[2].kind, action_kind::update);
  EXPECT_EQ(s->timeline[2].max_unavailable, (int_or_percent{10, true}));
  EXPECT_EQ(s->timeline[2].max_surge, (int_or_percent{1, false}));
  EXPECT_EQ(s->variant, "row_bitset");
  EXPECT_EQ(s->repetitions, 3U);
  EXPECT_FALSE(s->verify_lifecycle);

  result<scenario> m = parse(MINIMAL);
  ASSERT_TRUE(m.ok()) << m.err().describe();
  EXPECT_EQ(m->variant, "column_bitmap");
  EXPECT_EQ(m->controller.burst_replicas, 250U);
  EXPECT_EQ(m->horizon, 3600.0);
}

TEST(Scenario, OverridesForSweeps) {
  result<scenario> s = parse(MINIMAL + "timeline: [{at: 1s, update: {daemonset: a/b}}]\n");
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(apply_override(*s, "maxUnavailable", "25%").ok());
  EXPECT_EQ(s->timeline[0].max_unavailable, (int_or_percent{25, true}));
  ASSERT_TRUE(apply_override(*s, "nodes", "5000").ok());
  EXPECT_EQ(s->cluster.nodes, 5000U);
  ASSERT_TRUE(apply_override(*s, "failRate", "3%").ok());
  EXPECT_EQ(s->kubelet.startup.fail_rate, 0.03);
  const status bad_key = apply_override(*s, "maxUnavail", "1");
  ASSERT_FALSE(bad_key.ok());
  EXPECT_NE(bad_key.err().describe().find("maxUnavail"), std::string::npos);
  EXPECT_FALSE(apply_override(*s, "maxUnavailable", "-1").ok());
  EXPECT_FALSE(apply_override(*s, "maxSurge", "150%").ok());
  EXPECT_FALSE(apply_override(*s, "nodes", "0").ok());
  result<scenario> none = parse(MINIMAL);
  EXPECT_FALSE(apply_override(*none, "maxUnavailable", "1").ok());  // nothing to apply it to
}

TEST(Scenario, OneClearErrorPerBadInput) {
  struct bad_case {
    std::string yaml;
    std::string field;
    std::string message;
  };
  const bad_case cases[] = {
      {"name: [unclosed\n", "", "line"},
      {"- a\n- b\n", "", "one YAML mapping"},
      {"cluster: {generate: {}}\ndaemonsets: {files: [a]}\n", "name", "is required"},
      {"name: x\ndaemonsets: {files: [a]}\n", "cluster", "is required"},
      {"name: x\ncluster: {generate: {}, file: n.json}\ndaemonsets: {files: [a]}\n", "cluster", "exactly one of generate or file"},
      {"name: x\ncluster: {generate: {nodes: -5}}\ndaemonsets: {files: [a]}\n", "cluster.generate.nodes", "non-negative integer"},
      {"name: x\ncluster: {generate: {nodes: 0}}\ndaemonsets: {files: [a]}\n", "cluster.generate.nodes", "must be in [1"},
      {"name: x\ncluster: {generate: {}, notReady: 2}\ndaemonsets: {files: [a]}\n", "cluster.notReady", "fraction"},
      {"name: x\ncluster: {generate: {}}\ndaemonsets: {files: []}\n", "daemonsets.files", "non-empty"},
      {"name: x\ncluster: {generate: {}}\ndaemonsets: {files: [a]}\nclusterr: 1\n", "clusterr", "unknown field"},
      {MINIMAL + "controller: {syncInterval: soon}\n", "controller.syncInterval", "duration"},
      {MINIMAL + "kubelet: {failRate: 2}\n", "kubelet.failRate", "fraction"},
      {MINIMAL + "kubelet: {restartPolicy: Sometimes}\n", "kubelet.restartPolicy", "Always, OnFailure or Never"},
      {MINIMAL + "timeline: [{update: {daemonset: a/b}}]\n", "timeline[0].at", "is required"},
      {MINIMAL + "timeline: [{at: 1s, explode: {}}]\n", "timeline[0].explode", "unknown action"},
      {MINIMAL + "timeline: [{at: 1s, update: {daemonset: a/b}, taint: {taint: k:NoSchedule}}]\n", "timeline[0].taint", "one action per timeline entry"},
      {MINIMAL + "timeline: [{at: 1s, update: {daemonset: noslash}}]\n", "timeline[0].update.daemonset", "namespace/name"},
      {MINIMAL + "timeline: [{at: 1s, update: {daemonset: a/b, maxUnavailable: lots}}]\n", "timeline[0].update.maxUnavailable", "percentage"},
      {MINIMAL + "timeline: [{at: 1s, update: {daemonset: a/b, strategy: Recreate}}]\n", "timeline[0].update.strategy", "RollingUpdate or OnDelete"},
      {MINIMAL + "timeline: [{at: 1s, taint: {taint: k=v}}]\n", "timeline[0].taint.taint", "KEY[=VALUE]:EFFECT"},
      {MINIMAL + "timeline: [{at: 1s, taint: {taint: k=v:Sometimes}}]\n", "timeline[0].taint.taint", "effect must be"},
      {MINIMAL + "timeline: [{at: 1s, churn: {fraction: 1%}}]\n", "timeline[0].churn", "needs fraction and over"},
      {MINIMAL + "timeline: [{at: 1s, loseZone: {}}]\n", "timeline[0].loseZone.zone", "is required"},
      {MINIMAL + "run: {horizon: 0s}\n", "run.horizon", "positive"},
      {MINIMAL + "run: {faults: {breakEverything: true}}\n", "run.faults.breakEverything", "unknown field"},
      {MINIMAL + "run: {verifyLifecycle: maybe}\n", "run.verifyLifecycle", "true or false"},
  };
  for (const bad_case& c : cases) {
    result<scenario> s = parse(c.yaml);
    ASSERT_FALSE(s.ok()) << c.yaml;
    const std::string text = s.err().describe();
    EXPECT_NE(text.find("s.yaml"), std::string::npos) << text;
    if (!c.field.empty()) {
      EXPECT_NE(text.find("field " + c.field), std::string::npos) << text;
    }
    EXPECT_NE(text.find(c.message), std::string::npos) << text;
  }
  result<scenario> missing = read_scenario_file("/nonexistent/scenario.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.err().describe().find("/nonexistent/scenario.yaml"), std::string::npos);
}

}  // namespace
}  // namespace dsb::sim
