// One kubelet sync decision for one pod: what to kill, whether to (re)create the sandbox,
// which init containers and which app containers to start (kubelet-lifecycle.md §2).
//
// Mirrors kubernetes/kubernetes pkg/kubelet/kuberuntime/kuberuntime_manager.go
// computePodActions, kuberuntime_container.go computeInitContainerActions and
// pkg/kubelet/container/helpers.go ShouldContainerBeRestarted (SidecarContainers GA
// behaviour, v1.33-v1.35). The input is what the kubelet reads: the newest runtime record of
// every spec container (podStatus.FindContainerStatusByName), the sandbox, and the probe
// result caches of those records. The output is the decision only; executing it (start
// order, back-off gates, image pulls) is the caller's business (the simulator does it).
//
// When to use: the simulator calls it on every sync; tests run the computePodActions
// conformance vectors through it. Cost: one pass over the containers, no allocation for pods
// with up to 8 containers.
#pragma once

#include <cstdint>
#include <span>

#include <boost/container/small_vector.hpp>

#include "engine/lifecycle/pod_shape.hpp"

namespace dsb::lifecycle {

/// CRI state of a container record (kubecontainer.State); `absent` = no record at all.
enum class runtime_state : std::uint8_t { absent, created, running, exited, unknown };

/// A probe result cache entry for the record (proberesults.Result); `absent` = not run yet.
enum class probe_result : std::uint8_t { absent, unknown, success, failure };

/// The newest runtime record of one spec container.
struct container_runtime {
  runtime_state state = runtime_state::absent;
  std::int32_t exit_code = 0;
  bool oom_killed = false;    ///< reason OOMKilled: a failed init container even with exit code 0 (isInitContainerFailed)
  bool spec_changed = false;  ///< containerChanged: the record's hash (name + image) differs from the spec's
  probe_result startup = probe_result::absent;
  probe_result liveness = probe_result::absent;
};

/// The pod's newest sandbox (kubeletutil.PodSandboxChanged reads these).
struct sandbox_runtime {
  bool exists = false;
  bool ready = false;               ///< SANDBOX_READY
  std::uint32_t attempt = 0;        ///< metadata.attempt
  std::uint32_t ready_count = 0;    ///< number of READY sandboxes (more than one forces a new one)
  bool has_ip = true;               ///< a pod-network sandbox without an IP is re-created
  bool network_mode_changed = false;  ///< hostNetwork no longer matches the sandbox's namespace mode
};

struct pod_runtime {
  sandbox_runtime sandbox;
  std::span<const container_runtime> containers;  ///< one per pod_shape index
  bool deleting = false;  ///< pod.DeletionTimestamp set: no container is restarted
  bool host_network = false;
};

using container_list = boost::container::small_vector<container_index, 8>;

struct pod_actions {
  bool kill_pod = false;
  bool create_sandbox = false;
  std::uint32_t attempt = 0;       ///< sandbox attempt (newest + 1 when a new sandbox is needed)
  container_list init_to_start;    ///< init container indexes, ascending (start order)
  container_list apps_to_start;    ///< pod_shape indexes of app containers, in spec order
  container_list to_kill;          ///< pod_shape indexes whose record is to be killed, ascending
};

/// computePodActions. Precondition: runtime.containers.size() == shape.container_count().
pod_actions compute_pod_actions(const pod_shape& shape, const pod_runtime& runtime);

/// ShouldContainerBeRestarted for the app container at `index`.
bool should_container_be_restarted(const pod_shape& shape, const pod_runtime& runtime, container_index index);

/// isInitContainerFailed: exited (or unknown) with a non-zero code, or OOMKilled.
inline bool init_container_failed(const container_runtime& record) noexcept {
  return record.exit_code != 0 || record.oom_killed;
}

}  // namespace dsb::lifecycle
