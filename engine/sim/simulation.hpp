// The cluster simulator: a scenario (scenario.hpp) run on a virtual clock.
//
//   event queue     (time, sequence) min-heap: equal times run in the order they were queued,
//                   so a run repeats byte for byte for any thread count
//   cluster loop    timeline actions edit nodes in place (cluster_edit.hpp); the node
//                   lifecycle controller's taints follow Ready (not-ready / unreachable
//                   NoExecute); the fleet re-decides the edited nodes (fleet::apply)
//   controller loop a DaemonSet is synced when something it watches changed, at most once
//                   per `syncInterval` and not before its last creates and deletes were
//                   observed; each sync is fleet::sync (the column controller with burst,
//                   slow start, expectations, rolling update) and its plan is applied
//   kubelet loop    a created pod is bound after `bindDelay`, admitted (NodePorts,
//                   NodeResourcesFit, node Ready; Pending with the scheduler's reasons
//                   otherwise, retried when the node frees resources or comes back), then
//                   started by the lifecycle simulator (init containers, sidecars,
//                   back-off) whose trace gives its Ready transitions; a deleted pod stops
//                   after a lognormal time (stuck while its node is not Ready); pods of a
//                   removed node are garbage-collected at once
//   invariants      per sync: the rolling update never makes more desired nodes unavailable
//                   than maxUnavailable allows beyond those already unavailable; per create:
//                   at most one pod per node (two with surge) outside terminating ones; per
//                   started pod: the lifecycle verifier over its trace (§10)
//
// The simulation is sequential (events are causally ordered); fleet full passes and the
// start of each run use oneTBB. What is not modelled: API server latency beyond the fixed
// delays, readiness probes, preemption, pods other than DaemonSet pods changing on nodes.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/model/error.hpp"
#include "engine/sim/scenario.hpp"

namespace dsb::sim {

struct daemonset_report {
  std::string name;                   ///< namespace/name
  std::string strategy;               ///< "RollingUpdate maxUnavailable=10% maxSurge=0" or "OnDelete"
  double update_at = -1;              ///< seconds; -1 = not updated by the timeline
  double rollout_seconds = -1;        ///< update -> every desired node runs an available updated pod; -1 = not by the horizon
  double longest_stall_seconds = 0;   ///< longest time without progress (updated or available) during the rollout
  std::int64_t peak_unavailable = 0;  ///< desired - available, highest seen during the rollout
  std::int64_t allowed_unavailable = 0;  ///< maxUnavailable resolved at the update
  // Final status (numberMisscheduled etc. at the end of the run).
  std::int64_t desired = 0, current = 0, updated = 0, available = 0, unavailable = 0, misscheduled = 0, pending = 0;
};

struct timeline_row {
  double t = 0;
  std::uint32_t daemonset = 0;
  std::int64_t desired = 0, current = 0, updated = 0, available = 0, unavailable = 0, pending = 0;
};

struct invariant_report {
  std::uint64_t unavailable_checks = 0;
  std::uint64_t one_pod_checks = 0;
  std::uint64_t lifecycle_pods = 0;
  std::uint64_t violations = 0;
  std::vector<std::string> first_violations;  ///< up to 20, one line each
};

struct engine_cost {
  double wall_seconds = 0;
  double setup_seconds = 0;        ///< load/generate the cluster, read manifests, first full pass
  std::uint64_t events = 0;        ///< queue events processed
  std::uint64_t kubelet_events = 0;  ///< lifecycle trace events simulated
  std::uint64_t syncs = 0;
  double sync_seconds = 0;         ///< wall time inside syncs (materialise pods + sync + plan)
  double max_sync_seconds = 0;
  std::uint64_t peak_rss_bytes = 0;
};

struct run_result {
  std::string scenario;
  std::size_t nodes = 0;           ///< at t=0
  std::size_t nodes_at_end = 0;
  double simulated_seconds = 0;    ///< virtual time reached
  std::vector<daemonset_report> daemonsets;
  std::map<std::string, std::uint64_t> pending_by_reason;  ///< admissions refused, by scheduler reason
  std::uint64_t pod_creates = 0, pod_starts = 0, pod_deletes = 0, init_failures = 0, container_restarts = 0;
  invariant_report invariants;
  std::vector<timeline_row> timeline;
  engine_cost cost;
};

/// Receives the fraction of the horizon simulated so far (0..1), a few times per second.
using progress_callback = std::function<void(double)>;

/// Loads the scenario's cluster and manifests and runs it once.
result<run_result> run_scenario(const scenario& s, const progress_callback& progress = {});

}  // namespace dsb::sim
