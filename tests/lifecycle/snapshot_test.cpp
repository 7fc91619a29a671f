// The verifier on Pod snapshots (kubectl get pods -o json): one pod per invariant it can
// refute, a clean pod, sequences of snapshots of one pod (same uid), and the parallel and
// serial verifiers agreeing.
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "engine/io/read.hpp"
#include "engine/lifecycle/verify.hpp"
#include "tests/support/test_paths.hpp"

namespace dsb {
namespace {

using namespace lifecycle;

std::string pod_json(const std::string& name, const std::string& uid, const std::string& spec, const std::string& status) {
  return R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")" + name + R"(","namespace":"t","uid":")" + uid + R"("},"spec":)" + spec +
         R"(,"status":)" + status + "}";
}

const std::string APP_ONLY = R"({"containers":[{"name":"app"}]})";
const std::string WITH_SIDECAR = R"({"initContainers":[{"name":"setup"},{"name":"mesh","restartPolicy":"Always"}],"containers":[{"name":"app"}]})";
const std::string NEVER_WITH_SIDECAR = R"({"restartPolicy":"Never","initContainers":[{"name":"mesh","restartPolicy":"Always"}],"containers":[{"name":"app"}]})";

std::vector<pod> read_list(const std::vector<std::string>& items) {
  std::string json = R"({"apiVersion":"v1","kind":"List","items":[)";
  for (std::size_t idx = 0; idx < items.size(); ++idx) json += (idx > 0 ? "," : "") + items[idx];
  json += "]}";
  auto pods = io::read_pods(io::input_text::from_string("pods.json", json));
  EXPECT_TRUE(pods.ok()) << (pods.ok() ? "" : pods.err().describe());
  return pods.ok() ? std::move(*pods) : std::vector<pod>{};
}

// Violations as comparable tuples (pod index, container, invariant, detail), in report order.
std::vector<std::string> flat(const verify_report& report) {
  std::vector<std::string> out;
  for (const violation& found : report.violations) {
    out.push_back(std::to_string(found.pod) + " " + std::to_string(found.container) + " " + std::string(to_string(found.id)) + " " + found.detail);
  }
  return out;
}

std::map<std::string, std::set<std::string>> ids_by_pod(const std::vector<pod>& pods, const verify_report& report) {
  std::map<std::string, std::set<std::string>> out;
  for (const violation& found : report.violations) out[pods[found.pod].metadata.name].insert(std::string(to_string(found.id)));
  return out;
}

