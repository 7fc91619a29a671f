// daemon_pods: the pods one DaemonSet owns, as columns, indexed by node.
//
// Built by `claim_daemon_pods` from the pods of the DaemonSet's namespace the way
// getNodesToDaemonPods does (daemonset-controller.md §5): owned pods that match the
// selector are kept, owned ones that no longer match are released, matching orphans are
// adopted (unless terminating or the DaemonSet is being deleted), terminal pods with a
// deletionTimestamp are dropped, and every kept pod is mapped to its target node
// (spec.nodeName, else the injected matchFields name); pods with no target are left out.
//
// Layout (one row per kept pod):
//   names, nodes (target node id; NO_ID when the target is not in the cluster), target names
//   of such pods, flags (bound, deleting, ready), phase, created, ready_since, revision hash
//   (interned per table), pod-template-generation label
// Index (`index`, kept by the edit functions): per node its rows in
// podByCreationTimestampAndPhase order (bound before unbound, then creationTimestamp, then
// name) in a node_lists (two inline slots per node, so an edit costs O(rows on the node),
// never O(nodes)); rows whose target is missing in one list in the same order.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/cluster.hpp"
#include "engine/model/daemonset.hpp"
#include "engine/model/node_lists.hpp"
#include "engine/model/pod.hpp"
#include "engine/model/string_column.hpp"

namespace dsb::ctl {

inline constexpr std::uint32_t NO_HASH = 0xFFFFFFFFU;
inline constexpr std::int64_t NO_GENERATION = INT64_MIN;

class daemon_pods {
 public:
  std::size_t size() const noexcept { return nodes.size(); }

  /// Rows on `node`, in the controller's ordering (the first one is the pod kept/inspected).
  std::span<const std::uint32_t> on_node(node_id node) const noexcept { return by_node_.at(to_index(node)); }
  /// Rows whose target node is not in the cluster.
  std::span<const std::uint32_t> off_cluster() const noexcept { return off_cluster_; }
  /// Whether the index is built for a cluster of `node_count` nodes.
  bool indexed_for(std::size_t node_count) const noexcept { return indexed_ && by_node_.node_count() == node_count; }
  /// Same rows on every node and off the cluster, in the same order.
  bool same_index(const daemon_pods& other) const { return by_node_ == other.by_node_ && off_cluster_ == other.off_cluster_; }

  bool bound(std::uint32_t row) const noexcept { return (flags[row] & BOUND) != 0; }
  bool deleting(std::uint32_t row) const noexcept { return (flags[row] & DELETING) != 0; }
  bool ready(std::uint32_t row) const noexcept { return (flags[row] & READY) != 0; }
  /// podutil.IsPodAvailable: Ready, and with minReadySeconds > 0 a non-zero Ready
  /// lastTransitionTime strictly more than minReadySeconds before now.
  bool available(std::uint32_t row, std::int32_t min_ready_seconds, unix_seconds now) const noexcept {
    if (!ready(row)) return false;
    if (min_ready_seconds == 0) return true;
    return ready_since[row] != 0 && ready_since[row] + min_ready_seconds < now;
  }
  std::string_view hash_text(std::uint32_t row) const noexcept {
    return hashes[row] == NO_HASH ? std::string_view() : std::string_view(hash_texts[hashes[row]]);
  }
  /// IsPodUpdated on the row's labels.
  bool updated(std::uint32_t row, std::string_view hash, std::optional<std::int64_t> generation) const noexcept {
    if (!hash.empty() && hash_text(row) == hash) return true;
    return generation && generations[row] == *generation;
  }

