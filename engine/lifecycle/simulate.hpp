// The pod start-up simulator: millions of pods on a virtual clock, each started by the
// kubelet's own decision procedure (compute_pod_actions) with seeded distributions for image
// pulls, container run times, failures, probe and hook delays, sandbox loss and deletion.
//
// Model per pod (engine/lifecycle/README.md "Simulator" has the full list):
//   * node: each container's image is missing (must be pulled) with probability `pull_rate`.
//   * spec: `init_containers` regular init containers and `sidecars` sidecars laid out as
//     init-0, sidecar-0..S-1, init-1..K-1, then `apps` app containers; each sidecar has a
//     startupProbe with probability `probe_rate`, each sidecar/app a postStart hook with
//     probability `post_start_rate`; restartPolicy from `restart_policy`.
//   * the kubelet syncs the pod on every container/probe change and after each sync that
//     started something (PLEG relist delay in [0, 0.95 s); a sync begins at least 20 ms after
//     the previous one ended) and at back-off expiries; a sync runs compute_pod_actions and executes it
//     in order (§2.4): sandbox, init containers (a failed regular init start ends the sync),
//     apps; each start passes the crash back-off gate, pulls the image if it is not on the
//     node (with image-pull back-off), creates, starts and runs the postStart hook, blocking.
//   * a regular init instance exits after a lognormal run time, non-zero with probability
//     `fail_rate`; a sidecar/app instance crashes (exit 1) with probability `fail_rate` after
//     a lognormal time, else runs to the horizon.
//   * sandbox loss (probability `sandbox_loss_rate`, at a uniform time) kills every container;
//     deletion (probability `delete_rate`) terminates the pod: apps and init containers are
//     stopped first, sidecars in reverse order after them, within the grace period.
//   * PhaseChanged follows getPhase (phase_of_classes) after every step.
//
// Determinism: every draw of pod p derives from (seed, stream, p); pods are simulated in
// parallel in batches and written in pod order, so the same options give the same trace,
// byte for byte, for any thread count. The *_serial twins run on the calling thread.
// Cost: ~1-2 µs per pod on one core for the default mix (see bench/lifecycle).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "engine/lifecycle/trace.hpp"
#include "engine/model/error.hpp"

namespace dsb::lifecycle {

enum class restart_mix : std::uint8_t { always, on_failure, never, mixed };

struct simulate_options {
  std::uint64_t pods = 1000;
  std::uint32_t init_containers = 3;  ///< regular init containers per pod
  std::uint32_t sidecars = 1;         ///< restartable init containers per pod
  std::uint32_t apps = 1;             ///< app containers per pod
  std::uint64_t seed = 1;
  restart_mix restart_policy = restart_mix::always;  ///< mixed: 80% Always, 10% OnFailure, 10% Never
  double fail_rate = 0.05;          ///< per instance: a regular init exits non-zero; a sidecar/app crashes
  double pull_rate = 0.2;           ///< per container: its image is not on the node yet
  double pull_fail_rate = 0.1;      ///< per pull attempt
  double pull_median_s = 2.0;       ///< lognormal, sigma 0.6, capped at 20 s
  double init_median_s = 1.0;       ///< regular init run time: lognormal, sigma 0.8, capped at 120 s
  double crash_median_s = 120.0;    ///< time to a crash: lognormal, sigma 1.0
  double probe_rate = 0.5;          ///< a sidecar has a startupProbe
  double probe_median_s = 3.0;      ///< startup probe success after start: lognormal, sigma 0.5, capped at 60 s
  double post_start_rate = 0.1;     ///< a sidecar/app has a postStart hook
  double post_start_median_s = 0.5; ///< hook duration: lognormal, sigma 0.5, capped at 10 s
  double sandbox_loss_rate = 0.01;  ///< a pod loses its sandbox once, at a uniform time
  double delete_rate = 0.05;        ///< a pod is deleted, at a uniform time
  double horizon_s = 600;           ///< virtual time simulated per pod (from t = 0)
  double start_spread_s = 10;       ///< pods are created at a uniform time in [0, spread)
  std::int64_t grace_seconds = 30;  ///< terminationGracePeriodSeconds
  std::string pod_namespace = "sim";
  std::string name_prefix = "pod-";
};

/// Checks ranges (rates in [0, 1], positive medians and horizon, container counts) and
/// returns a usage error naming the option ("--fail-rate") when one is out of range.
status validate(const simulate_options& options);

struct simulate_stats {
  std::uint64_t pods = 0;
  std::uint64_t events = 0;
  std::uint64_t bytes = 0;  ///< trace text written (text output only)
};

/// Receives the trace text in pod order, a batch at a time; a failed status stops the run.
using trace_sink = std::function<status(std::string_view)>;

result<simulate_stats> simulate_trace_text(const simulate_options& options, const trace_sink& sink);
result<simulate_stats> simulate_trace_text_serial(const simulate_options& options, const trace_sink& sink);

/// The same pods as an in-memory trace_set (equal to reading the text back).
result<trace_set> simulate_trace_set(const simulate_options& options);
result<trace_set> simulate_trace_set_serial(const simulate_options& options);

}  // namespace dsb::lifecycle
