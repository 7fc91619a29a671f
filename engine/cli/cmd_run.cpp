// dsbench run SCENARIO [--variant V] [--threads T] [--out RESULTS.json] [--timeline TIMELINE.csv]
//                      [--sweep KEY=V1,V2,...] [--set KEY=VALUE]... [--repetitions N] [--quiet]
//
// Runs a scenario (engine/sim/) and prints the summary: per DaemonSet the simulated rollout
// time, longest stall, peak unavailable and final status; pods created, started, deleted and
// Pending by reason; the invariants checked; the engine's own cost. --sweep runs the scenario
// once per value and prints one row each. Exit 0; 1 when an invariant was violated; 2 on bad
// input. Files are written to a temporary name and renamed when complete.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <tbb/global_control.h>

#include "engine/cli/commands.hpp"
#include "engine/cli/format.hpp"
#include "engine/cli/report_error.hpp"
#include "engine/gen/rng.hpp"
#include "engine/io/json_writer.hpp"
#include "engine/io/write.hpp"
#include "engine/platform/machine.hpp"
#include "engine/sim/simulation.hpp"
#include "engine/version.hpp"

namespace dsb::cli {
namespace {

struct run_options {
  std::string scenario;
  std::string variant;
  std::size_t threads = 0;
  bool threads_given = false;
  std::string out;
  std::string timeline;
  std::string sweep;
  std::vector<std::string> sets;
  std::size_t repetitions = 0;
  bool quiet = false;
};

// FNV-1a over the scenario and manifest bytes: results name exactly what was run.
std::string checksum_of(const sim::scenario& s) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  auto feed = [&](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char buf[65536];
    while (in.read(buf, sizeof(buf)) || in.gcount() > 0) {
      for (std::streamsize i = 0; i < in.gcount(); ++i) {
        hash ^= static_cast<unsigned char>(buf[i]);
        hash *= 0x100000001b3ULL;
      }
    }
  };
  feed(s.file);
  for (const std::string& file : s.daemonset_files) feed(file);
  char text[17];
  std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

std::string duration_text(double seconds) {
  if (seconds < 0) return "-";
  char buf[32];
  if (seconds < 60) {
    std::snprintf(buf, sizeof(buf), "%.1fs", seconds);
  } else if (seconds < 3600) {
    std::snprintf(buf, sizeof(buf), "%dm%02ds", static_cast<int>(seconds) / 60, static_cast<int>(seconds) % 60);
  } else {
    std::snprintf(buf, sizeof(buf), "%dh%02dm", static_cast<int>(seconds) / 3600, (static_cast<int>(seconds) % 3600) / 60);
  }
  return buf;
}

std::string rollout_text(const sim::daemonset_report& d, double horizon) {
  if (d.update_at < 0) return "-";
  if (d.rollout_seconds < 0 && d.strategy == "OnDelete") return "OnDelete";
  if (d.rollout_seconds < 0) return "STALLED (>" + duration_text(horizon - d.update_at) + ")";
  return duration_text(d.rollout_seconds);
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

void print_summary(const sim::scenario& s, const sim::run_result& r, std::size_t threads, const std::vector<double>& walls) {
  std::printf("scenario %s: %s nodes, %zu DaemonSets, horizon %s, variant %s, %zu thread%s\n", s.name.c_str(), with_commas(static_cast<std::int64_t>(r.nodes)).c_str(),
              r.daemonsets.size(), duration_text(s.horizon).c_str(), s.variant.c_str(), threads, threads == 1 ? "" : "s");
  if (!s.description.empty()) std::printf("  %s\n", s.description.c_str());
  std::printf("simulated %s of cluster time; %s nodes at the end\n\n", duration_text(r.simulated_seconds).c_str(),
              with_commas(static_cast<std::int64_t>(r.nodes_at_end)).c_str());

  std::size_t name_width = 9;
  for (const auto& d : r.daemonsets) name_width = std::max(name_width, d.name.size());
  std::printf("%s  %-44s %14s %10s %16s %9s %9s %9s %8s\n", pad("DaemonSet", name_width).c_str(), "strategy", "rollout", "stall", "peak unavail",
              "desired", "updated", "available", "pending");
  for (const auto& d : r.daemonsets) {
    const std::string peak = d.update_at < 0 ? "-" : with_commas(d.peak_unavailable) + "/" + with_commas(d.allowed_unavailable);
    std::printf("%s  %-44s %14s %10s %16s %9s %9s %9s %8s\n", pad(d.name, name_width).c_str(), d.strategy.c_str(), rollout_text(d, s.horizon).c_str(),
                d.update_at < 0 ? "-" : duration_text(d.longest_stall_seconds).c_str(), peak.c_str(), with_commas(d.desired).c_str(),
                with_commas(d.updated).c_str(), with_commas(d.available).c_str(), with_commas(d.pending).c_str());
  }
  std::printf("\npods: %s created, %s started, %s deleted; init container failures %s; container restarts %s\n",
              with_commas(static_cast<std::int64_t>(r.pod_creates)).c_str(), with_commas(static_cast<std::int64_t>(r.pod_starts)).c_str(),
              with_commas(static_cast<std::int64_t>(r.pod_deletes)).c_str(), with_commas(static_cast<std::int64_t>(r.init_failures)).c_str(),
              with_commas(static_cast<std::int64_t>(r.container_restarts)).c_str());
  if (r.pending_by_reason.empty()) {
    std::printf("Pending: none\n");
  } else {
    std::printf("Pending (admissions refused, by reason):\n");
    for (const auto& [reason, count] : r.pending_by_reason) std::printf("  %10s  %s\n", with_commas(static_cast<std::int64_t>(count)).c_str(), reason.c_str());
  }
  const auto& inv = r.invariants;
  std::printf("invariants: %s maxUnavailable checks, %s one-pod-per-node checks, %s pod traces verified (lifecycle §10): %s violation%s\n",
              with_commas(static_cast<std::int64_t>(inv.unavailable_checks)).c_str(), with_commas(static_cast<std::int64_t>(inv.one_pod_checks)).c_str(),
              with_commas(static_cast<std::int64_t>(inv.lifecycle_pods)).c_str(), with_commas(static_cast<std::int64_t>(inv.violations)).c_str(),
              inv.violations == 1 ? "" : "s");
  for (const std::string& line : inv.first_violations) std::printf("  VIOLATION %s\n", line.c_str());

  const auto& c = r.cost;
  const double run_wall = c.wall_seconds - c.setup_seconds;
  const std::uint64_t events = c.events + c.kubelet_events;
  std::printf("\nengine: %s wall (setup %s, simulation %s); %s events (%s queue + %s kubelet) = %s events/s of simulation\n",
              human_seconds(c.wall_seconds).c_str(), human_seconds(c.setup_seconds).c_str(), human_seconds(run_wall).c_str(),
              with_commas(static_cast<std::int64_t>(events)).c_str(), with_commas(static_cast<std::int64_t>(c.events)).c_str(),
              with_commas(static_cast<std::int64_t>(c.kubelet_events)).c_str(),
              with_commas(static_cast<std::int64_t>(run_wall > 0 ? static_cast<double>(events) / run_wall : 0)).c_str());
  std::printf("        %s controller syncs, %s each on average, %s at most (%s in all); peak RSS %s\n", with_commas(static_cast<std::int64_t>(c.syncs)).c_str(),
              human_seconds(c.syncs ? c.sync_seconds / static_cast<double>(c.syncs) : 0).c_str(), human_seconds(c.max_sync_seconds).c_str(),
              human_seconds(c.sync_seconds).c_str(), human_bytes(static_cast<double>(c.peak_rss_bytes)).c_str());
  if (walls.size() > 1) {
    std::vector<double> sorted = walls;
    std::sort(sorted.begin(), sorted.end());
    std::printf("        %zu repetitions: wall min %s, median %s, max %s\n", walls.size(), human_seconds(sorted.front()).c_str(),
                human_seconds(sorted[sorted.size() / 2]).c_str(), human_seconds(sorted.back()).c_str());
  }
}

std::string results_json(const sim::scenario& s, const sim::run_result& r, std::size_t threads, const std::vector<double>& walls) {
  std::string out;
  io::json_writer w(out, 2);
  w.begin_object();
  w.key("context").begin_object();
  w.field("version", VERSION).field("gitCommit", GIT_COMMIT).field("buildType", BUILD_TYPE).field("compiler", COMPILER);
  w.field("cpuModel", platform::cpu_model()).field("hardwareThreads", static_cast<std::uint64_t>(std::thread::hardware_concurrency()));
  w.field("threads", static_cast<std::uint64_t>(threads)).field("variant", s.variant);
  w.field("scenario", s.name).field("scenarioFile", s.file).field("scenarioChecksum", checksum_of(s)).field("seed", s.seed);
  w.end_object();
  w.field("nodes", static_cast<std::uint64_t>(r.nodes)).field("nodesAtEnd", static_cast<std::uint64_t>(r.nodes_at_end));
  w.field("simulatedSeconds", r.simulated_seconds);
  w.key("daemonsets").begin_array();
  for (const auto& d : r.daemonsets) {
    w.begin_object();
    w.field("daemonset", d.name).field("strategy", d.strategy);
    if (d.update_at >= 0) {
      w.field("updateAt", d.update_at);
      w.key("rolloutSeconds");
      if (d.rollout_seconds >= 0) w.value(d.rollout_seconds); else w.null();
      w.field("stalled", d.rollout_seconds < 0).field("longestStallSeconds", d.longest_stall_seconds);
      w.field("peakUnavailable", d.peak_unavailable).field("allowedUnavailable", d.allowed_unavailable);
    }
    w.key("status").begin_object();
    w.field("desiredNumberScheduled", d.desired).field("currentNumberScheduled", d.current).field("updatedNumberScheduled", d.updated);
    w.field("numberAvailable", d.available).field("numberUnavailable", d.unavailable).field("numberMisscheduled", d.misscheduled);
    w.end_object();
    w.field("pending", d.pending);
    w.end_object();
  }
  w.end_array();
  w.key("pods").begin_object();
  w.field("created", r.pod_creates).field("started", r.pod_starts).field("deleted", r.pod_deletes);
  w.field("initFailures", r.init_failures).field("containerRestarts", r.container_restarts);
  w.end_object();
  w.key("pendingByReason").begin_object();
  for (const auto& [reason, count] : r.pending_by_reason) w.field(reason, count);
  w.end_object();
  w.key("invariants").begin_object();
  w.field("maxUnavailableChecks", r.invariants.unavailable_checks).field("onePodPerNodeChecks", r.invariants.one_pod_checks);
  w.field("lifecyclePodsVerified", r.invariants.lifecycle_pods).field("violations", r.invariants.violations);
  w.key("firstViolations").begin_array();
  for (const std::string& v : r.invariants.first_violations) w.value(v);
  w.end_array();
  w.end_object();
  w.key("engine").begin_object();
  const auto& c = r.cost;
  w.field("wallSeconds", c.wall_seconds).field("setupSeconds", c.setup_seconds);
  w.field("queueEvents", c.events).field("kubeletEvents", c.kubelet_events);
  const double run_wall = c.wall_seconds - c.setup_seconds;
  w.field("eventsPerSecond", run_wall > 0 ? static_cast<double>(c.events + c.kubelet_events) / run_wall : 0.0);
  w.field("syncs", c.syncs).field("syncSeconds", c.sync_seconds).field("maxSyncSeconds", c.max_sync_seconds);
  w.field("peakRssBytes", c.peak_rss_bytes);
  w.key("repetitionWallSeconds").begin_array();
  for (double wall : walls) w.value(wall);
  w.end_array();
  w.end_object();
  w.end_object();
  out += '\n';
  return out;
}

std::string timeline_csv(const sim::run_result& r) {
  std::string out = "t_seconds,daemonset,desired,current,updated,available,unavailable,pending\n";
  char line[256];
  for (const sim::timeline_row& row : r.timeline) {
    std::snprintf(line, sizeof(line), "%.3f,%s,%lld,%lld,%lld,%lld,%lld,%lld\n", row.t, r.daemonsets[row.daemonset].name.c_str(),
                  static_cast<long long>(row.desired), static_cast<long long>(row.current), static_cast<long long>(row.updated),
                  static_cast<long long>(row.available), static_cast<long long>(row.unavailable), static_cast<long long>(row.pending));
    out += line;
  }
  return out;
}

class progress_bar {
 public:
  explicit progress_bar(bool enabled) : enabled_(enabled) {}
  ~progress_bar() { clear(); }
  progress_bar(const progress_bar&) = delete;
  progress_bar& operator=(const progress_bar&) = delete;
  void operator()(double fraction) {
    if (!enabled_) return;
    const int width = 40;
    const int filled = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * width);
    std::fprintf(stderr, "\r[%s%s] %3d%% of simulated time", std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(width - filled), '.').c_str(), static_cast<int>(fraction * 100));
    shown_ = true;
  }
  void clear() {
    if (shown_) std::fprintf(stderr, "\r%70s\r", "");
    shown_ = false;
  }

