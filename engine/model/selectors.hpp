// Label selectors and node selectors, as the API objects carry them (not yet compiled).
//
// Operators are kept as an enum plus the original text: validation (io/) rejects unknown
// operators in strict mode, but the runtime matcher must stay total for objects that
// predate validation (lenient mode, conformance vectors), where `unknown` makes the
// requirement a parse error (../shared/spec/predicates.md §2.1, §4.5).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/object_meta.hpp"

namespace dsb {

enum class selector_operator : std::uint8_t { in, not_in, exists, does_not_exist, gt, lt, unknown };

/// "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt" (case-sensitive) or unknown.
selector_operator parse_selector_operator(std::string_view text) noexcept;
std::string_view to_string(selector_operator op) noexcept;

struct selector_requirement {
  std::string key;
  selector_operator op = selector_operator::unknown;
  std::string op_text;  ///< as written (for messages about unknown operators)
  std::vector<std::string> values;
};

/// metav1.LabelSelector. A nil selector is modelled as std::optional<label_selector>{}
/// by the owner: nil matches nothing, {} matches everything (predicates.md §11).
struct label_selector {
  string_map match_labels;
  std::vector<selector_requirement> match_expressions;
};

/// v1.NodeSelectorTerm: matchExpressions over labels AND matchFields over fields.
struct node_selector_term {
  std::vector<selector_requirement> match_expressions;
  std::vector<selector_requirement> match_fields;
  bool empty() const noexcept { return match_expressions.empty() && match_fields.empty(); }
};

/// v1.NodeSelector: terms are ORed.
struct node_selector {
  std::vector<node_selector_term> terms;
};

struct preferred_scheduling_term {
  std::int32_t weight = 0;
  node_selector_term preference;
};

/// v1.NodeAffinity. `required` absent = no constraint; present with no terms = no node.
struct node_affinity {
  std::optional<node_selector> required;
  std::vector<preferred_scheduling_term> preferred;
};

/// v1.Affinity: only node affinity decides DaemonSet placement; pod (anti-)affinity is
/// recorded so reports can say it exists (the scheduler enforces it, not the controller).
struct affinity {
  std::optional<node_affinity> node;
  bool has_pod_affinity = false;
  bool has_pod_anti_affinity = false;
};

}  // namespace dsb
