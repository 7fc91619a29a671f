#include "engine/lifecycle/internal/snapshot_checker.hpp"

#include <optional>
#include <string>

#include "engine/lifecycle/pod_shape.hpp"
#include "engine/lifecycle/pod_status.hpp"
#include "engine/model/time.hpp"

namespace dsb::lifecycle::internal {
namespace {

using opt_time = std::optional<unix_seconds>;

std::string seconds_text(unix_seconds value) { return format_rfc3339(value); }

struct joined {
  const container* spec = nullptr;
  const container_status* status = nullptr;  // nullptr: no status reported
  container_role role = container_role::app;
};

// Collects the violations of one pod with one report per (container, invariant).
class sink {
 public:
  sink(std::uint32_t pod_index, std::size_t containers, std::vector<violation>& out)
      : pod_index_(pod_index), seen_(containers + 1, 0), out_(out) {}

  template <class MakeDetail>
  void report(container_index index, invariant id, MakeDetail&& make_detail) {
    std::uint64_t& seen = seen_[index == NO_CONTAINER ? seen_.size() - 1 : index];
    const std::uint64_t bit = std::uint64_t{1} << static_cast<unsigned>(id);
    if ((seen & bit) != 0) return;
    seen |= bit;
    out_.push_back(violation{pod_index_, index, id, make_detail()});
  }

