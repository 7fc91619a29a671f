// Lifecycle: the pod start-up simulator and the parallel ordering verifier.
//
// Input: pods with 3 regular init containers, 1 sidecar and 1 app (the simulator's default
// mix: 5% instance failures, 20% image pulls, 1% sandbox loss, 5% deletions, 10 minutes of
// virtual time, seed 1), simulated once and cached. Every verification benchmark first
// checks that the clean simulated trace gives zero violations (SkipWithError otherwise);
// end-to-end benchmarks also check that the file reads back to the same pod and event counts.
// Threads are bounded with tbb::global_control; wall time is measured (UseRealTime).
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include "engine/io/read.hpp"
#include "engine/lifecycle/simulate.hpp"
#include "engine/lifecycle/trace_reader.hpp"
#include "engine/lifecycle/trace_writer.hpp"
#include "engine/lifecycle/verify.hpp"

namespace {

using namespace dsb::lifecycle;

simulate_options bench_options(std::uint64_t pods) {
  simulate_options options;
  options.pods = pods;
  options.init_containers = 3;
  options.sidecars = 1;
  options.apps = 1;
  options.seed = 1;
  return options;
}

struct bench_input {
  trace_set traces;
  std::string text;
  std::string path;
  std::size_t violations = 0;
};

// One input per pod count, built once (simulation, text, file) and shared by all benchmarks.
const bench_input& input_for(std::uint64_t pods) {
  static std::map<std::uint64_t, std::unique_ptr<bench_input>> cache;
  auto& slot = cache[pods];
  if (!slot) {
    slot = std::make_unique<bench_input>();
    slot->traces = std::move(simulate_trace_set(bench_options(pods)).value());
    slot->text.reserve(slot->traces.event_count() * 100);
    append_trace_jsonl(slot->traces, slot->text);
    slot->violations = verify_traces(slot->traces).violations.size();
    slot->path = (std::filesystem::temp_directory_path() / ("dsb-lifecycle-bench-" + std::to_string(pods) + ".jsonl")).string();
    if (std::FILE* file = std::fopen(slot->path.c_str(), "wb")) {
      std::fwrite(slot->text.data(), 1, slot->text.size(), file);
      std::fclose(file);
    }
  }
  return *slot;
}

void add_rates(benchmark::State& state, std::uint64_t pods, std::size_t bytes) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * pods));
  if (bytes > 0) state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["ns_per_pod"] = benchmark::Counter(static_cast<double>(state.iterations() * pods), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// Measures: simulating pods into an in-memory trace_set (kubelet decisions, draws, event
// records, assembly), the cost of `lifecycle simulate` minus text formatting.
void BM_simulate(benchmark::State& state) {
  const auto pods = static_cast<std::uint64_t>(state.range(0));
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(state.range(1)));
  std::size_t events = 0;
  for (auto _ : state) {
    auto traces = simulate_trace_set(bench_options(pods));
    if (!traces.ok()) {
      state.SkipWithError("simulation failed");
      return;
    }
    events = traces->event_count();
    benchmark::DoNotOptimize(traces);
  }
  add_rates(state, pods, 0);
  state.counters["events_per_pod"] = static_cast<double>(events) / static_cast<double>(pods);
}
BENCHMARK(BM_simulate)->ArgNames({"pods", "threads"})->Args({1'000'000, 1})->Args({1'000'000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

// Measures: simulating and formatting the JSON Lines trace (what `lifecycle simulate -o`
// produces, without the disk write), in pod order.
void BM_simulate_text(benchmark::State& state) {
  const auto pods = static_cast<std::uint64_t>(state.range(0));
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(state.range(1)));
  std::uint64_t bytes = 0;
  for (auto _ : state) {
    std::uint64_t written = 0;
    auto stats = simulate_trace_text(bench_options(pods), [&written](std::string_view chunk) -> dsb::status {
      written += chunk.size();
      return {};
    });
    if (!stats.ok()) {
      state.SkipWithError("simulation failed");
      return;
    }
    bytes = written;
  }
  add_rates(state, pods, bytes);
}
BENCHMARK(BM_simulate_text)->ArgNames({"pods", "threads"})->Args({1'000'000, 1})->Args({1'000'000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

// Measures: the verifier alone on parsed events (all T invariants, per pod, oneTBB over
// pods). Bytes are the trace text the events came from, for comparison with the readers.
void BM_verify_parsed(benchmark::State& state) {
  const auto pods = static_cast<std::uint64_t>(state.range(0));
  const bench_input& input = input_for(pods);
  if (input.violations != 0) {
    state.SkipWithError("the clean simulated trace has violations");
    return;
  }
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(state.range(1)));
  for (auto _ : state) {
    verify_report report = verify_traces(input.traces);
    benchmark::DoNotOptimize(report);
  }
  add_rates(state, pods, input.text.size());
  state.counters["events_per_pod"] = static_cast<double>(input.traces.event_count()) / static_cast<double>(pods);
}
BENCHMARK(BM_verify_parsed)->ArgNames({"pods", "threads"})->Args({1'000'000, 1})->Args({1'000'000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

// Measures: parsing the JSON Lines text (already in memory) into a trace_set.
void BM_read_trace(benchmark::State& state) {
  const auto pods = static_cast<std::uint64_t>(state.range(0));
  const bench_input& input = input_for(pods);
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(state.range(1)));
  std::string padded = input.text;
  padded.append(TRACE_PADDING, ' ');
  trace_input text{"bench.jsonl", std::string_view(padded.data(), input.text.size()), padded.size(), nullptr};
  {
    auto check = read_trace(text);
    if (!check.ok() || check->pod_count() != pods || check->event_count() != input.traces.event_count()) {
      state.SkipWithError("the trace does not read back to the simulated pods");
      return;
    }
  }
  for (auto _ : state) {
    auto traces = read_trace(text);
    benchmark::DoNotOptimize(traces);
  }
  add_rates(state, pods, input.text.size());
}
BENCHMARK(BM_read_trace)->ArgNames({"pods", "threads"})->Args({1'000'000, 1})->Args({1'000'000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

// Measures: `dsbench lifecycle verify trace.jsonl` end to end: read the file into huge-page
// memory, parse, verify (the file is in the page cache after the first run).
void BM_verify_file(benchmark::State& state) {
  const auto pods = static_cast<std::uint64_t>(state.range(0));
  const bench_input& input = input_for(pods);
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(state.range(1)));
  auto run = [&input]() -> dsb::result<verify_report> {
    auto loaded = dsb::io::load_file(input.path);
    if (!loaded.ok()) return std::move(loaded).err();
    auto keep = std::make_shared<dsb::io::input_text>(std::move(*loaded));
    trace_input text{input.path, keep->bytes(), keep->capacity(), keep};
    auto traces = read_trace(text);
    if (!traces.ok()) return std::move(traces).err();
    return verify_traces(*traces);
  };
  {
    auto check = run();
    if (!check.ok() || check->pods != pods || check->events != input.traces.event_count() || !check->violations.empty()) {
      state.SkipWithError("the trace file does not verify clean");
      return;
    }
  }
  for (auto _ : state) {
    auto report = run();
    benchmark::DoNotOptimize(report);
  }
  add_rates(state, pods, input.text.size());
}
BENCHMARK(BM_verify_file)->ArgNames({"pods", "threads"})->Args({1'000'000, 1})->Args({1'000'000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
