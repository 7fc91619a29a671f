// fleet: many DaemonSets reconciled over one cluster, as a full pass or incrementally.
//
// Per DaemonSet a fleet keeps its compiled rules, a node_tester, the placement's
// should_run / should_continue_running sets, its pods (daemon_pods, indexed by node), their
// per-node summary (pod_sets) and the status counters (status_counts). Plans are made on
// demand from that state (sync_daemonset, column controller): manage and the rolling pass
// are set algebra plus a walk of the few nodes that need per-pod decisions.
//
//   full pass     evaluate_all(): compile, evaluate every placement with the chosen
//                 variant, summarise pods, count status (DaemonSets in parallel).
//   incremental   apply(delta) after the cluster was edited (cluster_edit.hpp): only the
//                 edited node is re-decided, and only for DaemonSets the change can affect
//                 (label keys they name, taints they do not tolerate, any DaemonSet when the
//                 node is added or removed); status counters move by the node's old and new
//                 contribution. The result equals a full pass (property test).
//
// Placement reasons are those of the last full pass and are dropped by the first apply
// (what-if reports run a full pass). Node readiness, cordon and allocatable do not change
// placement or status (the node lifecycle controller's taints do; admission reads them).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/controller/daemon_pods.hpp"
#include "engine/controller/pod_sets.hpp"
#include "engine/controller/sync.hpp"
#include "engine/controller/sync_index.hpp"
#include "engine/model/cluster_edit.hpp"
#include "engine/predicates/node_test.hpp"
#include "engine/predicates/variants.hpp"

namespace dsb::ctl {

/// How apply() re-decides one node for one DaemonSet.
enum class node_decider : std::uint8_t {
  tester,   ///< node_tester on interned ids (the `incremental` variant)
  strings,  ///< node_decision: the Kubernetes matchers on the node's strings, as the upstream node handlers do
};

struct fleet_options {
  std::string_view placement_variant = "column_bitmap";  ///< for full passes (pred::find_variant)
  controller_variant controller = controller_variant::column;
  node_decider decider = node_decider::tester;
  nanos now = 0;
};

class fleet {
 public:
  /// `pods[i]` are the pods DaemonSet i claimed (claim_daemon_pods), indexed for `c`.
  /// Throws std::invalid_argument for an unknown placement variant or a size mismatch.
  fleet(cluster& c, std::vector<daemonset> daemonsets, std::vector<daemon_pods> pods, const fleet_options& options = {});
  ~fleet();
  fleet(const fleet&) = delete;
  fleet& operator=(const fleet&) = delete;

  /// Full pass over every DaemonSet: compile, placements, status counters. The pods' per-node
  /// summary is part of the pod index: built when pods are given (constructor,
  /// replace_pods) or the clock moves (set_now), not again per pass.
  void evaluate_all();
  /// The pods of DaemonSet idx changed (a plan was applied, kubelets reported): new table,
  /// indexed for the cluster; its summary and counters are rebuilt.
  void replace_pods(std::size_t idx, daemon_pods pods);
  /// Pod `row` of DaemonSet idx changed state in place (bound, deleting, Ready, phase): the
  /// node's summary bits and the counters follow. O(rows on the node).
  void set_pod_state(std::size_t idx, std::uint32_t row, bool bound, bool deleting, bool ready, pod_phase phase, unix_seconds ready_since);
  /// Removes `removed` rows (daemon_pods::remove_rows: the last row moves into each hole,
  /// largest first) and appends the rows of `added`. The index is kept in place
  /// (O(edits × rows per node); a table not indexed for the cluster is re-indexed) and only
  /// the nodes touched are re-summarised.
  void edit_pods(std::size_t idx, std::vector<std::uint32_t> removed, const daemon_pods& added);
  /// The same, with the new rows appended by `append_rows` (daemon_pods::add only) straight
  /// into the DaemonSet's table instead of copied from another.
  void edit_pods(std::size_t idx, std::vector<std::uint32_t> removed, const std::function<void(daemon_pods&)>& append_rows);
  /// DaemonSet idx was edited (template, strategy, selector): recompiled and re-placed, its
  /// revision hash and the pods' summary follow. The controller state is kept.
  void replace_daemonset(std::size_t idx, daemonset ds);
  /// Moves the clock: availability (minReadySeconds) and the counters follow. Forward moves
  /// re-summarise only the nodes whose first pod became available since (a queue per
  /// DaemonSet); a backward move re-summarises availability in full.
  void set_now(nanos now);
  /// Room for a cluster of `node_count` nodes in every per-node set and pod index (see
  /// cluster_editor::reserve_nodes), so that node additions up to it move nothing. Kept
  /// for structures rebuilt later (replace_pods, replace_daemonset, full passes).
  void reserve_nodes(std::size_t node_count);
  /// Brings every DaemonSet up to date with one edit of the cluster. Returns how many
  /// DaemonSets changed their decision on the node.
  std::size_t apply(const node_delta& delta);

  std::size_t size() const noexcept { return members_.size(); }
  const cluster& nodes() const noexcept { return cluster_; }
  const daemonset& daemonset_at(std::size_t idx) const noexcept;
  const pred::placement& placement(std::size_t idx) const noexcept;
  const daemon_pods& pods(std::size_t idx) const noexcept;
  const pod_sets& summary(std::size_t idx) const noexcept;
  const std::string& hash(std::size_t idx) const noexcept;
  status_counts counts(std::size_t idx) const noexcept;
  /// The sync_index kept for DaemonSet idx (equals build_sync_index(placement, summary)).
  const sync_index& index(std::size_t idx) const noexcept;
  /// One controller sync of DaemonSet idx on the fleet's state (plan and status), with the
  /// fleet's controller_state for that DaemonSet or the caller's.
  sync_outcome sync(std::size_t idx, const sync_options& options, controller_state* state = nullptr);

 private:
  struct member;
  void evaluate_member(member& m, const pred::evaluation_context& ctx);
  void redecide(member& m, node_id node);
  void resummarize(member& m, node_id node);  ///< the node's summary bits, counter share and sync class, after its pods changed
  void keep_reserved(member& m);              ///< re-applies reserve_nodes to rebuilt per-node structures
  void recount(member& m);                    ///< counters and sync index from scratch (after a full pass)
  void note_due(member& m, node_id node);     ///< queue the node for set_now if its first pod becomes available later
  void note_all_due(member& m);
  void refresh_dependencies();

  cluster& cluster_;
  fleet_options options_;
  const pred::variant* variant_ = nullptr;
  std::vector<std::unique_ptr<member>> members_;
  std::vector<std::vector<std::uint32_t>> members_by_key_;  ///< label key id -> DaemonSets whose tester reads it
  std::size_t reserved_nodes_ = 0;  ///< reserve_nodes' count (0: none)
  std::size_t known_keys_ = 0;
  std::size_t known_taints_ = 0;
  std::vector<std::uint32_t> scratch_;
  std::vector<std::uint32_t> stamp_;
  std::uint32_t epoch_ = 0;
};

}  // namespace dsb::ctl
