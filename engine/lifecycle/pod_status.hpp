// Status derived from container statuses: pod phase, the kubelet's pod conditions and the
// STATUS / READY / RESTARTS columns of `kubectl get pods` (kubelet-lifecycle.md §7).
//
//   get_phase            pkg/kubelet/kubelet_pods.go getPhase
//   generate_conditions  pkg/kubelet/status/generate.go GeneratePodInitializedCondition,
//                        GenerateContainersReadyCondition, GeneratePodReadyCondition
//   kubectl_columns_of   pkg/printers/internalversion/printers.go printPod
//
// Statuses are joined to the spec by container name (containerStatuses is sorted by name,
// not in spec order). Pure functions of their inputs; a handful of small allocations for the
// message strings. The simulator uses `phase_of_classes`, the same decision over a compact
// per-container summary, so its PhaseChanged events follow getPhase without building API
// statuses.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "engine/lifecycle/pod_shape.hpp"
#include "engine/model/pod.hpp"

namespace dsb::lifecycle {

/// What getPhase reads of one container status.
enum class status_class : std::uint8_t {
  none,                 ///< no status for this container
  running,              ///< state.running, started false or unset
  running_started,      ///< state.running and started == true
  terminated_ok,        ///< state.terminated, exit code 0
  terminated_failed,    ///< state.terminated, exit code != 0
  waiting,              ///< state.waiting (or no state) without lastState.terminated
  waiting_last_ok,      ///< state.waiting with lastState.terminated exit code 0
  waiting_last_failed,  ///< state.waiting with lastState.terminated exit code != 0
};

/// getPhase over per-container classes (one per pod_shape index).
/// `pod_has_initialized`: some app container exists in the current sandbox (v1.32+).
pod_phase phase_of_classes(const pod_shape& shape, std::span<const status_class> classes, bool pod_is_terminal,
                           bool pod_has_initialized) noexcept;

/// The class of one API container status.
status_class classify(const container_status& status) noexcept;

/// The status of the named container in `statuses`, or nullptr.
const container_status* find_status(std::span<const container_status> statuses, std::string_view name) noexcept;

struct phase_inputs {
  bool pod_is_terminal = false;
  /// When unset: some app container status is running or terminated (the pre-1.32 rule).
  std::optional<bool> pod_has_initialized;
};

/// getPhase for a Pod's spec and API statuses.
pod_phase get_phase(const pod_spec& spec, const pod_status& status, const phase_inputs& inputs = {});

struct condition_result {
  condition_status status = condition_status::unknown;
  std::string reason;
  std::string message;
};

struct pod_conditions {
  condition_result initialized;
  condition_result containers_ready;
  condition_result ready;
};

/// The conditions the kubelet would write for these statuses and status.phase. The model
/// keeps no readiness gates, so Ready follows ContainersReady.
pod_conditions generate_conditions(const pod_spec& spec, const pod_status& status);

/// The three columns kubectl prints for a pod.
struct kubectl_columns {
  std::string ready;     ///< "1/2": ready app containers and started-and-ready sidecars / apps + sidecars
  std::string status;    ///< "Init:1/3", "Init:CrashLoopBackOff", "PodInitializing", "Running", ...
  std::string restarts;  ///< "7" (kubectl appends " (5m ago)" from last_restart; left to the caller)
  std::optional<unix_seconds> last_restart;  ///< newest lastState.terminated.finishedAt counted
};

kubectl_columns kubectl_columns_of(const pod& p);

/// The waiting reasons the kubelet shows (kubelet-lifecycle.md §5.2).
bool is_kubelet_waiting_reason(std::string_view reason) noexcept;

}  // namespace dsb::lifecycle
