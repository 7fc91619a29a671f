// cluster_edit: change one node of a built cluster in place (labels, taints, Ready and other
// conditions, cordon, allocatable), add a node, or remove one; the label and taint indexes
// follow. This is what incremental reconcile and the simulator run on node events.
//
// Contract:
//  - `update_node` replaces everything the model keeps about the node with `spec` and
//    reports what changed; unchanged facts cost nothing.
//  - `add_node` appends a node (the next id); every node_set the cluster owns grows. Sets
//    held outside the cluster (placements) must be resized by their owners.
//  - `remove_node` leaves a tombstone: the id stays (nothing else is renumbered), the node
//    loses its labels and taints, its name leaves the name index and `nodes.removed` marks
//    it. Placement variants never place anything on a removed node.
// Cost: O(labels + taints of the node), plus O(members) for each sparse posting touched.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "engine/model/cluster.hpp"
#include "engine/model/error.hpp"

namespace dsb {

/// Everything the model keeps about one node, as texts.
struct node_spec {
  std::string name;
  std::vector<std::pair<std::string, std::string>> labels;
  std::vector<std::tuple<std::string, std::string, taint_effect>> taints;  ///< spec.taints order
  bool unschedulable = false;
  node_conditions conditions{};
  node_resources allocatable;
  std::vector<std::pair<std::string, std::int64_t>> extended;

  /// Reads a node back from a cluster.
  static node_spec of(const cluster& c, node_id node);
};

/// The same facts as interned ids (what update_node applies after resolving a node_spec).
/// Labels: one value per key, sorted by key id (label_index::value(v).key; resolve sorts); taints in spec.taints order; extended sorted by
/// resource id. Ids must belong to the cluster the row is applied to.
struct node_row {
  std::vector<label_value_id> labels;
  std::vector<taint_id> taints;
  bool unschedulable = false;
  node_conditions conditions{};
  node_resources allocatable;
  std::vector<extended_amount> extended;

  /// Reads a node's row from a cluster.
  static node_row of(const cluster& c, node_id node);
};

/// What an edit changed.
struct node_delta {
  node_id node{};
  bool added = false;
  bool removed = false;
  std::vector<label_key_id> changed_keys;          ///< keys whose value on this node changed (set, cleared or different)
  std::vector<label_key_id> keys_with_new_values;  ///< keys that gained a value never seen before in the cluster
  std::vector<taint_id> changed_taints;            ///< taints put on or taken off this node
  bool taint_order_changed = false;
  bool unschedulable_changed = false;
  bool conditions_changed = false;
  bool resources_changed = false;

  bool labels_changed() const noexcept { return !changed_keys.empty(); }
  bool taints_changed() const noexcept { return !changed_taints.empty() || taint_order_changed; }
  bool any() const noexcept {
    return added || removed || labels_changed() || taints_changed() || unschedulable_changed || conditions_changed || resources_changed;
  }
};

class cluster_editor {
 public:
  /// Interns the spec's texts (new keys, values, taints and resources are registered; their
  /// ids are reported in the next delta that uses them) and returns the row.
  static node_row resolve(cluster& c, const node_spec& spec, node_delta* created = nullptr);
  static node_delta update_node(cluster& c, node_id node, const node_spec& spec);
  /// update_node on ids: the cost is O(labels + taints of the node) plus one posting edit
  /// per changed value or taint; no string is hashed.
  static node_delta update_node_row(cluster& c, node_id node, const node_row& row);
  static node_delta add_node(cluster& c, const node_spec& spec);
  static node_delta remove_node(cluster& c, node_id node);
  /// Room for `node_count` nodes in every per-node column, span table and dense posting, so
  /// that add_node up to that count moves no column (a caller that knows how many nodes it
  /// will add pays the copies once, up front, instead of at each doubling).
  static void reserve_nodes(cluster& c, std::size_t node_count);
};

/// Builds a cluster from node specs (ids follow the span's order). Fails on duplicate names.
result<cluster> build_cluster(std::span<const node_spec> specs);

inline node_delta update_node(cluster& c, node_id node, const node_spec& spec) { return cluster_editor::update_node(c, node, spec); }
inline node_delta update_node_row(cluster& c, node_id node, const node_row& row) { return cluster_editor::update_node_row(c, node, row); }
inline node_delta add_node(cluster& c, const node_spec& spec) { return cluster_editor::add_node(c, spec); }
inline node_delta remove_node(cluster& c, node_id node) { return cluster_editor::remove_node(c, node); }

}  // namespace dsb
