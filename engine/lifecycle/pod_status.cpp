#include "engine/lifecycle/pod_status.hpp"

#include <array>
#include <vector>

namespace dsb::lifecycle {
namespace {

bool has_statuses(const pod_status& status) {
  return !status.init_container_statuses.empty() || !status.container_statuses.empty();
}

// GetContainerStatus over init and app statuses together (the kubelet passes both).
const container_status* find_any(const pod_status& status, std::string_view name) {
  if (const container_status* found = find_status(status.container_statuses, name)) return found;
  return find_status(status.init_container_statuses, name);
}

bool is_started(const container_status& status) { return status.started.value_or(false); }

// Go's fmt %s of a []string: "[a b c]".
std::string go_list(const std::vector<std::string_view>& names) {
  std::string out = "[";
  for (std::size_t idx = 0; idx < names.size(); ++idx) {
    if (idx > 0) out += ' ';
    out += names[idx];
  }
  out += ']';
  return out;
}

std::string join_messages(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += ", ";
    out += part;
  }
  return out;
}

bool condition_true(const pod_status& status, std::string_view type) {
  const pod_condition* cond = status.condition(type);
  return cond != nullptr && cond->status == condition_status::true_;
}

std::string exit_reason(std::string_view prefix, const container_state& state) {
  // printers.go: an empty reason becomes Signal:<n> or ExitCode:<n> (the model keeps no signal).
  if (!state.reason.empty()) return std::string(prefix) + state.reason;
  return std::string(prefix) + "ExitCode:" + std::to_string(state.exit_code);
}

}  // namespace

status_class classify(const container_status& status) noexcept {
  switch (status.state.kind) {
    case container_state_kind::running: return is_started(status) ? status_class::running_started : status_class::running;
    case container_state_kind::terminated:
      return status.state.exit_code == 0 ? status_class::terminated_ok : status_class::terminated_failed;
    case container_state_kind::waiting:
    case container_state_kind::none:
      if (status.last_state.kind == container_state_kind::terminated) {
        return status.last_state.exit_code == 0 ? status_class::waiting_last_ok : status_class::waiting_last_failed;
      }
      return status_class::waiting;
  }
  return status_class::waiting;
}

const container_status* find_status(std::span<const container_status> statuses, std::string_view name) noexcept {
  for (const container_status& status : statuses) {
    if (status.name == name) return &status;
  }
  return nullptr;
}

pod_phase phase_of_classes(const pod_shape& shape, std::span<const status_class> classes, bool pod_is_terminal,
                           bool pod_has_initialized) noexcept {
  int pending_regular_init = 0;
  int pending_sidecar = 0;
  int failed_init = 0;
  int unknown = 0;
  int running = 0;
  int waiting = 0;
  int stopped = 0;
  int succeeded = 0;
  for (std::size_t idx = 0; idx < shape.container_count(); ++idx) {
    const status_class cls = classes[idx];
    switch (shape.containers[idx].role) {
      case container_role::init:
        switch (cls) {
          case status_class::none:
          case status_class::running:
          case status_class::running_started:
          case status_class::waiting: ++pending_regular_init; break;
          case status_class::terminated_failed:
          case status_class::waiting_last_failed: ++failed_init; break;
          case status_class::terminated_ok:
          case status_class::waiting_last_ok: break;
        }
        break;
      case container_role::sidecar:
        switch (cls) {
          case status_class::none: ++unknown; break;
          case status_class::running: ++pending_sidecar; ++running; break;
          case status_class::running_started: ++running; break;
          case status_class::waiting: ++pending_sidecar; ++waiting; break;
          default: break;  // terminated sidecars are ignored
        }
        break;
      case container_role::app:
        switch (cls) {
          case status_class::none: ++unknown; break;
          case status_class::running:
          case status_class::running_started: ++running; break;
          case status_class::terminated_ok: ++stopped; ++succeeded; break;
          case status_class::terminated_failed:
          case status_class::waiting_last_ok:
          case status_class::waiting_last_failed: ++stopped; break;
          case status_class::waiting: ++waiting; break;
        }
        break;
    }
  }
  if (failed_init > 0 && shape.restart_policy == pod_restart_policy::never) return pod_phase::failed;
  if (pending_regular_init > 0 || (pending_sidecar > 0 && !pod_has_initialized)) return pod_phase::pending;
  if (waiting > 0) return pod_phase::pending;
  if (running > 0 && unknown == 0) return pod_phase::running;
  if (running == 0 && stopped > 0 && unknown == 0) {
    if (pod_is_terminal) return stopped == succeeded ? pod_phase::succeeded : pod_phase::failed;
    if (shape.restart_policy == pod_restart_policy::always) return pod_phase::running;
    if (stopped == succeeded) return pod_phase::succeeded;
    if (shape.restart_policy == pod_restart_policy::never) return pod_phase::failed;
    return pod_phase::running;
  }
  return pod_phase::pending;
}

