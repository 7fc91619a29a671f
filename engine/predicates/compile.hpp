// compile(): a DaemonSet's placement rules, parsed once, in two forms.
//
//  - string form (`affinity`, `tolerations`, `node_name`): the Kubernetes matchers of
//    k8s_matchers.hpp, for the reference variant and explain;
//  - set program (`program`): the same rules over the cluster's label and taint indexes,
//    for the fast variants: every nodeSelector entry, In/NotIn/Gt/Lt expression becomes a
//    union of label-value postings, Exists/DoesNotExist a key presence set, matchFields a
//    node id, and the taint check a list of the cluster's untolerated taints.
//
// The program is immutable and bound to the cluster it was compiled against (ids).
// Cost: O(selector size + values of Gt/Lt keys + cluster taints × tolerations).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/cluster.hpp"
#include "engine/model/daemonset.hpp"
#include "engine/predicates/k8s_matchers.hpp"

namespace dsb::pred {

/// One set-valued test over nodes: (negate ? NOT S : S) | extra.
struct set_operand {
  enum class kind : std::uint8_t {
    values,    ///< S = nodes whose label `key` has one of `values` (a union of postings)
    presence,  ///< S = nodes carrying `key`
    node,      ///< S = { node } (empty when no node has that name)
    all,       ///< S = every node
  };
  kind type = kind::all;
  bool negate = false;
  label_key_id key{};
  std::vector<label_value_id> values;  ///< sorted, for kind::values
  std::optional<node_id> node;         ///< for kind::node
  /// matchFields quirk: a node with an empty name skips field checks, so it always passes.
  std::optional<node_id> always_node;
  /// For kind::values with several values: the union, built once at compile time so that
  /// evaluation reads one set instead of OR-ing every posting (Gt/Lt and long In lists).
  std::shared_ptr<const node_set> materialized;
};

struct term_program {
  std::uint32_t term_index = 0;         ///< position in nodeSelectorTerms
  std::vector<set_operand> conjuncts;   ///< ANDed; a term with a parse error has none and never matches
  bool never = false;
};

struct placement_program {
  bool has_node_name = false;            ///< template spec.nodeName is set
  std::optional<node_id> node_name_node; ///< the node it names, if any
  std::vector<set_operand> selector;     ///< one per nodeSelector entry (sorted by key), ANDed
  bool has_affinity = false;             ///< required node affinity present
  std::vector<term_program> terms;       ///< ORed (non-empty terms only)
  std::vector<taint_id> untolerated;     ///< cluster taints (NoSchedule/NoExecute, on >= 1 node) not tolerated, ascending
  std::vector<bool> untolerated_no_execute;  ///< parallel to `untolerated`
  /// Nodes carrying an untolerated NoSchedule (resp. NoExecute) taint, unioned at compile
  /// time when two or more taints contribute (evaluation then reads one set each).
  std::shared_ptr<const node_set> no_schedule_nodes;
  std::shared_ptr<const node_set> no_execute_nodes;
};

struct compiled_daemonset {
  std::string name;                  ///< namespace/name
  std::string node_name;             ///< template spec.nodeName
  required_node_affinity affinity;   ///< nodeSelector + required node affinity (strings)
  std::vector<toleration> tolerations;  ///< template tolerations + the controller's defaults
  std::vector<preferred_scheduling_term> preferred;  ///< kept for reporting; never decides placement
  feature_gates gates;
  placement_program program;
  std::size_t node_count = 0;        ///< of the cluster compiled against
};

compiled_daemonset compile(const daemonset& ds, const cluster& c, const feature_gates& gates = {});

/// The node's labels as sorted (key, value) texts (the reference matcher's input).
label_pairs labels_of(const cluster& c, node_id node);

}  // namespace dsb::pred