TEST(Snapshots, EachRefutableInvariant) {
  const std::vector<std::string> items = {
      pod_json("clean", "u0", WITH_SIDECAR,
               R"({"phase":"Running","startTime":"2026-01-01T00:00:00Z","conditions":[{"type":"Initialized","status":"True"},{"type":"ContainersReady","status":"True"},{"type":"Ready","status":"True"}],
                   "initContainerStatuses":[{"name":"setup","ready":true,"state":{"terminated":{"exitCode":0,"startedAt":"2026-01-01T00:00:01Z","finishedAt":"2026-01-01T00:00:02Z"}}},
                                            {"name":"mesh","ready":true,"started":true,"state":{"running":{"startedAt":"2026-01-01T00:00:03Z"}}}],
                   "containerStatuses":[{"name":"app","ready":true,"started":true,"restartCount":2,"state":{"running":{"startedAt":"2026-01-01T00:05:00Z"}},
                                         "lastState":{"terminated":{"exitCode":1,"startedAt":"2026-01-01T00:01:00Z","finishedAt":"2026-01-01T00:04:00Z"}}}]})"),
      pod_json("sidecar-fails-pod", "u1", NEVER_WITH_SIDECAR,
               R"({"phase":"Failed","initContainerStatuses":[{"name":"mesh","state":{"terminated":{"exitCode":1,"startedAt":"2026-01-01T00:00:01Z"}}}],
                   "containerStatuses":[{"name":"app","state":{"terminated":{"exitCode":0}}}]})"),
      pod_json("succeeded-with-failure", "u2", APP_ONLY, R"({"phase":"Succeeded","containerStatuses":[{"name":"app","state":{"terminated":{"exitCode":1}}}]})"),
      pod_json("failed-while-running", "u3", APP_ONLY, R"({"phase":"Failed","containerStatuses":[{"name":"app","ready":true,"state":{"running":{}}}]})"),
      pod_json("ready-but-not-containers", "u4", APP_ONLY,
               R"({"phase":"Running","conditions":[{"type":"ContainersReady","status":"False"},{"type":"Ready","status":"True"}],
                   "containerStatuses":[{"name":"app","ready":false,"state":{"running":{}}}]})"),
      pod_json("ready-while-pending", "u5", APP_ONLY,
               R"({"phase":"Pending","conditions":[{"type":"ContainersReady","status":"True"},{"type":"Ready","status":"True"}],
                   "containerStatuses":[{"name":"app","ready":true,"state":{"running":{}}}]})"),
      pod_json("started-before-pod", "u6", APP_ONLY,
               R"({"phase":"Running","startTime":"2026-01-01T00:00:10Z","containerStatuses":[{"name":"app","ready":true,"state":{"running":{"startedAt":"2026-01-01T00:00:05Z"}}}]})"),
      pod_json("restart-too-soon", "u7", APP_ONLY,
               R"({"phase":"Running","containerStatuses":[{"name":"app","restartCount":3,"state":{"running":{"startedAt":"2026-01-01T00:00:22Z"}},
                   "lastState":{"terminated":{"exitCode":1,"startedAt":"2026-01-01T00:00:10Z","finishedAt":"2026-01-01T00:00:20Z"}}}]})"),
      pod_json("sidecar-finished-first", "u8", NEVER_WITH_SIDECAR,
               R"({"phase":"Succeeded","initContainerStatuses":[{"name":"mesh","state":{"terminated":{"exitCode":143,"startedAt":"2026-01-01T00:00:01Z","finishedAt":"2026-01-01T00:00:10Z"}}}],
                   "containerStatuses":[{"name":"app","state":{"terminated":{"exitCode":0,"startedAt":"2026-01-01T00:00:02Z","finishedAt":"2026-01-01T00:00:20Z"}}}]})"),
      pod_json("odd-waiting-reason", "u9", APP_ONLY, R"({"phase":"Pending","containerStatuses":[{"name":"app","state":{"waiting":{"reason":"Sleeping"}}}]})"),
      pod_json("terminated-backwards", "u10", APP_ONLY,
               R"({"phase":"Running","containerStatuses":[{"name":"app","restartCount":1,"state":{"running":{"startedAt":"2026-01-01T00:01:00Z"}},
                   "lastState":{"terminated":{"exitCode":1,"startedAt":"2026-01-01T00:00:30Z","finishedAt":"2026-01-01T00:00:20Z"}}}]})"),
  };
  const std::vector<pod> pods = read_list(items);
  ASSERT_EQ(pods.size(), items.size());
  const verify_report report = verify_snapshots(pods);
  const auto found = ids_by_pod(pods, report);
  const std::map<std::string, std::set<std::string>> expected = {
      {"sidecar-fails-pod", {"SC-2"}},
      {"succeeded-with-failure", {"PH-4"}},
      {"failed-while-running", {"PH-5"}},
      {"ready-but-not-containers", {"CD-3"}},
      {"ready-while-pending", {"CD-4"}},
      {"started-before-pod", {"RC-4"}},
      {"restart-too-soon", {"BO-1"}},
      {"sidecar-finished-first", {"SC-3"}},
      {"odd-waiting-reason", {"RC-5"}},
      {"terminated-backwards", {"RC-4"}},
  };
  EXPECT_EQ(found, expected);
  EXPECT_EQ(report.pods, items.size());
  const verify_report serial = verify_snapshots_serial(pods);
  EXPECT_EQ(ids_by_pod(pods, serial), found);
}

