#include "bench/support/bench_context.hpp"

#include <fstream>
#include <string>
#include <thread>

#include <benchmark/benchmark.h>

#include "engine/platform/huge_pages.hpp"
#include "engine/platform/machine.hpp"
#include "engine/version.hpp"

namespace dsb::bench {
void add_context() {
  benchmark::AddCustomContext("dsbench_version", VERSION);
  benchmark::AddCustomContext("dsbench_git_commit", GIT_COMMIT);
  benchmark::AddCustomContext("dsbench_build_type", BUILD_TYPE);
  benchmark::AddCustomContext("dsbench_compiler", COMPILER);
  benchmark::AddCustomContext("cpu_model", platform::cpu_model());
  benchmark::AddCustomContext("hardware_threads", std::to_string(std::thread::hardware_concurrency()));
}

}  // namespace dsb::bench

int main(int argc, char** argv) {
  dsb::platform::enable_huge_pages_or_reexec(argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  dsb::bench::add_context();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