pod_phase get_phase(const pod_spec& spec, const pod_status& status, const phase_inputs& inputs) {
  const pod_shape shape = shape_of(spec);
  std::vector<status_class> classes;
  classes.reserve(shape.container_count());
  bool app_started = false;
  auto add = [&](const container& ctr, bool app) {
    const container_status* found = find_any(status, ctr.name);
    classes.push_back(found == nullptr ? status_class::none : classify(*found));
    if (app && found != nullptr &&
        (found->state.kind == container_state_kind::running || found->state.kind == container_state_kind::terminated)) {
      app_started = true;
    }
  };
  for (const container& ctr : spec.init_containers) add(ctr, false);
  for (const container& ctr : spec.containers) add(ctr, true);
  return phase_of_classes(shape, classes, inputs.pod_is_terminal, inputs.pod_has_initialized.value_or(app_started));
}

pod_conditions generate_conditions(const pod_spec& spec, const pod_status& status) {
  pod_conditions out;
  const bool any_status = has_statuses(status);

  // GeneratePodInitializedCondition
  {
    condition_result& init = out.initialized;
    if (!any_status && !spec.init_containers.empty()) {
      init = {condition_status::false_, "UnknownContainerStatuses", {}};
    } else {
      std::vector<std::string_view> unknown_names;
      std::vector<std::string_view> incomplete;
      for (const container& ctr : spec.init_containers) {
        const container_status* found = find_any(status, ctr.name);
        if (found == nullptr) {
          unknown_names.push_back(ctr.name);
          continue;
        }
        const bool done = ctr.is_sidecar() ? is_started(*found) : found->ready;  // isInitContainerInitialized
        if (!done) incomplete.push_back(ctr.name);
      }
      bool app_started = false;  // HasAnyRegularContainerStarted
      for (const container& ctr : spec.containers) {
        const container_status* found = find_any(status, ctr.name);
        if (found != nullptr &&
            (found->state.kind == container_state_kind::running || found->state.kind == container_state_kind::terminated)) {
          app_started = true;
        }
      }
      if (status.phase == pod_phase::succeeded && unknown_names.empty()) {
        init = {condition_status::true_, "PodCompleted", {}};
      } else if (app_started) {
        init = {condition_status::true_, {}, {}};
      } else {
        std::vector<std::string> parts;
        if (!unknown_names.empty()) parts.push_back("containers with unknown status: " + go_list(unknown_names));
        if (!incomplete.empty()) parts.push_back("containers with incomplete status: " + go_list(incomplete));
        if (!parts.empty()) {
          init = {condition_status::false_, "ContainersNotInitialized", join_messages(parts)};
        } else {
          init = {condition_status::true_, {}, {}};
        }
      }
    }
  }

  // GenerateContainersReadyCondition (sidecars and app containers; regular init containers excluded)
  {
    condition_result& ready = out.containers_ready;
    if (!any_status) {
      ready = {condition_status::false_, "UnknownContainerStatuses", {}};
    } else {
      std::vector<std::string_view> unknown_names;
      std::vector<std::string_view> unready;
      auto visit = [&](const container& ctr) {
        const container_status* found = find_any(status, ctr.name);
        if (found == nullptr) {
          unknown_names.push_back(ctr.name);
        } else if (!found->ready) {
          unready.push_back(ctr.name);
        }
      };
      for (const container& ctr : spec.init_containers) {
        if (ctr.is_sidecar()) visit(ctr);
      }
      for (const container& ctr : spec.containers) visit(ctr);
      if (status.phase == pod_phase::succeeded && unknown_names.empty()) {
        ready = {condition_status::false_, "PodCompleted", {}};
      } else if (status.phase == pod_phase::failed) {
        ready = {condition_status::false_, "PodFailed", {}};
      } else {
        std::vector<std::string> parts;
        if (!unknown_names.empty()) parts.push_back("containers with unknown status: " + go_list(unknown_names));
        if (!unready.empty()) parts.push_back("containers with unready status: " + go_list(unready));
        if (!parts.empty()) {
          ready = {condition_status::false_, "ContainersNotReady", join_messages(parts)};
        } else {
          ready = {condition_status::true_, {}, {}};
        }
      }
    }
  }

  // GeneratePodReadyCondition: not True => same as ContainersReady; readiness gates are not modelled.
  out.ready = out.containers_ready;
  return out;
}

