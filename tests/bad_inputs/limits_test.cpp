// Extreme but legal inputs (issue 8): each works within the documented limits, or fails with
// one clear error, and nothing takes quadratic time. Large inputs are generated here, never
// checked in. Time bounds are generous sanity checks against quadratic behaviour (a release
// build does each case in well under a second on a 2-vCPU VM); sanitizer builds skip them.
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/io/read.hpp"
#include "engine/predicates/compile.hpp"
#include "engine/predicates/variants.hpp"

namespace dsb {
namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || !defined(NDEBUG)
constexpr bool TIMED = false;  // sanitizers and -O0 are 3-20x slower: only correctness
#else
constexpr bool TIMED = true;
#endif
constexpr double BOUND_SECONDS = 10.0;

class stopwatch {
 public:
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

io::input_text text(std::string name, const std::string& body) { return io::input_text::from_string(std::move(name), body); }

cluster read_cluster(const std::string& json, io::validation mode = io::validation::strict) {
  auto read = io::read_nodes(text("nodes.json", json), {mode, io::input_format::automatic});
  EXPECT_TRUE(read.ok()) << (read.ok() ? "" : read.err().describe());
  return read.ok() ? std::move(read).value() : cluster{};
}

daemonset read_one_daemonset(const std::string& body, io::validation mode = io::validation::strict) {
  auto read = io::read_daemonsets(text("ds.yaml", body), {mode, io::input_format::automatic});
  EXPECT_TRUE(read.ok()) << (read.ok() ? "" : read.err().describe());
  EXPECT_EQ(read.ok() ? read->size() : 0U, 1U);
  return read.ok() && !read->empty() ? (*read)[0] : daemonset{};
}

std::string daemonset_yaml(const std::string& pod_spec_extra) {
  return "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, namespace: kube-system}\n"
         "spec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n"
         "    spec:\n" + pod_spec_extra + "      containers: [{name: agent, image: 'agent:1'}]\n";
}

std::string affinity(const std::string& terms) {
  return "      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n"
         "            nodeSelectorTerms:\n" + terms;
}

// Every variant agrees with reference; returns should_run.
node_set place(const daemonset& ds, const cluster& c) {
  const pred::compiled_daemonset compiled = pred::compile(ds, c);
  const pred::evaluation_context ctx(c);
  const pred::placement expected = pred::evaluate_reference(compiled, ctx);
  for (const pred::variant& v : pred::variants()) {
    EXPECT_TRUE(v.evaluate(compiled, ctx) == expected) << v.name;
  }
  return expected.should_run;
}

TEST(Limits, NodeWithTenThousandLabels) {
  std::string json = R"({"apiVersion":"v1","kind":"Node","metadata":{"name":"big","labels":{)";
  for (int idx = 0; idx < 10'000; ++idx) json += (idx ? ",\"" : "\"") + ("example.com/key-" + std::to_string(idx)) + "\":\"v" + std::to_string(idx) + "\"";
  json += "}}}";
  const stopwatch clock;
  const cluster c = read_cluster(json);
  ASSERT_EQ(c.node_count(), 1U);
  const node_set run = place(read_one_daemonset(daemonset_yaml("      nodeSelector: {example.com/key-9999: v9999}\n")), c);
  EXPECT_EQ(run.count(), 1U);
  const node_set none = place(read_one_daemonset(daemonset_yaml("      nodeSelector: {example.com/key-9999: v1}\n")), c);
  EXPECT_EQ(none.count(), 0U);
  if (TIMED) {
    EXPECT_LT(clock.seconds(), BOUND_SECONDS);
  }
}

TEST(Limits, DaemonSetWithThousandAffinityTerms) {
  std::string nodes = R"({"apiVersion":"v1","kind":"NodeList","items":[)";
  for (int idx = 0; idx < 2'000; ++idx) {
    nodes += (idx ? "," : "") + std::string(R"({"metadata":{"name":"n)") + std::to_string(idx) + R"(","labels":{"rack":"r)" +
             std::to_string(idx) + R"(","gen":")" + std::to_string(idx % 50) + "\"}}}";
  }
  nodes += "]}";
  std::string terms;
  for (int idx = 0; idx < 1'000; ++idx) {
    terms += "            - matchExpressions:\n              - {key: rack, operator: In, values: [r" + std::to_string(idx * 2) + "]}\n"
             "              - {key: gen, operator: Lt, values: ['50']}\n";
  }
  const stopwatch clock;
  const cluster c = read_cluster(nodes);
  const daemonset ds = read_one_daemonset(daemonset_yaml(affinity(terms)));
  const node_set run = place(ds, c);
  EXPECT_EQ(run.count(), 1'000U);  // every even rack (every gen is below 50)
  if (TIMED) {
    EXPECT_LT(clock.seconds(), BOUND_SECONDS);
  }
}

TEST(Limits, MillionNodesWithOneLabel) {
  constexpr int NODES = 1'000'000;
  std::string json;
  json.reserve(std::size_t{NODES} * 56);
  json += R"({"apiVersion":"v1","kind":"NodeList","items":[)";
  for (int idx = 0; idx < NODES; ++idx) {
    json += (idx ? "," : "") + std::string(R"({"metadata":{"name":"n)") + std::to_string(idx) + R"(","labels":{"pool":"p)" +
            std::to_string(idx % 4) + "\"}}}";
  }
  json += "]}";
  const stopwatch clock;
  const cluster c = read_cluster(json);
  ASSERT_EQ(c.node_count(), static_cast<std::size_t>(NODES));
  const node_set run = place(read_one_daemonset(daemonset_yaml("      nodeSelector: {pool: p1}\n")), c);
  EXPECT_EQ(run.count(), static_cast<std::size_t>(NODES / 4));
  if (TIMED) {
    EXPECT_LT(clock.seconds(), BOUND_SECONDS);
  }
}

TEST(Limits, LabelSyntaxAtTheLengthLimits) {
  const std::string name63(63, 'a');
  const std::string prefix253 = std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(63, 'c') + "." + std::string(61, 'd');
  ASSERT_EQ(prefix253.size(), 253U);
  const std::string json = R"({"kind":"Node","metadata":{"name":")" + std::string(253, 'n') + R"(","labels":{")" + name63 + R"(":")" + name63 +
                           R"(",")" + prefix253 + "/" + name63 + R"(":""}}})";
  const cluster c = read_cluster(json);
  EXPECT_EQ(c.node_count(), 1U);
}