 private:
  bool enabled_;
  bool shown_ = false;
};

int run_command(const run_options& opts) {
  result<sim::scenario> read = sim::read_scenario_file(opts.scenario);
  if (!read) return report(read.err());
  sim::scenario s = std::move(*read);
  for (const std::string& set : opts.sets) {
    const auto eq = set.find('=');
    if (eq == std::string::npos) return report(error{error_code::usage, {}, {}, "--set", {}, "must be KEY=VALUE, got \"" + set + "\""});
    if (auto st = sim::apply_override(s, set.substr(0, eq), set.substr(eq + 1)); !st) return report(st.err());
  }
  if (!opts.variant.empty()) s.variant = opts.variant;
  if (opts.threads_given) s.threads = opts.threads;
  if (opts.repetitions > 0) s.repetitions = opts.repetitions;
  const std::size_t threads = s.threads > 0 ? s.threads : std::max(1U, std::thread::hardware_concurrency());
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  const bool tty = !opts.quiet && isatty(STDERR_FILENO) != 0;

  if (!opts.sweep.empty()) {
    const auto eq = opts.sweep.find('=');
    if (eq == std::string::npos) return report(error{error_code::usage, {}, {}, "--sweep", {}, "must be KEY=V1,V2,..., got \"" + opts.sweep + "\""});
    const std::string key = opts.sweep.substr(0, eq);
    std::vector<std::string> values;
    std::stringstream list(opts.sweep.substr(eq + 1));
    for (std::string v; std::getline(list, v, ',');) values.push_back(v);
    std::vector<sim::scenario> variants;
    for (const std::string& v : values) {
      sim::scenario copy = s;
      if (auto st = sim::apply_override(copy, key, v); !st) return report(st.err());
      variants.push_back(std::move(copy));
    }
    std::printf("scenario %s: sweep %s over %zu values\n\n", s.name.c_str(), key.c_str(), values.size());
    std::printf("%-14s %22s %10s %16s %9s %11s %8s\n", key.c_str(), "rollout (slowest)", "stall", "peak unavail", "pending", "violations", "wall");
    bool violated = false;
    for (std::size_t i = 0; i < variants.size(); ++i) {
      progress_bar bar(tty);
      result<sim::run_result> r = sim::run_scenario(variants[i], [&bar](double f) { bar(f); });
      bar.clear();
      if (!r) return report(r.err());
      double slowest = 0;
      bool stalled = false;
      double stall = 0;
      std::int64_t peak = 0, pending = 0;
      for (const auto& d : r->daemonsets) {
        pending += d.pending;
        if (d.update_at < 0) continue;
        stalled = stalled || d.rollout_seconds < 0;
        slowest = std::max(slowest, d.rollout_seconds);
        stall = std::max(stall, d.longest_stall_seconds);
        peak = std::max(peak, d.peak_unavailable);
      }
      violated = violated || r->invariants.violations > 0;
      std::printf("%-14s %22s %10s %16s %9s %11s %8s\n", values[i].c_str(),
                  stalled ? "STALLED" : duration_text(slowest).c_str(), duration_text(stall).c_str(), with_commas(peak).c_str(),
                  with_commas(pending).c_str(), with_commas(static_cast<std::int64_t>(r->invariants.violations)).c_str(),
                  human_seconds(r->cost.wall_seconds).c_str());
      std::fflush(stdout);
    }
    return violated ? EXIT_VIOLATIONS : EXIT_OK;
  }

  std::vector<double> walls;
  std::optional<sim::run_result> first;
  for (std::size_t rep = 0; rep < s.repetitions; ++rep) {
    progress_bar bar(tty);
    result<sim::run_result> r = sim::run_scenario(s, [&bar](double f) { bar(f); });
    bar.clear();
    if (!r) return report(r.err());
    walls.push_back(r->cost.wall_seconds);
    if (!first) first = std::move(*r);
  }
  print_summary(s, *first, threads, walls);
  if (!opts.out.empty()) {
    if (auto st = io::write_file_atomically(opts.out, results_json(s, *first, threads, walls)); !st) return report(st.err());
  }
  if (!opts.timeline.empty()) {
    if (auto st = io::write_file_atomically(opts.timeline, timeline_csv(*first)); !st) return report(st.err());
  }
  return first->invariants.violations > 0 ? EXIT_VIOLATIONS : EXIT_OK;
}

}  // namespace

