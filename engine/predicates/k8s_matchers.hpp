// The Kubernetes matchers as written, on strings: label requirements, node selectors with
// lazy errors, label selectors, toleration of taints. The `reference` variant, `explain` and
// the conformance tests use these; the fast variants compile the same rules into set
// programs and are tested against them.
//
// Each function names the Kubernetes function it mirrors; ../shared/spec/predicates.md §2-§6
// restates the rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/model/selectors.hpp"
#include "engine/model/taint.hpp"
#include "engine/model/toleration.hpp"

namespace dsb::pred {

/// Feature gates that change matching.
struct feature_gates {
  bool taint_toleration_comparison_operators = false;  ///< KEP-5471 (alpha in 1.35, off by default)
};

/// A node's labels as (key, value) texts, sorted by key; the reference matcher's view.
using label_pairs = std::vector<std::pair<std::string_view, std::string_view>>;
/// Value of `key` in sorted `labels`, if present.
std::optional<std::string_view> find_label(const label_pairs& labels, std::string_view key) noexcept;

/// labels.Operator, including Equals (what nodeSelector and matchLabels compile to).
enum class requirement_op : std::uint8_t { in, not_in, exists, does_not_exist, gt, lt, equals };

/// labels.Requirement after construction: values sorted and unique; `operand` for Gt/Lt.
struct label_requirement {
  std::string key;
  requirement_op op = requirement_op::equals;
  std::vector<std::string> values;
  std::int64_t operand = 0;
};

/// labels.NewRequirement: validates the key (qualified name), the value count for the
/// operator, Gt/Lt operands (int64) and every value (label value syntax). The error
/// is the reason text.
std::optional<label_requirement> make_requirement(std::string_view key, requirement_op op, const std::vector<std::string>& values,
                                                  std::string* problem = nullptr);
/// Requirement.Matches (predicates.md §2.2).
bool matches(const label_requirement& req, const label_pairs& labels);

/// A node-affinity field requirement (matchFields): key, In or NotIn, one value.
struct field_requirement {
  std::string key;
  bool in = true;
  std::string value;
};

/// One parsed nodeSelectorTerm (nodeaffinity.nodeSelectorTerm).
struct parsed_term {
  std::size_t index = 0;                         ///< position in nodeSelectorTerms
  bool parse_error = false;
  std::string error;                             ///< first parse problem, for explain
  std::vector<label_requirement> expressions;
  std::vector<field_requirement> fields;
};

/// nodeaffinity.LazyErrorNodeSelector: empty terms dropped, each term parsed on its own;
/// a term with a parse error never matches (the others still do).
struct lazy_node_selector {
  std::vector<parsed_term> terms;  ///< non-empty terms only
  bool any_parse_error = false;
};

lazy_node_selector parse_node_selector(const node_selector& selector);
/// nodeSelectorTerm.match: expressions over labels AND fields over {metadata.name: name};
/// an empty node name makes the field set empty and matchFields are skipped.
bool term_matches(const parsed_term& term, const label_pairs& labels, std::string_view node_name);
/// LazyErrorNodeSelector.Match: some term matches.
bool matches(const lazy_node_selector& selector, const label_pairs& labels, std::string_view node_name);

/// nodeaffinity.NewNodeSelector (the strict constructor): all terms must parse.
/// Returns the field paths of the errors ("nodeSelectorTerms[0].matchExpressions[1].operator").
std::vector<std::string> strict_node_selector_errors(const node_selector& selector);

/// nodeaffinity.GetRequiredNodeAffinity(pod): nodeSelector as Equals requirements (no
/// validation at match time) AND the required node affinity (nil = no constraint).
struct required_node_affinity {
  std::vector<std::pair<std::string, std::string>> node_selector;  ///< sorted by key
  std::optional<lazy_node_selector> required;
};
required_node_affinity get_required_node_affinity(const string_map& node_selector, const dsb::node_selector* required);
/// RequiredNodeAffinity.Match.
bool matches(const required_node_affinity& affinity, const label_pairs& labels, std::string_view node_name);

/// metav1.LabelSelectorAsSelector: nil matches nothing, {} everything; only In, NotIn,
/// Exists, DoesNotExist; any invalid entry is an error for the whole selector.
struct parsed_label_selector {
  bool nothing = false;  ///< nil selector
  std::vector<label_requirement> requirements;
};
std::optional<parsed_label_selector> parse_label_selector(const std::optional<label_selector>& selector, std::string* problem = nullptr);
bool matches(const parsed_label_selector& selector, const label_pairs& labels);

/// v1.Toleration.ToleratesTaint (predicates.md §6.1).
bool tolerates(const toleration& tol, std::string_view taint_key, std::string_view taint_value, taint_effect effect,
               const feature_gates& gates = {});
/// TolerationsTolerateTaint: any toleration tolerates.
bool tolerated_by_any(const std::vector<toleration>& tolerations, std::string_view taint_key, std::string_view taint_value,
                      taint_effect effect, const feature_gates& gates = {});

/// FindMatchingUntoleratedTaint (component-helpers scheduling/corev1/helpers.go): the first
/// taint of `node`, in node order, whose effect `effect_filter` accepts and that no
/// toleration tolerates. nullopt when all are tolerated.
/// `taint_at(i)` returns a (key, value, effect) tuple-like for taint i.
template <class TaintAt, class EffectFilter>
std::optional<std::size_t> find_untolerated_taint(std::size_t taint_count, const TaintAt& taint_at, const std::vector<toleration>& tolerations,
                                                  EffectFilter&& effect_filter, const feature_gates& gates = {}) {
  for (std::size_t idx = 0; idx < taint_count; ++idx) {
    const auto& [key, value, effect] = taint_at(idx);
    if (!effect_filter(effect)) continue;
    if (!tolerated_by_any(tolerations, key, value, effect, gates)) return idx;
  }
  return std::nullopt;
}

/// The tolerations the DaemonSet controller adds to every daemon pod
/// (util.AddOrUpdateDaemonPodTolerations, daemonset-controller.md §3.1), merged into `user`
/// with AddOrUpdateTolerationInPodSpec's rule: a user toleration equal in key, operator,
/// value and effect is replaced by the default; otherwise the default is appended.
std::vector<toleration> with_daemon_tolerations(std::vector<toleration> user, bool host_network);

}  // namespace dsb::pred
