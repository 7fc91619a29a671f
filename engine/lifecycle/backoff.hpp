// Back-off schedules: container crash back-off (CrashLoopBackOff) and image-pull back-off.
//
// Crash back-off mirrors pkg/kubelet/kuberuntime/kuberuntime_container.go doBackOff over
// client-go util/flowcontrol/backoff.go (kubelet-lifecycle.md §5.1): initial 10 s, factor 2,
// cap 300 s, reset when the crashed instance finished more than 600 s after the entry's last
// update; the first restart is immediate (no entry yet). The key is (pod, container, spec
// hash); callers keep one entry per container.
//
// Image-pull back-off mirrors pkg/kubelet/images/image_manager.go (§5.3): keyed by (pod,
// image), initial 10 s, factor 2, cap 300 s, entries older than 2 x cap are forgotten; an
// attempt is refused while now - last failure < delay.
//
// Times are microseconds on any clock (the verifier uses trace time, the simulator virtual
// time). Every function is O(1) and allocation-free.
#pragma once

#include <algorithm>
#include <cstdint>

namespace dsb::lifecycle {

inline constexpr std::int64_t MICROS_PER_SECOND = 1'000'000;

struct backoff_params {
  std::int64_t initial_us = 10 * MICROS_PER_SECOND;   ///< kubelet.go backOffPeriod
  std::int64_t max_us = 300 * MICROS_PER_SECOND;      ///< MaxContainerBackOff
  std::int64_t reset_us = 600 * MICROS_PER_SECOND;    ///< backOffResetPeriod (hard-coded, whatever max is)
};

/// One flowcontrol.Backoff entry of the crash back-off table.
struct crash_backoff_entry {
  bool exists = false;
  std::int64_t delay_us = 0;
  std::int64_t last_update_us = 0;
};

/// The wait the gate imposes before restarting a container whose newest instance finished at
/// `finished_us`: 0 when there is no entry or the entry is reset, else the entry's delay.
inline std::int64_t crash_backoff_delay(const crash_backoff_entry& entry, std::int64_t finished_us,
                                        const backoff_params& params = {}) noexcept {
  if (!entry.exists || finished_us - entry.last_update_us > params.reset_us) return 0;
  return entry.delay_us;
}

/// doBackOff's refusal test at `now_us`: true = CrashLoopBackOff, do not start.
inline bool crash_backoff_blocks(const crash_backoff_entry& entry, std::int64_t finished_us, std::int64_t now_us,
                                 const backoff_params& params = {}) noexcept {
  return now_us - finished_us < crash_backoff_delay(entry, finished_us, params);
}

/// The gate let the container start at `now_us`: advance the entry (flowcontrol.Backoff.Next).
inline void crash_backoff_admit(crash_backoff_entry& entry, std::int64_t finished_us, std::int64_t now_us,
                                const backoff_params& params = {}) noexcept {
  if (!entry.exists || finished_us - entry.last_update_us > params.reset_us) {
    entry.delay_us = params.initial_us;
  } else {
    entry.delay_us = std::min(entry.delay_us * 2, params.max_us);
  }
  entry.exists = true;
  entry.last_update_us = now_us;
}

/// One entry of the image-pull back-off table.
struct image_backoff_entry {
  bool exists = false;
  std::int64_t delay_us = 0;
  std::int64_t last_failure_us = 0;
};

/// True while a pull attempt at `now_us` is refused (ImagePullBackOff).
inline bool image_backoff_blocks(const image_backoff_entry& entry, std::int64_t now_us) noexcept {
  return entry.exists && now_us - entry.last_failure_us < entry.delay_us;
}

/// A pull failed (returned) at `now_us`: advance the entry.
inline void image_backoff_failed(image_backoff_entry& entry, std::int64_t now_us, const backoff_params& params = {}) noexcept {
  if (!entry.exists || now_us - entry.last_failure_us > 2 * params.max_us) {
    entry.delay_us = params.initial_us;
  } else {
    entry.delay_us = std::min(entry.delay_us * 2, params.max_us);
  }
  entry.exists = true;
  entry.last_failure_us = now_us;
}

}  // namespace dsb::lifecycle
