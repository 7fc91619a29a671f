// Conformance vectors of predicates.json (requiredNodeAffinity, nodeSelectorTerms,
// labelRequirement, labelSelector, toleratesTaint, findUntoleratedTaint, taintFilter) and
// daemonset.json (nodeShouldRunDaemonPod), through the public API, for every variant.
#include <gtest/gtest.h>

#include "engine/predicates/explain.hpp"
#include "engine/predicates/k8s_matchers.hpp"
#include "tests/predicates/fixtures.hpp"

namespace dsb {
namespace {

bool expect_bool(simdjson::dom::element vector, const char* field) {
  bool value = false;
  EXPECT_EQ(vector["expect"][field].get_bool().get(value), simdjson::SUCCESS) << test::get_string(vector, "id") << " lacks expect." << field;
  return value;
}

bool optional_bool(simdjson::dom::element vector, const char* field) {
  bool value = false;
  return vector["expect"][field].get_bool().get(value) == simdjson::SUCCESS && value;
}

// Whether node 0 passes nodeSelector AND required affinity in `placed` (no such reason holds it).
bool affinity_matches(const pred::placement& placed) {
  for (const pred::exclusion& reason : placed.reasons) {
    if ((reason.kind == pred::reason_kind::node_selector || reason.kind == pred::reason_kind::node_affinity) && reason.nodes.contains(make_id<node_id>(0))) {
      return false;
    }
  }
  return true;
}

TEST(ConformancePredicates, RequiredNodeAffinity) {
  const auto cases = test::vectors("predicates.json", "check", "requiredNodeAffinity");
  ASSERT_EQ(cases.size(), 21U);
  for (simdjson::dom::element vector : cases) {
    const std::string id = test::get_string(vector, "id");
    const cluster c = test::node_cluster(vector["node"]);
    const daemonset ds = test::daemonset_with_pod_spec(vector["pod"]);
    const pred::placement placed = test::place_all_variants(ds, c, id);
    EXPECT_EQ(affinity_matches(placed), expect_bool(vector, "match")) << id;
    // LazyErrorNodeSelector.Match surfaces parse errors only when no term matched.
    const pred::compiled_daemonset compiled = pred::compile(ds, c);
    const bool surfaced = compiled.affinity.required && compiled.affinity.required->any_parse_error && !affinity_matches(placed);
    EXPECT_EQ(surfaced, optional_bool(vector, "termParseError")) << id;
  }
}

TEST(ConformancePredicates, NodeSelectorTerms) {
  const auto cases = test::vectors("predicates.json", "check", "nodeSelectorTerms");
  ASSERT_EQ(cases.size(), 27U);
  for (simdjson::dom::element vector : cases) {
    const std::string id = test::get_string(vector, "id");
    const cluster c = test::node_cluster(vector["node"]);
    simdjson::dom::element selector;
    ASSERT_EQ(vector["nodeSelector"].get(selector), simdjson::SUCCESS) << id;
    const std::string pod = R"({"spec":{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":)" + test::to_json(selector) + "}}}}";
    simdjson::dom::parser parser;
    const daemonset ds = test::daemonset_with_pod_spec(parser.parse(pod).value());
    const pred::placement placed = test::place_all_variants(ds, c, id);
    simdjson::dom::element strict;
    if (vector["expect"]["strictParseError"].get(strict) == simdjson::SUCCESS) {
      // The strict constructor (NewNodeSelector): errors reported with their field paths.
      const std::vector<std::string> errors = pred::strict_node_selector_errors(*ds.template_.spec.required_node_affinity());
      EXPECT_EQ(!errors.empty(), expect_bool(vector, "strictParseError")) << id;
      simdjson::dom::array fields;
      if (vector["expect"]["errorFields"].get(fields) == simdjson::SUCCESS) {
        std::vector<std::string> expected;
        for (simdjson::dom::element field : fields) expected.emplace_back(field.get_string().value());
        EXPECT_EQ(errors, expected) << id;
      }
      EXPECT_EQ(affinity_matches(placed), expect_bool(vector, "lazyMatch")) << id;
      continue;
    }
    EXPECT_EQ(affinity_matches(placed), expect_bool(vector, "match")) << id;
    const pred::compiled_daemonset compiled = pred::compile(ds, c);
    const bool surfaced = compiled.affinity.required->any_parse_error && !affinity_matches(placed);
    EXPECT_EQ(surfaced, optional_bool(vector, "termParseError")) << id;
  }
}