TEST(Snapshots, SequencesOfOnePod) {
  const std::string running = R"({"phase":"Running","containerStatuses":[{"name":"app","ready":true,"restartCount":5,"state":{"running":{}},"lastState":{"terminated":{"exitCode":1}}}]})";
  const std::string fewer_restarts = R"({"phase":"Running","containerStatuses":[{"name":"app","ready":true,"restartCount":3,"state":{"running":{}},"lastState":{"terminated":{"exitCode":1}}}]})";
  const std::string failed = R"({"phase":"Failed","containerStatuses":[{"name":"app","state":{"terminated":{"exitCode":1}}}]})";
  const std::string pending = R"({"phase":"Pending","containerStatuses":[{"name":"app","restartCount":5,"state":{"waiting":{"reason":"ContainerCreating"}},"lastState":{"terminated":{"exitCode":137}}}]})";
  const std::string pending_new_sandbox =
      R"({"phase":"Pending","conditions":[{"type":"PodReadyToStartContainers","status":"False"}],"containerStatuses":[{"name":"app","restartCount":5,"state":{"waiting":{"reason":"ContainerCreating"}},"lastState":{"terminated":{"exitCode":137}}}]})";
  const std::vector<pod> pods = read_list({
      pod_json("count-down", "s1", APP_ONLY, running), pod_json("count-down", "s1", APP_ONLY, fewer_restarts),
      pod_json("leaves-failed", "s2", APP_ONLY, failed), pod_json("leaves-failed", "s2", APP_ONLY, running),
      pod_json("back-to-pending", "s3", APP_ONLY, running), pod_json("back-to-pending", "s3", APP_ONLY, pending),
      pod_json("new-sandbox", "s4", APP_ONLY, running), pod_json("new-sandbox", "s4", APP_ONLY, pending_new_sandbox),
  });
  ASSERT_EQ(pods.size(), 8U);
  const verify_report report = verify_snapshots(pods);
  EXPECT_EQ(report.pods, 4U) << "snapshots of one uid are one pod";
  EXPECT_EQ(report.events, 8U);
  const auto found = ids_by_pod(pods, report);
  const std::map<std::string, std::set<std::string>> expected = {{"count-down", {"RC-1"}}, {"leaves-failed", {"PH-2"}}, {"back-to-pending", {"PH-7"}}};
  EXPECT_EQ(found, expected);
}

TEST(Snapshots, TheFixturePodList) {
  auto pods = io::read_pods_file(test::source_path("datasets/traces/pods-snapshot.json"));
  ASSERT_TRUE(pods.ok()) << pods.err().describe();
  const verify_report report = verify_snapshots(*pods);
  const auto found = ids_by_pod(*pods, report);
  const std::map<std::string, std::set<std::string>> expected = {{"agent-b8d5f", {"ORD-1", "ORD-2"}}, {"agent-q9w2r", {"PH-6", "RC-5"}}};
  EXPECT_EQ(found, expected);
}

// Enough pods for many parallel tasks (64 pods each), some snapshots of one uid, violations
// spread over them: the report equals the serial one for any thread count.
TEST(Snapshots, ParallelEqualsSerialForAnyThreadCount) {
  const std::string clean = R"({"phase":"Running","containerStatuses":[{"name":"app","ready":true,"started":true,"state":{"running":{}}}]})";
  const std::string succeeded_with_failure = R"({"phase":"Succeeded","containerStatuses":[{"name":"app","state":{"terminated":{"exitCode":1}}}]})";
  const std::string failed_while_running = R"({"phase":"Failed","containerStatuses":[{"name":"app","ready":true,"state":{"running":{}}}]})";
  const std::string fewer_restarts = R"({"phase":"Running","containerStatuses":[{"name":"app","ready":true,"restartCount":3,"state":{"running":{}},"lastState":{"terminated":{"exitCode":1}}}]})";
  const std::string more_restarts = R"({"phase":"Running","containerStatuses":[{"name":"app","ready":true,"restartCount":5,"state":{"running":{}},"lastState":{"terminated":{"exitCode":1}}}]})";
  std::vector<std::string> items;
  for (int idx = 0; idx < 1'500; ++idx) {
    const std::string n = std::to_string(idx);
    items.push_back(pod_json("clean-" + n, "c" + n, APP_ONLY, clean));
    items.push_back(pod_json(idx % 3 == 0 ? "bad-" + n : "ok-" + n, "b" + n, APP_ONLY, idx % 3 == 0 ? succeeded_with_failure : clean));
    if (idx % 7 == 0) items.push_back(pod_json("running-" + n, "r" + n, APP_ONLY, failed_while_running));
    if (idx % 5 == 0) {  // two snapshots of one pod, restart count going down
      items.push_back(pod_json("seq-" + n, "s" + n, APP_ONLY, more_restarts));
      items.push_back(pod_json("seq-" + n, "s" + n, APP_ONLY, fewer_restarts));
    }
  }
  const std::vector<pod> pods = read_list(items);
  ASSERT_EQ(pods.size(), items.size());
  const verify_report serial = verify_snapshots_serial(pods);
  ASSERT_GT(serial.violations.size(), 500U);
  for (std::size_t threads : {1, 2, 4}) {
    SCOPED_TRACE(threads);
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    const verify_report parallel = verify_snapshots(pods);
    EXPECT_EQ(parallel.pods, serial.pods);
    EXPECT_EQ(parallel.events, serial.events);
    EXPECT_EQ(flat(parallel), flat(serial));
  }
}

}  // namespace
}  // namespace dsb
