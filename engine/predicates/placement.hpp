// placement: where one DaemonSet must have a pod, where it may keep one, and why not.
//
// The outcome pair mirrors NodeShouldRunDaemonPod (daemonset-controller.md §2.3):
//   should_continue_running = name fits AND nodeSelector AND required affinity AND every
//                             NoExecute taint tolerated
//   should_run              = should_continue_running AND every NoSchedule taint tolerated
// (PreferNoSchedule is ignored). Every exclusion reason has its own node_set, so "why not
// node X" is a bit test and counts per reason are popcounts. Reasons are all the ones that
// apply, not only the first Kubernetes would stop at: a node that fails the selector and
// carries an untolerated taint is in both sets. Removed nodes (tombstones, cluster_edit.hpp)
// are in no set at all.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/model/fwd.hpp"
#include "engine/model/node_set.hpp"
#include "engine/model/posting_store.hpp"

namespace dsb::pred {

enum class reason_kind : std::uint8_t {
  node_name,           ///< template spec.nodeName names another node
  node_selector,       ///< nodeSelector entry `index` does not match
  node_affinity,       ///< required node affinity: no term matches
  untolerated_taint,   ///< taint `taint` (NoSchedule or NoExecute) is not tolerated
};

/// The nodes a reason excludes: an owned node_set, or a view of a posting of the cluster's
/// taint index (an untolerated taint excludes exactly the nodes carrying it, so the fast
/// variants point at the posting instead of copying N/8 bytes per taint). A view is valid
/// while the cluster lives. Equality compares the nodes, whatever the representation.
class reason_nodes {
 public:
  reason_nodes() = default;
  explicit reason_nodes(node_set owned) : owned_(std::move(owned)) {}
  reason_nodes(const posting_store& store, posting_handle posting) : store_(&store), posting_(posting) {}

  bool is_view() const noexcept { return store_ != nullptr; }
  node_set& owned() noexcept { return owned_; }
  bool contains(node_id node) const noexcept { return is_view() ? store_->contains(posting_, node) : owned_.test(node); }
  std::size_t count() const noexcept { return is_view() ? store_->count(posting_) : owned_.count(); }
  template <class F>
  void for_each(F&& f) const {
    if (is_view()) store_->for_each(posting_, f);
    else owned_.for_each(f);
  }
  /// The nodes as a node_set over `size` nodes.
  node_set materialize(std::size_t size) const;

  friend bool operator==(const reason_nodes& lhs, const reason_nodes& rhs);

 private:
  node_set owned_;
  const posting_store* store_ = nullptr;
  posting_handle posting_{};
};

struct exclusion {
  reason_kind kind = reason_kind::node_name;
  std::uint32_t index = 0;   ///< nodeSelector entry (sorted by key) for node_selector
  taint_id taint{};          ///< for untolerated_taint
  reason_nodes nodes;        ///< nodes this reason excludes

  friend bool operator==(const exclusion&, const exclusion&) = default;
};

struct placement {
  node_set should_run;
  node_set should_continue_running;
  /// In a fixed order for a given compiled DaemonSet: node_name (if the template sets
  /// nodeName), one per nodeSelector entry, node_affinity (if required affinity is set),
  /// then one per untolerated taint (NoSchedule/NoExecute, carried by >= 1 node) in taint-id
  /// order. Sets may be empty except the taint ones.
  std::vector<exclusion> reasons;

  friend bool operator==(const placement&, const placement&) = default;
};

/// Human-readable label of a reason ("nodeSelector kubernetes.io/os=linux",
/// "taint node-role.kubernetes.io/control-plane:NoSchedule").
struct compiled_daemonset;
std::string describe(const exclusion& reason, const compiled_daemonset& ds, const cluster& c);

}  // namespace dsb::pred
