// DaemonSet and Pod ingest: fields, defaulting, validation.
#include <string>

#include <gtest/gtest.h>

#include "engine/io/read.hpp"
#include "tests/support/vectors.hpp"

namespace dsb {
namespace {

using io::input_text;

const char* const NODE_AGENT = R"(apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  namespace: kube-system
  labels: {app: node-agent}
spec:
  selector:
    matchLabels: {app: node-agent}
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 10%
  minReadySeconds: 5
  template:
    metadata:
      labels: {app: node-agent}
    spec:
      hostNetwork: true
      nodeSelector:
        kubernetes.io/os: linux
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: eks.amazonaws.com/compute-type, operator: NotIn, values: [fargate]}
              - {key: karpenter.k8s.aws/instance-cpu, operator: Gt, values: ["2"]}
            - matchFields:
              - {key: metadata.name, operator: In, values: [special-node]}
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 10
            preference:
              matchExpressions: [{key: zone, operator: In, values: [a]}]
      tolerations:
      - operator: Exists
      - {key: CriticalAddonsOnly, operator: Exists}
      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
      initContainers:
      - name: setup
        image: busybox
        command: [sh, -c, "until test -f /ready; do sleep 1; done"]
      - name: proxy
        image: envoy
        restartPolicy: Always
        startupProbe: {httpGet: {path: /, port: 9901}, periodSeconds: 2}
      containers:
      - name: agent
        image: agent:1.2
        ports:
        - {containerPort: 9100, name: metrics}
        - {containerPort: 53, protocol: UDP, hostPort: 53}
        resources:
          limits: {cpu: 200m, memory: 256Mi}
          requests: {cpu: 100m}
)";

TEST(ReadDaemonSets, SeedNodeAgentManifest) {
  const auto read = io::read_daemonsets(input_text::from_string("node-agent.yaml", NODE_AGENT));
  ASSERT_TRUE(read.ok()) << read.err().describe();
  ASSERT_EQ(read->size(), 1U);
  const daemonset& ds = read->front();
  EXPECT_EQ(ds.metadata.qualified_name(), "kube-system/node-agent");
  EXPECT_EQ(ds.metadata.generation, 1);
  ASSERT_TRUE(ds.selector.has_value());
  EXPECT_EQ(ds.selector->match_labels.at("app"), "node-agent");
  ASSERT_TRUE(ds.strategy.rolling.has_value());
  EXPECT_EQ(ds.strategy.rolling->max_unavailable, (int_or_percent{10, true}));
  EXPECT_EQ(ds.strategy.rolling->max_surge, (int_or_percent{0, false}));
  EXPECT_EQ(ds.min_ready_seconds, 5);
  EXPECT_EQ(ds.revision_history_limit, 10);
  const pod_spec& spec = ds.template_.spec;
  EXPECT_TRUE(spec.host_network);
  EXPECT_EQ(spec.node_selector.at("kubernetes.io/os"), "linux");
  const node_selector* required = spec.required_node_affinity();
  ASSERT_NE(required, nullptr);
  ASSERT_EQ(required->terms.size(), 2U);
  EXPECT_EQ(required->terms[0].match_expressions[0].op, selector_operator::not_in);
  EXPECT_EQ(required->terms[0].match_expressions[1].op, selector_operator::gt);
  EXPECT_EQ(required->terms[1].match_fields[0].values[0], "special-node");
  ASSERT_EQ(spec.affinity_->node->preferred.size(), 1U);
  EXPECT_EQ(spec.affinity_->node->preferred[0].weight, 10);
  ASSERT_EQ(spec.tolerations.size(), 3U);
  EXPECT_EQ(spec.tolerations[0].op, toleration_operator::exists);
  EXPECT_TRUE(spec.tolerations[0].key.empty());
  EXPECT_EQ(spec.tolerations[0].effect, toleration_effect::all);
  EXPECT_EQ(spec.tolerations[2].toleration_seconds, 300);
  ASSERT_EQ(spec.init_containers.size(), 2U);
  EXPECT_FALSE(spec.init_containers[0].is_sidecar());
  EXPECT_TRUE(spec.init_containers[1].is_sidecar());
  ASSERT_TRUE(spec.init_containers[1].startup_probe.has_value());
  EXPECT_EQ(spec.init_containers[1].startup_probe->period_seconds, 2);
  EXPECT_EQ(spec.init_containers[1].startup_probe->failure_threshold, 3);
  const container& agent = spec.containers[0];
  EXPECT_EQ(agent.ports[0].protocol, port_protocol::tcp) << "protocol defaults to TCP";
  EXPECT_EQ(agent.ports[0].host_port, 0) << "templates are not pod-defaulted";
  EXPECT_EQ(agent.ports[1].protocol, port_protocol::udp);
  EXPECT_FALSE(agent.resources.requests.contains("memory")) << "requests-from-limits is Pod defaulting only";
}