TEST(Limits, GtLtAtTheInt64Limits) {
  // Label values cannot start with '-' in strict mode, so the negative limit is read leniently.
  const cluster c = read_cluster(R"({"kind":"NodeList","items":[
    {"metadata":{"name":"max","labels":{"gen":"9223372036854775807"}}},
    {"metadata":{"name":"min","labels":{"gen":"-9223372036854775808"}}},
    {"metadata":{"name":"over","labels":{"gen":"9223372036854775808"}}},
    {"metadata":{"name":"zero","labels":{"gen":"0"}}}]})", io::validation::lenient);
  ASSERT_EQ(c.node_count(), 4U);
  const auto count = [&](const std::string& op, const std::string& value) {
    const std::string expr = "            - matchExpressions: [{key: gen, operator: " + op + ", values: ['" + value + "']}]\n";
    return place(read_one_daemonset(daemonset_yaml(affinity(expr)), io::validation::lenient), c).count();
  };
  EXPECT_EQ(count("Gt", "9223372036854775806"), 1U);  // max
  EXPECT_EQ(count("Gt", "9223372036854775807"), 0U);
  EXPECT_EQ(count("Lt", "1"), 2U);                    // min and zero; "over" does not parse as int64: never matches
  EXPECT_EQ(count("Gt", "0"), 1U);                    // max
  // labels.NewRequirement validates Gt/Lt values as label values too, so a negative bound
  // makes the selector invalid: it matches no node (LazyErrorNodeSelector), never panics.
  EXPECT_EQ(count("Lt", "-9223372036854775807"), 0U);
  EXPECT_EQ(count("Gt", "-9223372036854775808"), 0U);
  // A value beyond int64 or not an integer is accepted by kube-apiserver (it only checks that
  // there is one value) and never matches, as in NewRequirement's ParseInt failure.
  EXPECT_EQ(count("Gt", "9223372036854775808"), 0U);
  EXPECT_EQ(count("Lt", "1.5"), 0U);
}

