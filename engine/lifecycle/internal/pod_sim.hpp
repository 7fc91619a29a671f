// pod_simulator: one pod's start-up on a virtual clock (the unit of work of simulate.hpp).
//
// sim_config is the immutable "what" (container layout, probabilities as thresholds,
// tabulated distributions); pod_simulator is the per-thread mutable state, reused for every
// pod it runs (no allocation per pod once its buffers have grown).
//
// The loop picks the earliest pending happening (container exit, startup-probe success,
// termination deadline, sandbox loss, deletion, requested sync), applies it and emits its
// events; a sync runs compute_pod_actions and executes the actions in order, advancing a
// cursor through image pulls, container creation and postStart hooks (the kubelet's sync is
// blocking). Sandbox loss and deletion wait until the running sync has finished. Events are
// stably sorted by time at the end (a sync emits ahead of the exits that happen meanwhile).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/lifecycle/backoff.hpp"
#include "engine/lifecycle/internal/draws.hpp"
#include "engine/lifecycle/kubelet_actions.hpp"
#include "engine/lifecycle/pod_status.hpp"
#include "engine/lifecycle/simulate.hpp"
#include "engine/lifecycle/trace.hpp"

namespace dsb::lifecycle::internal {

/// Most containers a simulated pod may have (two signature bits per container).
inline constexpr std::size_t MAX_SIM_CONTAINERS = 31;

struct sim_config {
  explicit sim_config(const simulate_options& options);

  const simulate_options& options;
  std::uint16_t init_count = 0;  // regular init + sidecars
  std::vector<container_role> roles;
  std::vector<std::string> names;
  std::vector<std::string> images;
  std::vector<std::uint64_t> image_keys;
  std::int64_t horizon_us = 0;
  std::int64_t spread_ms = 0;
  std::int64_t grace_us = 0;
  std::uint64_t fail = 0;
  std::uint64_t pull = 0;
  std::uint64_t pull_fail = 0;
  std::uint64_t probe = 0;
  std::uint64_t post_start = 0;
  std::uint64_t sandbox_loss = 0;
  std::uint64_t deletion = 0;
  lognormal_table pull_time;
  lognormal_table init_run;
  lognormal_table crash_after;
  lognormal_table probe_delay;
  lognormal_table hook_time;
  lognormal_table sandbox_time;
  lognormal_table stop_time;

  /// The spec a pod with this signature has (restart policy, probes, hooks).
  trace_spec spec_for(std::uint64_t signature) const;
};

/// Signature bits: 0-1 restart policy (0 Always, 1 OnFailure, 2 Never); per container i,
/// bit 2 + 2i startupProbe, bit 3 + 2i postStart.
inline pod_restart_policy policy_of(std::uint64_t signature) noexcept {
  switch (signature & 3) {
    case 1: return pod_restart_policy::on_failure;
    case 2: return pod_restart_policy::never;
    default: return pod_restart_policy::always;
  }
}

struct pod_outcome {
  std::uint64_t signature = 0;
  std::vector<trace_event> events;
};

class pod_simulator {
 public:
  explicit pod_simulator(const sim_config& config) : config_(config) {}
  void run(std::uint64_t pod_index, pod_outcome& out);

 private:
  static constexpr std::int64_t NEVER = INT64_MAX;
  static constexpr std::int64_t WORKER_GAP_US = 20'000;  ///< a new sync starts at least this long after the last one ended

  struct sim_container {
    container_shape shape;
    runtime_state state = runtime_state::absent;  // newest record as the runtime reports it
    bool purged = false;           // init container records deleted by a new sandbox
    std::int32_t instance = -1;
    std::int32_t instance_epoch = -1;
    std::int32_t exit_code = 0;
    std::int64_t exit_at = NEVER;
    std::int32_t planned_code = 0;
    std::int64_t probe_at = NEVER;
    bool started = false;
    bool stop_requested = false;
    std::int64_t finished_us = 0;
    crash_backoff_entry backoff;
    bool image_present = false;
    image_backoff_entry pull_backoff;
    status_class api = status_class::waiting;
  };

  void emit(std::int64_t t_us, event_kind kind, container_index container = NO_CONTAINER);
  trace_event& last_event() { return out_->events.back(); }
  std::int64_t relist() noexcept;
  void request_sync(std::int64_t t_us) noexcept;
  bool live(const sim_container& ctr) const noexcept { return ctr.state == runtime_state::running; }
  void exited(container_index index, std::int64_t now, std::int32_t code);
  void sync(std::int64_t now);
  bool start(container_index index, std::int64_t& cursor);
  void begin_termination(std::int64_t now);
  void stop(container_index index, std::int64_t now);
  void progress_termination(std::int64_t now);
  void update_phase(std::int64_t at);

  const sim_config& config_;
  pod_outcome* out_ = nullptr;
  gen::xoshiro256ss rng_{0};
  pod_shape shape_;
  std::vector<sim_container> containers_;
  std::vector<container_runtime> records_;
  std::vector<status_class> classes_;
  std::int32_t epoch_ = -1;
  bool sandbox_ready_ = false;
  std::int64_t busy_until_ = 0;
  std::int64_t next_sync_ = NEVER;
  std::int64_t loss_at_ = NEVER;
  std::int64_t delete_at_ = NEVER;
  bool terminating_ = false;
  bool deleting_ = false;
  bool done_ = false;
  std::int64_t deadline_ = NEVER;
  bool phase_known_ = false;
  bool phase_dirty_ = true;
  pod_phase phase_ = pod_phase::pending;
};

}  // namespace dsb::lifecycle::internal
