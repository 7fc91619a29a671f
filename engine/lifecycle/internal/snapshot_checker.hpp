// snapshot_checker: the S-side checks of kubelet-lifecycle.md §10 on one Pod object (spec +
// status, as `kubectl get pods -o json` prints it), and the sequence checks between two
// snapshots of the same pod. Statuses are joined to the spec by container name. Timestamps
// have one-second resolution, so equal seconds are unordered and compared with <=.
// Every check here is a necessary condition only (snapshots miss history).
#pragma once

#include <cstdint>
#include <vector>

#include "engine/lifecycle/verify.hpp"
#include "engine/model/pod.hpp"

namespace dsb::lifecycle::internal {

/// Appends the violations of one snapshot (pod field = pod_index).
void check_snapshot(const pod& p, std::uint32_t pod_index, std::vector<violation>& out);

/// Checks between an earlier and a later snapshot of the same pod (RC-1, PH-2, PH-7);
/// violations are attributed to the later one (`later_index`).
void check_snapshot_pair(const pod& earlier, const pod& later, std::uint32_t later_index, std::vector<violation>& out);

}  // namespace dsb::lifecycle::internal
