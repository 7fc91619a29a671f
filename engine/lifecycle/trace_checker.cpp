#include "engine/lifecycle/internal/trace_checker.hpp"

#include <algorithm>

namespace dsb::lifecycle::internal {
namespace {

std::string at(std::int64_t micros) { return "t=" + format_seconds(micros); }

std::string role_word(container_role role) {
  switch (role) {
    case container_role::init: return "init container";
    case container_role::sidecar: return "sidecar";
    case container_role::app: return "app container";
  }
  return "container";
}

bool terminal(pod_phase phase) { return phase == pod_phase::succeeded || phase == pod_phase::failed; }

// A sync sees a started sidecar within this time (PLEG relist period).
constexpr std::int64_t SC5_SYNC_US = 1'000'000;

// Two start steps of one sync follow each other within this gap (ORD-5).
constexpr std::int64_t ORD5_CHAIN_GAP_US = 10'000;

}  // namespace

template <class MakeDetail>
void trace_checker::report(container_index index, invariant id, MakeDetail&& make_detail) {
  const std::uint64_t bit = std::uint64_t{1} << static_cast<unsigned>(id);
  std::uint64_t& seen = index == NO_CONTAINER ? pod_reported_ : tracks_[index].reported;
  if ((seen & bit) != 0) return;
  seen |= bit;
  out_->push_back(violation{pod_index_, index, id, make_detail()});
}

std::int64_t trace_checker::slack_us(std::int64_t delay_us) const noexcept {
  return std::max<std::int64_t>(delay_us / 2, 15 * MICROS_PER_SECOND) + options_.sync_slack_us;
}

trace_checker::image_track& trace_checker::image(std::uint64_t key) {
  for (image_track& track : images_) {
    if (track.key == key) return track;
  }
  images_.push_back(image_track{key, {}});
  return images_.back();
}

void trace_checker::reset(const trace_spec& spec, std::uint32_t pod_index, std::vector<violation>& out) {
  spec_ = &spec;
  pod_index_ = pod_index;
  out_ = &out;
  tracks_.assign(spec.shape.container_count(), container_track{});
  images_.clear();
  pod_reported_ = 0;
  epoch_ = -1;
  first_epoch_ = -1;
  sandbox_ready_ = false;
  sandbox_dead_ = false;
  first_created_in_epoch_ = false;
  satisfied_count_ = 0;
  max_init_created_ = -1;
  app_created_in_epoch_ = false;
  running_rics_ = 0;
  pending_fail2_ = NO_CONTAINER;
  never_failed_ = NO_CONTAINER;
  never_failed_us_ = 0;
  post_start_ = NO_CONTAINER;
  burst_ = false;
  burst_last_ = NO_CONTAINER;
  chain_end_us_ = INT64_MIN;
  sync_start_us_ = INT64_MIN;
  last_sidecar_up_ = false;
  last_sidecar_up_since_us_ = 0;
  sc5_armed_ = false;
  sc5_armed_at_us_ = 0;
  sc5_candidate_ = false;
  sc5_candidate_from_us_ = 0;
  busy_total_us_ = 0;
  busy_open_since_us_ = -1;
  terminating_ = false;
  deadline_us_ = 0;
  phase_seen_ = false;
  phase_ = pod_phase::pending;
  now_ = 0;
}

// Containers still live when their sandbox goes away die with it.
void trace_checker::kill_live(std::int64_t now) {
  for (std::size_t idx = 0; idx < tracks_.size(); ++idx) {
    container_track& track = tracks_[idx];
    if (!is_live(track)) continue;
    track.state = live::exited;
    track.exited_us = now;
    track.exit_code = 137;
    track.exit_by_sandbox = true;
    track.exit_visible = true;
    track.pull_since_exit_us = -1;
    track.awaiting_restart = false;
  }
  running_rics_ = 0;
  post_start_ = NO_CONTAINER;
  busy_end();
}

// A new sandbox (epoch): initialization starts over; init container records are purged.
void trace_checker::begin_epoch(std::int32_t epoch, std::int64_t now) {
  kill_live(now);
  epoch_ = epoch;
  if (first_epoch_ < 0) first_epoch_ = epoch;
  for (std::size_t idx = 0; idx < tracks_.size(); ++idx) {
    container_track& track = tracks_[idx];
    track.last_instance_in_epoch = -1;
    track.created_in_epoch = false;
    track.succeeded_in_epoch = false;
    track.started_in_epoch = false;
    track.awaiting_restart = false;
    if (idx < spec_->shape.init_count) track.exit_visible = false;
  }
  sandbox_ready_ = false;
  sandbox_dead_ = false;
  first_created_in_epoch_ = false;
  satisfied_count_ = 0;
  max_init_created_ = -1;
  app_created_in_epoch_ = false;
  pending_fail2_ = NO_CONTAINER;
  burst_ = false;
  last_sidecar_up_ = false;
}

bool trace_checker::all_apps_done() const noexcept {
  const pod_shape& shape = spec_->shape;
  if (shape.app_count() == 0) return false;
  for (std::size_t idx = shape.init_count; idx < shape.container_count(); ++idx) {
    const container_track& track = tracks_[idx];
    if (track.state != live::exited) return false;
    if (terminating_) continue;
    if (shape.restart_policy == pod_restart_policy::never) continue;
    if (shape.restart_policy == pod_restart_policy::on_failure && track.exit_code == 0 && !track.oom) continue;
    return false;  // it will be restarted
  }
  return true;
}

// computePodActions examines app containers only once the pod counts as initialized: with no
// app container running, that takes the last init container satisfied, so an app restart may
// legitimately wait for a restarting last sidecar whatever its own back-off says.
bool trace_checker::restart_gated(container_index index, std::int64_t finished_us) const noexcept {
  const pod_shape& shape = spec_->shape;
  if (role(index) != container_role::app || !shape.has_init_containers()) return false;
  if (role(static_cast<container_index>(shape.init_count - 1)) != container_role::sidecar) return false;
  return !last_sidecar_up_ || last_sidecar_up_since_us_ > finished_us;
}

// SC-5 applies once every app finished while the kubelet counted the pod initialized: the last
// init container satisfied (a regular one exited 0), or the last sidecar up long enough for a
// sync to see it (SC5_SYNC_US). While the last sidecar is down computePodActions never reaches
// its all-apps-finished check and restarts sidecars, so they may come back until then.
void trace_checker::arm_sc5() noexcept {
  if (sc5_armed_ || !all_apps_done()) return;
  const pod_shape& shape = spec_->shape;
  const bool last_is_sidecar = shape.has_init_containers() && role(static_cast<container_index>(shape.init_count - 1)) == container_role::sidecar;
  if (!last_is_sidecar) {
    sc5_armed_ = true;
    sc5_armed_at_us_ = now_;
  } else if (last_sidecar_up_ && !sc5_candidate_) {
    sc5_candidate_ = true;
    sc5_candidate_from_us_ = now_;
  }
}

void trace_checker::mark_started(container_index index) {
  container_track& track = tracks_[index];
  if (index + 1u == spec_->shape.init_count && role(index) == container_role::sidecar && !last_sidecar_up_) {
    last_sidecar_up_ = true;
    last_sidecar_up_since_us_ = now_;
    arm_sc5();
  }
  if (track.started_in_epoch) return;
  track.started_in_epoch = true;
  if (role(index) == container_role::sidecar) ++satisfied_count_;
}

void trace_checker::on_created(const trace_event& ev) {
  const container_index index = ev.container;
  container_track& track = tracks_[index];
  const container_role ctr_role = role(index);
  const pod_shape& shape = spec_->shape;

  // Sandbox of the new instance (CD-5).
  const std::int32_t sandbox = ev.has(event_flag::HAS_SANDBOX) ? ev.sandbox : std::max(epoch_, 0);
  if (epoch_ < 0 || sandbox > epoch_) begin_epoch(sandbox, now_);
  if (sandbox < epoch_) {
    report(index, invariant::cd_5, [&] {
      return "created at " + at(now_) + " in sandbox " + std::to_string(sandbox) + " after sandbox " + std::to_string(epoch_) + " replaced it";
    });
  } else if (!sandbox_ready_) {
    report(index, invariant::cd_5, [&] {
      return "created at " + at(now_) + (sandbox_dead_ ? " in sandbox " + std::to_string(epoch_) + " after it died"
                                                       : " before sandbox " + std::to_string(epoch_) + " was ready");
    });
  }
  if (post_start_ != NO_CONTAINER && post_start_ != index) {
    report(index, invariant::ord_7, [&] { return "created at " + at(now_) + " while the postStart hook of " + name(post_start_) + " was running"; });
  }
  // A sync already running when the init container failed goes on with its decisions; only
  // syncs that began afterwards must see the failure.
  if (never_failed_ != NO_CONTAINER && sync_start_us_ >= never_failed_us_) {
    report(index, invariant::fail_1, [&] {
      return "created at " + at(now_) + " after init container " + name(never_failed_) + " failed at " + at(never_failed_us_) +
             " under restartPolicy Never";
    });
  }
  if (shape.has_init_containers() && epoch_ != first_epoch_ && !first_created_in_epoch_ && index != 0) {
    report(index, invariant::fail_3, [&] {
      return "first container of sandbox " + std::to_string(epoch_) + " (created at " + at(now_) + "); expected init container " + name(0);
    });
  }

  // Restart counts (RC-1, RC-2): apps count across sandboxes, init containers restart at 0.
  const std::int32_t previous = ctr_role == container_role::app ? track.instance : track.last_instance_in_epoch;
  std::int32_t instance = previous + 1;
  if (ev.has(event_flag::HAS_INSTANCE)) {
    instance = ev.instance;
    if (previous < 0 && instance != 0) {
      report(index, invariant::rc_2, [&] {
        return "first instance" + std::string(ctr_role == container_role::app ? "" : " in sandbox " + std::to_string(epoch_)) + " is numbered " +
               std::to_string(instance) + " at " + at(now_) + ", expected 0";
      });
    } else if (previous >= 0 && instance != previous + 1) {
      report(index, invariant::rc_1, [&] {
        return "instance " + std::to_string(instance) + " created at " + at(now_) + " after instance " + std::to_string(previous) +
               (instance <= previous ? " (restart count went down)" : " (expected " + std::to_string(previous + 1) + ")");
      });
    }
  }

  // Crash back-off (BO-1, BO-2).
  if (track.exit_visible) {
    const std::int64_t gate = track.pull_since_exit_us >= 0 ? std::min(track.pull_since_exit_us, now_) : now_;
    const std::int64_t finished = track.exited_us;
    const std::int64_t delay = crash_backoff_delay(track.backoff, finished);
    const std::int64_t waited = gate - finished;
    if (waited < delay - options_.tolerance_us) {
      report(index, invariant::bo_1, [&] {
        return "instance " + std::to_string(instance) + " created at " + at(now_) + ", " + format_seconds(waited) + " s after the exit at " +
               at(finished) + "; crash back-off requires " + format_seconds(delay) + " s";
      });
    } else if (track.epoch == epoch_ && !track.exit_by_sandbox && !track.exit_in_termination && !terminating_ && !restart_gated(index, finished) &&
               waited > delay + slack_us(delay) + (busy_now() - track.busy_at_exit_us)) {
      report(index, invariant::bo_2, [&] {
        return "instance " + std::to_string(instance) + " created at " + at(now_) + ", " + format_seconds(waited) + " s after the exit at " +
               at(finished) + "; back-off " + format_seconds(delay) + " s plus slack " + format_seconds(slack_us(delay)) + " s and " +
               format_seconds(busy_now() - track.busy_at_exit_us) + " s of other pulls and hooks";
      });
    }
    crash_backoff_admit(track.backoff, finished, gate);
  }

  if (ctr_role == container_role::init) {
    if (running_rics_ > 0) {
      container_index other = NO_CONTAINER;
      for (std::size_t idx = 0; idx < shape.init_count; ++idx) {
        if (role(static_cast<container_index>(idx)) == container_role::init && is_live(tracks_[idx])) other = static_cast<container_index>(idx);
      }
      report(index, invariant::ord_1, [&] {
        return "created at " + at(now_) + " while init container " + (other == NO_CONTAINER ? std::string("?") : name(other)) +
               " (instance " + std::to_string(other == NO_CONTAINER ? -1 : tracks_[other].instance) + ") was still running";
      });
    }
    if (track.succeeded_in_epoch) {
      report(index, invariant::ord_3, [&] { return "re-run at " + at(now_) + " after it exited 0 in sandbox " + std::to_string(epoch_); });
    } else if (max_init_created_ > static_cast<std::int32_t>(index)) {
      report(index, invariant::ord_3, [&] {
        return "re-created at " + at(now_) + " after the later init container " + name(static_cast<container_index>(max_init_created_)) + " was created";
      });
    } else if (app_created_in_epoch_) {
      report(index, invariant::ord_3, [&] { return "re-run at " + at(now_) + " after app containers started in sandbox " + std::to_string(epoch_); });
    }
    if (pending_fail2_ != NO_CONTAINER && pending_fail2_ != index) {
      report(index, invariant::fail_2, [&] {
        return "created at " + at(now_) + " although init container " + name(pending_fail2_) + " had failed and is the one to retry";
      });
    }
    pending_fail2_ = NO_CONTAINER;
  }
  if (ctr_role != container_role::app) {
    if (!track.created_in_epoch) {
      for (std::size_t idx = 0; idx < index; ++idx) {
        const container_track& earlier = tracks_[idx];
        const bool sidecar = role(static_cast<container_index>(idx)) == container_role::sidecar;
        if (sidecar ? earlier.started_in_epoch : earlier.succeeded_in_epoch) continue;
        report(index, invariant::ord_2, [&] {
          return "created at " + at(now_) + " before " + role_word(role(static_cast<container_index>(idx))) + " " + name(static_cast<container_index>(idx)) +
                 (sidecar ? " had started" : " had exited 0") + " in sandbox " + std::to_string(epoch_);
        });
        break;
      }
    }
    if (index > 0 && role(static_cast<container_index>(index - 1)) == container_role::sidecar && !tracks_[index - 1].started_in_epoch) {
      report(index, invariant::ord_6, [&] {
        return "created at " + at(now_) + " before sidecar " + name(static_cast<container_index>(index - 1)) + " had started" +
               (shape.containers[index - 1].startup_probe ? " (no StartedTrue)" : "");
      });
    }
    max_init_created_ = std::max(max_init_created_, static_cast<std::int32_t>(index));
  }
  if (ctr_role == container_role::sidecar && sc5_armed_ && sync_start_us_ >= sc5_armed_at_us_ && all_apps_done()) {
    report(index, invariant::sc_5, [&] { return "instance " + std::to_string(instance) + " created at " + at(now_) + " after every app container finished for good"; });
  }
  if (ctr_role == container_role::app) {
    if (!app_created_in_epoch_ && !initialized()) {
      report(index, invariant::ord_4, [&] {
        std::string missing;
        for (std::size_t idx = 0; idx < shape.init_count; ++idx) {
          const bool sidecar = role(static_cast<container_index>(idx)) == container_role::sidecar;
          if (sidecar ? tracks_[idx].started_in_epoch : tracks_[idx].succeeded_in_epoch) continue;
          missing = name(static_cast<container_index>(idx)) + (sidecar ? " had not started" : " had not exited 0");
          break;
        }
        return "created at " + at(now_) + " before the pod was initialized in sandbox " + std::to_string(epoch_) + " (" + missing + ")";
      });
    }
    app_created_in_epoch_ = true;
    if (burst_ && burst_last_ != NO_CONTAINER && index < burst_last_) {
      report(index, invariant::ord_5, [&] {
        return "created at " + at(now_) + " after " + name(burst_last_) + " in the same sync, although it comes first in spec order";
      });
    }
    burst_ = true;
    burst_last_ = index;
  }

  track.state = live::created;
  track.instance = instance;
  track.epoch = epoch_;
  track.created_us = now_;
  track.oom = false;
  track.exit_by_sandbox = false;
  track.exit_in_termination = false;
  track.stop_requested = false;
  track.exit_visible = false;
  track.pull_since_exit_us = -1;
  track.awaiting_restart = false;
  track.last_instance_in_epoch = instance;
  track.created_in_epoch = true;
  first_created_in_epoch_ = true;
  if (ctr_role == container_role::init) ++running_rics_;
}

void trace_checker::on_started(const trace_event& ev) {
  const container_index index = ev.container;
  container_track& track = tracks_[index];
  if (post_start_ != NO_CONTAINER && post_start_ != index) {
    report(index, invariant::ord_7, [&] { return "started at " + at(now_) + " while the postStart hook of " + name(post_start_) + " was running"; });
  }
  if (track.state == live::none || track.state == live::exited) {
    // A record the trace never showed being created (the trace starts mid-life): adopt it.
    if (track.state == live::none) {
      track.instance = ev.has(event_flag::HAS_INSTANCE) ? ev.instance : 0;
      track.epoch = std::max(epoch_, 0);
      if (role(index) == container_role::init) ++running_rics_;
    } else {
      return;  // a start for an instance that already exited: nothing to learn
    }
  }
  track.state = live::running;
  const container_shape& shape = spec_->shape.containers[index];
  if (role(index) == container_role::sidecar && !shape.startup_probe && !shape.post_start) mark_started(index);
}

void trace_checker::on_exited(const trace_event& ev) {
  const container_index index = ev.container;
  container_track& track = tracks_[index];
  if (!is_live(track)) return;  // duplicate exit, or an instance that died with its sandbox
  if (role(index) == container_role::init) --running_rics_;
  track.state = live::exited;
  track.exited_us = now_;
  track.exit_code = ev.value;
  track.oom = ev.has(event_flag::OOM);
  track.exit_by_sandbox = false;
  track.exit_in_termination = terminating_;
  track.exit_visible = true;
  track.pull_since_exit_us = -1;
  if (post_start_ == index) {
    post_start_ = NO_CONTAINER;  // the hook died with its container
    busy_end();
  }
  track.busy_at_exit_us = busy_now();
  switch (role(index)) {
    case container_role::init:
      if (track.exit_code == 0 && !track.oom) {
        if (!track.succeeded_in_epoch) {
          track.succeeded_in_epoch = true;
          ++satisfied_count_;
        }
      } else if (spec_->shape.restart_policy == pod_restart_policy::never) {
        if (never_failed_ == NO_CONTAINER) {
          never_failed_ = index;
          never_failed_us_ = now_;
        }
      } else {
        pending_fail2_ = index;
      }
      break;
    case container_role::sidecar:
      track.awaiting_restart = !terminating_;
      if (index + 1u == spec_->shape.init_count) {
        last_sidecar_up_ = false;
        sc5_candidate_ = false;  // down before a sync could see it up (armed above otherwise)
      }
      break;
    case container_role::app: arm_sc5(); break;
  }
}

void trace_checker::on_stop(const trace_event& ev) {
  const container_index index = ev.container;
  if (post_start_ != NO_CONTAINER && post_start_ != index && !terminating_) {
    report(index, invariant::ord_7, [&] { return "stopped at " + at(now_) + " while the postStart hook of " + name(post_start_) + " was running"; });
  }
  tracks_[index].stop_requested = true;
  if (!terminating_ || role(index) != container_role::sidecar || now_ >= deadline_us_) return;
  const pod_shape& shape = spec_->shape;
  for (std::size_t idx = shape.init_count; idx < shape.container_count(); ++idx) {
    if (!is_live(tracks_[idx])) continue;
    report(index, invariant::sc_3, [&] {
      return "stop requested at " + at(now_) + " while app container " + name(static_cast<container_index>(idx)) + " was still running (grace ends " +
             at(deadline_us_) + ")";
    });
    break;
  }
  for (std::size_t idx = index + 1u; idx < shape.init_count; ++idx) {
    if (role(static_cast<container_index>(idx)) != container_role::sidecar || !is_live(tracks_[idx])) continue;
    report(index, invariant::sc_4, [&] {
      return "stop requested at " + at(now_) + " while the later sidecar " + name(static_cast<container_index>(idx)) + " was still running";
    });
    break;
  }
}

void trace_checker::on_pull_started(const trace_event& ev) {
  image_track& track = image(ev.image_key());
  if (track.entry.exists && now_ - track.entry.last_failure_us < track.entry.delay_us - options_.tolerance_us) {
    report(ev.container, invariant::bo_4, [&] {
      return "image pull at " + at(now_) + ", " + format_seconds(now_ - track.entry.last_failure_us) + " s after the failed pull at " +
             at(track.entry.last_failure_us) + "; image back-off requires " + format_seconds(track.entry.delay_us) + " s";
    });
  }
  if (ev.container != NO_CONTAINER) {
    container_track& ctr = tracks_[ev.container];
    if (ctr.exit_visible && ctr.pull_since_exit_us < 0) ctr.pull_since_exit_us = now_;
  }
}

void trace_checker::on_event(const trace_event& ev) {
  now_ = ev.t_us;
  if (sc5_candidate_ && busy_open_since_us_ < 0 && now_ - std::max(sc5_candidate_from_us_, chain_end_us_) >= SC5_SYNC_US) {
    sc5_armed_ = true;
    sc5_armed_at_us_ = sc5_candidate_from_us_;
    sc5_candidate_ = false;
  }
  // ORD-5 needs sync boundaries, which traces do not mark: a sync's start loop is a chain of
  // steps, each beginning (ImagePullStarted or ContainerCreated) when the previous one ended.
  switch (ev.kind) {
    case event_kind::image_pull_started:
    case event_kind::container_created:
      // chain_end_us_ starts at INT64_MIN ("no step yet"): subtracting it would overflow.
      if (chain_end_us_ == INT64_MIN || now_ - chain_end_us_ > ORD5_CHAIN_GAP_US) {
        burst_ = false;
        sync_start_us_ = now_;  // a new sync: it decided after everything before now
      }
      break;
    case event_kind::container_started:
    case event_kind::post_start_end:
    case event_kind::image_pull_succeeded:
    case event_kind::image_pull_failed: chain_end_us_ = now_; break;
    case event_kind::post_start_begin:
    case event_kind::started_true: break;
    default: burst_ = false; break;
  }
  switch (ev.kind) {
    case event_kind::sandbox_created: {
      const std::int32_t sandbox = ev.has(event_flag::HAS_SANDBOX) ? ev.sandbox : epoch_ + 1;
      if (sandbox != epoch_) begin_epoch(sandbox, now_);
      break;
    }
    case event_kind::sandbox_ready: {
      const std::int32_t sandbox = ev.has(event_flag::HAS_SANDBOX) ? ev.sandbox : std::max(epoch_, 0);
      if (sandbox != epoch_) begin_epoch(sandbox, now_);
      sandbox_ready_ = true;
      sandbox_dead_ = false;
      break;
    }
    case event_kind::sandbox_dead: {
      const std::int32_t sandbox = ev.has(event_flag::HAS_SANDBOX) ? ev.sandbox : epoch_;
      if (sandbox == epoch_) {
        sandbox_ready_ = false;
        sandbox_dead_ = true;
        kill_live(now_);
      }
      break;
    }
    case event_kind::container_created: on_created(ev); break;
    case event_kind::container_started: on_started(ev); break;
    case event_kind::started_true:
      if (tracks_[ev.container].state == live::running || tracks_[ev.container].state == live::created) mark_started(ev.container);
      break;
    case event_kind::post_start_begin:
      busy_begin();
      if (post_start_ != NO_CONTAINER && post_start_ != ev.container) {
        report(ev.container, invariant::ord_7, [&] { return "postStart began at " + at(now_) + " while the hook of " + name(post_start_) + " was running"; });
      }
      post_start_ = ev.container;
      break;
    case event_kind::post_start_end: {
      busy_end();
      if (post_start_ == ev.container) post_start_ = NO_CONTAINER;
      const container_shape& shape = spec_->shape.containers[ev.container];
      if (ev.has(event_flag::OK) && role(ev.container) == container_role::sidecar && !shape.startup_probe && is_live(tracks_[ev.container])) {
        mark_started(ev.container);
      }
      break;
    }
    case event_kind::container_exited: on_exited(ev); break;
    case event_kind::stop_requested: on_stop(ev); break;
    case event_kind::pod_deletion_requested: {
      const std::int64_t grace_s = ev.has(event_flag::HAS_VALUE) ? ev.value : spec_->shape.termination_grace_seconds;
      if (!terminating_) {
        terminating_ = true;
        deadline_us_ = now_ + grace_s * MICROS_PER_SECOND;
        arm_sc5();
      }
      break;
    }
    case event_kind::phase_changed: {
      const auto phase = static_cast<pod_phase>(ev.value);
      if (phase_seen_ && terminal(phase_) && phase != phase_) {
        report(NO_CONTAINER, invariant::ph_2, [&] {
          return "phase changed from " + std::string(to_string(phase_)) + " to " + std::string(to_string(phase)) + " at " + at(now_);
        });
      }
      if (never_failed_ != NO_CONTAINER && phase != pod_phase::failed && phase != pod_phase::pending) {
        report(NO_CONTAINER, invariant::fail_1, [&] {
          return "phase changed to " + std::string(to_string(phase)) + " at " + at(now_) + " after init container " + name(never_failed_) +
                 " failed under restartPolicy Never";
        });
      }
      phase_seen_ = true;
      phase_ = phase;
      break;
    }
    case event_kind::image_pull_started:
      on_pull_started(ev);
      busy_begin();
      break;
    case event_kind::image_pull_failed:
      busy_end();
      image_backoff_failed(image(ev.image_key()).entry, now_);
      break;
    case event_kind::image_pull_succeeded: busy_end(); break;
  }
}

// SC-1 needs the rest of the trace: a sidecar that exited outside termination must come back
// within its back-off plus slack, if the pod's trace runs that long.
void trace_checker::finish() {
  if (terminating_ || (phase_seen_ && terminal(phase_)) || never_failed_ != NO_CONTAINER || sandbox_dead_ || all_apps_done()) return;
  for (std::size_t idx = 0; idx < spec_->shape.init_count; ++idx) {
    const container_track& track = tracks_[idx];
    if (!track.awaiting_restart || track.state != live::exited || track.epoch != epoch_) continue;
    const std::int64_t delay = crash_backoff_delay(track.backoff, track.exited_us);
    const std::int64_t due = track.exited_us + delay + slack_us(delay);
    if (now_ <= due) continue;
    report(static_cast<container_index>(idx), invariant::sc_1, [&] {
      return "exited at " + at(track.exited_us) + " and was not restarted by " + at(due) + " (back-off " + format_seconds(delay) +
             " s; the pod's trace continues to " + at(now_) + ")";
    });
  }
}

void trace_checker::check(const trace_spec& spec, std::span<const trace_event> events, std::uint32_t pod_index, std::vector<violation>& out) {
  reset(spec, pod_index, out);
  for (const trace_event& ev : events) on_event(ev);
  finish();
}

}  // namespace dsb::lifecycle::internal
