#include "engine/predicates/explain.hpp"

namespace dsb::pred {
namespace {

const char* op_text(requirement_op op) {
  switch (op) {
    case requirement_op::in: return "In";
    case requirement_op::not_in: return "NotIn";
    case requirement_op::exists: return "Exists";
    case requirement_op::does_not_exist: return "DoesNotExist";
    case requirement_op::gt: return "Gt";
    case requirement_op::lt: return "Lt";
    case requirement_op::equals: return "=";
  }
  return "?";
}

std::string requirement_text(const label_requirement& req) {
  std::string text = req.key + " " + op_text(req.op);
  if (req.op == requirement_op::gt || req.op == requirement_op::lt) return text + " " + std::to_string(req.operand);
  if (req.values.empty()) return text;
  text += " [";
  for (std::size_t idx = 0; idx < req.values.size(); ++idx) text += (idx ? " " : "") + req.values[idx];
  return text + "]";
}

}  // namespace

std::string describe(const toleration& tol) {
  std::string text = tol.key.empty() ? std::string("<any key>") : tol.key;
  if (tol.op == toleration_operator::exists) {
    text += " Exists";
  } else {
    text += (tol.op_text.empty() ? std::string(" =") : " " + tol.op_text) + " \"" + tol.value + "\"";
  }
  text += tol.effect == toleration_effect::all ? " (any effect)" : " :" + tol.effect_text;
  if (tol.toleration_seconds) text += " for " + std::to_string(*tol.toleration_seconds) + "s";
  return text;
}

std::optional<node_explanation> explain(const compiled_daemonset& ds, const cluster& c, std::string_view node_name) {
  const auto node = c.find_node(node_name);
  if (!node) return std::nullopt;
  node_explanation out;
  out.node = std::string(node_name);
  const label_pairs labels = labels_of(c, *node);

  out.node_name_ok = ds.node_name.empty() || ds.node_name == node_name;
  if (!out.node_name_ok) out.reasons.push_back("template spec.nodeName is \"" + ds.node_name + "\"");
  for (const auto& [key, want] : ds.affinity.node_selector) {
    selector_check check{key, want, {}, false};
    if (const auto actual = find_label(labels, key)) check.actual = std::string(*actual);
    check.ok = check.actual && *check.actual == want;
    if (!check.ok) {
      out.reasons.push_back("nodeSelector " + key + "=" + want + " (node has " + (check.actual ? key + "=" + *check.actual : key + " absent") + ")");
    }
    out.selector.push_back(std::move(check));
  }
  out.has_affinity = ds.affinity.required.has_value();
  if (out.has_affinity) {
    const lazy_node_selector& required = *ds.affinity.required;
    for (const parsed_term& term : required.terms) {
      term_check check;
      check.index = term.index;
      check.parse_error = term.parse_error;
      check.error = term.error;
      for (const label_requirement& req : term.expressions) {
        const auto actual = find_label(labels, req.key);
        check.checks.push_back({requirement_text(req), actual ? req.key + "=" + std::string(*actual) : req.key + " absent", matches(req, labels)});
      }
      for (const field_requirement& field : term.fields) {
        const bool ok = term_matches(parsed_term{0, false, {}, {}, {field}}, {}, node_name);
        check.checks.push_back({field.key + (field.in ? " In [" : " NotIn [") + field.value + "]", "metadata.name=" + std::string(node_name), ok});
      }
      check.matched = term_matches(term, labels, node_name);
      out.terms.push_back(std::move(check));
    }
    out.affinity_ok = matches(required, labels, node_name);
    if (!out.affinity_ok) {
      out.reasons.push_back(required.terms.empty() ? "required node affinity has no usable term (matches no node)"
                                                   : "required node affinity: none of " + std::to_string(required.terms.size()) + " term(s) matches");
    }
  }
  bool no_schedule = false;
  bool no_execute = false;
  for (taint_id taint : c.nodes.taints.row(to_index(*node))) {
    const taint_def& def = c.taints.def(taint);
    taint_check check;
    check.key = std::string(c.strings.view(def.key));
    check.value = std::string(c.strings.view(def.value));
    check.effect = def.effect;
    check.considered = def.effect != taint_effect::prefer_no_schedule;
    for (const toleration& tol : ds.tolerations) {
      if (tolerates(tol, check.key, check.value, def.effect, ds.gates)) {
        check.tolerated = true;
        check.tolerated_by = describe(tol);
        break;
      }
    }
    if (check.considered && !check.tolerated) {
      (def.effect == taint_effect::no_execute ? no_execute : no_schedule) = true;
      out.reasons.push_back("untolerated taint " + check.key + (check.value.empty() ? "" : "=" + check.value) + ":" +
                            std::string(to_string(def.effect)));
    }
    out.taints.push_back(std::move(check));
  }
  for (const preferred_scheduling_term& term : ds.preferred) {
    preferred_check check;
    check.weight = term.weight;
    node_selector single;
    single.terms.push_back(term.preference);
    const lazy_node_selector parsed = parse_node_selector(single);
    check.parse_error = parsed.any_parse_error;
    check.matched = matches(parsed, labels, node_name);
    for (const parsed_term& parsed_term_entry : parsed.terms) {
      for (const label_requirement& req : parsed_term_entry.expressions) check.text += (check.text.empty() ? "" : ", ") + requirement_text(req);
    }
    out.preferred.push_back(std::move(check));
  }
  bool selector_ok = true;
  for (const selector_check& check : out.selector) selector_ok = selector_ok && check.ok;
  out.should_continue_running = out.node_name_ok && selector_ok && out.affinity_ok && !no_execute;
  out.should_run = out.should_continue_running && !no_schedule;
  return out;
}

}  // namespace dsb::pred