TEST(ReadDaemonSets, DefaultingVectors) {
  // daemonset.json kind "defaulting": DEF-01 empty strategy, DEF-02 OnDelete, DEF-03 only maxSurge.
  const auto cases = test::vectors("daemonset.json", "kind", "defaulting");
  ASSERT_EQ(cases.size(), 3U);
  for (simdjson::dom::element vector : cases) {
    const std::string id = test::get_string(vector, "id");
    simdjson::dom::element input;
    ASSERT_EQ(vector["input"].get(input), simdjson::SUCCESS);
    // Wrap the vector's spec fragment into a minimal valid DaemonSet.
    std::string json = test::to_json(input);
    json = R"({"kind":"DaemonSet","metadata":{"name":"ds"},"spec":{"selector":{"matchLabels":{"a":"b"}},)"
           R"("template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}},)" +
           json.substr(json.find("\"updateStrategy\""), json.rfind('}') - json.find("\"updateStrategy\"")) + "}";
    const auto lenient = io::read_daemonsets(input_text::from_string(id, json), io::read_options{io::validation::lenient});
    ASSERT_TRUE(lenient.ok()) << id << ": " << lenient.err().describe();
    const daemonset& ds = lenient->front();
    EXPECT_EQ(ds.revision_history_limit, 10) << id;
    std::string_view type;
    ASSERT_EQ(vector["expect"]["spec"]["updateStrategy"]["type"].get_string().get(type), simdjson::SUCCESS);
    EXPECT_EQ(to_string(ds.strategy.type), type) << id;
    simdjson::dom::element rolling;
    if (vector["expect"]["spec"]["updateStrategy"]["rollingUpdate"].get(rolling) == simdjson::SUCCESS) {
      ASSERT_TRUE(ds.strategy.rolling.has_value()) << id;
      std::int64_t unavailable = 0;
      ASSERT_EQ(rolling["maxUnavailable"].get_int64().get(unavailable), simdjson::SUCCESS);
      EXPECT_EQ(ds.strategy.rolling->max_unavailable, (int_or_percent{static_cast<std::int32_t>(unavailable), false})) << id;
      std::int64_t surge = 0;
      std::string_view surge_text;
      if (rolling["maxSurge"].get_int64().get(surge) == simdjson::SUCCESS) {
        EXPECT_EQ(ds.strategy.rolling->max_surge, (int_or_percent{static_cast<std::int32_t>(surge), false})) << id;
      } else {
        ASSERT_EQ(rolling["maxSurge"].get_string().get(surge_text), simdjson::SUCCESS);
        EXPECT_EQ(ds.strategy.rolling->max_surge.to_string(), surge_text) << id;
      }
    } else {
      EXPECT_FALSE(ds.strategy.rolling.has_value()) << id << ": OnDelete keeps rollingUpdate absent";
    }
    const auto strict = io::read_daemonsets(input_text::from_string(id, json));
    std::string_view validation;
    if (vector["expect"]["validation"].get_string().get(validation) == simdjson::SUCCESS) {
      ASSERT_FALSE(strict.ok()) << id;
      EXPECT_NE(strict.err().message.find("may not be set when maxUnavailable is non-zero"), std::string::npos) << strict.err().describe();
      EXPECT_EQ(strict.err().field, "spec.updateStrategy.rollingUpdate.maxSurge");
    } else {
      EXPECT_TRUE(strict.ok()) << id << ": " << strict.err().describe();
    }
  }
}

