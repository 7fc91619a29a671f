// explain(): every check for one node, with what the node has.
#include <gtest/gtest.h>

#include "engine/io/read.hpp"
#include "engine/predicates/explain.hpp"

namespace dsb {
namespace {

const char* const NODES = R"({"kind": "NodeList", "items": [
  {"metadata": {"name": "gpu-1", "labels": {"kubernetes.io/os": "linux", "gpu": "true", "cores": "0064"}},
   "spec": {"taints": [{"key": "nvidia.com/gpu", "value": "present", "effect": "NoSchedule"},
                       {"key": "soft", "effect": "PreferNoSchedule"},
                       {"key": "node.kubernetes.io/not-ready", "effect": "NoExecute"}]}},
  {"metadata": {"name": "cpu-1", "labels": {"kubernetes.io/os": "windows", "cores": "8"}},
   "spec": {"taints": [{"key": "dedicated", "value": "db", "effect": "NoExecute"}]}}]})";

const char* const DAEMONSET = R"(kind: DaemonSet
metadata: {name: agent, namespace: ops}
spec:
  selector: {matchLabels: {a: b}}
  template:
    metadata: {labels: {a: b}}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions: [{key: gpu, operator: Exists}]
            - matchExpressions: [{key: cores, operator: Gt, values: ["16"]}]
          preferredDuringSchedulingIgnoredDuringExecution:
          - {weight: 5, preference: {matchExpressions: [{key: gpu, operator: In, values: ["true"]}]}}
      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
      containers: [{name: c, image: i}]
)";

struct fixture {
  cluster nodes = io::read_nodes(io::input_text::from_string("n.json", NODES)).value();
  pred::compiled_daemonset ds = pred::compile(io::read_daemonsets(io::input_text::from_string("d.yaml", DAEMONSET)).value().front(), nodes);
};

TEST(Explain, PassingNodeShowsEveryCheckAndTheTolerationUsed) {
  fixture f;
  const auto ex = pred::explain(f.ds, f.nodes, "gpu-1");
  ASSERT_TRUE(ex.has_value());
  EXPECT_TRUE(ex->should_run);
  EXPECT_TRUE(ex->reasons.empty());
  ASSERT_EQ(ex->selector.size(), 1U);
  EXPECT_EQ(ex->selector[0].actual, "linux");
  ASSERT_EQ(ex->terms.size(), 2U);
  EXPECT_TRUE(ex->terms[0].matched);
  EXPECT_TRUE(ex->terms[1].matched) << "0064 parses as 64 > 16";
  ASSERT_EQ(ex->taints.size(), 3U);
  EXPECT_TRUE(ex->taints[0].tolerated);
  EXPECT_NE(ex->taints[0].tolerated_by.find("nvidia.com/gpu Exists"), std::string::npos) << ex->taints[0].tolerated_by;
  EXPECT_FALSE(ex->taints[1].considered) << "PreferNoSchedule is ignored by the controller";
  EXPECT_TRUE(ex->taints[2].tolerated) << "not-ready:NoExecute is a default DaemonSet toleration";
  ASSERT_EQ(ex->preferred.size(), 1U);
  EXPECT_EQ(ex->preferred[0].weight, 5);
  EXPECT_TRUE(ex->preferred[0].matched);
}

TEST(Explain, FailingNodeListsEveryReason) {
  fixture f;
  const auto ex = pred::explain(f.ds, f.nodes, "cpu-1");
  ASSERT_TRUE(ex.has_value());
  EXPECT_FALSE(ex->should_run);
  EXPECT_FALSE(ex->should_continue_running);
  ASSERT_EQ(ex->reasons.size(), 3U);
  EXPECT_NE(ex->reasons[0].find("nodeSelector kubernetes.io/os=linux (node has kubernetes.io/os=windows)"), std::string::npos) << ex->reasons[0];
  EXPECT_NE(ex->reasons[1].find("none of 2 term(s) matches"), std::string::npos) << ex->reasons[1];
  EXPECT_NE(ex->reasons[2].find("untolerated taint dedicated=db:NoExecute"), std::string::npos) << ex->reasons[2];
  EXPECT_EQ(ex->terms[1].checks[0].actual, "cores=8");
  EXPECT_FALSE(pred::explain(f.ds, f.nodes, "missing").has_value());
}

}  // namespace
}  // namespace dsb
