// The per-pod simulation behind simulate.hpp (declared in internal/pod_sim.hpp).
#include "engine/lifecycle/internal/pod_sim.hpp"

#include <algorithm>
#include <cassert>

namespace dsb::lifecycle::internal {

sim_config::sim_config(const simulate_options& opts) : options(opts) {
  // Layout: init-0, sidecar-0..S-1, init-1..K-1, app-0..A-1.
  auto add = [this](container_role role, std::string name) {
    roles.push_back(role);
    images.push_back("img.local/" + name + ":1");
    image_keys.push_back(image_key_of(images.back()));
    names.push_back(std::move(name));
  };
  if (opts.init_containers > 0) add(container_role::init, "init-0");
  for (std::uint32_t sidecar = 0; sidecar < opts.sidecars; ++sidecar) add(container_role::sidecar, "sidecar-" + std::to_string(sidecar));
  for (std::uint32_t init = 1; init < opts.init_containers; ++init) add(container_role::init, "init-" + std::to_string(init));
  init_count = static_cast<std::uint16_t>(roles.size());
  for (std::uint32_t app = 0; app < opts.apps; ++app) add(container_role::app, "app-" + std::to_string(app));

  horizon_us = static_cast<std::int64_t>(opts.horizon_s * 1000.0) * 1000;
  spread_ms = static_cast<std::int64_t>(opts.start_spread_s * 1000.0);
  grace_us = opts.grace_seconds * MICROS_PER_SECOND;
  fail = probability_threshold(opts.fail_rate);
  pull = probability_threshold(opts.pull_rate);
  pull_fail = probability_threshold(opts.pull_fail_rate);
  probe = probability_threshold(opts.probe_rate);
  post_start = probability_threshold(opts.post_start_rate);
  sandbox_loss = probability_threshold(opts.sandbox_loss_rate);
  deletion = probability_threshold(opts.delete_rate);
  pull_time = lognormal_table(opts.pull_median_s, 0.6, 20.0);
  init_run = lognormal_table(opts.init_median_s, 0.8, 120.0);
  crash_after = lognormal_table(opts.crash_median_s, 1.0, 1e7);
  probe_delay = lognormal_table(opts.probe_median_s, 0.5, 60.0);
  hook_time = lognormal_table(opts.post_start_median_s, 0.5, 10.0);
  sandbox_time = lognormal_table(0.3, 0.3, 5.0);
  stop_time = lognormal_table(1.0, 0.8, 120.0);
}

trace_spec sim_config::spec_for(std::uint64_t signature) const {
  trace_spec spec;
  spec.shape.restart_policy = policy_of(signature);
  spec.shape.termination_grace_seconds = options.grace_seconds;
  spec.shape.init_count = init_count;
  for (std::size_t idx = 0; idx < roles.size(); ++idx) {
    container_shape shape;
    shape.role = roles[idx];
    shape.startup_probe = ((signature >> (2 + 2 * idx)) & 1) != 0;
    shape.post_start = ((signature >> (3 + 2 * idx)) & 1) != 0;
    spec.shape.containers.push_back(shape);
  }
  spec.names = names;
  spec.images = images;
  spec.finish_keys();
  return spec;
}

void pod_simulator::emit(std::int64_t t_us, event_kind kind, container_index container) {
  trace_event event;
  event.t_us = t_us;
  event.kind = kind;
  event.container = container;
  if (container != NO_CONTAINER && is_container_event(kind)) {
    event.instance = containers_[container].instance;
    event.flags |= event_flag::HAS_INSTANCE;
  }
  out_->events.push_back(event);
}

// PLEG relist delay; with the worker gap a sync follows a change within 1 s.
std::int64_t pod_simulator::relist() noexcept { return uniform_ms_us(rng_.next(), 0, 950); }

// The pod worker picks a request up once the running sync is over, not in the same instant.
void pod_simulator::request_sync(std::int64_t t_us) noexcept { next_sync_ = std::min(next_sync_, std::max(t_us, busy_until_ + WORKER_GAP_US)); }

void pod_simulator::exited(container_index index, std::int64_t now, std::int32_t code) {
  sim_container& ctr = containers_[index];
  emit(now, event_kind::container_exited, index);
  last_event().value = code;
  last_event().flags |= event_flag::HAS_VALUE;
  ctr.state = runtime_state::exited;
  ctr.exit_code = code;
  ctr.finished_us = now;
  ctr.exit_at = NEVER;
  ctr.probe_at = NEVER;
  ctr.started = false;
  ctr.api = code == 0 ? status_class::terminated_ok : status_class::terminated_failed;
  phase_dirty_ = true;
}

bool pod_simulator::start(container_index index, std::int64_t& cursor) {
  sim_container& ctr = containers_[index];
  // Crash back-off gate (doBackOff), for a container with an exited record.
  if (!ctr.purged && ctr.state == runtime_state::exited) {
    if (crash_backoff_blocks(ctr.backoff, ctr.finished_us, cursor)) {
      request_sync(ctr.finished_us + crash_backoff_delay(ctr.backoff, ctr.finished_us));
      return false;
    }
    crash_backoff_admit(ctr.backoff, ctr.finished_us, cursor);
  }
  // Image (EnsureImageExists with pull back-off).
  if (!ctr.image_present) {
    if (image_backoff_blocks(ctr.pull_backoff, cursor)) {
      request_sync(ctr.pull_backoff.last_failure_us + ctr.pull_backoff.delay_us);
      return false;
    }
    emit(cursor, event_kind::image_pull_started, index);
    last_event().set_image_key(config_.image_keys[index]);
    cursor += config_.pull_time.sample_us(rng_.next());
    if (rng_.next() < config_.pull_fail) {
      emit(cursor, event_kind::image_pull_failed, index);
      last_event().set_image_key(config_.image_keys[index]);
      image_backoff_failed(ctr.pull_backoff, cursor);
      request_sync(cursor + ctr.pull_backoff.delay_us);
      return false;
    }
    emit(cursor, event_kind::image_pull_succeeded, index);
    last_event().set_image_key(config_.image_keys[index]);
    ctr.image_present = true;
  }
  // Create and start (restartCount: previous + 1; 0 after the record was purged).
  ctr.instance = (ctr.purged || ctr.instance < 0) ? 0 : ctr.instance + 1;
  ctr.instance_epoch = epoch_;
  ctr.purged = false;
  emit(cursor, event_kind::container_created, index);
  last_event().sandbox = epoch_;
  last_event().flags |= event_flag::HAS_SANDBOX;
  cursor += uniform_ms_us(rng_.next(), 5, 50);
  const std::int64_t process_start = cursor;
  emit(cursor, event_kind::container_started, index);
  ctr.state = runtime_state::running;
  ctr.stop_requested = false;
  ctr.started = false;
  ctr.exit_at = NEVER;
  ctr.probe_at = NEVER;
  if (ctr.shape.post_start) {
    emit(cursor, event_kind::post_start_begin, index);
    cursor += config_.hook_time.sample_us(rng_.next());
    emit(cursor, event_kind::post_start_end, index);
    last_event().flags |= event_flag::OK;
  }
  phase_dirty_ = true;
  switch (ctr.shape.role) {
    case container_role::init:
      ctr.started = true;
      ctr.api = status_class::running_started;
      ctr.exit_at = std::max(process_start + config_.init_run.sample_us(rng_.next()), cursor + 1000);
      ctr.planned_code = rng_.next() < config_.fail ? 1 : 0;
      break;
    case container_role::sidecar:
    case container_role::app:
      if (ctr.shape.startup_probe) {
        ctr.probe_at = cursor + config_.probe_delay.sample_us(rng_.next());
        ctr.api = status_class::running;
      } else {
        ctr.started = true;
        ctr.api = status_class::running_started;
      }
      if (rng_.next() < config_.fail) {
        ctr.exit_at = std::max(process_start + config_.crash_after.sample_us(rng_.next()), cursor + 1000);
        ctr.planned_code = 1;
      }
      break;
  }
  return true;
}

void pod_simulator::sync(std::int64_t now) {
  if (terminating_ || done_) return;
  for (std::size_t idx = 0; idx < containers_.size(); ++idx) {
    const sim_container& ctr = containers_[idx];
    container_runtime& record = records_[idx];
    record = container_runtime{};
    record.state = ctr.purged ? runtime_state::absent : ctr.state;
    record.exit_code = ctr.exit_code;
    if (ctr.shape.startup_probe && ctr.state == runtime_state::running && ctr.started) record.startup = probe_result::success;
  }
  pod_runtime runtime;
  runtime.sandbox.exists = epoch_ >= 0;
  runtime.sandbox.ready = sandbox_ready_;
  runtime.sandbox.ready_count = sandbox_ready_ ? 1 : 0;
  runtime.sandbox.attempt = static_cast<std::uint32_t>(std::max(epoch_, 0));
  runtime.containers = records_;
  const pod_actions actions = compute_pod_actions(shape_, runtime);

  if (actions.kill_pod && !actions.create_sandbox) {
    begin_termination(now);  // the pod is finished: stop what runs, sidecars last
    return;
  }
  std::int64_t cursor = now;
  if (actions.create_sandbox) {
    // Everything died with the old sandbox; init container records are purged (§2.4).
    for (std::size_t idx = 0; idx < shape_.init_count; ++idx) {
      if (containers_[idx].instance >= 0) containers_[idx].purged = true;
    }
    epoch_ = static_cast<std::int32_t>(actions.attempt);
    phase_dirty_ = true;
    emit(cursor, event_kind::sandbox_created);
    last_event().sandbox = epoch_;
    last_event().flags |= event_flag::HAS_SANDBOX;
    cursor += config_.sandbox_time.sample_us(rng_.next());
    emit(cursor, event_kind::sandbox_ready);
    last_event().sandbox = epoch_;
    last_event().flags |= event_flag::HAS_SANDBOX;
    sandbox_ready_ = true;
  }
  bool started_any = actions.create_sandbox;
  bool init_failed = false;
  for (container_index index : actions.init_to_start) {
    const bool started = start(index, cursor);
    started_any = started_any || started;
    if (!started && shape_.containers[index].role == container_role::init) {
      init_failed = true;  // a failed regular init start ends the sync
      break;
    }
  }
  if (!init_failed) {
    for (container_index index : actions.apps_to_start) started_any = start(index, cursor) || started_any;
  }
  busy_until_ = cursor;
  if (next_sync_ != NEVER) next_sync_ = std::max(next_sync_, busy_until_ + WORKER_GAP_US);
  // PLEG sees the containers this sync started at its next relist and triggers another sync.
  if (started_any) request_sync(cursor + relist());
}

void pod_simulator::stop(container_index index, std::int64_t now) {
  sim_container& ctr = containers_[index];
  emit(now, event_kind::stop_requested, index);
  ctr.stop_requested = true;
  const std::int64_t graceful = now + config_.stop_time.sample_us(rng_.next());
  if (ctr.exit_at <= graceful && ctr.exit_at <= deadline_) return;  // it crashes first anyway
  if (graceful < deadline_) {
    ctr.exit_at = graceful;
    ctr.planned_code = ctr.shape.role == container_role::app ? 0 : 143;
  } else {
    ctr.exit_at = deadline_;
    ctr.planned_code = 137;
  }
}

void pod_simulator::begin_termination(std::int64_t now) {
  terminating_ = true;
  deadline_ = now + config_.grace_us;
  next_sync_ = NEVER;
  for (std::size_t idx = 0; idx < containers_.size(); ++idx) {
    if (live(containers_[idx]) && containers_[idx].shape.role != container_role::sidecar) stop(static_cast<container_index>(idx), now);
  }
  progress_termination(now);
}

// Sidecars stop after every app and init container has exited, the last one first
// (kuberuntime_termination_order.go); the pod is done when nothing runs.
void pod_simulator::progress_termination(std::int64_t now) {
  bool others_live = false;
  for (std::size_t idx = 0; idx < containers_.size(); ++idx) {
    if (live(containers_[idx]) && containers_[idx].shape.role != container_role::sidecar) others_live = true;
  }
  if (!others_live) {
    for (std::size_t rev = shape_.init_count; rev-- > 0;) {
      sim_container& ctr = containers_[rev];
      if (ctr.shape.role != container_role::sidecar || !live(ctr)) continue;
      if (!ctr.stop_requested) stop(static_cast<container_index>(rev), now);
      break;  // earlier sidecars wait for this one
    }
  }
  bool any_live = false;
  for (const sim_container& ctr : containers_) any_live = any_live || live(ctr);
  if (any_live) return;
  done_ = true;
  deadline_ = NEVER;
  phase_dirty_ = true;
}

void pod_simulator::update_phase(std::int64_t at) {
  phase_dirty_ = false;
  bool has_initialized = false;
  for (std::size_t idx = shape_.init_count; idx < containers_.size(); ++idx) {
    if (containers_[idx].instance >= 0 && containers_[idx].instance_epoch == epoch_) has_initialized = true;
  }
  for (std::size_t idx = 0; idx < containers_.size(); ++idx) classes_[idx] = containers_[idx].api;
  pod_phase phase = phase_of_classes(shape_, classes_, done_ && deleting_, has_initialized);
  if (done_ && deleting_ && phase != pod_phase::succeeded && phase != pod_phase::failed) {
    phase = pod_phase::failed;  // a deleted pod that never finished ends Failed (status manager TerminatePod)
  }
  if (phase_known_ && phase == phase_) return;
  if (phase_known_ && (phase_ == pod_phase::succeeded || phase_ == pod_phase::failed)) return;  // terminal phases are final
  emit(at, event_kind::phase_changed);
  last_event().value = static_cast<std::int32_t>(phase);
  last_event().flags |= event_flag::HAS_VALUE;
  phase_known_ = true;
  phase_ = phase;
}

void pod_simulator::run(std::uint64_t pod_index, pod_outcome& out) {
  out_ = &out;
  out.events.clear();
  const simulate_options& opts = config_.options;

  // The pod's spec.
  gen::xoshiro256ss spec_rng = pod_rng(opts.seed, sim_stream::spec, pod_index);
  std::uint64_t signature = 0;
  switch (opts.restart_policy) {
    case restart_mix::always: break;
    case restart_mix::on_failure: signature = 1; break;
    case restart_mix::never: signature = 2; break;
    case restart_mix::mixed: {
      const std::uint64_t roll = spec_rng.next() % 10;
      signature = roll < 8 ? 0 : roll == 8 ? 1 : 2;
      break;
    }
  }
  shape_ = pod_shape{};
  shape_.restart_policy = policy_of(signature);
  shape_.termination_grace_seconds = opts.grace_seconds;
  shape_.init_count = config_.init_count;
  containers_.assign(config_.roles.size(), sim_container{});
  for (std::size_t idx = 0; idx < config_.roles.size(); ++idx) {
    container_shape shape;
    shape.role = config_.roles[idx];
    if (shape.role == container_role::sidecar && spec_rng.next() < config_.probe) {
      shape.startup_probe = true;
      signature |= std::uint64_t{1} << (2 + 2 * idx);
    }
    if (shape.role != container_role::init && spec_rng.next() < config_.post_start) {
      shape.post_start = true;
      signature |= std::uint64_t{1} << (3 + 2 * idx);
    }
    shape_.containers.push_back(shape);
    containers_[idx].shape = shape;
  }
  out.signature = signature;
  records_.resize(containers_.size());
  classes_.resize(containers_.size());

  // External happenings.
  gen::xoshiro256ss schedule = pod_rng(opts.seed, sim_stream::schedule, pod_index);
  const std::int64_t created = uniform_ms_us(schedule.next(), 0, std::max<std::int64_t>(config_.spread_ms, 1));
  const std::int64_t horizon_ms = config_.horizon_us / 1000;
  loss_at_ = schedule.next() < config_.sandbox_loss ? uniform_ms_us(schedule.next(), created / 1000 + 1, horizon_ms) : NEVER;
  delete_at_ = schedule.next() < config_.deletion ? uniform_ms_us(schedule.next(), created / 1000 + 1, horizon_ms) : NEVER;
  for (sim_container& ctr : containers_) ctr.image_present = schedule.next() >= config_.pull;  // images already on the node

  rng_ = pod_rng(opts.seed, sim_stream::run, pod_index);
  epoch_ = -1;
  sandbox_ready_ = false;
  busy_until_ = created;
  next_sync_ = created;
  terminating_ = false;
  deleting_ = false;
  done_ = false;
  deadline_ = NEVER;
  phase_known_ = false;
  phase_ = pod_phase::pending;
  update_phase(created);

  enum class happening { none, exit, probe, deadline, loss, deletion, sync };
  while (!done_) {
    std::int64_t when = NEVER;
    happening what = happening::none;
    container_index which = NO_CONTAINER;
    // Exits before probe results at equal times, lower indexes first.
    std::int64_t probe_when = NEVER;
    container_index probe_which = NO_CONTAINER;
    for (std::size_t idx = 0; idx < containers_.size(); ++idx) {
      const sim_container& ctr = containers_[idx];
      if (ctr.exit_at < when) {
        when = ctr.exit_at;
        what = happening::exit;
        which = static_cast<container_index>(idx);
      }
      if (ctr.probe_at < probe_when) {
        probe_when = ctr.probe_at;
        probe_which = static_cast<container_index>(idx);
      }
    }
    if (probe_when < when) {
      when = probe_when;
      what = happening::probe;
      which = probe_which;
    }
    if (terminating_ && deadline_ < when) {
      when = deadline_;
      what = happening::deadline;
    }
    if (!terminating_) {
      if (loss_at_ != NEVER && std::max(loss_at_, busy_until_) < when) {
        when = std::max(loss_at_, busy_until_);
        what = happening::loss;
      }
      if (delete_at_ != NEVER && std::max(delete_at_, busy_until_) < when) {
        when = std::max(delete_at_, busy_until_);
        what = happening::deletion;
      }
    }
    if (next_sync_ < when) {
      when = next_sync_;
      what = happening::sync;
    }
    if (what == happening::none || when > config_.horizon_us) break;
    const std::int64_t now = when;
    switch (what) {
      case happening::exit:
        exited(which, now, containers_[which].planned_code);
        if (terminating_) {
          progress_termination(now);
        } else {
          request_sync(now + relist());
        }
        break;
      case happening::probe: {
        sim_container& ctr = containers_[which];
        emit(now, event_kind::started_true, which);
        ctr.started = true;
        ctr.probe_at = NEVER;
        ctr.api = status_class::running_started;
        phase_dirty_ = true;
        if (!terminating_) request_sync(now + relist());
        break;
      }
      case happening::deadline:
        for (std::size_t idx = 0; idx < containers_.size(); ++idx) {
          if (!live(containers_[idx])) continue;
          if (!containers_[idx].stop_requested) emit(now, event_kind::stop_requested, static_cast<container_index>(idx));
          exited(static_cast<container_index>(idx), now, 137);
        }
        progress_termination(now);
        break;
      case happening::loss:
        loss_at_ = NEVER;
        if (epoch_ >= 0 && sandbox_ready_) {
          for (std::size_t idx = 0; idx < containers_.size(); ++idx) {
            if (live(containers_[idx])) exited(static_cast<container_index>(idx), now, 137);
          }
          emit(now, event_kind::sandbox_dead);
          last_event().sandbox = epoch_;
          last_event().flags |= event_flag::HAS_SANDBOX;
          sandbox_ready_ = false;
          request_sync(now + relist());
        }
        break;
      case happening::deletion:
        delete_at_ = NEVER;
        emit(now, event_kind::pod_deletion_requested);
        last_event().value = static_cast<std::int32_t>(opts.grace_seconds);
        last_event().flags |= event_flag::HAS_VALUE;
        deleting_ = true;
        begin_termination(now);
        break;
      case happening::sync:
        next_sync_ = NEVER;
        sync(now);
        break;
      case happening::none: break;
    }
    if (phase_dirty_) update_phase(std::max(now, busy_until_));
  }

  // A sync emits ahead of exits that happen while it runs: order by time, stably.
  std::vector<trace_event>& events = out.events;
  for (std::size_t idx = 1; idx < events.size(); ++idx) {
    if (events[idx].t_us >= events[idx - 1].t_us) continue;
    const trace_event moving = events[idx];
    std::size_t pos = idx;
    while (pos > 0 && events[pos - 1].t_us > moving.t_us) {
      events[pos] = events[pos - 1];
      --pos;
    }
    events[pos] = moving;
  }
}

}  // namespace dsb::lifecycle::internal