  // Columns (public: the controller's passes read them directly).
  string_column names;
  std::vector<node_id> nodes;
  string_column missing_targets;             ///< target name per row when nodes[row] is NO_ID, else ""
  std::vector<std::uint8_t> flags;
  std::vector<pod_phase> phases;
  std::vector<unix_seconds> created;
  std::vector<unix_seconds> ready_since;     ///< Ready condition lastTransitionTime (0 = zero time)
  std::vector<std::uint32_t> hashes;         ///< index into hash_texts, or NO_HASH
  std::vector<std::int64_t> generations;     ///< pod-template-generation label, or NO_GENERATION
  std::vector<std::string> hash_texts;

  static constexpr std::uint8_t BOUND = 1;
  static constexpr std::uint8_t DELETING = 2;
  static constexpr std::uint8_t READY = 4;

  /// Appends one pod row (then call `index` once all rows are in).
  void add(std::string_view name, node_id node, std::string_view missing_target, bool bound, bool deleting, bool ready, pod_phase phase,
           unix_seconds created_at, unix_seconds ready_at, std::string_view hash, std::int64_t generation);
  /// Appends a copy of `source`'s row `row` (then call `index`).
  void add_copy(const daemon_pods& source, std::uint32_t row);
  /// Builds the index for a cluster of `node_count` nodes. O(rows + nodes).
  void index(std::size_t node_count);
  /// Changes one row's state in place; a change of `bound` re-sorts the row's node.
  void set_state(std::uint32_t row, bool is_bound, bool is_deleting, bool is_ready, pod_phase phase, unix_seconds ready_at);
  /// Removes rows by moving the last row into each hole, largest row first (callers that
  /// keep row numbers mirror that); call `index` afterwards.
  void remove_rows(std::vector<std::uint32_t> rows);
  /// Removes `removed` (distinct rows; remove_rows' rule) and appends `added`'s rows, keeping the index of
  /// an indexed table: O(edits × rows per node), the same index as `index` would build.
  void edit_indexed(std::vector<std::uint32_t> removed, const daemon_pods& added);
  /// edit_indexed in two steps, for callers that append rows themselves: remove_indexed,
  /// then `add` rows, then index_from(the size before the adds).
  void remove_indexed(std::vector<std::uint32_t> removed);
  void index_from(std::uint32_t first_row);
  void reserve(std::size_t rows);
  /// Room in the index for a cluster of `node_count` nodes (retarget() grows into it).
  void reserve_nodes(std::size_t node_count) { by_node_.reserve(node_count); }
  /// podByCreationTimestampAndPhase: bound before unbound, then creationTimestamp, then name.
  bool comes_before(std::uint32_t lhs, std::uint32_t rhs) const noexcept;
  /// After `node` was added to or removed from `c` (cluster_edit.hpp), as claim_daemon_pods
  /// would map the pods now: rows on a removed node become off-cluster (target name kept),
  /// off-cluster rows that target an added node's name move onto it. O(rows on the node +
  /// off-cluster rows). Returns whether a row moved.
  bool retarget(const cluster& c, node_id node);
  std::uint32_t intern_hash(std::string_view hash);

 private:
  void index_row(std::uint32_t row);    ///< puts an unindexed row into its node's list (or the off-cluster list)
  void unindex_row(std::uint32_t row);  ///< takes an indexed row out
  void move_row(std::uint32_t from, std::uint32_t to);  ///< copies row `from` over row `to` (columns only)
  void pop_row();

  node_lists by_node_;
  std::vector<std::uint32_t> off_cluster_;
  bool indexed_ = false;
};

/// What claiming did besides keeping pods (for reports; the kept pods are in `pods`).
struct claim_result {
  daemon_pods pods;
  std::vector<std::string> released;  ///< owned pods that no longer match the selector
  std::vector<std::string> adopted;   ///< orphans that match and were adopted
};

/// getNodesToDaemonPods for `ds` over `candidates` (pods of any owner; only those in the
/// DaemonSet's namespace are considered).
claim_result claim_daemon_pods(const daemonset& ds, std::span<const pod> candidates, const cluster& c,
                               bool include_deleted_terminal = false);

}  // namespace dsb::ctl
