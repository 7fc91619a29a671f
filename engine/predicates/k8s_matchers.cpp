#include "engine/predicates/k8s_matchers.hpp"

#include <algorithm>
#include <limits>

#include "engine/model/label_index.hpp"
#include "engine/model/label_syntax.hpp"

namespace dsb::pred {

std::optional<std::string_view> find_label(const label_pairs& labels, std::string_view key) noexcept {
  const auto found = std::lower_bound(labels.begin(), labels.end(), key,
                                      [](const auto& entry, std::string_view wanted) { return entry.first < wanted; });
  if (found == labels.end() || found->first != key) return std::nullopt;
  return found->second;
}

std::optional<label_requirement> make_requirement(std::string_view key, requirement_op op, const std::vector<std::string>& values,
                                                  std::string* problem) {
  auto fail = [problem](std::string reason) -> std::optional<label_requirement> {
    if (problem != nullptr) *problem = std::move(reason);
    return std::nullopt;
  };
  // labels.NewRequirement
  if (std::string key_problem = label_key_problem(key); !key_problem.empty()) return fail("invalid key \"" + std::string(key) + "\": " + key_problem);
  label_requirement req;
  req.key = std::string(key);
  req.op = op;
  switch (op) {
    case requirement_op::in:
    case requirement_op::not_in:
      if (values.empty()) return fail("for 'in', 'notin' operators, values set can't be empty");
      break;
    case requirement_op::equals:
      if (values.size() != 1) return fail("exact-match compatibility requires one single value");
      break;
    case requirement_op::exists:
    case requirement_op::does_not_exist:
      if (!values.empty()) return fail("values set must be empty for exists and does not exist");
      break;
    case requirement_op::gt:
    case requirement_op::lt: {
      if (values.size() != 1) return fail("for 'Gt', 'Lt' operators, exactly one value is required");
      const auto operand = parse_go_int64(values[0]);
      if (!operand) return fail("for 'Gt', 'Lt' operators, the value must be an integer, got \"" + values[0] + "\"");
      req.operand = *operand;
      break;
    }
  }
  for (const std::string& value : values) {
    if (std::string value_problem = label_value_problem(value); !value_problem.empty()) {
      return fail("invalid value \"" + value + "\": " + value_problem);
    }
  }
  req.values = values;
  std::sort(req.values.begin(), req.values.end());
  req.values.erase(std::unique(req.values.begin(), req.values.end()), req.values.end());
  return req;
}

bool matches(const label_requirement& req, const label_pairs& labels) {
  const std::optional<std::string_view> value = find_label(labels, req.key);
  auto in_values = [&req](std::string_view text) { return std::binary_search(req.values.begin(), req.values.end(), text); };
  switch (req.op) {
    case requirement_op::in:
    case requirement_op::equals: return value && in_values(*value);
    case requirement_op::not_in: return !value || !in_values(*value);
    case requirement_op::exists: return value.has_value();
    case requirement_op::does_not_exist: return !value.has_value();
    case requirement_op::gt:
    case requirement_op::lt: {
      if (!value) return false;
      const auto number = parse_go_int64(*value);
      if (!number) return false;
      return req.op == requirement_op::gt ? *number > req.operand : *number < req.operand;
    }
  }
  return false;
}

namespace {

// nodeSelectorRequirementsAsSelector's operator mapping; nullopt = "not a valid node selector operator".
std::optional<requirement_op> node_selector_op(selector_operator op) {
  switch (op) {
    case selector_operator::in: return requirement_op::in;
    case selector_operator::not_in: return requirement_op::not_in;
    case selector_operator::exists: return requirement_op::exists;
    case selector_operator::does_not_exist: return requirement_op::does_not_exist;
    case selector_operator::gt: return requirement_op::gt;
    case selector_operator::lt: return requirement_op::lt;
    case selector_operator::unknown: return std::nullopt;
  }
  return std::nullopt;
}

// Parses one term; `errors` receives field paths (for the strict constructor).
parsed_term parse_term(const node_selector_term& term, std::size_t index, std::vector<std::string>* errors) {
  parsed_term out;
  out.index = index;
  const std::string prefix = "nodeSelectorTerms[" + std::to_string(index) + "]";
  auto record = [&](std::string path, std::string problem) {
    if (!out.parse_error) out.error = problem;
    out.parse_error = true;
    if (errors != nullptr) errors->push_back(std::move(path));
  };
  for (std::size_t expr_idx = 0; expr_idx < term.match_expressions.size(); ++expr_idx) {
    const selector_requirement& expr = term.match_expressions[expr_idx];
    const std::string path = prefix + ".matchExpressions[" + std::to_string(expr_idx) + "]";
    const auto op = node_selector_op(expr.op);
    if (!op) {
      record(path + ".operator", "\"" + expr.op_text + "\" is not a valid label selector operator");
      continue;
    }
    std::string problem;
    if (auto req = make_requirement(expr.key, *op, expr.values, &problem)) {
      out.expressions.push_back(std::move(*req));
    } else {
      record(path, problem);
    }
  }
  // nodeSelectorRequirementsAsFieldSelector
  for (std::size_t field_idx = 0; field_idx < term.match_fields.size(); ++field_idx) {
    const selector_requirement& field = term.match_fields[field_idx];
    const std::string path = prefix + ".matchFields[" + std::to_string(field_idx) + "]";
    if (field.values.size() != 1) {
      record(path + ".values", "matchFields need exactly one value, got " + std::to_string(field.values.size()));
      continue;
    }
    if (field.op != selector_operator::in && field.op != selector_operator::not_in) {
      record(path + ".operator", "\"" + field.op_text + "\" is not a valid field selector operator");
      continue;
    }
    out.fields.push_back(field_requirement{field.key, field.op == selector_operator::in, field.values[0]});
  }
  return out;
}

}  // namespace

lazy_node_selector parse_node_selector(const node_selector& selector) {
  lazy_node_selector out;
  for (std::size_t term_idx = 0; term_idx < selector.terms.size(); ++term_idx) {
    if (selector.terms[term_idx].empty()) continue;  // an empty term matches nothing and is not an error
    out.terms.push_back(parse_term(selector.terms[term_idx], term_idx, nullptr));
    out.any_parse_error = out.any_parse_error || out.terms.back().parse_error;
  }
  return out;
}

std::vector<std::string> strict_node_selector_errors(const node_selector& selector) {
  std::vector<std::string> errors;
  for (std::size_t term_idx = 0; term_idx < selector.terms.size(); ++term_idx) {
    parse_term(selector.terms[term_idx], term_idx, &errors);
  }
  return errors;
}

bool term_matches(const parsed_term& term, const label_pairs& labels, std::string_view node_name) {
  if (term.parse_error) return false;
  for (const label_requirement& req : term.expressions) {
    if (!matches(req, labels)) return false;
  }
  if (!node_name.empty()) {
    for (const field_requirement& field : term.fields) {
      // fields.Set{"metadata.name": name}.Get(key): any other key reads as "".
      const std::string_view actual = field.key == "metadata.name" ? node_name : std::string_view();
      if ((actual == field.value) != field.in) return false;
    }
  }
  return true;
}

bool matches(const lazy_node_selector& selector, const label_pairs& labels, std::string_view node_name) {
  for (const parsed_term& term : selector.terms) {
    if (term_matches(term, labels, node_name)) return true;
  }
  return false;
}

required_node_affinity get_required_node_affinity(const string_map& node_selector, const dsb::node_selector* required) {
  required_node_affinity out;
  out.node_selector.assign(node_selector.begin(), node_selector.end());
  if (required != nullptr) out.required = parse_node_selector(*required);
  return out;
}

bool matches(const required_node_affinity& affinity, const label_pairs& labels, std::string_view node_name) {
  for (const auto& [key, value] : affinity.node_selector) {
    const auto actual = find_label(labels, key);
    if (!actual || *actual != value) return false;
  }
  return !affinity.required || matches(*affinity.required, labels, node_name);
}

std::optional<parsed_label_selector> parse_label_selector(const std::optional<label_selector>& selector, std::string* problem) {
  parsed_label_selector out;
  if (!selector) {
    out.nothing = true;
    return out;
  }
  for (const auto& [key, value] : selector->match_labels) {
    auto req = make_requirement(key, requirement_op::equals, {value}, problem);
    if (!req) return std::nullopt;
    out.requirements.push_back(std::move(*req));
  }
  for (const selector_requirement& expr : selector->match_expressions) {
    requirement_op op = requirement_op::in;
    switch (expr.op) {
      case selector_operator::in: op = requirement_op::in; break;
      case selector_operator::not_in: op = requirement_op::not_in; break;
      case selector_operator::exists: op = requirement_op::exists; break;
      case selector_operator::does_not_exist: op = requirement_op::does_not_exist; break;
      default:
        if (problem != nullptr) *problem = "\"" + expr.op_text + "\" is not a valid label selector operator";
        return std::nullopt;
    }
    auto req = make_requirement(expr.key, op, expr.values, problem);
    if (!req) return std::nullopt;
    out.requirements.push_back(std::move(*req));
  }
  return out;
}

bool matches(const parsed_label_selector& selector, const label_pairs& labels) {
  if (selector.nothing) return false;
  for (const label_requirement& req : selector.requirements) {
    if (!matches(req, labels)) return false;
  }
  return true;
}

namespace {
// The strict integer syntax of the comparison operators: "0", or an optional '-' then a
// non-zero digit then digits; fits int64 (compareNumericValues' parser).
std::optional<std::int64_t> parse_strict_int(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text == "0") return 0;
  std::string_view digits = text.front() == '-' ? text.substr(1) : text;
  if (digits.empty() || digits.front() < '1' || digits.front() > '9') return std::nullopt;
  return parse_go_int64(text);
}

bool effect_matches(toleration_effect tol, taint_effect effect) {
  switch (tol) {
    case toleration_effect::all: return true;
    case toleration_effect::no_schedule: return effect == taint_effect::no_schedule;
    case toleration_effect::prefer_no_schedule: return effect == taint_effect::prefer_no_schedule;
    case toleration_effect::no_execute: return effect == taint_effect::no_execute;
    case toleration_effect::unknown: return false;
  }
  return false;
}
}  // namespace

