// The pod start-up simulator: deterministic output for any thread count, text and in-memory
// outputs agree, and what it simulates passes the verifier under every mix of options.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "engine/lifecycle/simulate.hpp"
#include "engine/lifecycle/trace_reader.hpp"
#include "engine/lifecycle/trace_writer.hpp"
#include "engine/lifecycle/verify.hpp"

namespace dsb {
namespace {

using namespace lifecycle;

std::string simulate_text(const simulate_options& options, bool serial = false) {
  std::string text;
  auto sink = [&text](std::string_view chunk) -> status {
    text.append(chunk);
    return {};
  };
  auto stats = serial ? simulate_trace_text_serial(options, sink) : simulate_trace_text(options, sink);
  EXPECT_TRUE(stats.ok()) << (stats.ok() ? "" : stats.err().describe());
  if (stats.ok()) {
    EXPECT_EQ(stats->pods, options.pods);
    EXPECT_EQ(stats->bytes, text.size());
  }
  return text;
}

std::string describe(const trace_set& traces, const verify_report& report, std::size_t limit = 10) {
  std::string out;
  for (std::size_t idx = 0; idx < report.violations.size() && idx < limit; ++idx) {
    const violation& found = report.violations[idx];
    const auto& spec = traces.spec_of(found.pod);
    out += std::string(traces.pod(found.pod).name) + " " + (found.container == NO_CONTAINER ? std::string("-") : spec.names[found.container]) + " " +
           std::string(to_string(found.id)) + ": " + found.detail + "\n";
  }
  return out;
}

TEST(Simulate, SameSeedSameBytesForAnyThreadCount) {
  simulate_options options;
  options.pods = 20'000;
  options.seed = 42;
  options.fail_rate = 0.2;
  const std::string parallel = simulate_text(options);
  const std::string serial = simulate_text(options, true);
  std::string one_thread;
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
    one_thread = simulate_text(options);
  }
  EXPECT_FALSE(parallel.empty());
  EXPECT_EQ(parallel, serial);
  EXPECT_EQ(parallel, one_thread);
  options.seed = 43;
  EXPECT_NE(simulate_text(options), parallel);
}

TEST(Simulate, TextReadBackEqualsTheInMemoryTraceSet) {
  simulate_options options;
  options.pods = 5'000;
  options.fail_rate = 0.3;
  options.pull_rate = 0.5;
  options.post_start_rate = 0.5;
  options.restart_policy = restart_mix::mixed;
  const std::string text = simulate_text(options);
  auto read = read_trace_text("sim.jsonl", text);
  ASSERT_TRUE(read.ok()) << read.err().describe();
  auto direct = simulate_trace_set(options);
  ASSERT_TRUE(direct.ok());
  ASSERT_EQ(read->pod_count(), direct->pod_count());
  for (std::size_t pod_idx = 0; pod_idx < read->pod_count(); ++pod_idx) {
    SCOPED_TRACE(pod_idx);
    ASSERT_EQ(read->pod(pod_idx).name, direct->pod(pod_idx).name);
    ASSERT_EQ(read->pod(pod_idx).uid, direct->pod(pod_idx).uid);
    ASSERT_EQ(spec_json(read->spec_of(pod_idx)), spec_json(direct->spec_of(pod_idx)));
    const auto lhs = read->events(pod_idx);
    const auto rhs = direct->events(pod_idx);
    ASSERT_EQ(lhs.size(), rhs.size());
    for (std::size_t event_idx = 0; event_idx < lhs.size(); ++event_idx) {
      SCOPED_TRACE(event_idx);
      EXPECT_EQ(lhs[event_idx].t_us, rhs[event_idx].t_us);
      EXPECT_EQ(lhs[event_idx].kind, rhs[event_idx].kind);
      EXPECT_EQ(lhs[event_idx].flags, rhs[event_idx].flags);
      EXPECT_EQ(lhs[event_idx].container, rhs[event_idx].container);
      EXPECT_EQ(lhs[event_idx].instance, rhs[event_idx].instance);
      EXPECT_EQ(lhs[event_idx].sandbox, rhs[event_idx].sandbox);
      EXPECT_EQ(lhs[event_idx].value, rhs[event_idx].value);
    }
  }
  // Writing the set again gives the same bytes.
  std::string again;
  append_trace_jsonl(*direct, again);
  EXPECT_EQ(again, text);
}

struct mix {
  const char* name;
  simulate_options options;
};

std::vector<mix> mixes() {
  std::vector<mix> out;
  auto add = [&out](const char* name, auto&& tweak) {
    simulate_options options;
    options.pods = 20'000;
    tweak(options);
    out.push_back({name, options});
  };
  add("default", [](simulate_options&) {});
  add("crashy", [](simulate_options& o) { o.fail_rate = 0.5; o.crash_median_s = 5; o.horizon_s = 3600; });
  add("never", [](simulate_options& o) { o.restart_policy = restart_mix::never; o.fail_rate = 0.3; o.crash_median_s = 20; });
  add("on_failure", [](simulate_options& o) { o.restart_policy = restart_mix::on_failure; o.fail_rate = 0.3; o.crash_median_s = 20; });
  add("mixed", [](simulate_options& o) { o.restart_policy = restart_mix::mixed; o.fail_rate = 0.2; });
  add("pull_trouble", [](simulate_options& o) { o.pull_rate = 1; o.pull_fail_rate = 0.6; o.pull_median_s = 8; });
  add("sidecars", [](simulate_options& o) { o.init_containers = 2; o.sidecars = 4; o.apps = 3; o.probe_rate = 0.7; o.post_start_rate = 0.6; o.fail_rate = 0.2; o.crash_median_s = 30; });
  add("only_sidecars", [](simulate_options& o) { o.init_containers = 0; o.sidecars = 2; o.fail_rate = 0.3; o.crash_median_s = 10; });
  add("no_init", [](simulate_options& o) { o.init_containers = 0; o.sidecars = 0; o.apps = 2; o.fail_rate = 0.4; o.crash_median_s = 10; });
  add("chaos", [](simulate_options& o) { o.sandbox_loss_rate = 0.6; o.delete_rate = 0.6; o.fail_rate = 0.3; o.restart_policy = restart_mix::mixed; o.post_start_rate = 0.5; o.crash_median_s = 30; });
  return out;
}

TEST(Simulate, EveryMixVerifiesClean) {
  for (const mix& entry : mixes()) {
    SCOPED_TRACE(entry.name);
    auto traces = simulate_trace_set(entry.options);
    ASSERT_TRUE(traces.ok());
    EXPECT_EQ(traces->pod_count(), entry.options.pods);
    EXPECT_GT(traces->event_count(), entry.options.pods * 5);
    const verify_report report = verify_traces(*traces);
    EXPECT_TRUE(report.violations.empty()) << report.violations.size() << " violations, e.g.\n" << describe(*traces, report);
  }
}

// The parallel trace verifier merges per-thread violation lists: with tolerances tight
// enough to flag many pods, its report equals the serial one for any thread count.
TEST(Simulate, ParallelVerifierEqualsSerialForAnyThreadCount) {
  simulate_options options;
  options.pods = 5'000;
  options.fail_rate = 0.5;
  options.crash_median_s = 5;
  options.horizon_s = 3600;
  auto traces = simulate_trace_set(options);
  ASSERT_TRUE(traces.ok());
  verify_options strict;
  strict.tolerance_us = -2'000'000;  // restarts must come 2 s late: the simulated schedule breaks BO-1
  strict.sync_slack_us = 0;
  const verify_report serial = verify_traces_serial(*traces, strict);
  ASSERT_GT(serial.violations.size(), 100U);
  auto flat = [](const verify_report& report) {
    std::vector<std::string> out;
    for (const violation& found : report.violations) {
      out.push_back(std::to_string(found.pod) + " " + std::to_string(found.container) + " " + std::string(to_string(found.id)) + " " + found.detail);
    }
    return out;
  };
  for (std::size_t threads : {1, 2, 4}) {
    SCOPED_TRACE(threads);
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    const verify_report parallel = verify_traces(*traces, strict);
    EXPECT_EQ(parallel.pods, serial.pods);
    EXPECT_EQ(parallel.events, serial.events);
    EXPECT_EQ(flat(parallel), flat(serial));
  }
}

TEST(Simulate, ExercisesEveryEventKind) {
  simulate_options options;
  options.pods = 20'000;
  options.sandbox_loss_rate = 0.3;
  options.delete_rate = 0.3;
  options.fail_rate = 0.3;
  options.pull_rate = 0.5;
  options.post_start_rate = 0.5;
  options.crash_median_s = 30;
  auto traces = simulate_trace_set(options);
  ASSERT_TRUE(traces.ok());
  std::vector<std::size_t> counts(EVENT_KIND_COUNT, 0);
  for (std::size_t pod_idx = 0; pod_idx < traces->pod_count(); ++pod_idx) {
    for (const trace_event& event : traces->events(pod_idx)) ++counts[static_cast<std::size_t>(event.kind)];
  }
  for (std::size_t kind = 0; kind < EVENT_KIND_COUNT; ++kind) EXPECT_GT(counts[kind], 0U) << to_string(static_cast<event_kind>(kind));
}

TEST(Simulate, RejectsOutOfRangeOptions) {
  simulate_options options;
  options.fail_rate = 1.5;
  EXPECT_FALSE(validate(options).ok());
  EXPECT_EQ(validate(options).err().field, "--fail-rate");
  options = {};
  options.apps = 0;
  EXPECT_FALSE(validate(options).ok());
  options = {};
  options.init_containers = 40;
  EXPECT_FALSE(validate(options).ok());
  options = {};
  options.start_spread_s = options.horizon_s;
  EXPECT_FALSE(validate(options).ok());
}

}  // namespace
}  // namespace dsb