 private:
  std::uint32_t pod_index_;
  std::vector<std::uint64_t> seen_;
  std::vector<violation>& out_;
};

bool is_running(const container_status* st) { return st != nullptr && st->state.kind == container_state_kind::running; }
bool is_terminated(const container_status* st) { return st != nullptr && st->state.kind == container_state_kind::terminated; }
bool has_run(const container_status* st) { return is_running(st) || is_terminated(st); }

// A regular init container's success: terminated with exit 0 and not OOMKilled (isInitContainerFailed).
bool exited_ok(const container_status* st) {
  return is_terminated(st) && st->state.exit_code == 0 && st->state.reason != "OOMKilled";
}
bool exited_failed(const container_status* st) { return is_terminated(st) && !exited_ok(st); }

// A sidecar shows it ran: started, restarted, or a terminated state/lastState that started.
bool sidecar_ran(const container_status* st) {
  if (st == nullptr) return false;
  if (st->started.value_or(false) || st->restart_count > 0) return true;
  if (st->state.kind == container_state_kind::terminated && st->state.started_at) return true;
  return st->last_state.kind == container_state_kind::terminated;
}

opt_time started_at(const container_status* st) {
  if (st == nullptr) return std::nullopt;
  if (st->state.kind == container_state_kind::running || st->state.kind == container_state_kind::terminated) return st->state.started_at;
  return std::nullopt;
}

opt_time finished_at(const container_status* st) { return is_terminated(st) ? st->state.finished_at : std::nullopt; }

// `later` is a status from an older sandbox than `current` when it finished before `current`
// started (a new sandbox re-runs earlier containers while the API keeps old states).
bool older_than(const container_status* later, const container_status* current) {
  const opt_time end = finished_at(later);
  const opt_time begin = started_at(current);
  return end && begin && *end <= *begin;
}

bool failed_app(const container_status* st) {
  if (st == nullptr) return false;
  if (st->state.kind == container_state_kind::terminated) return st->state.exit_code != 0;
  return st->last_state.kind == container_state_kind::terminated && st->last_state.exit_code != 0 &&
         st->state.kind == container_state_kind::waiting;
}

condition_status condition_of(const pod_status& status, std::string_view type) {
  const pod_condition* cond = status.condition(type);
  return cond == nullptr ? condition_status::absent : cond->status;
}

std::string status_word(condition_status status) {
  switch (status) {
    case condition_status::true_: return "True";
    case condition_status::false_: return "False";
    case condition_status::unknown: return "Unknown";
    case condition_status::absent: return "absent";
  }
  return "?";
}

}  // namespace

void check_snapshot(const pod& p, std::uint32_t pod_index, std::vector<violation>& out) {
  const pod_spec& spec = p.spec;
  const pod_status& status = p.status;
  const pod_shape shape = shape_of(spec);
  const std::size_t count = shape.container_count();
  std::vector<joined> rows(count);
  for (std::size_t idx = 0; idx < count; ++idx) {
    const bool init = idx < shape.init_count;
    const container& ctr = init ? spec.init_containers[idx] : spec.containers[idx - shape.init_count];
    const auto& primary = init ? status.init_container_statuses : status.container_statuses;
    const auto& secondary = init ? status.container_statuses : status.init_container_statuses;
    const container_status* st = find_status(primary, ctr.name);
    if (st == nullptr) st = find_status(secondary, ctr.name);
    rows[idx] = joined{&ctr, st, shape.containers[idx].role};
  }
  sink report(pod_index, count, out);
  auto name = [&](std::size_t idx) { return rows[idx].spec->name; };
  const pod_phase phase = status.phase;
  const bool terminal = phase == pod_phase::succeeded || phase == pod_phase::failed;

  // ORD-1: two regular init containers running, or overlapping run intervals.
  for (std::size_t later = 0; later < shape.init_count; ++later) {
    if (rows[later].role != container_role::init || !has_run(rows[later].status)) continue;
    for (std::size_t earlier = 0; earlier < later; ++earlier) {
      if (rows[earlier].role != container_role::init || !has_run(rows[earlier].status)) continue;
      const container_status* first = rows[earlier].status;
      const container_status* second = rows[later].status;
      bool overlap = is_running(first) && is_running(second);
      const opt_time first_start = started_at(first);
      const opt_time second_start = started_at(second);
      if (!overlap && first_start && second_start) {
        const opt_time first_end = finished_at(first);
        const opt_time second_end = finished_at(second);
        const bool first_before = first_end && *first_end <= *second_start;
        const bool second_before = second_end && *second_end <= *first_start;
        overlap = !first_before && !second_before;
      }
      if (overlap) {
        report.report(static_cast<container_index>(later), invariant::ord_1, [&] {
          auto span = [](const container_status* st) {
            const opt_time begin = started_at(st);
            const opt_time end = finished_at(st);
            return (begin ? seconds_text(*begin) : std::string("?")) + " to " + (is_running(st) ? std::string("now") : end ? seconds_text(*end) : std::string("?"));
          };
          return "ran " + span(second) + ", overlapping init container " + name(earlier) + " (" + span(first) + ")";
        });
      }
    }
  }

  // ORD-2: an init container that ran implies every earlier one was satisfied before it.
  for (std::size_t idx = 1; idx < shape.init_count; ++idx) {
    const container_status* st = rows[idx].status;
    if (!has_run(st)) continue;
    for (std::size_t earlier = 0; earlier < idx; ++earlier) {
      const container_status* prior = rows[earlier].status;
      if (older_than(st, prior)) continue;  // this status is from an older sandbox
      bool ok = false;
      std::string why;
      if (rows[earlier].role == container_role::sidecar) {
        ok = sidecar_ran(prior);
        why = "sidecar " + name(earlier) + " shows no start";
      } else {
        ok = exited_ok(prior);
        why = "init container " + name(earlier) + " has not exited 0";
        const opt_time end = finished_at(prior);
        const opt_time begin = started_at(st);
        if (ok && end && begin && *end > *begin) {
          ok = false;
          why = "init container " + name(earlier) + " finished at " + seconds_text(*end) + ", after this one started at " + seconds_text(*begin);
        }
      }
      if (!ok) {
        report.report(static_cast<container_index>(idx), invariant::ord_2, [&] { return "has run although " + why; });
        break;
      }
    }
  }

  // ORD-4: an app container that ran implies the pod was initialized before it.
  for (std::size_t idx = shape.init_count; idx < count; ++idx) {
    const container_status* st = rows[idx].status;
    if (!has_run(st)) continue;
    for (std::size_t init_idx = 0; init_idx < shape.init_count; ++init_idx) {
      const container_status* prior = rows[init_idx].status;
      if (older_than(st, prior)) continue;
      bool ok = false;
      std::string why;
      if (rows[init_idx].role == container_role::sidecar) {
        ok = sidecar_ran(prior);
        why = "sidecar " + name(init_idx) + " shows no start";
      } else {
        ok = exited_ok(prior);
        why = "init container " + name(init_idx) + " has not exited 0";
        const opt_time end = finished_at(prior);
        const opt_time begin = started_at(st);
        if (ok && end && begin && *end > *begin) {
          ok = false;
          why = "init container " + name(init_idx) + " finished at " + seconds_text(*end) + ", after this one started at " + seconds_text(*begin);
        }
      }
      if (!ok) {
        report.report(static_cast<container_index>(idx), invariant::ord_4, [&] { return "has run although " + why; });
        break;
      }
    }
  }

  // Per container: RC-3, RC-4, RC-5, RC-6, BO-1.
  for (std::size_t idx = 0; idx < count; ++idx) {
    const container_status* st = rows[idx].status;
    if (st == nullptr) continue;
    const auto index = static_cast<container_index>(idx);
    const opt_time current_start = started_at(st);
    if (st->last_state.kind == container_state_kind::terminated) {
      const opt_time last_end = st->last_state.finished_at;
      if (last_end && current_start && *last_end > *current_start) {
        report.report(index, invariant::rc_3, [&] {
          return "lastState finished at " + seconds_text(*last_end) + ", after the current state started at " + seconds_text(*current_start);
        });
      } else if (st->restart_count < 1 && st->last_state.reason != "ContainerStatusUnknown") {
        report.report(index, invariant::rc_3, [&] { return "has a terminated lastState but restartCount " + std::to_string(st->restart_count); });
      }
      // BO-1 (necessary condition): restart r >= 2 of a short-lived instance waits >= 10 s.
      const opt_time last_start = st->last_state.started_at;
      if (st->restart_count >= 2 && last_end && last_start && current_start && *current_start >= *last_end &&
          *last_end - *last_start <= 590 && *current_start - *last_end < 9) {
        report.report(index, invariant::bo_1, [&] {
          return "restart " + std::to_string(st->restart_count) + " started " + std::to_string(*current_start - *last_end) +
                 " s after the previous instance (which ran " + std::to_string(*last_end - *last_start) + " s) finished; back-off requires >= 10 s";
        });
      }
    }
    for (const container_state* state : {&st->state, &st->last_state}) {
      if (state->kind == container_state_kind::terminated && state->started_at && state->finished_at && *state->started_at > *state->finished_at) {
        report.report(index, invariant::rc_4, [&] {
          return "terminated state started at " + seconds_text(*state->started_at) + " after it finished at " + seconds_text(*state->finished_at);
        });
      }
      if (status.start_time && state->started_at && (state->kind == container_state_kind::running || state->kind == container_state_kind::terminated) &&
          *state->started_at < *status.start_time) {
        report.report(index, invariant::rc_4, [&] {
          return "started at " + seconds_text(*state->started_at) + ", before the pod's startTime " + seconds_text(*status.start_time);
        });
      }
    }
    if (st->state.kind == container_state_kind::waiting) {
      const std::string& reason = st->state.reason;
      if (!reason.empty() && !is_kubelet_waiting_reason(reason)) {
        report.report(index, invariant::rc_5, [&] { return "waiting reason \"" + reason + "\" is not one the kubelet reports"; });
      } else if (reason == "CrashLoopBackOff" && (st->restart_count < 1 || st->last_state.kind != container_state_kind::terminated)) {
        report.report(index, invariant::rc_5, [&] {
          return "CrashLoopBackOff with restartCount " + std::to_string(st->restart_count) +
                 (st->last_state.kind == container_state_kind::terminated ? "" : " and no terminated lastState");
        });
      }
    }
    if (rows[idx].role == container_role::init) {
      const bool ready_expected = is_terminated(st) && st->state.exit_code == 0;
      if (st->ready != ready_expected) {
        report.report(index, invariant::rc_6, [&] {
          return std::string("ready is ") + (st->ready ? "true" : "false") + " while the container " + (ready_expected ? "exited 0" : "has not exited 0");
        });
      } else if (st->started && *st->started != is_running(st)) {
        report.report(index, invariant::rc_6, [&] {
          return std::string("started is ") + (*st->started ? "true" : "false") + " while the container is " + (is_running(st) ? "running" : "not running");
        });
      }
    }
  }

  // Phase: PH-1, PH-3, PH-4, PH-5 / SC-2, PH-6.
  bool init_failed_never = false;
  bool initialized_now = true;
  for (std::size_t idx = 0; idx < shape.init_count; ++idx) {
    const container_status* st = rows[idx].status;
    if (rows[idx].role == container_role::sidecar) {
      initialized_now = initialized_now && sidecar_ran(st);
    } else {
      initialized_now = initialized_now && exited_ok(st);
      if (exited_failed(st) && shape.restart_policy == pod_restart_policy::never) init_failed_never = true;
    }
  }
  bool app_started = false;
  bool app_running = false;
  bool app_failed = false;
  for (std::size_t idx = shape.init_count; idx < count; ++idx) {
    app_started = app_started || has_run(rows[idx].status);
    app_running = app_running || is_running(rows[idx].status);
    app_failed = app_failed || failed_app(rows[idx].status);
  }
  if (!initialized_now && !app_started && phase != pod_phase::pending && phase != pod_phase::failed) {
    report.report(NO_CONTAINER, invariant::ph_1, [&] {
      return "phase " + std::string(to_string(phase)) + " although the pod is not initialized and no app container has started";
    });
  }
  if (init_failed_never && phase != pod_phase::failed) {
    report.report(NO_CONTAINER, invariant::ph_3, [&] {
      return "phase " + std::string(to_string(phase)) + " although a regular init container failed under restartPolicy Never";
    });
  }
  if (phase == pod_phase::succeeded) {
    for (std::size_t idx = 0; idx < count; ++idx) {
      if (rows[idx].role == container_role::sidecar || exited_ok(rows[idx].status)) continue;
      report.report(static_cast<container_index>(idx), invariant::ph_4, [&] {
        return "phase Succeeded but this " + std::string(rows[idx].role == container_role::app ? "app" : "init") + " container did not exit 0";
      });
    }
  }
  if (phase == pod_phase::failed) {
    if (app_running) {
      report.report(NO_CONTAINER, invariant::ph_5, [&] { return std::string("phase Failed while an app container is running"); });
    } else if (!app_failed && !init_failed_never && status.reason.empty()) {
      bool sidecar_failed = false;
      for (std::size_t idx = 0; idx < shape.init_count; ++idx) {
        const container_status* st = rows[idx].status;
        if (rows[idx].role != container_role::sidecar || st == nullptr) continue;
        if ((is_terminated(st) && st->state.exit_code != 0) ||
            (st->last_state.kind == container_state_kind::terminated && st->last_state.exit_code != 0)) {
          sidecar_failed = true;
        }
      }
      if (sidecar_failed) {
        report.report(NO_CONTAINER, invariant::sc_2, [&] { return std::string("phase Failed with only sidecar failures to explain it"); });
      } else {
        report.report(NO_CONTAINER, invariant::ph_5, [&] { return std::string("phase Failed with no failed container and no pod-level reason"); });
      }
    }
  }
  if (phase == pod_phase::running) {
    for (std::size_t idx = shape.init_count; idx < count; ++idx) {
      const container_status* st = rows[idx].status;
      if (has_run(st) || (st != nullptr && st->last_state.kind == container_state_kind::terminated)) continue;
      report.report(static_cast<container_index>(idx), invariant::ph_6, [&] { return std::string("phase Running but this app container never started"); });
    }
  }

  // SC-3 / SC-4 (weak): at pod end sidecars finish after the apps and in reverse order.
  if (terminal || p.metadata.deletion_timestamp) {
    for (std::size_t idx = 0; idx < shape.init_count; ++idx) {
      if (rows[idx].role != container_role::sidecar) continue;
      const opt_time end = finished_at(rows[idx].status);
      if (!end) continue;
      for (std::size_t app_idx = shape.init_count; app_idx < count; ++app_idx) {
        const opt_time app_end = finished_at(rows[app_idx].status);
        if (app_end && *app_end > *end) {
          report.report(static_cast<container_index>(idx), invariant::sc_3, [&] {
            return "finished at " + seconds_text(*end) + ", before app container " + name(app_idx) + " finished at " + seconds_text(*app_end);
          });
          break;
        }
      }
      for (std::size_t later = idx + 1; later < shape.init_count; ++later) {
        if (rows[later].role != container_role::sidecar) continue;
        const opt_time later_end = finished_at(rows[later].status);
        if (later_end && *later_end > *end) {
          report.report(static_cast<container_index>(idx), invariant::sc_4, [&] {
            return "finished at " + seconds_text(*end) + ", before the later sidecar " + name(later) + " finished at " + seconds_text(*later_end);
          });
          break;
        }
      }
    }
  }

  // Conditions: CD-1, CD-2 against generate.go; CD-3, CD-4 between themselves and the phase.
  const condition_status initialized = condition_of(status, "Initialized");
  const condition_status containers_ready = condition_of(status, "ContainersReady");
  const condition_status ready = condition_of(status, "Ready");
  if (initialized != condition_status::absent || containers_ready != condition_status::absent) {
    const pod_conditions expected = generate_conditions(spec, status);
    if (initialized != condition_status::absent && initialized != expected.initialized.status) {
      report.report(NO_CONTAINER, invariant::cd_1, [&] {
        return "Initialized is " + status_word(initialized) + ", the kubelet's rule gives " + status_word(expected.initialized.status) +
               (expected.initialized.message.empty() ? "" : " (" + expected.initialized.message + ")");
      });
    }
    if (containers_ready != condition_status::absent && containers_ready != expected.containers_ready.status) {
      report.report(NO_CONTAINER, invariant::cd_2, [&] {
        return "ContainersReady is " + status_word(containers_ready) + ", the kubelet's rule gives " + status_word(expected.containers_ready.status) +
               (expected.containers_ready.message.empty() ? "" : " (" + expected.containers_ready.message + ")");
      });
    }
  }
  if (ready == condition_status::true_) {
    if (containers_ready != condition_status::absent && containers_ready != condition_status::true_) {
      report.report(NO_CONTAINER, invariant::cd_3, [&] { return "Ready is True while ContainersReady is " + status_word(containers_ready); });
    } else if (initialized != condition_status::absent && initialized != condition_status::true_) {
      report.report(NO_CONTAINER, invariant::cd_3, [&] { return "Ready is True while Initialized is " + status_word(initialized); });
    }
    if (phase != pod_phase::running) {
      report.report(NO_CONTAINER, invariant::cd_4, [&] { return "Ready is True in phase " + std::string(to_string(phase)); });
    }
  }
}

void check_snapshot_pair(const pod& earlier, const pod& later, std::uint32_t later_index, std::vector<violation>& out) {
  const pod_shape shape = shape_of(later.spec);
  sink report(later_index, shape.container_count(), out);
  const pod_phase before = earlier.status.phase;
  const pod_phase after = later.status.phase;
  if ((before == pod_phase::succeeded || before == pod_phase::failed) && after != before) {
    report.report(NO_CONTAINER, invariant::ph_2, [&] {
      return "phase went from " + std::string(to_string(before)) + " to " + std::string(to_string(after)) + " between snapshots";
    });
  }
  bool init_reset = false;  // a new sandbox purges init containers: their counts restart at 0
  for (std::size_t idx = 0; idx < later.spec.init_containers.size(); ++idx) {
    const std::string& ctr_name = later.spec.init_containers[idx].name;
    const container_status* old_st = find_status(earlier.status.init_container_statuses, ctr_name);
    const container_status* new_st = find_status(later.status.init_container_statuses, ctr_name);
    if (old_st != nullptr && new_st != nullptr && new_st->restart_count < old_st->restart_count) init_reset = true;
  }
  if (before == pod_phase::running && after == pod_phase::pending) {
    const pod_condition* old_cond = earlier.status.condition("PodReadyToStartContainers");
    const pod_condition* new_cond = later.status.condition("PodReadyToStartContainers");
    const bool went_false = (new_cond != nullptr && new_cond->status == condition_status::false_) ||
                            (old_cond != nullptr && old_cond->status == condition_status::false_) ||
                            (old_cond != nullptr && new_cond != nullptr && old_cond->last_transition_time && new_cond->last_transition_time &&
                             *new_cond->last_transition_time > *old_cond->last_transition_time);
    if (!went_false && !init_reset) {
      report.report(NO_CONTAINER, invariant::ph_7, [&] { return std::string("phase went from Running back to Pending without a sandbox re-creation"); });
    }
  }
  for (std::size_t idx = 0; idx < later.spec.containers.size(); ++idx) {
    const std::string& ctr_name = later.spec.containers[idx].name;
    const container_status* old_st = find_status(earlier.status.container_statuses, ctr_name);
    const container_status* new_st = find_status(later.status.container_statuses, ctr_name);
    if (old_st == nullptr || new_st == nullptr || new_st->restart_count >= old_st->restart_count) continue;
    report.report(static_cast<container_index>(shape.init_count + idx), invariant::rc_1, [&] {
      return "restartCount went down from " + std::to_string(old_st->restart_count) + " to " + std::to_string(new_st->restart_count) + " between snapshots";
    });
  }
}

}  // namespace dsb::lifecycle::internal
