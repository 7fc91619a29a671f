#include "engine/lifecycle/pod_startup.hpp"

#include <unordered_map>

#include "engine/lifecycle/internal/pod_sim.hpp"
#include "engine/lifecycle/internal/trace_checker.hpp"

namespace dsb::lifecycle {
namespace {

simulate_options one_pod_at_a_time(simulate_options options) {
  options.pods = 1;
  options.delete_rate = 0;
  options.start_spread_s = 0;
  return options;
}

}  // namespace

struct pod_startup::impl {
  impl(const simulate_options& opts, const verify_options& verify)
      : options(one_pod_at_a_time(opts)), verify_opts(verify), config(options), simulator(config), checker(verify_opts) {}

  const trace_spec& spec(std::uint64_t signature) {
    auto [it, inserted] = specs.try_emplace(signature);
    if (inserted) it->second = config.spec_for(signature);
    return it->second;
  }

  simulate_options options;      // config keeps a reference: declared first, never moved
  verify_options verify_opts;    // the checker keeps a reference (the caller's may be a temporary)
  internal::sim_config config;
  internal::pod_simulator simulator;
  internal::trace_checker checker;
  internal::pod_outcome outcome;
  std::unordered_map<std::uint64_t, trace_spec> specs;
  const trace_spec* last = nullptr;
  std::vector<readiness_change> readiness;
  std::vector<violation> violations;
};

pod_startup::pod_startup(const simulate_options& options, const verify_options& verify)
    : impl_(std::make_unique<impl>(options, verify)) {}

pod_startup::~pod_startup() = default;

pod_startup_result pod_startup::run(std::uint64_t pod_index) {
  impl& self = *impl_;
  self.simulator.run(pod_index, self.outcome);
  self.last = &self.spec(self.outcome.signature);
  const std::span<const trace_event> events(self.outcome.events);
  self.violations.clear();
  self.checker.check(*self.last, events, 0, self.violations);
  readiness_of(*self.last, events, self.readiness);

  pod_startup_result out{events, self.readiness, self.violations, 0, 0};
  for (const trace_event& ev : events) {
    if (ev.kind == event_kind::container_exited && self.last->shape.role(ev.container) == container_role::init &&
        (ev.value != 0 || ev.has(event_flag::OOM))) {
      ++out.init_failures;
    }
    if (ev.kind == event_kind::container_created && ev.instance > 0) ++out.restarts;
  }
  return out;
}

const trace_spec& pod_startup::last_spec() const { return *impl_->last; }

void readiness_of(const trace_spec& spec, std::span<const trace_event> events, std::vector<readiness_change>& out) {
  out.clear();
  const pod_shape& shape = spec.shape;
  const std::size_t count = shape.container_count();
  // Per container: running, started (startup probe passed, or running without one), in postStart.
  boost::container::small_vector<std::uint8_t, 8> running(count, 0), started(count, 0), hooked(count, 0);
  bool sandbox_ready = false;
  bool ready = false;
  for (std::size_t at = 0; at < events.size(); ++at) {
    const trace_event& ev = events[at];
    const container_index c = ev.container;
    switch (ev.kind) {
      case event_kind::sandbox_created: sandbox_ready = false; break;
      case event_kind::sandbox_ready: sandbox_ready = true; break;
      case event_kind::sandbox_dead:
        sandbox_ready = false;
        std::fill(running.begin(), running.end(), 0);
        std::fill(started.begin(), started.end(), 0);
        std::fill(hooked.begin(), hooked.end(), 0);
        break;
      case event_kind::container_created:
        running[c] = 0;
        started[c] = 0;
        hooked[c] = 0;
        break;
      case event_kind::container_started:
        running[c] = 1;
        started[c] = shape.containers[c].startup_probe ? 0 : 1;
        break;
      case event_kind::started_true: started[c] = 1; break;
      case event_kind::post_start_begin: hooked[c] = 1; break;
      case event_kind::post_start_end: hooked[c] = 0; break;
      case event_kind::container_exited:
        running[c] = 0;
        started[c] = 0;
        hooked[c] = 0;
        break;
      default: break;
    }
    // Events at one time form one step: decide once the last of them is applied.
    if (at + 1 < events.size() && events[at + 1].t_us == ev.t_us) continue;
    bool now_ready = sandbox_ready && shape.app_count() > 0;
    for (std::size_t idx = 0; idx < count && now_ready; ++idx) {
      if (shape.role(idx) == container_role::init) continue;
      now_ready = running[idx] != 0 && started[idx] != 0 && hooked[idx] == 0;
    }
    if (now_ready != ready) {
      ready = now_ready;
      out.push_back({ev.t_us, ready});
    }
  }
}

}  // namespace dsb::lifecycle
