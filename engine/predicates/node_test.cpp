#include "engine/predicates/node_test.hpp"

#include <algorithm>

namespace dsb::pred {
namespace {

// The node's value for `key`: labels rows are sorted by key id.
std::optional<label_value_id> value_of(const cluster& c, node_id node, label_key_id key) {
  const auto row = c.nodes.labels.row(to_index(node));
  const auto at = std::lower_bound(row.begin(), row.end(), key, [&c](label_value_id value, label_key_id wanted) { return c.labels.value(value).key < wanted; });
  if (at == row.end() || !(c.labels.value(*at).key == key)) return std::nullopt;
  return *at;
}

}  // namespace

node_tester::node_tester(const compiled_daemonset& ds, const cluster& c)
    : has_node_name_(!ds.node_name.empty()), node_name_(ds.node_name), tolerations_(ds.tolerations), gates_(ds.gates) {
  for (const auto& [key, value] : ds.affinity.node_selector) {
    label_test test;
    test.key = key;
    test.kind = test_kind::equals;
    test.values = {value};
    selector_.push_back(std::move(test));
  }
  if (ds.affinity.required) {
    has_affinity_ = true;
    for (const parsed_term& term : ds.affinity.required->terms) {
      if (term.parse_error) continue;
      term_test compiled;
      for (const label_requirement& req : term.expressions) {
        label_test test;
        test.key = req.key;
        test.values = req.values;
        std::sort(test.values.begin(), test.values.end());
        test.operand = req.operand;
        switch (req.op) {
          case requirement_op::in:
          case requirement_op::equals: test.kind = test_kind::in; break;
          case requirement_op::not_in: test.kind = test_kind::not_in; break;
          case requirement_op::exists: test.kind = test_kind::exists; break;
          case requirement_op::does_not_exist: test.kind = test_kind::does_not_exist; break;
          case requirement_op::gt: test.kind = test_kind::gt; break;
          case requirement_op::lt: test.kind = test_kind::lt; break;
        }
        compiled.expressions.push_back(std::move(test));
      }
      for (const field_requirement& field : term.fields) {
        compiled.fields.push_back(field_test{field.key == "metadata.name", field.in, field.value});
        uses_names_ = true;
      }
      terms_.push_back(std::move(compiled));
    }
  }
  uses_names_ = uses_names_ || has_node_name_;
  refresh(c);
}

void node_tester::refresh(const cluster& c) {
  resolved_keys_.clear();
  unresolved_ = 0;
  auto resolve = [&](label_test& test) {
    if (!test.key_id) test.key_id = c.find_label_key(test.key);
    if (test.key_id) resolved_keys_.push_back(*test.key_id);
    else ++unresolved_;
  };
  for (label_test& test : selector_) resolve(test);
  for (term_test& term : terms_) {
    for (label_test& test : term.expressions) resolve(test);
  }
  std::sort(resolved_keys_.begin(), resolved_keys_.end());
  resolved_keys_.erase(std::unique(resolved_keys_.begin(), resolved_keys_.end()), resolved_keys_.end());
  for (std::size_t idx = taint_effects_.size(); idx < c.taints.size(); ++idx) taint_effects_.push_back(judge_taint(c, make_id<taint_id>(idx)));
}

std::uint8_t node_tester::judge_taint(const cluster& c, taint_id taint) const {
  const taint_def& def = c.taints.def(taint);
  if (def.effect == taint_effect::prefer_no_schedule) return 0;  // the controller ignores PreferNoSchedule
  if (tolerated_by_any(tolerations_, c.strings.view(def.key), c.strings.view(def.value), def.effect, gates_)) return 0;
  return def.effect == taint_effect::no_execute ? 2 : 1;
}

bool node_tester::passes(const cluster& c, node_id node, const label_test& test) const {
  // A key the cluster never had: absent on every node.
  const std::optional<label_value_id> value = test.key_id ? value_of(c, node, *test.key_id) : std::nullopt;
  auto listed = [&] {
    const std::string_view text = c.text(*value);
    return std::binary_search(test.values.begin(), test.values.end(), text, [](std::string_view lhs, std::string_view rhs) { return lhs < rhs; });
  };
  switch (test.kind) {
    case test_kind::equals:
    case test_kind::in: return value && listed();
    case test_kind::not_in: return !value || !listed();
    case test_kind::exists: return value.has_value();
    case test_kind::does_not_exist: return !value;
    case test_kind::gt:
    case test_kind::lt: {
      if (!value) return false;
      const label_value_info& info = c.labels.value(*value);
      if (!info.is_int64) return false;
      return test.kind == test_kind::gt ? info.int64_value > test.operand : info.int64_value < test.operand;
    }
    case test_kind::never: return false;
    case test_kind::always: return true;
  }
  return false;
}

bool node_tester::passes(const cluster& c, node_id node, const field_test& test) const {
  const std::string_view name = c.name(node);
  if (name.empty()) return true;  // nodeaffinity: a node without a name skips field checks
  if (!test.name_field) return test.value.empty() == test.in;  // other fields read as ""
  if (test.value.empty()) return !test.in;  // no node is named ""
  return (name == test.value) == test.in;
}

}  // namespace dsb::pred
