// Node ingest: JSON and YAML, lists and single objects, defaulting, strict vs lenient.
#include <string>

#include <gtest/gtest.h>

#include "engine/io/read.hpp"

namespace dsb {
namespace {

using io::input_text;

const char* const NODE_LIST_JSON = R"({
  "apiVersion": "v1", "kind": "List",
  "items": [
    {"apiVersion": "v1", "kind": "Node",
     "metadata": {"name": "ip-10-0-0-1.ec2.internal", "labels": {"kubernetes.io/os": "linux", "zone": "a", "empty": ""},
                  "annotations": {"x": "y"}},
     "spec": {"unschedulable": true,
              "taints": [{"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"},
                         {"key": "dedicated", "value": "infra", "effect": "NoExecute", "timeAdded": "2024-01-01T00:00:00Z"}]},
     "status": {"allocatable": {"cpu": "1930m", "memory": "7291520Ki", "pods": "29", "ephemeral-storage": "18242267924",
                                "nvidia.com/gpu": "2", "hugepages-2Mi": "0", "storage": "9"},
                "capacity": {"cpu": "2", "memory": "8Gi", "pods": "29"},
                "conditions": [{"type": "Ready", "status": "False"}, {"type": "MemoryPressure", "status": "Unknown"}],
                "images": [{"names": ["a"], "sizeBytes": 1}]}},
    {"kind": "Node", "metadata": {"name": "node-b"},
     "status": {"capacity": {"cpu": 4, "memory": "16Gi", "pods": 110}}}
  ]
})";

TEST(ReadNodes, KubectlListJson) {
  const result<cluster> read = io::read_nodes(input_text::from_string("nodes.json", NODE_LIST_JSON));
  ASSERT_TRUE(read.ok()) << read.err().describe();
  const cluster& c = *read;
  ASSERT_EQ(c.node_count(), 2U);
  const node_id first = *c.find_node("ip-10-0-0-1.ec2.internal");
  EXPECT_TRUE(c.nodes.unschedulable.test(first));
  EXPECT_EQ(c.nodes.taints.row(to_index(first)).size(), 2U);
  const taint_def& second_taint = c.taints.def(c.nodes.taints.row(to_index(first))[1]);
  EXPECT_EQ(c.strings.view(second_taint.key), "dedicated");
  EXPECT_EQ(c.strings.view(second_taint.value), "infra");
  EXPECT_EQ(second_taint.effect, taint_effect::no_execute);
  EXPECT_EQ(c.nodes.cpu_allocatable_milli[to_index(first)], 1930);
  EXPECT_EQ(c.nodes.memory_allocatable_bytes[to_index(first)], 7291520LL * 1024);
  EXPECT_EQ(c.nodes.pods_allocatable[to_index(first)], 29);
  EXPECT_EQ(c.nodes.ready(first), condition_status::false_);
  EXPECT_EQ(c.nodes.conditions[to_index(first)][static_cast<std::size_t>(node_condition::memory_pressure)], condition_status::unknown);
  EXPECT_EQ(c.nodes.conditions[to_index(first)][static_cast<std::size_t>(node_condition::disk_pressure)], condition_status::absent);
  // Extended resources: scalar names kept, "storage" ignored like the scheduler does.
  const auto extended = c.nodes.extended_allocatable.row(to_index(first));
  ASSERT_EQ(extended.size(), 2U);
  EXPECT_EQ(c.strings.view(c.resource_names[to_index(extended[0].resource)]), "nvidia.com/gpu");
  EXPECT_EQ(extended[0].amount, 2);
  // Empty label values are present-and-empty.
  const label_key_id empty = *c.find_label_key("empty");
  EXPECT_EQ(c.text(*c.label_of(first, empty)), "");
  // Allocatable defaults to capacity; numbers are quantities too.
  const node_id second = *c.find_node("node-b");
  EXPECT_EQ(c.nodes.cpu_allocatable_milli[to_index(second)], 4000);
  EXPECT_EQ(c.nodes.memory_allocatable_bytes[to_index(second)], 16LL << 30);
  EXPECT_EQ(c.nodes.pods_allocatable[to_index(second)], 110);
  EXPECT_EQ(c.nodes.ready(second), condition_status::absent);
}

TEST(ReadNodes, YamlMultiDocumentAndSingleNodes) {
  const char* yaml = R"(apiVersion: v1
kind: Node
metadata:
  name: a
  labels:
    kubernetes.io/os: linux
    gpu: "true"
    count: "8"
spec:
  taints:
  - key: nvidia.com/gpu
    value: present
    effect: NoSchedule
status:
  allocatable: {cpu: 500m, memory: 1Gi, pods: "10"}
---
---
apiVersion: v1
kind: NodeList
items:
- metadata: {name: b}
- metadata: {name: c}
)";
  const result<cluster> read = io::read_nodes(input_text::from_string("nodes.yaml", yaml));
  ASSERT_TRUE(read.ok()) << read.err().describe();
  ASSERT_EQ(read->node_count(), 3U);
  EXPECT_EQ(read->name(make_id<node_id>(2)), "c");
  EXPECT_EQ(read->nodes.cpu_allocatable_milli[0], 500);
  const label_key_id count = *read->find_label_key("count");
  const label_value_id eight = *read->label_of(make_id<node_id>(0), count);
  EXPECT_TRUE(read->labels.value(eight).is_int64);
  EXPECT_EQ(read->labels.value(eight).int64_value, 8);
}

