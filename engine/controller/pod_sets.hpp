// pod_sets: a DaemonSet's pods summarised per node as node_sets, so that status, manage and
// the rolling update become set algebra over 64-bit words plus a walk of the few nodes that
// need per-pod decisions (sync.hpp, `column` variant).
//
//   has_pod      the node has at least one of the DaemonSet's pods (any state)
//   irregular    more than one pod, or its one pod is terminating, Failed or Succeeded
//   first_ready  the node's first pod (podByCreationTimestampAndPhase order) is Ready
//   first_updated  ... carries the current revision hash or template generation
//   first_available ... is available at `now` (minReadySeconds), = first_ready when 0
//   terminating  every pod on the node is terminating (deletionTimestamp set)
// The first pod is the one status counts (updateDaemonSetStatus reads daemonPods[0]).
#pragma once

#include <optional>
#include <string_view>

#include "engine/controller/daemon_pods.hpp"
#include "engine/model/node_set.hpp"
#include "engine/controller/backoff.hpp"

namespace dsb::ctl {

struct pod_sets {
  node_set has_pod;
  node_set irregular;
  node_set first_ready;
  node_set first_updated;
  node_set first_available;
  node_set terminating;

  friend bool operator==(const pod_sets&, const pod_sets&) = default;
};

/// Summarises `pods` (indexed for `node_count` nodes). O(nodes + pods).
pod_sets summarize_pods(const daemon_pods& pods, std::size_t node_count, std::string_view hash, std::optional<std::int64_t> generation,
                        std::int32_t min_ready_seconds, nanos now);

/// Recomputes the bits of one node (after its pods or the cluster's size changed; the sets
/// must already have the cluster's size).
void summarize_node(pod_sets& sets, const daemon_pods& pods, node_id node, std::string_view hash, std::optional<std::int64_t> generation,
                    std::int32_t min_ready_seconds, nanos now);

/// Whether pod `row` is available at `now` (podutil.IsPodAvailable on the nanosecond clock).
bool available_at(const daemon_pods& pods, std::uint32_t row, std::int32_t min_ready_seconds, nanos now);

}  // namespace dsb::ctl
