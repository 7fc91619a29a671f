// Effective pod resource requests (resource.PodRequests, KEP-753): what the scheduler's
// NodeResourcesFit, kubelet admission and quota count for a pod.
//
// Rule (predicates.md §8.1, kubelet-lifecycle.md §9), per resource name r:
//   walk initContainers in order with sidecar_sum (restartable init containers so far):
//     sidecar:        sidecar_sum += req;  init_peak = max(init_peak, sidecar_sum)
//     ordinary init:  init_peak = max(init_peak, req + sidecar_sum)
//   pod[r] = max(sum(app containers) + sum(all sidecars), init_peak)
//   pod-level spec.resources.requests for cpu, memory or hugepages-* replace the aggregate,
//   then spec.overhead is added.
// Requests only: apply Pod defaulting (requests from limits) first when starting from a
// template. Quantities stay exact here; `scheduler_requests` converts them the way the
// scheduler compares them (cpu millicores, Value() for the rest, unknown names dropped).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/model/pod_spec.hpp"

namespace dsb {

resource_list effective_requests(const pod_spec& spec);

/// A pod's requests as the scheduler's integers.
struct scheduler_requests {
  std::int64_t cpu_milli = 0;
  std::int64_t memory_bytes = 0;
  std::int64_t ephemeral_storage_bytes = 0;
  std::vector<std::pair<std::string, std::int64_t>> scalar;  ///< extended, hugepages-*, ... sorted by name

  bool is_zero() const noexcept {
    if (cpu_milli != 0 || memory_bytes != 0 || ephemeral_storage_bytes != 0) return false;
    for (const auto& entry : scalar) {
      if (entry.second != 0) return false;
    }
    return true;
  }
};

scheduler_requests to_scheduler_requests(const resource_list& requests);

}  // namespace dsb
