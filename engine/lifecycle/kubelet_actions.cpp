#include "engine/lifecycle/kubelet_actions.hpp"

#include <algorithm>
#include <cassert>

namespace dsb::lifecycle {
namespace {

void add_unique(container_list& list, container_index index) {
  if (std::find(list.begin(), list.end(), index) == list.end()) list.push_back(index);
}

// kubeletutil.PodSandboxChanged: a new sandbox is needed.
bool sandbox_changed(const pod_runtime& runtime) {
  const sandbox_runtime& sandbox = runtime.sandbox;
  if (!sandbox.exists) return true;
  if (sandbox.ready_count > 1) return true;
  if (!sandbox.ready) return true;
  if (sandbox.network_mode_changed) return true;
  return !runtime.host_network && !sandbox.has_ip;
}

bool any_record(const pod_runtime& runtime) {
  return std::any_of(runtime.containers.begin(), runtime.containers.end(),
                     [](const container_runtime& record) { return record.state != runtime_state::absent; });
}

// computeInitContainerActions (kuberuntime_container.go). Returns podHasInitialized.
bool compute_init_actions(const pod_shape& shape, const pod_runtime& runtime, pod_actions& actions) {
  const std::size_t init_count = shape.init_count;
  if (init_count == 0) return true;
  // Some app container record CREATED or RUNNING: the pod has been initialized before (an
  // EXITED app does not count: after a reboot every old container is exited).
  bool initialized = false;
  for (std::size_t app_idx = init_count; app_idx < shape.container_count(); ++app_idx) {
    const runtime_state state = runtime.containers[app_idx].state;
    if (state == runtime_state::created || state == runtime_state::running) {
      initialized = true;
      break;
    }
  }
  bool later_seen = initialized;  // isPreviouslyInitialized
  const bool retry_on_failure = shape.restart_policy != pod_restart_policy::never;
  for (std::size_t rev = init_count; rev-- > 0;) {
    const auto index = static_cast<container_index>(rev);
    const container_shape& ctr = shape.containers[rev];
    const container_runtime& record = runtime.containers[rev];
    const bool sidecar = ctr.role == container_role::sidecar;
    if (record.state == runtime_state::absent) {
      if (later_seen && sidecar) add_unique(actions.init_to_start, index);
      continue;
    }
    if (later_seen && !sidecar) continue;  // completed regular init containers are never re-checked
    switch (record.state) {
      case runtime_state::created:
        add_unique(actions.init_to_start, index);  // stuck in CREATED: restart it
        break;
      case runtime_state::running: {
        if (!sidecar) break;  // a regular init container is running: wait for it
        if (ctr.startup_probe) {
          if (record.startup == probe_result::absent || record.startup == probe_result::unknown) break;
          if (record.startup == probe_result::failure) {
            add_unique(actions.to_kill, index);
            add_unique(actions.init_to_start, index);
            break;
          }
        }
        // The sidecar has started.
        if (rev == init_count - 1) {
          initialized = true;
        } else if (!later_seen) {
          add_unique(actions.init_to_start, static_cast<container_index>(rev + 1));
        }
        if (record.spec_changed) {
          add_unique(actions.to_kill, index);
          add_unique(actions.init_to_start, index);
          break;
        }
        if (ctr.liveness_probe) {
          if (record.liveness == probe_result::absent) break;
          if (record.liveness == probe_result::failure) {
            add_unique(actions.to_kill, index);
            add_unique(actions.init_to_start, index);
          }
        }
        break;
      }
      case runtime_state::exited:
        if (sidecar) {
          add_unique(actions.init_to_start, index);  // sidecars restart whatever the code and pod policy
        } else if (init_container_failed(record)) {
          if (!retry_on_failure) {
            actions.kill_pod = true;
            actions.init_to_start.clear();
            return false;
          }
          add_unique(actions.init_to_start, index);  // retry only this one
        } else if (rev == init_count - 1) {
          initialized = true;
        } else {
          add_unique(actions.init_to_start, static_cast<container_index>(rev + 1));
        }
        break;
      case runtime_state::unknown:
        if (!sidecar && !retry_on_failure) {
          actions.kill_pod = true;
          actions.init_to_start.clear();
          return false;
        }
        add_unique(actions.to_kill, index);
        add_unique(actions.init_to_start, index);
        break;
      case runtime_state::absent:
        break;
    }
    later_seen = true;
  }
  if (!later_seen) add_unique(actions.init_to_start, 0);
  return initialized;
}

}  // namespace

bool should_container_be_restarted(const pod_shape& shape, const pod_runtime& runtime, container_index index) {
  if (runtime.deleting) return false;
  const container_runtime& record = runtime.containers[index];
  switch (record.state) {
    case runtime_state::absent: return true;
    case runtime_state::running: return false;
    case runtime_state::unknown:
    case runtime_state::created: return true;
    case runtime_state::exited: break;
  }
  if (shape.restart_policy == pod_restart_policy::never) return false;
  if (shape.restart_policy == pod_restart_policy::on_failure && record.exit_code == 0) return false;
  return true;
}

pod_actions compute_pod_actions(const pod_shape& shape, const pod_runtime& runtime) {
  assert(runtime.containers.size() == shape.container_count());
  pod_actions actions;
  const bool changed = sandbox_changed(runtime);
  actions.attempt = runtime.sandbox.exists ? runtime.sandbox.attempt + (changed ? 1 : 0) : 0;

  // §2.1: a new sandbox kills everything and restarts initialization from index 0.
  if (changed) {
    actions.kill_pod = true;
    actions.create_sandbox = true;
    if (shape.restart_policy == pod_restart_policy::never && actions.attempt != 0 && any_record(runtime)) {
      actions.create_sandbox = false;  // the pod will go terminal
      return actions;
    }
    container_list candidates;
    bool app_has_record = false;
    for (std::size_t app_idx = shape.init_count; app_idx < shape.container_count(); ++app_idx) {
      const container_runtime& record = runtime.containers[app_idx];
      if (record.state != runtime_state::absent) app_has_record = true;
      const bool succeeded = record.state == runtime_state::exited && record.exit_code == 0;
      if (shape.restart_policy == pod_restart_policy::on_failure && succeeded) continue;
      candidates.push_back(static_cast<container_index>(app_idx));
    }
    if (candidates.empty() && app_has_record) {
      actions.create_sandbox = false;  // every app finished: nothing to run
      return actions;
    }
    if (shape.has_init_containers()) {
      actions.init_to_start.push_back(0);
    } else {
      actions.apps_to_start = std::move(candidates);
    }
    return actions;
  }

  // §2.2: initialization; app containers are not examined until it is complete.
  const bool initialized = compute_init_actions(shape, runtime, actions);
  std::sort(actions.init_to_start.begin(), actions.init_to_start.end());
  if (actions.kill_pod || !initialized) {
    std::sort(actions.to_kill.begin(), actions.to_kill.end());
    return actions;
  }

  // §2.3: app containers.
  std::size_t keep_count = 0;
  for (std::size_t app_idx = shape.init_count; app_idx < shape.container_count(); ++app_idx) {
    const auto index = static_cast<container_index>(app_idx);
    const container_runtime& record = runtime.containers[app_idx];
    if (record.state != runtime_state::running) {
      if (should_container_be_restarted(shape, runtime, index)) {
        actions.apps_to_start.push_back(index);
        if (record.state == runtime_state::unknown) add_unique(actions.to_kill, index);
      }
      continue;
    }
    bool restart = shape.restart_policy != pod_restart_policy::never;
    if (record.spec_changed) {
      restart = true;  // a definition change restarts whatever the policy
    } else if (record.liveness == probe_result::failure || record.startup == probe_result::failure) {
      // killed for the probe; restarted unless the policy is Never
    } else {
      ++keep_count;
      continue;
    }
    if (restart) actions.apps_to_start.push_back(index);
    add_unique(actions.to_kill, index);
  }
  if (keep_count == 0 && actions.apps_to_start.empty()) {
    actions.kill_pod = true;          // every app finished: stop the sidecars too,
    actions.init_to_start.clear();    // and never restart them
  }
  std::sort(actions.to_kill.begin(), actions.to_kill.end());
  return actions;
}

}  // namespace dsb::lifecycle
