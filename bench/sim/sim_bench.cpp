// The cluster simulator end to end (engine/sim/), on the shipped scenarios.
//
//   BM_scenario/<name>/threads:T   one whole run: generate the cluster, read the manifests,
//        seed the steady state, simulate to the horizon. Counters: events/s (queue events +
//        lifecycle trace events, over the simulation part), syncs, simulated seconds per
//        wall second, setup seconds. `default` is make run's scenario (100k nodes, 20
//        DaemonSets, a rolling update with maxUnavailable 10%); `stress-1m` (1M nodes) only
//        runs with DSB_BENCH_STRESS=1 (about 30 s and 4 GB).
// Each run checks that the scenario's invariants held (the benchmark errors out otherwise).
#include <cstdlib>
#include <string>

#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include "engine/sim/scenario.hpp"
#include "engine/sim/simulation.hpp"

namespace {

using namespace dsb;

void BM_scenario(benchmark::State& state, const std::string& name) {
  result<sim::scenario> read = sim::read_scenario_file(std::string(DSB_SOURCE_DIR) + "/datasets/scenarios/" + name + ".yaml");
  if (!read) {
    state.SkipWithError(read.err().describe().c_str());
    return;
  }
  const auto threads = static_cast<std::size_t>(state.range(0));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  sim::run_result last;
  for (auto _ : state) {
    result<sim::run_result> r = sim::run_scenario(*read);
    if (!r) {
      state.SkipWithError(r.err().describe().c_str());
      return;
    }
    if (r->invariants.violations > 0) {
      state.SkipWithError(("invariant violated: " + r->invariants.first_violations.front()).c_str());
      return;
    }
    last = std::move(*r);
  }
  const auto& c = last.cost;
  const double sim_wall = c.wall_seconds - c.setup_seconds;
  state.counters["events_per_s"] = sim_wall > 0 ? static_cast<double>(c.events + c.kubelet_events) / sim_wall : 0;
  state.counters["events"] = static_cast<double>(c.events + c.kubelet_events);
  state.counters["syncs"] = static_cast<double>(c.syncs);
  state.counters["setup_s"] = c.setup_seconds;
  state.counters["simulation_s"] = sim_wall;
  state.counters["virtual_per_wall"] = sim_wall > 0 ? last.simulated_seconds / sim_wall : 0;
  state.counters["peak_rss_mb"] = static_cast<double>(c.peak_rss_bytes) / (1 << 20);
  state.counters["nodes"] = static_cast<double>(last.nodes);
}

void register_all() {
  for (const char* name : {"default", "surge-rollout", "init-failure-storm", "stalled-rollout"}) {
    benchmark::RegisterBenchmark((std::string("BM_scenario/") + name).c_str(), BM_scenario, std::string(name))
        ->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
  }
  const char* stress = std::getenv("DSB_BENCH_STRESS");
  if (stress != nullptr && std::string(stress) == "1") {
    benchmark::RegisterBenchmark("BM_scenario/stress-1m", BM_scenario, std::string("stress-1m"))
        ->ArgName("threads")->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
  }
}

const int registered = (register_all(), 0);

}  // namespace
