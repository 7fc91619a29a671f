// node_tester: NodeShouldRunDaemonPod for one node at a time, on interned ids, for
// incremental reconcile (a node changed: is the DaemonSet's decision on it different?).
//
// Built from a compiled DaemonSet's string form (not from its set program), so it stays
// exact while the cluster changes under it: keys are resolved by text (`refresh` picks up
// keys created later), a label value is judged from its text or parsed integer whenever it
// is read (values created after the build need nothing), and taints are judged by the
// tolerations, cached per taint id (`refresh` extends the cache; unknown ids are judged on
// the fly). Rules mirror compile() (compile.hpp) and Kubernetes' matchers:
//   nodeSelector entry   node has key with exactly that value
//   In / NotIn           node's value in the list / not (absent key passes NotIn)
//   Exists/DoesNotExist  key presence
//   Gt / Lt              value parses as Go int64 and compares (absent or non-integer fails)
//   matchFields          metadata.name In/NotIn one name; other fields read as ""; a node
//                        with an empty name passes every field test (nodeaffinity quirk)
//   taints               NoSchedule/NoExecute not tolerated by any toleration (PreferNoSchedule ignored)
// Cost of `decide`: O(operands × log(labels of the node) + taints of the node); no allocation.
// `decide` is const and thread-safe; `refresh` is not.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/cluster.hpp"
#include "engine/predicates/compile.hpp"

namespace dsb::pred {

struct node_verdict {
  bool should_run = false;
  bool should_continue_running = false;
  friend bool operator==(const node_verdict&, const node_verdict&) = default;
};

class node_tester {
 public:
  node_tester(const compiled_daemonset& ds, const cluster& c);

  /// Resolves keys that did not exist at build time and judges taints created since.
  void refresh(const cluster& c);

  node_verdict decide(const cluster& c, node_id node) const { return decide(c, node, [](std::size_t) {}); }

  /// Same, calling on_fail(reason) for every failed name/selector/affinity reason, numbered
  /// as placement::reasons (node_name if set, selector entries, affinity).
  template <class OnFail>
  node_verdict decide(const cluster& c, node_id node, OnFail&& on_fail) const;

  /// Label keys whose values can change this DaemonSet's decision (resolved ones).
  const std::vector<label_key_id>& keys() const noexcept { return resolved_keys_; }
  /// Whether keys named by the DaemonSet are still missing from the cluster.
  bool has_unresolved_keys() const noexcept { return unresolved_ > 0; }
  /// The decision depends on node names (spec.nodeName or matchFields).
  bool uses_node_names() const noexcept { return uses_names_; }
  /// `taint` (any effect) keeps this DaemonSet off a node: 0 no, 1 NoSchedule, 2 NoExecute.
  std::uint8_t taint_effect_on(const cluster& c, taint_id taint) const;

 private:
  enum class test_kind : std::uint8_t { equals, in, not_in, exists, does_not_exist, gt, lt, never, always };
  struct label_test {
    std::string key;
    std::optional<label_key_id> key_id;
    test_kind kind = test_kind::never;
    std::vector<std::string> values;  ///< sorted (in/not_in/equals)
    std::int64_t operand = 0;
  };
  struct field_test {
    bool name_field = true;  ///< metadata.name; other fields read as ""
    bool in = true;
    std::string value;
  };
  struct term_test {
    std::vector<label_test> expressions;
    std::vector<field_test> fields;
  };

  bool passes(const cluster& c, node_id node, const label_test& test) const;
  bool passes(const cluster& c, node_id node, const field_test& test) const;
  std::uint8_t judge_taint(const cluster& c, taint_id taint) const;

  bool has_node_name_ = false;
  std::string node_name_;
  std::vector<label_test> selector_;
  bool has_affinity_ = false;
  std::vector<term_test> terms_;  ///< terms with a parse error are left out (they never match)
  std::vector<toleration> tolerations_;
  feature_gates gates_;
  std::vector<std::uint8_t> taint_effects_;  ///< per taint id: 0 tolerated/ignored, 1 NoSchedule, 2 NoExecute
  std::vector<label_key_id> resolved_keys_;
  std::size_t unresolved_ = 0;
  bool uses_names_ = false;
};

template <class OnFail>
node_verdict node_tester::decide(const cluster& c, node_id node, OnFail&& on_fail) const {
  if (c.nodes.removed_count != 0 && c.nodes.removed.test(node)) return {};  // a tombstone is in no set
  bool fits = true;
  std::size_t reason = 0;
  if (has_node_name_) {
    if (c.name(node) != node_name_) {
      fits = false;
      on_fail(reason);
    }
    ++reason;
  }
  for (const label_test& test : selector_) {
    if (!passes(c, node, test)) {
      fits = false;
      on_fail(reason);
    }
    ++reason;
  }
  if (has_affinity_) {
    bool any = false;
    for (const term_test& term : terms_) {
      bool all = true;
      for (const label_test& test : term.expressions) {
        if (!passes(c, node, test)) {
          all = false;
          break;
        }
      }
      for (std::size_t idx = 0; all && idx < term.fields.size(); ++idx) all = passes(c, node, term.fields[idx]);
      if (all) {
        any = true;
        break;
      }
    }
    if (!any) {
      fits = false;
      on_fail(reason);
    }
  }
  bool no_schedule = false;
  bool no_execute = false;
  for (taint_id taint : c.nodes.taints.row(to_index(node))) {
    const std::uint8_t effect = taint_effect_on(c, taint);
    no_schedule = no_schedule || effect == 1;
    no_execute = no_execute || effect == 2;
  }
  node_verdict out;
  out.should_continue_running = fits && !no_execute;
  out.should_run = out.should_continue_running && !no_schedule;
  return out;
}

inline std::uint8_t node_tester::taint_effect_on(const cluster& c, taint_id taint) const {
  const auto idx = to_index(taint);
  return idx < taint_effects_.size() ? taint_effects_[idx] : judge_taint(c, taint);
}

}  // namespace dsb::pred
