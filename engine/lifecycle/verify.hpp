// The lifecycle verifier: checks the invariants of kubelet-lifecycle.md §10 on traces and on
// Pod snapshots, pod by pod, in parallel.
//
// What is checked where (details and soft bounds in engine/lifecycle/README.md):
//   traces     ORD-1..7, SC-1, SC-3..5, FAIL-1..3, RC-1, RC-2, BO-1, BO-2, BO-4, PH-2, CD-5
//   snapshots  ORD-1, ORD-2, ORD-4, SC-2..4 (weak), PH-1, PH-3..6, RC-3..6, BO-1 (necessary
//              condition), CD-1..4; with several snapshots of one pod (same uid, in input
//              order) also RC-1, PH-2, PH-7
// BO-3 is enforced through BO-1/BO-2, whose schedules are computed per (pod, container): a
// schedule shared between containers shows up as a BO-1 or BO-2 violation of the container
// whose own history it breaks. KS-1 needs kubectl's printed columns, which neither input
// carries; kubectl_columns_of (pod_status.hpp) computes them.
//
// Reporting: at most one violation per (pod, container, invariant), the first in event
// order; violations are ordered by pod (input order) and, within a pod, by detection order,
// whatever the thread count. Pod-level violations have container NO_CONTAINER.
//
// Threads: `verify_traces` / `verify_snapshots` run oneTBB over pods (use a
// tbb::global_control to bound them); the *_serial twins run on the calling thread and return
// identical reports. No exception escapes a TBB body (allocation failure aside).
// Cost: one pass over each pod's events with O(containers) state, no allocation per event.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/lifecycle/invariants.hpp"
#include "engine/lifecycle/trace.hpp"
#include "engine/model/pod.hpp"

namespace dsb::lifecycle {

struct violation {
  std::uint32_t pod = 0;                     ///< index of the pod in the input (trace_set / pod list)
  container_index container = NO_CONTAINER;  ///< index in the pod's shape, NO_CONTAINER = the pod itself
  invariant id = invariant::ord_1;
  std::string detail;                        ///< one line, with times in seconds
};

struct verify_report {
  std::size_t pods = 0;        ///< distinct pods (snapshots of one uid count once)
  std::size_t containers = 0;  ///< containers of those pods (by spec)
  std::size_t events = 0;      ///< trace events or snapshots examined
  std::vector<violation> violations;
};

/// Tolerances of the time-based checks (seconds are the spec's; the soft slack is ours).
struct verify_options {
  std::int64_t tolerance_us = 1'000'000;       ///< BO-1, BO-4: restarts may come this much early
  std::int64_t sync_slack_us = 45'000'000;     ///< BO-2, SC-1: sync latency allowed on top of max(d/2, 15 s)
};

verify_report verify_traces(const trace_set& traces, const verify_options& options = {});
verify_report verify_traces_serial(const trace_set& traces, const verify_options& options = {});

verify_report verify_snapshots(std::span<const pod> pods, const verify_options& options = {});
verify_report verify_snapshots_serial(std::span<const pod> pods, const verify_options& options = {});

}  // namespace dsb::lifecycle