bool tolerates(const toleration& tol, std::string_view taint_key, std::string_view taint_value, taint_effect effect,
               const feature_gates& gates) {
  if (!effect_matches(tol.effect, effect)) return false;
  if (!tol.key.empty() && tol.key != taint_key) return false;
  switch (tol.op) {
    case toleration_operator::equal: return tol.value == taint_value;
    case toleration_operator::exists: return true;
    case toleration_operator::lt:
    case toleration_operator::gt: {
      if (!gates.taint_toleration_comparison_operators) return false;
      const auto toleration_number = parse_strict_int(tol.value);
      const auto taint_number = parse_strict_int(taint_value);
      if (!toleration_number || !taint_number) return false;
      return tol.op == toleration_operator::gt ? *taint_number > *toleration_number : *taint_number < *toleration_number;
    }
    case toleration_operator::unknown: return false;
  }
  return false;
}

bool tolerated_by_any(const std::vector<toleration>& tolerations, std::string_view taint_key, std::string_view taint_value,
                      taint_effect effect, const feature_gates& gates) {
  return std::any_of(tolerations.begin(), tolerations.end(),
                     [&](const toleration& tol) { return tolerates(tol, taint_key, taint_value, effect, gates); });
}

std::vector<toleration> with_daemon_tolerations(std::vector<toleration> user, bool host_network) {
  auto make = [](const char* key, toleration_effect effect) {
    toleration tol;
    tol.key = key;
    tol.op = toleration_operator::exists;
    tol.op_text = "Exists";
    tol.effect = effect;
    tol.effect_text = std::string(to_string(effect));
    return tol;
  };
  std::vector<toleration> defaults{
      make("node.kubernetes.io/not-ready", toleration_effect::no_execute),
      make("node.kubernetes.io/unreachable", toleration_effect::no_execute),
      make("node.kubernetes.io/disk-pressure", toleration_effect::no_schedule),
      make("node.kubernetes.io/memory-pressure", toleration_effect::no_schedule),
      make("node.kubernetes.io/pid-pressure", toleration_effect::no_schedule),
      make("node.kubernetes.io/unschedulable", toleration_effect::no_schedule),
  };
  if (host_network) defaults.push_back(make("node.kubernetes.io/network-unavailable", toleration_effect::no_schedule));
  // AddOrUpdateTolerationInPodSpec, once per default toleration.
  for (const toleration& wanted : defaults) {
    std::vector<toleration> merged;
    merged.reserve(user.size() + 1);
    bool updated = false;
    bool unchanged = false;
    for (const toleration& existing : user) {
      // Toleration.MatchToleration: key, operator, value and effect as written.
      const bool same_identity = existing.key == wanted.key && existing.op_text == wanted.op_text &&
                                 existing.value == wanted.value && existing.effect_text == wanted.effect_text;
      if (same_identity) {
        if (existing == wanted) {
          unchanged = true;
          break;
        }
        merged.push_back(wanted);
        updated = true;
        continue;
      }
      merged.push_back(existing);
    }
    if (unchanged) continue;
    if (!updated) merged.push_back(wanted);
    user = std::move(merged);
  }
  return user;
}

}  // namespace dsb::pred