TEST(Limits, EmptyClusterPlacesNothing) {
  for (const char* body : {R"({"apiVersion":"v1","kind":"NodeList","items":[]})", "apiVersion: v1\nkind: NodeList\nitems: []\n",
                           R"({"apiVersion":"v1","kind":"NodeList","items":null})"}) {
    SCOPED_TRACE(body);
    const cluster c = read_cluster(body);
    EXPECT_EQ(c.node_count(), 0U);
    EXPECT_EQ(place(read_one_daemonset(daemonset_yaml("")), c).count(), 0U);
  }
}

TEST(Limits, DuplicateFieldsFollowGoEncodingJson) {
  // encoding/json keeps the last of duplicate object members; string maps (labels) reject them.
  const cluster c = read_cluster(R"({"apiVersion":"v1","kind":"Node","metadata":{"name":"first","name":"last"}})");
  ASSERT_EQ(c.node_count(), 1U);
  EXPECT_TRUE(c.find_node("last").has_value());
  const auto labels = io::read_nodes(text("dup.yaml", "kind: Node\nmetadata:\n  name: a\n  labels: {k: a, k: b}\n"));
  ASSERT_FALSE(labels.ok());
  EXPECT_NE(labels.err().message.find("duplicate label key"), std::string::npos);
}

TEST(Limits, ByteOrderMarkBeforeJsonReadsLikeKubectl) {
  // kubectl's YAMLOrJSONDecoder sees no '{' after a BOM and decodes YAML, which skips the BOM.
  const cluster c = read_cluster("\xEF\xBB\xBF{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"bom\"}}");
  EXPECT_EQ(c.node_count(), 1U);
}

TEST(Limits, BinarySuffixedQuantitiesCapAtInt64) {
  // quantity.hpp: binary-suffixed magnitudes above 2^63-1 are capped, as upstream does.
  const cluster c = read_cluster(R"({"kind":"Node","metadata":{"name":"n"},"status":{"allocatable":{"memory":"99999999999999999999Ei"}}})");
  ASSERT_EQ(c.node_count(), 1U);
}

TEST(Limits, DeeplyNestedInputsFailWithOneError) {
  for (const int depth : {600, 5'000, 100'000}) {
    SCOPED_TRACE(depth);
    // simdjson allows 1024 levels; yaml-cpp about 500.
    const std::string json = R"({"kind":"Node","metadata":{"name":"n","annotations":{"a":)" + std::string(depth, '[') + std::string(depth, ']') + "}}}";
    const auto from_json = io::read_nodes(text("deep.json", json));
    if (depth < 1'000) {
      EXPECT_TRUE(from_json.ok()) << from_json.err().describe();  // within simdjson's depth; the Node reader skips annotations
    } else {
      ASSERT_FALSE(from_json.ok());
      EXPECT_NE(from_json.err().message.find("too deep"), std::string::npos) << from_json.err().describe();
      EXPECT_FALSE(from_json.err().location.empty());
    }
    const std::string yaml = "kind: Node\nmetadata:\n  name: n\n  annotations:\n    a: " + std::string(depth, '[') + std::string(depth, ']') + "\n";
    const auto from_yaml = io::read_nodes(text("deep.yaml", yaml));
    ASSERT_FALSE(from_yaml.ok());
    EXPECT_NE(from_yaml.err().message.find("nested too deeply"), std::string::npos) << from_yaml.err().describe();
  }
}

}  // namespace
}  // namespace dsb
