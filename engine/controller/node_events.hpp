// Node event handling of the DaemonSet controller (daemonset-controller.md §14, the
// synchronous handlers up to v1.32, which later versions reach through a node queue):
//   node add     enqueue every DaemonSet whose shouldRun is true on the new node (addNode)
//   node update  ignored when shouldIgnoreNodeUpdate holds; otherwise enqueue a DaemonSet iff
//                its (shouldRun, shouldContinueRunning) differs between old and new node
#pragma once

#include <utility>

#include "engine/model/cluster.hpp"
#include "engine/predicates/compile.hpp"

namespace dsb::ctl {

/// (shouldRun, shouldContinueRunning) for one node with the string matchers (any cluster).
std::pair<bool, bool> node_decision(const pred::compiled_daemonset& ds, const cluster& c, node_id node);

/// shouldIgnoreNodeUpdate: the set of condition types with status True is unchanged and
/// nothing else the model keeps changed (labels, taints, unschedulable, allocatable).
bool should_ignore_node_update(const cluster& old_cluster, node_id old_node, const cluster& new_cluster, node_id new_node);

bool node_update_enqueues(const pred::compiled_daemonset& ds, const cluster& old_cluster, node_id old_node, const cluster& new_cluster,
                          node_id new_node);
bool node_add_enqueues(const pred::compiled_daemonset& ds, const cluster& c, node_id node);

}  // namespace dsb::ctl
