// dsbench lifecycle simulate --pods N [--init K] [--sidecars S] [--apps A] [--seed X]
//                            [--fail-rate P] [--restart-policy R] [...] [--threads T] -o TRACE
// dsbench lifecycle verify TRACE_OR_PODLIST [--format text|json] [--threads T] [--max-shown N]
//
// simulate streams the JSON Lines trace to a temporary file beside TRACE and renames it into
// place when complete ("-o -" writes standard output). verify reads a trace (JSON Lines) or a
// PodList (kubectl get pods -o json|yaml), checks the lifecycle invariants and exits 0 when
// clean, 1 when violations were found, 2 on bad input.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <cerrno>
#include <cstring>
#include <random>
#include <string>

#include <tbb/global_control.h>

#include "engine/cli/commands.hpp"
#include "engine/cli/format.hpp"
#include "engine/cli/report_error.hpp"
#include "engine/io/json_writer.hpp"
#include "engine/io/read.hpp"
#include "engine/lifecycle/simulate.hpp"
#include "engine/lifecycle/trace_reader.hpp"
#include "engine/lifecycle/verify.hpp"

namespace dsb::cli {
namespace {

using clock_type = std::chrono::steady_clock;

// A file written in pieces and renamed into place when complete (readers never see a partial
// trace); "-" is standard output.
class streamed_file {
 public:
  explicit streamed_file(std::string path) : path_(std::move(path)) {}
  ~streamed_file() {
    if (file_ != nullptr && file_ != stdout) {
      std::fclose(file_);
      std::error_code ignored;
      std::filesystem::remove(temp_, ignored);
    }
  }
  streamed_file(const streamed_file&) = delete;
  streamed_file& operator=(const streamed_file&) = delete;

  status open() {
    if (path_ == "-") {
      file_ = stdout;
      return {};
    }
    const std::filesystem::path target(path_);
    const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    temp_ = dir / ("." + target.filename().string() + ".tmp" + std::to_string(std::random_device{}()));
    file_ = std::fopen(temp_.c_str(), "wb");
    if (file_ == nullptr) return fail(std::string("cannot create: ") + std::strerror(errno));
    std::setvbuf(file_, nullptr, _IOFBF, std::size_t{1} << 20);
    return {};
  }

  status write(std::string_view bytes) {
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) return fail("write failed (disk full?)");
    return {};
  }

  status commit() {
    if (file_ == stdout) {
      if (std::fflush(stdout) != 0) return fail("write to standard output failed");
      return {};
    }
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    std::error_code ec;
    if (!closed) {
      std::filesystem::remove(temp_, ec);
      return fail("write failed (disk full?)");
    }
    std::filesystem::rename(temp_, path_, ec);
    if (ec) {
      std::filesystem::remove(temp_, ec);
      return fail("cannot rename into place: " + ec.message());
    }
    return {};
  }

 private:
  error fail(std::string message) const { return error{error_code::io, path_, {}, {}, {}, std::move(message)}; }

