// sync_daemonset: one pass of the DaemonSet controller over one DaemonSet
// (daemonset-controller.md §4-§11), as plain data in, plan and status out.
//
//   placement (should_run / should_continue_running, any predicates variant)
//   + daemon_pods (claimed, indexed by node) + controller_state (expectations, back-off)
//   -> manage (podsShouldBeOnNode per node, §6) -> syncNodes (burst 250, slow start, §7)
//   -> rollingUpdate (§11.3 delete-first or §11.4 create-first) on the state after manage
//      (creates and deletes observed synchronously, as the upstream unit tests and the
//      conformance vectors assume)
//   -> status (§10) computed on the input state, as the status pass sees its cache.
// Every per-node loop runs in node order, so the pods and nodes chosen where upstream
// iterates a Go map are deterministic (counts always match upstream; identities are ours).
//
// Two implementations with one contract: `reference` walks every node with the spec's
// pseudo-code; `column` does the same with set algebra over node_sets and walks only the
// nodes whose pods need a per-node decision. Differential tests require equal outcomes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/controller/backoff.hpp"
#include "engine/controller/daemon_pods.hpp"
#include "engine/controller/pod_sets.hpp"
#include "engine/model/cluster.hpp"
#include "engine/model/daemonset.hpp"
#include "engine/predicates/placement.hpp"

namespace dsb::ctl {

/// controller.ControllerExpectations for one DaemonSet.
struct expectations {
  bool present = false;
  std::int64_t add = 0;
  std::int64_t del = 0;
  nanos set_at = 0;
  static constexpr nanos TIMEOUT = 5 * 60 * NANOS_PER_SECOND;

  bool satisfied(nanos now) const noexcept { return !present || (add <= 0 && del <= 0) || now - set_at > TIMEOUT; }
};

/// What the controller remembers about one DaemonSet between syncs.
struct controller_state {
  expectations expected;
  failed_pod_backoff backoff;
};

/// maxSurge / maxUnavailable resolved against the desired count (§11.1).
struct rolling_budget {
  std::int64_t desired = 0;
  std::int64_t max_surge = 0;
  std::int64_t max_unavailable = 0;
};
rolling_budget resolve_budget(const daemonset& ds, std::int64_t desired);
/// AllowsSurge: RollingUpdate with a maxSurge that is non-zero for 1 node.
bool allows_surge(const daemonset& ds);

struct sync_plan {
  std::vector<node_id> creates;            ///< nodes that get a new pod (manage, then rolling), after the burst limit
  std::vector<std::uint32_t> deletes;      ///< daemon_pods rows to delete, after the burst limit
  std::size_t creates_wanted = 0;          ///< before the burst limit
  std::size_t deletes_wanted = 0;
  std::vector<std::uint32_t> create_batches;  ///< slow-start batch sizes (1, 2, 4, ...)
  std::size_t create_calls = 0;            ///< create requests issued (more than `creates` when some fail)
  std::uint32_t failed_pod_events = 0;     ///< FailedDaemonPod warnings
  std::uint32_t succeeded_pod_events = 0;  ///< SucceededDaemonPod events
  std::optional<nanos> requeue_after;      ///< shortest back-off / minReadySeconds requeue
  bool rolling_error = false;              ///< the create-first pass met a node not in the cluster
};

enum class sync_kind : std::uint8_t {
  reconciled,             ///< manage (and rolling update) ran, status written with observedGeneration
  selects_all,            ///< selector {}: SelectingAll warning, nothing else
  being_deleted,          ///< deletionTimestamp set: nothing
  awaiting_expectations,  ///< earlier creates/deletes not yet observed: status only
};

struct sync_outcome {
  sync_kind kind = sync_kind::reconciled;
  std::string hash;              ///< controller-revision-hash of the current template
  daemonset_status status;       ///< what this sync writes
  bool status_write_skipped = false;  ///< counters equal and observedGeneration current
  sync_plan plan;
};

enum class controller_variant : std::uint8_t { reference, column };

struct sync_options {
  nanos now = 0;
  std::uint32_t burst_replicas = 250;            ///< BurstReplicas
  controller_variant variant = controller_variant::column;
  bool synchronous_observation = true;           ///< creates/deletes observed before the rolling pass
  /// Status on the store after this sync's plan (the synchronous harness of the upstream unit
  /// tests) instead of the input state (what the status pass sees in production).
  bool status_after_plan = false;
  std::optional<std::size_t> create_quota;       ///< creates the API accepts this sync (failure injection)
};

struct status_counts;
struct sync_index;

sync_outcome sync_daemonset(const daemonset& ds, const cluster& c, const pred::placement& placement, const daemon_pods& pods,
                            const sync_options& options, controller_state& state);
/// The same with the pods already summarised (`column`; `options.variant` is ignored: a null
/// `sets` runs `reference`) and the revision hash already computed (`hash` must be
/// revision_hash(ds.template_, ds.status.collision_count)). `sets` must match `pods`,
/// `hash` and `options.now`; `counts`, when given, must equal count_status(placement, *sets)
/// (a caller that keeps them incrementally saves the pass over the sets); `index`, when
/// given with `sets`, must equal build_sync_index(placement, *sets, allows_surge(ds)), and
/// when not the sync builds one (one pass over the words): manage and the rolling pass visit
/// only the nodes it names.
sync_outcome sync_daemonset(const daemonset& ds, const cluster& c, const pred::placement& placement, const daemon_pods& pods, const pod_sets* sets,
                            std::string_view hash, const sync_options& options, controller_state& state, const status_counts* counts = nullptr,
                            const sync_index* index = nullptr);

/// Status counters of §10 before they become a status.
struct status_counts {
  std::int64_t desired = 0;
  std::int64_t current = 0;
  std::int64_t misscheduled = 0;
  std::int64_t ready = 0;
  std::int64_t available = 0;
  std::int64_t updated = 0;
  friend bool operator==(const status_counts&, const status_counts&) = default;
};
/// The counters as popcounts over the placement and the pod summary.
status_counts count_status(const pred::placement& placement, const pod_sets& sets);
/// ds.status with the counters written in (numberUnavailable = desired - available).
daemonset_status status_from_counts(const daemonset& ds, const status_counts& counts);

/// updateDaemonSetStatus's counters (§10) on the given state.
daemonset_status compute_status(const daemonset& ds, const pred::placement& placement, const daemon_pods& pods, std::string_view hash,
                                nanos now, controller_variant variant = controller_variant::column);

/// The pod table after a plan: deleted rows removed; one row per create (named
/// "<ds>-<node>", unbound, current hash and generation, not Ready, created at `now`).
daemon_pods apply_plan(const daemon_pods& pods, const sync_plan& plan, const daemonset& ds, std::string_view hash, unix_seconds now,
                       const cluster& c);

/// Slow-start batch sizes for `count` creates: 1, 2, 4, ... capped by what remains.
std::vector<std::uint32_t> slow_start_batches(std::size_t count);

}  // namespace dsb::ctl
