// `dsbench audit` end to end: the level each realistic manifest needs, JSON output parsed and
// checked, --require gating (exit 1), bad input (exit 2 with one message naming file,
// object and field).
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "tests/support/test_paths.hpp"

namespace dsb {
namespace {

test::command_result dsbench(const std::string& args) { return test::run_command(test::dsbench_binary() + " " + args); }
std::string manifest(const std::string& name) { return test::source_path("datasets/manifests/" + name); }
std::string fixture(const std::string& name) { return test::source_path("tests/audit/data/" + name); }

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "dsb-audit-" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

struct level_case {
  std::string path;
  std::string level;
};

// What each shipped manifest actually contains decides its level: the datasets/manifests
// files are trimmed to placement fields (no securityContext, no volumes), so none reaches
// restricted; host namespaces or host ports make them privileged.
TEST(AuditCli, RealisticManifestsNeedTheirLevel) {
  const std::vector<level_case> cases = {
      {manifest("cilium-agent.yaml"), "privileged"},          // hostNetwork, hostPorts 4244/9962
      {manifest("kube-proxy.yaml"), "privileged"},            // hostNetwork
      {manifest("node-agent.yaml"), "privileged"},            // hostNetwork, hostPID
      {manifest("node-exporter.yaml"), "privileged"},         // hostNetwork, hostPID
      {manifest("control-plane-agent.yaml"), "baseline"},     // no securityContext: fails restricted only
      {manifest("ebs-csi-node.yaml"), "baseline"},
      {manifest("fluent-bit.yaml"), "baseline"},              // trimmed: no hostPath volumes in this file
      {manifest("nvidia-device-plugin.yaml"), "baseline"},
      {fixture("cilium-full.yaml"), "privileged"},            // CNI agent with its real security settings
      {fixture("fluent-bit-hostpath.yaml"), "privileged"},    // read-only hostPath still needs privileged
      {fixture("plain-agent-restricted.yaml"), "restricted"},  // a plain agent can be restricted
  };
  for (const level_case& c : cases) {
    const auto run = dsbench("audit --format json " + c.path);
    ASSERT_EQ(run.exit_code, 0) << c.path << "\n" << run.err;
    simdjson::dom::parser parser;
    const auto doc = parser.parse(run.out).value();
    ASSERT_EQ(doc["workloads"].get_array().size(), 1u) << c.path;
    EXPECT_EQ(std::string(doc["workloads"].at(0)["level"].get_string().value()), c.level) << c.path;
  }
}

std::vector<std::string> checks_of(simdjson::dom::element workload, const std::string& container) {
  std::vector<std::string> out;
  for (simdjson::dom::element v : workload["violations"].get_array()) {
    const bool pod_level = v["container"].is_null();
    if (container == "(pod)" ? pod_level : (!pod_level && std::string(v["container"].get_string().value()) == container)) {
      out.emplace_back(v["check"].get_string().value());
    }
  }
  return out;
}

bool has(const std::vector<std::string>& items, const std::string& item) { return std::find(items.begin(), items.end(), item) != items.end(); }

TEST(AuditCli, CniAgentJsonNamesEveryFailingCheckPerContainer) {
  const auto run = dsbench("audit --format json " + fixture("cilium-full.yaml"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  simdjson::dom::parser parser;
  const auto doc = parser.parse(run.out).value();
  EXPECT_EQ(std::string(doc["standard"].get_string().value()), "Pod Security Standards");
  EXPECT_EQ(std::string(doc["version"].get_string().value()), "v1.35");
  const simdjson::dom::element w = doc["workloads"].at(0).value();
  EXPECT_EQ(std::string(w["kind"].get_string().value()), "DaemonSet");
  EXPECT_EQ(std::string(w["namespace"].get_string().value()), "kube-system");
  EXPECT_EQ(std::string(w["name"].get_string().value()), "cilium");

  const auto pod = checks_of(w, "(pod)");
  EXPECT_TRUE(has(pod, "hostNamespaces"));
  EXPECT_TRUE(has(pod, "hostPathVolumes"));
  EXPECT_TRUE(has(pod, "restrictedVolumes"));
  const auto bpf = checks_of(w, "mount-bpf-fs");
  EXPECT_TRUE(has(bpf, "privileged"));
  EXPECT_TRUE(has(bpf, "allowPrivilegeEscalation"));
  const auto cgroup = checks_of(w, "mount-cgroup");
  EXPECT_TRUE(has(cgroup, "capabilities_baseline"));
  EXPECT_TRUE(has(cgroup, "seLinuxOptions"));
  EXPECT_FALSE(has(cgroup, "privileged"));
  const auto agent = checks_of(w, "cilium-agent");
  for (const char* id : {"capabilities_baseline", "hostPorts", "seLinuxOptions", "hostProbesAndHostLifecycle", "runAsNonRoot",
                         "seccompProfile_restricted", "capabilities_restricted"}) {
    EXPECT_TRUE(has(agent, id)) << id;
  }
  // Seven hostPath volumes, each its own violation with its field path.
  std::size_t host_paths = 0;
  for (simdjson::dom::element v : w["violations"].get_array()) {
    if (std::string(v["check"].get_string().value()) != "hostPathVolumes") continue;
    ++host_paths;
    EXPECT_TRUE(std::string(v["field"].get_string().value()).starts_with("spec.template.spec.volumes["));
    EXPECT_EQ(std::string(v["level"].get_string().value()), "baseline");
  }
  EXPECT_EQ(host_paths, 7u);
  // The agent keeps SYS_ADMIN etc. although mount-bpf-fs already runs privileged.
  bool privileged_app = false;
  for (simdjson::dom::element f : w["findings"].get_array()) {
    if (std::string(f["practice"].get_string().value()) == "privileged-app-container" &&
        std::string(f["container"].get_string().value()) == "cilium-agent") {
      privileged_app = true;
    }
  }
  EXPECT_TRUE(privileged_app);
  EXPECT_EQ(doc["counts"]["privileged"].get_uint64().value(), 1u);
  EXPECT_TRUE(doc["require"].is_null());
  EXPECT_TRUE(doc["requireMet"].get_bool().value());
}

// The fleet file's DaemonSets carry no securityContext and no volumes, so an independent
// oracle is textual: a document is privileged exactly when it sets a host namespace or a
// host port, baseline otherwise.
TEST(AuditCli, FleetOfThirtyMatchesTextualOracle) {
  const std::string text = test::read_text(manifest("fleet-30.yaml"));
  std::size_t expected_privileged = 0;
  std::size_t documents = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find("\n---", start);
    if (end == std::string::npos) end = text.size();
    const std::string doc = text.substr(start, end - start);
    if (doc.find("kind: DaemonSet") != std::string::npos) {
      ++documents;
      if (doc.find("hostNetwork: true") != std::string::npos || doc.find("hostPID: true") != std::string::npos ||
          doc.find("hostIPC: true") != std::string::npos || doc.find("hostPort:") != std::string::npos) {
        ++expected_privileged;
      }
    }
    start = end + 4;
  }
  ASSERT_EQ(documents, 30u);
  ASSERT_EQ(text.find("securityContext"), std::string::npos) << "oracle assumption broken: update this test";
  ASSERT_EQ(text.find("volumes:"), std::string::npos) << "oracle assumption broken: update this test";

  const auto run = dsbench("audit --format json " + manifest("fleet-30.yaml"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  simdjson::dom::parser parser;
  const auto doc = parser.parse(run.out).value();
  EXPECT_EQ(doc["workloads"].get_array().size(), 30u);
  EXPECT_EQ(doc["counts"]["privileged"].get_uint64().value(), expected_privileged);
  EXPECT_EQ(doc["counts"]["baseline"].get_uint64().value(), 30u - expected_privileged);
  EXPECT_EQ(doc["counts"]["restricted"].get_uint64().value(), 0u);
}

TEST(AuditCli, RequireGatesTheExitCode) {
  EXPECT_EQ(dsbench("audit --require baseline " + manifest("cilium-agent.yaml")).exit_code, 1);
  EXPECT_EQ(dsbench("audit --require privileged " + manifest("cilium-agent.yaml")).exit_code, 0);
  EXPECT_EQ(dsbench("audit --require baseline " + manifest("control-plane-agent.yaml")).exit_code, 0);
  EXPECT_EQ(dsbench("audit --require restricted " + manifest("control-plane-agent.yaml")).exit_code, 1);
  EXPECT_EQ(dsbench("audit --require restricted " + fixture("plain-agent-restricted.yaml")).exit_code, 0);
  // One workload below the bar fails the whole run.
  const auto mixed = dsbench("audit --require restricted --format json " + fixture("plain-agent-restricted.yaml") + " " +
                             manifest("fluent-bit.yaml"));
  EXPECT_EQ(mixed.exit_code, 1);
  simdjson::dom::parser parser;
  const auto doc = parser.parse(mixed.out).value();
  EXPECT_EQ(std::string(doc["require"].get_string().value()), "restricted");
  EXPECT_FALSE(doc["requireMet"].get_bool().value());
  EXPECT_EQ(doc["workloads"].get_array().size(), 2u);
}

TEST(AuditCli, TextOutputGroupsByLevel) {
  const auto run = dsbench("audit " + fixture("plain-agent-restricted.yaml") + " " + fixture("fluent-bit-hostpath.yaml") + " " +
                           manifest("control-plane-agent.yaml") + " --require baseline");
  EXPECT_EQ(run.exit_code, 1);
  const std::string& out = run.out;
  EXPECT_NE(out.find("Pod Security Standards v1.35: 3 workloads: 1 restricted, 1 baseline, 1 privileged"), std::string::npos) << out;
  const std::size_t privileged = out.find("\nprivileged (1)");
  const std::size_t baseline = out.find("\nbaseline (1)");
  const std::size_t restricted = out.find("\nrestricted (1)");
  ASSERT_NE(privileged, std::string::npos) << out;
  ASSERT_NE(baseline, std::string::npos) << out;
  ASSERT_NE(restricted, std::string::npos) << out;
  EXPECT_LT(privileged, baseline);
  EXPECT_LT(baseline, restricted);
  EXPECT_NE(out.find("DaemonSet logging/fluent-bit"), std::string::npos);
  EXPECT_NE(out.find("hostPathVolumes"), std::string::npos);
  EXPECT_NE(out.find("require baseline: NOT met by 1 workload"), std::string::npos) << out;
}

TEST(AuditCli, PracticesCanBeLeftOut) {
  const auto with = dsbench("audit --format json " + fixture("practices.yaml"));
  const auto without = dsbench("audit --format json --no-practices " + fixture("practices.yaml"));
  ASSERT_EQ(with.exit_code, 0);
  ASSERT_EQ(without.exit_code, 0);
  simdjson::dom::parser parser_with;
  simdjson::dom::parser parser_without;
  EXPECT_EQ(parser_with.parse(with.out).value()["workloads"].at(0)["findings"].get_array().size(), 4u);
  EXPECT_EQ(parser_without.parse(without.out).value()["workloads"].at(0)["findings"].get_array().size(), 0u);
}

void expect_one_error_line(const test::command_result& run, const std::vector<std::string>& parts) {
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(run.out.empty()) << run.out;
  ASSERT_FALSE(run.err.empty());
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
  for (const std::string& part : parts) EXPECT_NE(run.err.find(part), std::string::npos) << "missing \"" << part << "\" in: " << run.err;
}

TEST(AuditCli, BadInputExitsTwoWithOneMessage) {
  const std::string malformed = write_temp("malformed.yaml", "kind: DaemonSet\nmetadata: {name: x\n");
  expect_one_error_line(dsbench("audit " + malformed), {malformed, "malformed YAML", "line"});

  const std::string wrong_type = write_temp("wrong-type.yaml",
                                            "kind: DaemonSet\nmetadata: {name: agent, namespace: ops}\nspec:\n  template:\n    spec:\n"
                                            "      hostNetwork: \"true\"\n      containers: [{name: a, image: x}]\n");
  expect_one_error_line(dsbench("audit " + wrong_type), {wrong_type, "DaemonSet/ops/agent", "field spec.template.spec.hostNetwork", "line 6"});

  const std::string wrong_cap = write_temp("wrong-cap.json",
                                           R"({"kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"a","securityContext":{"capabilities":{"add":"NET_ADMIN"}}}]}})");
  expect_one_error_line(dsbench("audit " + wrong_cap), {wrong_cap, "Pod/p", "field spec.containers[0].securityContext.capabilities.add", "expected an array"});

  expect_one_error_line(dsbench("audit /nonexistent/agent.yaml"), {"/nonexistent/agent.yaml", "cannot open"});

  // A good file before a bad one: nothing is printed, the run fails as a whole.
  expect_one_error_line(dsbench("audit " + manifest("kube-proxy.yaml") + " " + wrong_type), {wrong_type});
}

TEST(AuditCli, UsageErrorsExitTwo) {
  EXPECT_EQ(dsbench("audit --require strict " + manifest("kube-proxy.yaml")).exit_code, 2);
  EXPECT_EQ(dsbench("audit").exit_code, 2);
}

TEST(AuditCli, ReadsStandardInput) {
  const auto run = test::run_command("cat " + fixture("plain-agent-restricted.yaml") + " | " + test::dsbench_binary() + " audit --require restricted -");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("<stdin>"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace dsb
