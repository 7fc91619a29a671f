// The seeded cluster generator (engine/gen/generate.hpp): nodes -> model, end to end.
//
// Each benchmark first generates its cluster once more and checks that the result is the
// same cluster (cluster_digest) as the first run, so what is timed is the deterministic
// path. Counters: ns_per_node (wall time / nodes), model_bytes_per_node (cluster::memory()
// .model(): node columns, label and taint indexes, name index; the string pool is not
// included), labels_per_node (label entries / nodes).
#include <cstdint>
#include <string>

#include <benchmark/benchmark.h>

#include "engine/gen/generate.hpp"

namespace {

void run_generate(benchmark::State& state, const std::string& profile) {
  const auto nodes = static_cast<std::size_t>(state.range(0));
  const dsb::gen::cluster_spec spec{nodes, profile, 1};
  {
    auto first = dsb::gen::generate_cluster(spec);
    auto second = dsb::gen::generate_cluster(spec);
    if (!first.ok() || !second.ok() || dsb::cluster_digest(*first) != dsb::cluster_digest(*second)) {
      state.SkipWithError("generator is not deterministic or failed");
      return;
    }
    state.counters["model_bytes_per_node"] = static_cast<double>(first->memory().model()) / static_cast<double>(nodes);
    state.counters["labels_per_node"] = static_cast<double>(first->nodes.labels.entry_count()) / static_cast<double>(nodes);
  }
  for (auto _ : state) {
    auto made = dsb::gen::generate_cluster(spec);
    benchmark::DoNotOptimize(made);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * nodes));
  state.counters["ns_per_node"] = benchmark::Counter(static_cast<double>(state.iterations() * nodes),
                                                     benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// Measures: a general-purpose EKS cluster (the default profile, ~25 labels per node) from
// 10,000 nodes (fits in L2/L3) to 1,000,000 (far out of cache; the 5 s budget point).
// Wall time: the per-node draws and the name sort run on oneTBB; the builder is serial.
void BM_generate_eks(benchmark::State& state) { run_generate(state, "eks"); }
BENCHMARK(BM_generate_eks)
    ->Name("BM_generate/profile:eks")
    ->ArgNames({"nodes"})
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Measures: the AI/GPU profile, ~73% GPU nodes with ~95 labels each (GFD, GPU operator, NFD):
// the label-heavy end of label interning and index building.
void BM_generate_gpu(benchmark::State& state) { run_generate(state, "gpu"); }
BENCHMARK(BM_generate_gpu)
    ->Name("BM_generate/profile:gpu")
    ->ArgNames({"nodes"})
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