TEST(ReadNodes, YamlPlainScalarsAreTypedLikeKubernetes) {
  const char* yaml = "kind: Node\nmetadata:\n  name: a\n  labels:\n    version: 1.0\n";
  const result<cluster> read = io::read_nodes(input_text::from_string("n.yaml", yaml));
  ASSERT_FALSE(read.ok());
  const std::string message = read.err().describe();
  EXPECT_NE(message.find("n.yaml"), std::string::npos) << message;
  EXPECT_NE(message.find("Node/a"), std::string::npos) << message;
  EXPECT_NE(message.find("metadata.labels.version"), std::string::npos) << message;
  EXPECT_NE(message.find("expected a string, got number"), std::string::npos) << message;
  EXPECT_NE(message.find("line 5"), std::string::npos) << message;
  const char* yes = "kind: Node\nmetadata:\n  name: a\n  labels:\n    enabled: yes\n";
  EXPECT_FALSE(io::read_nodes(input_text::from_string("n.yaml", yes)).ok()) << "yes is a YAML 1.1 boolean";
  const char* quoted = "kind: Node\nmetadata:\n  name: a\n  labels:\n    version: \"1.0\"\n    enabled: 'yes'\n";
  EXPECT_TRUE(io::read_nodes(input_text::from_string("n.yaml", quoted)).ok());
}

TEST(ReadNodes, StrictRejectsWhatLenientKeeps) {
  const char* json = R"({"kind": "Node", "metadata": {"name": "host_1", "labels": {"bad key!": "x"}}})";
  const auto strict = io::read_nodes(input_text::from_string("n.json", json));
  ASSERT_FALSE(strict.ok());
  EXPECT_NE(strict.err().describe().find("invalid label key \"bad key!\""), std::string::npos) << strict.err().describe();
  const auto bad_name = io::read_nodes(input_text::from_string("n.json", R"({"kind": "Node", "metadata": {"name": "host_1"}})"));
  ASSERT_FALSE(bad_name.ok());
  EXPECT_NE(bad_name.err().describe().find("invalid node name \"host_1\""), std::string::npos) << bad_name.err().describe();
  EXPECT_EQ(bad_name.err().field, "metadata.name");
  const auto lenient = io::read_nodes(input_text::from_string("n.json", json), io::read_options{io::validation::lenient});
  ASSERT_TRUE(lenient.ok()) << lenient.err().describe();
  EXPECT_TRUE(lenient->find_label_key("bad key!").has_value());
  // Lenient still refuses what the model cannot hold: an unknown taint effect.
  const char* effect = R"({"kind": "Node", "metadata": {"name": "a"}, "spec": {"taints": [{"key": "k", "effect": "NoScheduel"}]}})";
  const auto bad_effect = io::read_nodes(input_text::from_string("n.json", effect), io::read_options{io::validation::lenient});
  ASSERT_FALSE(bad_effect.ok());
  EXPECT_EQ(bad_effect.err().field, "spec.taints[0].effect");
}

TEST(ReadNodes, ErrorsNameFileObjectAndField) {
  const char* json = R"({"kind": "NodeList", "items": [{"metadata": {"name": "ok"}},
      {"metadata": {"name": "bad"}, "status": {"allocatable": {"cpu": "2 cores"}}}]})";
  const auto read = io::read_nodes(input_text::from_string("cluster.json", json));
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.err().file, "cluster.json");
  EXPECT_EQ(read.err().object, "Node/bad (items[1])");
  EXPECT_EQ(read.err().field, "status.allocatable.cpu");
  EXPECT_NE(read.err().message.find("invalid quantity \"2 cores\""), std::string::npos);
}

TEST(ReadNodes, WrongKindsAndShapes) {
  EXPECT_FALSE(io::read_nodes(input_text::from_string("p.json", R"({"kind": "Pod", "metadata": {"name": "x"}})")).ok());
  EXPECT_FALSE(io::read_nodes(input_text::from_string("l.json", R"({"kind": "List", "items": [{"metadata": {"name": "x"}}]})")).ok())
      << "items of a List need a kind";
  EXPECT_FALSE(io::read_nodes(input_text::from_string("a.json", "[1, 2]")).ok());
  EXPECT_FALSE(io::read_nodes(input_text::from_string("e.json", "   \n")).ok());
  const auto empty_list = io::read_nodes(input_text::from_string("e.json", R"({"kind": "NodeList", "items": []})"));
  ASSERT_TRUE(empty_list.ok());
  EXPECT_EQ(empty_list->node_count(), 0U);
  const auto duplicate = io::read_nodes(input_text::from_string("d.json", R"({"kind": "NodeList", "items": [{"metadata": {"name": "x"}}, {"metadata": {"name": "x"}}]})"));
  ASSERT_FALSE(duplicate.ok());
  EXPECT_NE(duplicate.err().describe().find("duplicate node name"), std::string::npos);
}

}  // namespace
}  // namespace dsb
