// dsbench reconcile: the DESIGN.md JSON contract on a four-node fixture whose answers are
// worked out by hand (tests/cli/data/reconcile-*.yaml):
//   agent (nodeSelector linux, 600m cpu, hostPort 9100, RollingUpdate maxUnavailable 1)
//     big    old-revision pod, Ready        -> kept: the rollout may not delete it while
//                                              "small" (desired, no pod) is unavailable
//     small  500m allocatable, another pod holds 9100 and 100m -> create, Pending for
//            ports and cpu
//     down   NotReady (not-ready NoSchedule untolerated)        -> not desired
//     gpu    dedicated=gpu:NoSchedule untolerated, has a pod   -> misscheduled, kept
//   everywhere (tolerates everything, 100m cpu): created on all four; Pending on "small"
//     (the agent pod created first in argument order took the cpu) and on "down" (NotReady).
#include <string>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "tests/support/test_paths.hpp"

namespace dsb {
namespace {

test::command_result dsbench(const std::string& args) { return test::run_command(test::dsbench_binary() + " " + args); }
std::string data(const char* name) { return test::source_path(std::string("tests/cli/data/") + name); }

std::string fixture_args() {
  return "reconcile --nodes " + data("reconcile-nodes.yaml") + " --daemonset " + data("reconcile-agent.yaml") + " --daemonset " +
         data("reconcile-everywhere.yaml") + " --pods " + data("reconcile-pods.yaml") + " --now 2026-11-29T10:00:00Z";
}

std::vector<std::string> strings_of(simdjson::dom::element array) {
  std::vector<std::string> out;
  const simdjson::dom::array items = array.get_array().value();
  for (auto item : items) out.emplace_back(item.get_string().value());
  return out;
}

TEST(ReconcileCli, JsonGivesStatusPlanAndPendingReasons) {
  for (const char* controller : {"column", "reference"}) {
    const auto run = dsbench(fixture_args() + " --format json --controller " + controller);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    simdjson::dom::parser parser;
    const auto doc = parser.parse(run.out).value();
    EXPECT_EQ(doc["nodes"].get_uint64().value(), 4U);
    const auto daemonsets = doc["daemonsets"].get_array().value();
    ASSERT_EQ(daemonsets.size(), 2U);

    const auto agent = daemonsets.at(0).value();
    EXPECT_EQ(std::string(agent["daemonset"].get_string().value()), "ops/agent");
    const std::string revision(agent["revision"].get_string().value());
    EXPECT_FALSE(revision.empty());
    EXPECT_EQ(revision.find_first_not_of("bcdfghjklmnpqrstvwxz2456789"), std::string::npos) << "rand.SafeEncodeString alphabet: " << revision;
    const auto status = agent["status"];
    EXPECT_EQ(status["desiredNumberScheduled"].get_int64().value(), 2);
    EXPECT_EQ(status["currentNumberScheduled"].get_int64().value(), 1);
    EXPECT_EQ(status["numberMisscheduled"].get_int64().value(), 1);
    EXPECT_EQ(status["numberReady"].get_int64().value(), 1);
    EXPECT_EQ(status["numberAvailable"].get_int64().value(), 1);
    EXPECT_EQ(status["numberUnavailable"].get_int64().value(), 1);
    EXPECT_EQ(status["updatedNumberScheduled"].get_int64().value(), 0);
    EXPECT_EQ(status["observedGeneration"].get_int64().value(), 2);
    EXPECT_EQ(strings_of(agent["create"].value()), std::vector<std::string>{"small"});
    EXPECT_TRUE(strings_of(agent["delete"].value()).empty()) << "maxUnavailable 1 is used up by the empty desired node";
    const auto pending = agent["pending"].get_array().value();
    ASSERT_EQ(pending.size(), 1U);
    EXPECT_EQ(std::string(pending.at(0)["node"].get_string().value()), "small");
    const auto reasons = strings_of(pending.at(0)["reasons"].value());
    EXPECT_EQ(reasons, (std::vector<std::string>{"node(s) didn't have free ports for the requested pod ports", "Insufficient cpu"}));

    const auto everywhere = daemonsets.at(1).value();
    EXPECT_EQ(everywhere["status"]["desiredNumberScheduled"].get_int64().value(), 4);
    EXPECT_EQ(strings_of(everywhere["create"].value()), (std::vector<std::string>{"big", "small", "down", "gpu"}));
    const auto later = everywhere["pending"].get_array().value();
    ASSERT_EQ(later.size(), 2U);
    EXPECT_EQ(std::string(later.at(0)["node"].get_string().value()), "small");
    EXPECT_EQ(strings_of(later.at(0)["reasons"].value()), std::vector<std::string>{"Insufficient cpu"});
    EXPECT_EQ(std::string(later.at(1)["node"].get_string().value()), "down");
    EXPECT_TRUE(doc["seconds"]["total"].is_double());
  }
}

TEST(ReconcileCli, RolloutDeletesTheOldPodOnceTheBudgetAllows) {
  // Give "small" a current, Ready agent pod: the only
  // unavailable desired node is gone, so maxUnavailable 1 lets the old pod on "big" go.
  const std::string pods = ::testing::TempDir() + "dsb-reconcile-pods.yaml";
  std::string text = test::read_text(data("reconcile-pods.yaml"));
  text += R"(- kind: Pod
  metadata:
    name: agent-new-small
    namespace: ops
    labels: {app: agent}
    ownerReferences: [{apiVersion: apps/v1, kind: DaemonSet, name: agent, uid: uid-agent, controller: true}]
    creationTimestamp: "2026-11-29T09:00:00Z"
  spec:
    nodeName: small
    containers: [{name: agent, image: example.com/agent:2.0}]
  status:
    phase: Running
    conditions: [{type: Ready, status: "True", lastTransitionTime: "2026-11-29T09:01:00Z"}]
)";
  FILE* out = std::fopen(pods.c_str(), "w");
  ASSERT_NE(out, nullptr);
  std::fwrite(text.data(), 1, text.size(), out);
  std::fclose(out);
  const auto run = dsbench("reconcile --nodes " + data("reconcile-nodes.yaml") + " --daemonset " + data("reconcile-agent.yaml") + " --pods " + pods +
                           " --now 2026-11-29T10:00:00Z --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  simdjson::dom::parser parser;
  const auto agent = parser.parse(run.out).value()["daemonsets"].at(0).value();
  EXPECT_EQ(strings_of(agent["delete"].value()), std::vector<std::string>{"agent-old-big"});
  EXPECT_TRUE(strings_of(agent["create"].value()).empty());
  EXPECT_EQ(agent["status"]["currentNumberScheduled"].get_int64().value(), 2);
}

TEST(ReconcileCli, TextNamesTheCountsAndReasons) {
  const auto run = dsbench(fixture_args());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("DaemonSet ops/agent"), std::string::npos);
  EXPECT_NE(run.out.find("desired 2, current 1, misscheduled 1"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("node is NotReady"), std::string::npos) << run.out;
}

TEST(ReconcileCli, BadInputsExitTwoWithOneMessage) {
  const auto bad_time = dsbench(fixture_args() + " --now yesterday");
  EXPECT_EQ(bad_time.exit_code, 2);
  EXPECT_NE(bad_time.err.find("--now"), std::string::npos) << bad_time.err;
  const auto missing = dsbench("reconcile --nodes gen:10 --daemonset " + data("reconcile-agent.yaml") + " --pods /nonexistent/pods.json");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("/nonexistent/pods.json"), std::string::npos) << missing.err;
  EXPECT_TRUE(missing.out.empty()) << "no partial output";
  const auto variant = dsbench("reconcile --nodes gen:10 --daemonset " + data("reconcile-agent.yaml") + " --variant nope");
  EXPECT_EQ(variant.exit_code, 2);
}

TEST(ReconcileCli, GeneratedClusterIsDeterministicAcrossVariantsAndThreads) {
  const std::string base = "reconcile --nodes gen:3000:eks:4 --daemonset " + test::source_path("datasets/manifests/fleet-30.yaml") +
                           " --now 2026-11-29T10:00:00Z --format json";
  const auto strip_seconds = [](const std::string& json) { return json.substr(0, json.rfind("\"seconds\"")); };
  const auto first = dsbench(base);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  for (const char* extra : {" --threads 1", " --variant reference --controller reference", " --variant incremental --threads 2"}) {
    const auto other = dsbench(base + extra);
    ASSERT_EQ(other.exit_code, 0) << other.err;
    std::string lhs = strip_seconds(first.out);
    std::string rhs = strip_seconds(other.out);
    // The header names the variant and controller; the rest must be byte-identical.
    lhs = lhs.substr(lhs.find("\"daemonsets\""));
    rhs = rhs.substr(rhs.find("\"daemonsets\""));
    EXPECT_EQ(lhs, rhs) << extra;
  }
}

}  // namespace
}  // namespace dsb