  std::string path_;
  std::filesystem::path temp_;
  std::FILE* file_ = nullptr;
};

struct simulate_cli {
  lifecycle::simulate_options options;
  std::string restart_policy = "Always";
  std::string output;
  int threads = 0;
};

struct verify_cli {
  std::string input;
  std::string format = "text";
  int threads = 0;
  std::size_t max_shown = 50;
  bool lenient = false;
};

std::unique_ptr<tbb::global_control> limit_threads(int threads) {
  if (threads <= 0) return nullptr;
  return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
}

int run_simulate(simulate_cli& cli) {
  static const std::map<std::string, lifecycle::restart_mix> MIXES = {{"Always", lifecycle::restart_mix::always},
                                                                      {"OnFailure", lifecycle::restart_mix::on_failure},
                                                                      {"Never", lifecycle::restart_mix::never},
                                                                      {"mixed", lifecycle::restart_mix::mixed}};
  cli.options.restart_policy = MIXES.at(cli.restart_policy);
  if (const status valid = lifecycle::validate(cli.options); !valid) return report(valid.err());
  const auto limit = limit_threads(cli.threads);
  const auto start = clock_type::now();
  streamed_file out(cli.output);
  if (const status opened = out.open(); !opened) return report(opened.err());
  auto stats = lifecycle::simulate_trace_text(cli.options, [&out](std::string_view chunk) { return out.write(chunk); });
  if (!stats) return report(stats.err());
  if (const status done = out.commit(); !done) return report(done.err());
  const double seconds = since(start);
  std::fprintf(stderr, "simulated %s pods (%s events, %s) in %s (%s pods/s); wrote %s\n", with_commas(static_cast<std::int64_t>(stats->pods)).c_str(),
               with_commas(static_cast<std::int64_t>(stats->events)).c_str(), human_bytes(static_cast<double>(stats->bytes)).c_str(),
               human_seconds(seconds).c_str(), with_commas(static_cast<std::int64_t>(static_cast<double>(stats->pods) / seconds)).c_str(),
               cli.output == "-" ? "standard output" : cli.output.c_str());
  return EXIT_OK;
}

struct named_violation {
  std::string pod;
  std::string container;
  std::string_view invariant;
  const std::string* detail;
};

int print_report(const verify_cli& cli, std::string_view kind, const lifecycle::verify_report& report, const std::vector<named_violation>& found,
                 double read_seconds, double verify_seconds, double total_seconds) {
  std::map<std::string_view, std::size_t> counts;
  for (const named_violation& item : found) ++counts[item.invariant];
  if (cli.format == "json") {
    std::string out;
    io::json_writer w(out, 2);
    w.begin_object();
    w.field("input", cli.input).field("kind", kind);
    w.field("pods", static_cast<std::uint64_t>(report.pods)).field("containers", static_cast<std::uint64_t>(report.containers));
    w.field(kind == "trace" ? "events" : "snapshots", static_cast<std::uint64_t>(report.events));
    w.key("violations").begin_array();
    for (const named_violation& item : found) {
      w.begin_object().field("pod", item.pod).field("container", item.container).field("invariant", item.invariant).field("detail", *item.detail).end_object();
    }
    w.end_array();
    w.key("counts").begin_object();
    for (const auto& [id, count] : counts) w.field(id, static_cast<std::uint64_t>(count));
    w.end_object();
    w.key("seconds").begin_object().field("read", read_seconds).field("verify", verify_seconds).field("total", total_seconds).end_object();
    w.end_object();
    out += '\n';
    std::fwrite(out.data(), 1, out.size(), stdout);
  } else {
    std::printf("verified %s (%s): %s pods, %s containers, %s %s in %s (read %s, verify %s): ", cli.input.c_str(), std::string(kind).c_str(),
                with_commas(static_cast<std::int64_t>(report.pods)).c_str(), with_commas(static_cast<std::int64_t>(report.containers)).c_str(),
                with_commas(static_cast<std::int64_t>(report.events)).c_str(), kind == "trace" ? "events" : "snapshots", human_seconds(total_seconds).c_str(),
                human_seconds(read_seconds).c_str(), human_seconds(verify_seconds).c_str());
    if (found.empty()) {
      std::printf("no violations\n");
    } else {
      std::printf("%s violation%s\n", with_commas(static_cast<std::int64_t>(found.size())).c_str(), found.size() == 1 ? "" : "s");
      for (const auto& [id, count] : counts) std::printf("  %-7s %9s\n", std::string(id).c_str(), with_commas(static_cast<std::int64_t>(count)).c_str());
      for (std::size_t idx = 0; idx < found.size() && idx < cli.max_shown; ++idx) {
        const named_violation& item = found[idx];
        std::printf("  %-7s %s %s: %s\n", std::string(item.invariant).c_str(), item.pod.c_str(), item.container.empty() ? "-" : item.container.c_str(),
                    item.detail->c_str());
      }
      if (found.size() > cli.max_shown) {
        std::printf("  ... %s more (--format json lists them all)\n", with_commas(static_cast<std::int64_t>(found.size() - cli.max_shown)).c_str());
      }
    }
  }
  return found.empty() ? EXIT_OK : EXIT_VIOLATIONS;
}

int run_verify(const verify_cli& cli) {
  const auto limit = limit_threads(cli.threads);
  const auto start = clock_type::now();
  result<io::input_text> loaded = io::load_file(cli.input);
  if (!loaded) return report(loaded.err());
  if (lifecycle::looks_like_trace(loaded->bytes())) {
    auto keep = std::make_shared<io::input_text>(std::move(*loaded));
    const lifecycle::trace_input input{keep->name, keep->bytes(), keep->capacity(), keep};
    result<lifecycle::trace_set> traces = lifecycle::read_trace(input);
    if (!traces) return report(traces.err());
    const double read_seconds = since(start);
    const auto verify_start = clock_type::now();
    const lifecycle::verify_report result = lifecycle::verify_traces(*traces);
    const double verify_seconds = since(verify_start);
    std::vector<named_violation> found;
    found.reserve(result.violations.size());
    for (const lifecycle::violation& item : result.violations) {
      const lifecycle::trace_spec& spec = traces->spec_of(item.pod);
      found.push_back({std::string(traces->pod(item.pod).name), item.container == lifecycle::NO_CONTAINER ? std::string() : spec.names[item.container],
                       lifecycle::to_string(item.id), &item.detail});
    }
    return print_report(cli, "trace", result, found, read_seconds, verify_seconds, since(start));
  }
  const io::read_options options{cli.lenient ? io::validation::lenient : io::validation::strict, io::input_format::automatic};
  result<std::vector<pod>> pods = io::read_pods(*loaded, options);
  if (!pods) return report(pods.err());
  const double read_seconds = since(start);
  const auto verify_start = clock_type::now();
  const lifecycle::verify_report result = lifecycle::verify_snapshots(*pods);
  const double verify_seconds = since(verify_start);
  std::vector<named_violation> found;
  found.reserve(result.violations.size());
  for (const lifecycle::violation& item : result.violations) {
    const pod& subject = (*pods)[item.pod];
    std::string container;
    if (item.container != lifecycle::NO_CONTAINER) {
      const std::size_t init_count = subject.spec.init_containers.size();
      container = item.container < init_count ? subject.spec.init_containers[item.container].name : subject.spec.containers[item.container - init_count].name;
    }
    found.push_back({subject.metadata.qualified_name(), std::move(container), lifecycle::to_string(item.id), &item.detail});
  }
  return print_report(cli, "pods", result, found, read_seconds, verify_seconds, since(start));
}

}  // namespace