TEST(ConformancePredicates, LabelRequirement) {
  const auto cases = test::vectors("predicates.json", "check", "labelRequirement");
  ASSERT_EQ(cases.size(), 8U);
  for (simdjson::dom::element vector : cases) {
    const std::string id = test::get_string(vector, "id");
    const std::string op_text = test::get_string(vector["requirement"], "operator");
    std::vector<std::string> values;
    simdjson::dom::array value_array;
    if (vector["requirement"]["values"].get(value_array) == simdjson::SUCCESS) {
      for (simdjson::dom::element value : value_array) values.emplace_back(value.get_string().value());
    }
    const std::string key = test::get_string(vector["requirement"], "key");
    std::optional<pred::requirement_op> op;
    if (op_text == "In") op = pred::requirement_op::in;
    else if (op_text == "NotIn") op = pred::requirement_op::not_in;
    else if (op_text == "Exists") op = pred::requirement_op::exists;
    else if (op_text == "DoesNotExist") op = pred::requirement_op::does_not_exist;
    else if (op_text == "Gt") op = pred::requirement_op::gt;
    else if (op_text == "Lt") op = pred::requirement_op::lt;
    else if (op_text == "Equals") op = pred::requirement_op::equals;
    const bool valid = op && pred::make_requirement(key, *op, values).has_value();
    EXPECT_EQ(valid, expect_bool(vector, "valid")) << id;
  }
}

TEST(ConformancePredicates, LabelSelector) {
  const auto cases = test::vectors("predicates.json", "check", "labelSelector");
  ASSERT_EQ(cases.size(), 5U);
  for (simdjson::dom::element vector : cases) {
    const std::string id = test::get_string(vector, "id");
    simdjson::dom::element selector;
    ASSERT_EQ(vector["selector"].get(selector), simdjson::SUCCESS);
    const std::string json = R"({"kind":"DaemonSet","metadata":{"name":"x"},"spec":{"selector":)" + test::to_json(selector) + "}}";
    auto read = io::read_daemonsets(io::input_text::from_string(id, json), test::lenient());
    ASSERT_TRUE(read.ok()) << id << ": " << read.err().describe();
    pred::label_pairs labels;
    simdjson::dom::object label_object;
    ASSERT_EQ(vector["labels"].get(label_object), simdjson::SUCCESS);
    for (auto field : label_object) labels.emplace_back(field.key, field.value.get_string().value());
    std::sort(labels.begin(), labels.end());
    const auto parsed = pred::parse_label_selector(read->front().selector);
    if (optional_bool(vector, "error")) {
      EXPECT_FALSE(parsed.has_value()) << id;
      continue;
    }
    ASSERT_TRUE(parsed.has_value()) << id;
    EXPECT_EQ(pred::matches(*parsed, labels), expect_bool(vector, "match")) << id;
  }
}

// A toleration and a taint from vector fragments.
struct toleration_case {
  toleration tol;
  cluster node;
};

toleration_case read_toleration_case(simdjson::dom::element vector) {
  const std::string pod = R"({"spec":{"tolerations":[)" + test::to_json(vector["toleration"].value()) + "]}}";
  simdjson::dom::parser parser;
  daemonset ds = test::daemonset_with_pod_spec(parser.parse(pod).value());
  const std::string node = R"({"metadata":{"name":"n"},"spec":{"taints":[)" + test::to_json(vector["taint"].value()) + "]}}";
  simdjson::dom::parser node_parser;
  return {ds.template_.spec.tolerations.at(0), test::node_cluster(node_parser.parse(node).value())};
}

TEST(ConformancePredicates, ToleratesTaint) {
  const auto cases = test::vectors("predicates.json", "check", "toleratesTaint");
  ASSERT_EQ(cases.size(), 22U);
  for (simdjson::dom::element vector : cases) {
    const std::string id = test::get_string(vector, "id");
    const toleration_case input = read_toleration_case(vector);
    pred::feature_gates gates;
    bool gate = false;
    if (vector["featureGates"]["TaintTolerationComparisonOperators"].get_bool().get(gate) == simdjson::SUCCESS) {
      gates.taint_toleration_comparison_operators = gate;
    }
    const taint_def& taint = input.node.taints.def(make_id<taint_id>(0));
    EXPECT_EQ(pred::tolerates(input.tol, input.node.strings.view(taint.key), input.node.strings.view(taint.value), taint.effect, gates),
              expect_bool(vector, "tolerated"))
        << id;
  }
}

