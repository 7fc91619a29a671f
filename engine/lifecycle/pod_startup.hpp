// pod_startup: the simulator and the verifier one pod at a time, for callers that start pods
// as their own clock decides (the cluster simulator's kubelets, engine/sim/).
//
// run(pod_index) simulates pod `pod_index` with the draws simulate_trace_set would use for
// it (seeded by (options.seed, pod_index)), verifies its trace against the §10 invariants,
// and derives when the pod is Ready: a pod is Ready while its sandbox is up, every sidecar
// runs and has started (startup probe passed, postStart done) and every app container runs
// with its postStart done (no readiness probes are simulated). Times are microseconds from
// the pod's creation (the simulator's start spread is 0). The result's spans stay valid
// until the next run().
// One instance per thread; no allocation per pod once its buffers have grown.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "engine/lifecycle/simulate.hpp"
#include "engine/lifecycle/trace.hpp"
#include "engine/lifecycle/verify.hpp"

namespace dsb::lifecycle {

/// The pod's Ready condition turned `ready` at `t_us`.
struct readiness_change {
  std::int64_t t_us = 0;
  bool ready = false;
};

struct pod_startup_result {
  std::span<const trace_event> events;
  std::span<const readiness_change> readiness;  ///< alternating, starting with ready = true
  std::span<const violation> violations;        ///< of this pod's trace (pod field = 0)
  std::uint32_t init_failures = 0;              ///< regular init instances that exited non-zero
  std::uint32_t restarts = 0;                   ///< container instances after the first of each container
};

class pod_startup {
 public:
  /// `options.pods`, `delete_rate` and `start_spread_s` are ignored (the caller owns creation
  /// and deletion). Precondition: validate(options) is ok.
  explicit pod_startup(const simulate_options& options, const verify_options& verify = {});
  ~pod_startup();
  pod_startup(const pod_startup&) = delete;
  pod_startup& operator=(const pod_startup&) = delete;

  pod_startup_result run(std::uint64_t pod_index);
  /// The spec the last run's pod had (container names, roles).
  const trace_spec& last_spec() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// When the pod is Ready, from its events (the rule in the header comment).
void readiness_of(const trace_spec& spec, std::span<const trace_event> events, std::vector<readiness_change>& out);

}  // namespace dsb::lifecycle
