// Context every dsbench benchmark binary records in its JSON (STYLE.md 15): version,
// git commit, build type, compiler, CPU model, hardware threads.
#pragma once

namespace dsb::bench {

/// Adds dsbench's context entries to Google Benchmark's JSON "context" object.
/// Call once from main before RunSpecifiedBenchmarks (BENCHMARK_MAIN does not).
void add_context();

}  // namespace dsb::bench