TEST(ConformancePredicates, FindUntoleratedTaint) {
  const auto cases = test::vectors("predicates.json", "check", "findUntoleratedTaint");
  ASSERT_EQ(cases.size(), 7U);
  for (simdjson::dom::element vector : cases) {
    const std::string id = test::get_string(vector, "id");
    const cluster c = test::node_cluster(vector["node"]);
    const daemonset ds = test::daemonset_with_pod_spec(vector["pod"]);
    std::vector<taint_effect> filter;
    simdjson::dom::array effects;
    const bool all_effects = vector["effectFilter"].get(effects) != simdjson::SUCCESS;
    if (!all_effects) {
      for (simdjson::dom::element effect : effects) filter.push_back(*parse_taint_effect(effect.get_string().value()));
    }
    pred::feature_gates gates;
    bool gate = false;
    if (vector["featureGates"]["TaintTolerationComparisonOperators"].get_bool().get(gate) == simdjson::SUCCESS) {
      gates.taint_toleration_comparison_operators = gate;
    }
    const auto taints = c.nodes.taints.row(0);
    const auto found = pred::find_untolerated_taint(
        taints.size(),
        [&](std::size_t idx) {
          const taint_def& def = c.taints.def(taints[idx]);
          return std::tuple<std::string_view, std::string_view, taint_effect>(c.strings.view(def.key), c.strings.view(def.value), def.effect);
        },
        ds.template_.spec.tolerations, [&](taint_effect effect) { return all_effects || std::find(filter.begin(), filter.end(), effect) != filter.end(); },
        gates);
    EXPECT_EQ(!found.has_value(), expect_bool(vector, "allTolerated")) << id;
  }
}

TEST(ConformancePredicates, TaintFilter) {
  const auto cases = test::vectors("predicates.json", "check", "taintFilter");
  ASSERT_EQ(cases.size(), 5U);
  for (simdjson::dom::element vector : cases) {
    const std::string id = test::get_string(vector, "id");
    const cluster c = test::node_cluster(vector["node"]);
    const daemonset ds = test::daemonset_with_pod_spec(vector["pod"]);
    const auto taints = c.nodes.taints.row(0);
    // The scheduler's TaintToleration filter: NoSchedule and NoExecute, the pod's own tolerations.
    const auto found = pred::find_untolerated_taint(
        taints.size(),
        [&](std::size_t idx) {
          const taint_def& def = c.taints.def(taints[idx]);
          return std::tuple<std::string_view, std::string_view, taint_effect>(c.strings.view(def.key), c.strings.view(def.value), def.effect);
        },
        ds.template_.spec.tolerations, [](taint_effect effect) { return effect != taint_effect::prefer_no_schedule; });
    const std::string status = test::get_string(vector["expect"], "status");
    if (status == "Success") {
      EXPECT_FALSE(found.has_value()) << id;
      continue;
    }
    ASSERT_TRUE(found.has_value()) << id;
    const taint_def& def = c.taints.def(taints[*found]);
    const std::string reason = "node(s) had untolerated taint {" + std::string(c.strings.view(def.key)) + ": " + std::string(c.strings.view(def.value)) + "}";
    EXPECT_EQ(reason, test::get_string(vector["expect"], "reason")) << id;
  }
}

TEST(ConformanceDaemonSet, NodeShouldRunDaemonPod) {
  const auto cases = test::vectors("daemonset.json", "kind", "nodeShouldRunDaemonPod");
  ASSERT_EQ(cases.size(), 12U);
  for (simdjson::dom::element vector : cases) {
    const std::string id = test::get_string(vector, "id");
    const cluster c = test::node_cluster(vector["input"]["node"]);
    simdjson::dom::element ds_json;
    ASSERT_EQ(vector["input"]["daemonSet"].get(ds_json), simdjson::SUCCESS);
    std::string json = test::to_json(ds_json);
    json = "{\"kind\":\"DaemonSet\"," + json.substr(1);
    auto read = io::read_daemonsets(io::input_text::from_string(id, json), test::lenient());
    ASSERT_TRUE(read.ok()) << id << ": " << read.err().describe();
    const pred::placement placed = test::place_all_variants(read->front(), c, id);
    EXPECT_EQ(placed.should_run.test(make_id<node_id>(0)), expect_bool(vector, "shouldRun")) << id;
    EXPECT_EQ(placed.should_continue_running.test(make_id<node_id>(0)), expect_bool(vector, "shouldContinueRunning")) << id;
    const auto explained = pred::explain(pred::compile(read->front(), c), c, c.name(make_id<node_id>(0)));
    ASSERT_TRUE(explained.has_value());
    EXPECT_EQ(explained->should_run, expect_bool(vector, "shouldRun")) << id << " (explain)";
    EXPECT_EQ(explained->should_continue_running, expect_bool(vector, "shouldContinueRunning")) << id << " (explain)";
  }
}

}  // namespace
}  // namespace dsb