runner add_lifecycle(CLI::App& app) {
  auto sim = std::make_shared<simulate_cli>();
  auto ver = std::make_shared<verify_cli>();
  CLI::App* cmd = app.add_subcommand("lifecycle", "Simulate pod start-up (init containers, sidecars, back-off) and verify ordering invariants");
  cmd->require_subcommand(1);

  CLI::App* simulate = cmd->add_subcommand("simulate", "Simulate pods starting on a virtual clock; write the trace as JSON Lines");
  lifecycle::simulate_options& o = sim->options;
  simulate->add_option("--pods", o.pods, "Number of pods")->required()->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 32));
  simulate->add_option("--init", o.init_containers, "Regular init containers per pod")->capture_default_str();
  simulate->add_option("--sidecars", o.sidecars, "Sidecars (init containers with restartPolicy Always) per pod")->capture_default_str();
  simulate->add_option("--apps", o.apps, "App containers per pod")->capture_default_str();
  simulate->add_option("--seed", o.seed, "Random seed (same seed, same trace, byte for byte)")->capture_default_str();
  simulate->add_option("--restart-policy", sim->restart_policy, "Pod restartPolicy: Always, OnFailure, Never, or mixed (80/10/10)")
      ->check(CLI::IsMember({"Always", "OnFailure", "Never", "mixed"}))
      ->capture_default_str();
  simulate->add_option("--fail-rate", o.fail_rate, "Per instance: a regular init exits non-zero, a sidecar/app crashes")->capture_default_str();
  simulate->add_option("--pull-rate", o.pull_rate, "Per container: the image must be pulled")->capture_default_str();
  simulate->add_option("--pull-fail-rate", o.pull_fail_rate, "Per pull attempt: the pull fails")->capture_default_str();
  simulate->add_option("--pull-median", o.pull_median_s, "Median image pull time, seconds (lognormal)")->capture_default_str();
  simulate->add_option("--init-median", o.init_median_s, "Median regular init container run time, seconds (lognormal)")->capture_default_str();
  simulate->add_option("--crash-median", o.crash_median_s, "Median time to a sidecar/app crash, seconds (lognormal)")->capture_default_str();
  simulate->add_option("--probe-rate", o.probe_rate, "Per sidecar: it has a startupProbe")->capture_default_str();
  simulate->add_option("--probe-median", o.probe_median_s, "Median startup probe success delay, seconds (lognormal)")->capture_default_str();
  simulate->add_option("--post-start-rate", o.post_start_rate, "Per sidecar/app: it has a postStart hook")->capture_default_str();
  simulate->add_option("--post-start-median", o.post_start_median_s, "Median postStart hook duration, seconds (lognormal)")->capture_default_str();
  simulate->add_option("--sandbox-loss-rate", o.sandbox_loss_rate, "Per pod: the sandbox dies once (uniform time)")->capture_default_str();
  simulate->add_option("--delete-rate", o.delete_rate, "Per pod: the pod is deleted (uniform time)")->capture_default_str();
  simulate->add_option("--horizon", o.horizon_s, "Virtual seconds simulated")->capture_default_str();
  simulate->add_option("--start-spread", o.start_spread_s, "Pods are created uniformly in [0, spread) seconds")->capture_default_str();
  simulate->add_option("--grace", o.grace_seconds, "terminationGracePeriodSeconds")->capture_default_str();
  simulate->add_option("--namespace", o.pod_namespace, "Namespace of the simulated pods")->capture_default_str();
  simulate->add_option("--threads", sim->threads, "Worker threads (0 = all cores)")->capture_default_str()->check(CLI::Range(0, 1024));
  simulate->add_option("-o,--output", sim->output, "Trace file (JSON Lines; '-' = standard output)")->required();

  CLI::App* verify = cmd->add_subcommand("verify", "Check the kubelet lifecycle invariants on a trace or a PodList");
  verify->add_option("input", ver->input, "Trace (JSON Lines) or PodList (kubectl get pods -o json|yaml); '-' = standard input")->required();
  verify->add_option("--format", ver->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  verify->add_option("--threads", ver->threads, "Worker threads (0 = all cores)")->capture_default_str()->check(CLI::Range(0, 1024));
  verify->add_option("--max-shown", ver->max_shown, "Violations listed by the text format")->capture_default_str();
  verify->add_flag("--lenient", ver->lenient, "Accept Pods that API validation would reject (PodList input)");

  return [sim, ver, simulate]() { return simulate->parsed() ? run_simulate(*sim) : run_verify(*ver); };
}

}  // namespace dsb::cli
