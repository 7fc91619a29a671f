// trace_checker: the per-pod state machine behind verify_traces. One instance per thread;
// `check` resets it for each pod (no allocation once the scratch vectors have grown).
//
// It replays a pod's events in order and keeps, per container, the newest instance (state,
// times, sandbox), what it achieved in the current sandbox (exited 0, started), its crash
// back-off entry and a bit per invariant already reported; per pod, the sandbox epoch and
// readiness, the running regular init containers, the postStart hook in flight, the
// termination deadline, the last phase and the image-pull back-off entries.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/lifecycle/backoff.hpp"
#include "engine/lifecycle/trace.hpp"
#include "engine/lifecycle/verify.hpp"

namespace dsb::lifecycle::internal {

class trace_checker {
 public:
  explicit trace_checker(const verify_options& options) : options_(options) {}

  /// Appends the pod's violations to `out` (pod field = pod_index).
  void check(const trace_spec& spec, std::span<const trace_event> events, std::uint32_t pod_index, std::vector<violation>& out);

 private:
  enum class live : std::uint8_t { none, created, running, exited };

  struct container_track {
    live state = live::none;
    std::int32_t instance = -1;        ///< newest instance number, -1 before the first
    std::int32_t epoch = -1;           ///< sandbox of the newest instance
    std::int64_t created_us = 0;
    std::int64_t exited_us = 0;
    std::int32_t exit_code = 0;
    bool oom = false;
    bool exit_by_sandbox = false;      ///< the instance died with its sandbox (no exit event)
    bool exit_in_termination = false;
    bool stop_requested = false;
    // Current sandbox:
    std::int32_t last_instance_in_epoch = -1;
    bool created_in_epoch = false;
    bool succeeded_in_epoch = false;   ///< regular init: an instance exited 0 (satisfied)
    bool started_in_epoch = false;     ///< sidecar: an instance reached started (satisfied)
    // Back-off:
    crash_backoff_entry backoff;
    bool exit_visible = false;         ///< an exited instance the kubelet's gate sees (init: purged by a new sandbox)
    std::int64_t pull_since_exit_us = -1;
    bool awaiting_restart = false;     ///< sidecar exited outside termination (SC-1)
    std::int64_t busy_at_exit_us = 0;  ///< the pod's kubelet busy time when it exited (BO-2)
    std::uint64_t reported = 0;        ///< one bit per invariant
  };

  struct image_track {
    std::uint64_t key = 0;
    image_backoff_entry entry;
  };

  void reset(const trace_spec& spec, std::uint32_t pod_index, std::vector<violation>& out);
  void begin_epoch(std::int32_t epoch, std::int64_t now);
  void kill_live(std::int64_t now);
  void on_event(const trace_event& ev);
  void on_created(const trace_event& ev);
  void on_started(const trace_event& ev);
  void on_exited(const trace_event& ev);
  void on_stop(const trace_event& ev);
  void on_pull_started(const trace_event& ev);
  void mark_started(container_index index);
  void finish();

  bool initialized() const noexcept { return satisfied_count_ == spec_->shape.init_count; }
  bool all_apps_done() const noexcept;
  bool restart_gated(container_index index, std::int64_t finished_us) const noexcept;
  void arm_sc5() noexcept;
  std::int64_t busy_now() const noexcept { return busy_total_us_ + (busy_open_since_us_ >= 0 ? now_ - busy_open_since_us_ : 0); }
  void busy_begin() noexcept { if (busy_open_since_us_ < 0) busy_open_since_us_ = now_; }
  void busy_end() noexcept { if (busy_open_since_us_ >= 0) { busy_total_us_ += now_ - busy_open_since_us_; busy_open_since_us_ = -1; } }
  bool is_live(const container_track& track) const noexcept { return track.state == live::created || track.state == live::running; }
  container_role role(container_index index) const noexcept { return spec_->shape.containers[index].role; }
  const std::string& name(container_index index) const noexcept { return spec_->names[index]; }
  std::int64_t slack_us(std::int64_t delay_us) const noexcept;
  image_track& image(std::uint64_t key);

  /// Records the violation unless one with the same (container, invariant) was reported.
  template <class MakeDetail>
  void report(container_index index, invariant id, MakeDetail&& make_detail);

  const verify_options& options_;
  const trace_spec* spec_ = nullptr;
  std::uint32_t pod_index_ = 0;
  std::vector<violation>* out_ = nullptr;
  std::vector<container_track> tracks_;
  std::vector<image_track> images_;
  std::uint64_t pod_reported_ = 0;

  std::int32_t epoch_ = -1;
  std::int32_t first_epoch_ = -1;
  bool sandbox_ready_ = false;
  bool sandbox_dead_ = false;
  bool first_created_in_epoch_ = false;
  std::size_t satisfied_count_ = 0;
  std::int32_t max_init_created_ = -1;
  bool app_created_in_epoch_ = false;
  std::int32_t running_rics_ = 0;
  container_index pending_fail2_ = NO_CONTAINER;
  container_index never_failed_ = NO_CONTAINER;  ///< regular init that failed under restartPolicy Never
  std::int64_t never_failed_us_ = 0;
  container_index post_start_ = NO_CONTAINER;
  bool burst_ = false;
  std::int64_t chain_end_us_ = INT64_MIN;  ///< end of the last container start step (ORD-5)
  std::int64_t sync_start_us_ = INT64_MIN; ///< when the current chain of start steps (one sync) began
  container_index burst_last_ = NO_CONTAINER;
  bool last_sidecar_up_ = false;          ///< the last init container is a sidecar that is running and started
  std::int64_t last_sidecar_up_since_us_ = 0;  ///< since when it is so
  bool sc5_armed_ = false;  ///< every app finished while the kubelet saw the pod initialized (SC-5)
  std::int64_t sc5_armed_at_us_ = 0;
  bool sc5_candidate_ = false;
  std::int64_t sc5_candidate_from_us_ = 0;
  std::int64_t busy_total_us_ = 0;       ///< time the pod's sync spent in image pulls and postStart hooks
  std::int64_t busy_open_since_us_ = -1;  ///< start of the pull or hook in progress
  bool terminating_ = false;
  std::int64_t deadline_us_ = 0;
  bool phase_seen_ = false;
  pod_phase phase_ = pod_phase::pending;
  std::int64_t now_ = 0;
};

}  // namespace dsb::lifecycle::internal