kubectl_columns kubectl_columns_of(const pod& p) {
  const pod_spec& spec = p.spec;
  const pod_status& status = p.status;
  std::int64_t restarts = 0;
  std::int64_t sidecar_restarts = 0;
  std::size_t total = spec.containers.size();
  std::size_t ready_count = 0;
  std::optional<unix_seconds> last_restart;
  std::optional<unix_seconds> last_sidecar_restart;
  auto note = [](std::optional<unix_seconds>& slot, const container_status& st) {
    if (st.last_state.kind == container_state_kind::terminated && st.last_state.finished_at) {
      if (!slot || *slot < *st.last_state.finished_at) slot = st.last_state.finished_at;
    }
  };

  std::string reason(to_string(status.phase));
  if (!status.reason.empty()) reason = status.reason;
  for (const pod_condition& cond : status.conditions) {
    if (cond.type == "PodScheduled" && cond.reason == "SchedulingGated") reason = "SchedulingGated";
  }
  auto init_spec = [&spec](std::string_view name) -> const container* {
    for (const container& ctr : spec.init_containers) {
      if (ctr.name == name) return &ctr;
    }
    return nullptr;
  };
  for (const container& ctr : spec.init_containers) {
    if (ctr.is_sidecar()) ++total;
  }

  bool initializing = false;
  const std::size_t init_total = spec.init_containers.size();
  for (std::size_t idx = 0; idx < status.init_container_statuses.size(); ++idx) {
    const container_status& st = status.init_container_statuses[idx];
    restarts += st.restart_count;
    note(last_restart, st);
    const container* ctr = init_spec(st.name);
    const bool sidecar = ctr != nullptr && ctr->is_sidecar();
    if (sidecar) {
      sidecar_restarts += st.restart_count;
      note(last_sidecar_restart, st);
    }
    if (st.state.kind == container_state_kind::terminated && st.state.exit_code == 0) continue;
    if (sidecar && is_started(st)) {
      if (st.ready) ++ready_count;
      continue;
    }
    if (st.state.kind == container_state_kind::terminated) {
      reason = exit_reason("Init:", st.state);
    } else if (st.state.kind == container_state_kind::waiting && !st.state.reason.empty() && st.state.reason != "PodInitializing") {
      reason = "Init:" + st.state.reason;
    } else {
      reason = "Init:" + std::to_string(idx) + "/" + std::to_string(init_total);
    }
    initializing = true;
    break;
  }

  if (!initializing || condition_true(status, "Initialized")) {
    restarts = sidecar_restarts;
    last_restart = last_sidecar_restart;
    bool has_running = false;
    for (std::size_t rev = status.container_statuses.size(); rev-- > 0;) {
      const container_status& st = status.container_statuses[rev];
      restarts += st.restart_count;
      note(last_restart, st);
      if (st.state.kind == container_state_kind::waiting && !st.state.reason.empty()) {
        reason = st.state.reason;
      } else if (st.state.kind == container_state_kind::terminated) {
        reason = exit_reason("", st.state);
      } else if (st.ready && st.state.kind == container_state_kind::running) {
        has_running = true;
        ++ready_count;
      }
    }
    if (reason == "Completed" && has_running) reason = condition_true(status, "Ready") ? "Running" : "NotReady";
  }

  const bool terminal = status.phase == pod_phase::succeeded || status.phase == pod_phase::failed;
  if (p.metadata.deletion_timestamp && status.reason == "NodeLost") {
    reason = "Unknown";
  } else if (p.metadata.deletion_timestamp && !terminal) {
    reason = "Terminating";
  }

  kubectl_columns out;
  out.ready = std::to_string(ready_count) + "/" + std::to_string(total);
  out.status = std::move(reason);
  out.restarts = std::to_string(restarts);
  out.last_restart = last_restart;
  return out;
}

bool is_kubelet_waiting_reason(std::string_view reason) noexcept {
  static constexpr std::array<std::string_view, 12> REASONS = {
      "ContainerCreating", "PodInitializing",           "CrashLoopBackOff",      "ErrImagePull",
      "ImagePullBackOff",  "InvalidImageName",          "ErrImageNeverPull",     "CreateContainerConfigError",
      "CreateContainerError", "RunContainerError",      "PreStartHookError",     "PostStartHookError"};
  for (std::string_view known : REASONS) {
    if (known == reason) return true;
  }
  return false;
}

}  // namespace dsb::lifecycle
