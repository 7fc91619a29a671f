#include "engine/predicates/compile.hpp"

#include <algorithm>

namespace dsb::pred {

label_pairs labels_of(const cluster& c, node_id node) {
  label_pairs labels;
  const auto row = c.nodes.labels.row(to_index(node));
  labels.reserve(row.size());
  for (label_value_id value : row) labels.emplace_back(c.text(c.labels.value(value).key), c.text(value));
  std::sort(labels.begin(), labels.end());
  return labels;
}

namespace {

set_operand none_operand() {
  set_operand out;
  out.type = set_operand::kind::all;
  out.negate = true;
  return out;
}

// Union of the postings of `key` = each of `texts` (texts never interned match no node).
set_operand value_union(const cluster& c, label_key_id key, const std::vector<std::string>& texts, bool negate) {
  set_operand out;
  out.type = set_operand::kind::values;
  out.key = key;
  out.negate = negate;
  for (const std::string& text : texts) {
    if (const auto value = c.find_label_value(key, text)) out.values.push_back(*value);
  }
  std::sort(out.values.begin(), out.values.end());
  out.values.erase(std::unique(out.values.begin(), out.values.end()), out.values.end());
  return out;
}

set_operand compile_requirement(const cluster& c, const label_requirement& req) {
  const auto key = c.find_label_key(req.key);
  switch (req.op) {
    case requirement_op::in:
    case requirement_op::equals:
      return key ? value_union(c, *key, req.values, false) : none_operand();
    case requirement_op::not_in:
      return key ? value_union(c, *key, req.values, true) : set_operand{};  // absent key: NotIn matches every node
    case requirement_op::exists:
    case requirement_op::does_not_exist: {
      if (!key) return req.op == requirement_op::exists ? none_operand() : set_operand{};
      set_operand out;
      out.type = set_operand::kind::presence;
      out.key = *key;
      out.negate = req.op == requirement_op::does_not_exist;
      return out;
    }
    case requirement_op::gt:
    case requirement_op::lt: {
      if (!key) return none_operand();
      // Values parsed once per distinct label value (label_value_info::int64_value).
      set_operand out;
      out.type = set_operand::kind::values;
      out.key = *key;
      for (label_value_id value : c.labels.key(*key).values) {
        const label_value_info& info = c.labels.value(value);
        if (!info.is_int64 || info.count == 0) continue;
        if (req.op == requirement_op::gt ? info.int64_value > req.operand : info.int64_value < req.operand) out.values.push_back(value);
      }
      std::sort(out.values.begin(), out.values.end());
      return out;
    }
  }
  return none_operand();
}

set_operand compile_field(const cluster& c, const field_requirement& field, std::optional<node_id> empty_name_node) {
  set_operand out;
  out.always_node = empty_name_node;
  out.negate = !field.in;
  if (field.key == "metadata.name") {
    out.type = set_operand::kind::node;
    // The empty name is not a real node's name for this test: such a node skips field checks.
    out.node = field.value.empty() ? std::nullopt : c.find_node(field.value);
  } else {
    // Any other field reads as "": In "" and NotIn non-empty match every named node.
    out.type = set_operand::kind::all;
    out.negate = (field.value.empty()) != field.in;
  }
  return out;
}

// Unions of two or more postings are materialized once (N/8 bytes per operand).
void materialize(const cluster& c, set_operand& operand) {
  if (operand.type != set_operand::kind::values || operand.values.size() < 2) return;
  auto set = std::make_shared<node_set>(c.node_count());
  for (label_value_id value : operand.values) c.labels.value_or_into(value, *set);
  operand.materialized = std::move(set);
}

}  // namespace

compiled_daemonset compile(const daemonset& ds, const cluster& c, const feature_gates& gates) {
  compiled_daemonset out;
  const pod_spec& spec = ds.template_.spec;
  out.name = ds.metadata.qualified_name();
  out.node_name = spec.node_name;
  out.affinity = get_required_node_affinity(spec.node_selector, spec.required_node_affinity());
  out.tolerations = with_daemon_tolerations(spec.tolerations, spec.host_network);
  if (spec.affinity_ && spec.affinity_->node) out.preferred = spec.affinity_->node->preferred;
  out.gates = gates;
  out.node_count = c.node_count();

  placement_program& program = out.program;
  program.has_node_name = !spec.node_name.empty();
  if (program.has_node_name) program.node_name_node = c.find_node(spec.node_name);
  for (const auto& [key, value] : out.affinity.node_selector) {
    const auto key_id = c.find_label_key(key);
    program.selector.push_back(key_id ? value_union(c, *key_id, {value}, false) : none_operand());
  }
  const std::optional<node_id> empty_name_node = c.find_node("");
  if (out.affinity.required) {
    program.has_affinity = true;
    for (const parsed_term& term : out.affinity.required->terms) {
      term_program compiled;
      compiled.term_index = static_cast<std::uint32_t>(term.index);
      compiled.never = term.parse_error;
      if (!compiled.never) {
        for (const label_requirement& req : term.expressions) {
          compiled.conjuncts.push_back(compile_requirement(c, req));
          materialize(c, compiled.conjuncts.back());
        }
        for (const field_requirement& field : term.fields) compiled.conjuncts.push_back(compile_field(c, field, empty_name_node));
      }
      program.terms.push_back(std::move(compiled));
    }
  }
  for (std::uint32_t taint_idx = 0; taint_idx < c.taints.size(); ++taint_idx) {
    const auto taint = make_id<taint_id>(taint_idx);
    const taint_def& def = c.taints.def(taint);
    if (def.effect == taint_effect::prefer_no_schedule || c.taints.count(taint) == 0) continue;
    if (tolerated_by_any(out.tolerations, c.strings.view(def.key), c.strings.view(def.value), def.effect, gates)) continue;
    program.untolerated.push_back(taint);
    program.untolerated_no_execute.push_back(def.effect == taint_effect::no_execute);
  }
  for (const bool no_execute : {false, true}) {
    std::size_t contributing = 0;
    for (bool flag : program.untolerated_no_execute) contributing += flag == no_execute ? 1 : 0;
    if (contributing < 2) continue;
    auto set = std::make_shared<node_set>(c.node_count());
    for (std::size_t idx = 0; idx < program.untolerated.size(); ++idx) {
      if (program.untolerated_no_execute[idx] == no_execute) c.taints.postings().or_into(c.taints.posting(program.untolerated[idx]), *set);
    }
    (no_execute ? program.no_execute_nodes : program.no_schedule_nodes) = std::move(set);
  }
  return out;
}

}  // namespace dsb::pred
