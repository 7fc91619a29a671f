// sync_index: a DaemonSet's nodes split by what a column sync must do with them, kept per
// node by the fleet as nodes and pods change, so that a sync visits only the nodes needing
// a decision instead of passing over every word of the summary sets.
//
//   attention          should_run & ~has_pod | has_pod & ~should_continue | irregular,
//                      minus `terminating`: manage's nodes (podsShouldBeOnNode may create or
//                      delete), and a superset of the rolling map's special nodes
//   terminating        (counted) nodes whose every pod is terminating, where manage can do
//                      nothing (it skips terminating pods and creates beside them only with
//                      surge on a node that should run and may continue) and the rolling map
//                      sees an entry without pods: unavailable for delete-first, nothing for
//                      create-first. Pods stuck terminating on NotReady nodes stay so for
//                      minutes; without this class every sync would visit them.
//   stale_available    the rest with a pod: one regular pod (not terminating, not terminal)
//   stale_unavailable  without the current revision, split by its availability
//   settled, settled_available
//                      the same with the current revision: only counted
// Every node with a pod is in exactly one class; nodes without one and not desired are in none.
#pragma once

#include <cstdint>

#include "engine/controller/pod_sets.hpp"
#include "engine/model/summarized_set.hpp"
#include "engine/predicates/variants.hpp"

namespace dsb::ctl {

enum class node_class : std::uint8_t { none, attention, terminating, settled, settled_available, stale_available, stale_unavailable };

struct sync_index {
  summarized_set attention;
  summarized_set stale_available;
  summarized_set stale_unavailable;
  std::int64_t settled = 0;            ///< settled and settled_available nodes
  std::int64_t settled_available = 0;
  std::int64_t terminating = 0;

  friend bool operator==(const sync_index&, const sync_index&) = default;
};

/// The node's class from its placement bits and pod summary bits; `surge`: the DaemonSet's
/// strategy allows surge (allows_surge).
node_class classify(const pred::placement& placement, const pod_sets& sets, node_id node, bool surge) noexcept;

/// Moves `node` from class `from` to class `to` (the index has the cluster's size).
void move_class(sync_index& index, node_id node, node_class from, node_class to) noexcept;

/// The index of a whole DaemonSet: one pass over the words.
sync_index build_sync_index(const pred::placement& placement, const pod_sets& sets, bool surge);

/// Grows the index to `node_count` nodes (nodes are never taken out: removed ones are tombstones); new nodes are in no class.
void resize_sync_index(sync_index& index, std::size_t node_count);

}  // namespace dsb::ctl