TEST(ReadDaemonSets, ValidationFailuresNameTheField) {
  struct bad_case {
    const char* patch_from;
    const char* patch_to;
    const char* field;
    const char* message;
  };
  const bad_case cases[] = {
      {"operator: NotIn, values: [fargate]", "operator: notin, values: [fargate]",
       "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator",
       "unsupported operator \"notin\""},
      {"{key: metadata.name, operator: In, values: [special-node]}", "{key: metadata.name, operator: In, values: [a, b]}",
       "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[1].matchFields[0].values",
       "exactly one value"},
      {"- {key: CriticalAddonsOnly, operator: Exists}", "- {key: CriticalAddonsOnly, operator: Exists, effect: NoSchedul}",
       "spec.template.spec.tolerations[1].effect", "unsupported effect \"NoSchedul\""},
      {"- operator: Exists", "- operator: Equal", "spec.template.spec.tolerations[0].operator", "operator must be Exists when key is empty"},
      {"limits: {cpu: 200m, memory: 256Mi}", "limits: {cpu: 50m, memory: 256Mi}", "spec.template.spec.containers[0].resources",
       "must be less than or equal to the limit"},
      {"{containerPort: 9100, name: metrics}", "{containerPort: 70000, name: metrics}", "spec.template.spec.containers[0].ports[0].containerPort",
       "between 1 and 65535"},
      {"requests: {cpu: 100m}", "requests: {cpu: 1 core}", "spec.template.spec.containers[0].resources.requests.cpu", "invalid quantity"},
      {"maxUnavailable: 10%", "maxUnavailable: 10", "", ""},  // fine: an int
      {"maxUnavailable: 10%", "maxUnavailable: \"10\"", "spec.updateStrategy.rollingUpdate.maxUnavailable", "percentage"},
      {"matchLabels: {app: node-agent}\n  updateStrategy", "matchLabels: {app: other}\n  updateStrategy", "spec.selector",
       "selector does not match template labels"},
      {"kubernetes.io/os: linux", "kubernetes.io/os: Linux Server", "spec.template.spec.nodeSelector[\"kubernetes.io/os\"]",
       "invalid label value"},
      {"type: RollingUpdate", "type: Rolling", "spec.updateStrategy.type", "unsupported update strategy"},
  };
  for (const bad_case& bad : cases) {
    std::string yaml = NODE_AGENT;
    const auto at = yaml.find(bad.patch_from);
    ASSERT_NE(at, std::string::npos) << bad.patch_from;
    yaml.replace(at, std::string(bad.patch_from).size(), bad.patch_to);
    const auto read = io::read_daemonsets(input_text::from_string("ds.yaml", yaml));
    if (std::string(bad.field).empty()) {
      EXPECT_TRUE(read.ok()) << bad.patch_to << ": " << read.err().describe();
      continue;
    }
    ASSERT_FALSE(read.ok()) << bad.patch_to;
    EXPECT_EQ(read.err().field, bad.field) << read.err().describe();
    EXPECT_NE(read.err().message.find(bad.message), std::string::npos) << read.err().describe();
    EXPECT_EQ(read.err().object, "DaemonSet/kube-system/node-agent");
    EXPECT_FALSE(read.err().location.empty()) << "YAML errors carry a line";
  }
}

TEST(ReadDaemonSets, MultiDocumentAndLists) {
  std::string yaml = std::string(NODE_AGENT) + "---\n" + NODE_AGENT;
  yaml.replace(yaml.rfind("name: node-agent\n  namespace"), 16, "name: node-agt-2");
  const auto read = io::read_daemonsets(input_text::from_string("two.yaml", yaml));
  ASSERT_TRUE(read.ok()) << read.err().describe();
  ASSERT_EQ(read->size(), 2U);
  EXPECT_EQ((*read)[1].metadata.name, "node-agt-2");
  const auto wrong = io::read_daemonsets(input_text::from_string("n.json", R"({"kind": "Node", "metadata": {"name": "x"}})"));
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.err().message.find("expected kind DaemonSet"), std::string::npos);
}

TEST(ReadPods, PodDefaultingAndStatus) {
  const char* json = R"({"kind": "PodList", "items": [{
    "metadata": {"name": "agent-x", "namespace": "kube-system", "creationTimestamp": "2024-05-01T00:00:00Z",
                 "ownerReferences": [{"apiVersion": "apps/v1", "kind": "DaemonSet", "name": "agent", "uid": "u1", "controller": true}]},
    "spec": {"nodeName": "n1", "hostNetwork": true,
             "containers": [{"name": "c", "image": "i", "ports": [{"containerPort": 9100}],
                             "resources": {"limits": {"cpu": "1", "nvidia.com/gpu": "1"}}}]},
    "status": {"phase": "Running", "startTime": "2024-05-01T00:00:05Z",
               "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2024-05-01T00:00:09Z"}],
               "containerStatuses": [{"name": "c", "ready": true, "restartCount": 2, "started": true,
                                      "state": {"running": {"startedAt": "2024-05-01T00:00:08Z"}},
                                      "lastState": {"terminated": {"exitCode": 1, "reason": "Error"}}}]}}]})";
  const auto read = io::read_pods(input_text::from_string("pods.json", json));
  ASSERT_TRUE(read.ok()) << read.err().describe();
  const pod& p = read->front();
  EXPECT_EQ(p.metadata.controller_ref()->name, "agent");
  EXPECT_EQ(p.spec.node_name, "n1");
  EXPECT_EQ(p.spec.containers[0].ports[0].host_port, 9100) << "hostNetwork defaulting";
  EXPECT_EQ(p.spec.containers[0].resources.requests.at("cpu").milli_value(), 1000) << "requests from limits";
  EXPECT_EQ(p.spec.containers[0].resources.requests.at("nvidia.com/gpu").value(), 1);
  EXPECT_EQ(p.status.phase, pod_phase::running);
  EXPECT_EQ(p.status.condition("Ready")->status, condition_status::true_);
  EXPECT_EQ(p.status.container_statuses[0].restart_count, 2);
  EXPECT_EQ(p.status.container_statuses[0].state.kind, container_state_kind::running);
  EXPECT_EQ(p.status.container_statuses[0].last_state.exit_code, 1);
  EXPECT_EQ(*p.metadata.creation_timestamp, 1714521600);
}

}  // namespace
}  // namespace dsb