runner add_run(CLI::App& app) {
  auto opts = std::make_shared<run_options>();
  CLI::App* cmd = app.add_subcommand("run", "Simulate a scenario (cluster, DaemonSets, timeline) on a virtual clock and report the rollout and the engine's cost");
  cmd->add_option("scenario", opts->scenario, "Scenario file (datasets/scenarios/README.md)")->required();
  cmd->add_option("--variant", opts->variant, "Placement variant (overrides the scenario's run.variant)");
  cmd->add_option("--threads", opts->threads, "Worker threads (0 = all cores; overrides run.threads)")->each([opts](const std::string&) { opts->threads_given = true; });
  cmd->add_option("--out", opts->out, "Write the results as JSON (with context: version, commit, CPU, threads, variant, checksum)");
  cmd->add_option("--timeline", opts->timeline, "Write the timeline as CSV (per interval and DaemonSet: desired, updated, available, unavailable, pending)");
  cmd->add_option("--sweep", opts->sweep, "KEY=V1,V2,...: run once per value and print a row each (e.g. maxUnavailable=1,5%,10%,25%)");
  cmd->add_option("--set", opts->sets, "KEY=VALUE: override a scenario setting (same keys as --sweep); repeatable");
  cmd->add_option("--repetitions", opts->repetitions, "Run this many times (overrides run.repetitions; results are the first run's)");
  cmd->add_flag("--quiet", opts->quiet, "No progress bar");
  return [opts] { return run_command(*opts); };
}

}  // namespace dsb::cli
