// dsbench audit MANIFEST... [--require LEVEL] [--format text|json] [--no-practices]
//
// The Pod Security Standards level each Pod / DaemonSet / pod-template workload satisfies,
// every failing check per container, and the init-container practice findings
// (engine/audit/). Exit 0 when every workload meets --require (or none was given), 1 when
// one does not, 2 on bad input (one message naming file, object and field).
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "engine/audit/audit.hpp"
#include "engine/audit/read.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/format.hpp"
#include "engine/cli/report_error.hpp"
#include "engine/io/json_writer.hpp"

namespace dsb::cli {
namespace {

using clock_type = std::chrono::steady_clock;

struct audit_options {
  std::vector<std::string> manifests;
  std::string require;
  std::string format = "text";
  bool no_practices = false;
};

struct audited {
  std::vector<audit::workload> workloads;
  std::vector<audit::skipped_object> skipped;
  std::vector<audit::workload_audit> results;
};

std::string object_text(const audit::workload& w) {
  std::string out = w.display_name();
  if (!w.where.empty()) out += " (" + w.where + ")";
  return out;
}

void write_json(const audited& run, const audit_options& opts, std::optional<audit::level> required, double read_seconds,
                double audit_seconds, double total_seconds) {
  std::string out;
  io::json_writer w(out, 2);
  w.begin_object();
  w.field("standard", audit::STANDARD_NAME).field("version", audit::POLICY_VERSION);
  w.key("workloads").begin_array();
  for (std::size_t idx = 0; idx < run.workloads.size(); ++idx) {
    const audit::workload& wl = run.workloads[idx];
    const audit::workload_audit& r = run.results[idx];
    w.begin_object();
    w.field("file", wl.file).field("kind", wl.kind).field("namespace", wl.namespace_).field("name", wl.name).field("object", object_text(wl));
    w.field("level", audit::to_string(r.satisfied));
    w.key("violations").begin_array();
    for (const audit::violation& v : r.violations) {
      w.begin_object().field("check", v.check).field("level", audit::to_string(v.check_level));
      w.key("container");
      if (v.container.empty()) w.null();
      else w.value(v.container);
      w.field("field", v.field).field("detail", v.detail).end_object();
    }
    w.end_array();
    w.key("findings").begin_array();
    for (const audit::finding& f : r.findings) {
      w.begin_object().field("practice", f.practice).field("container", f.container).field("detail", f.detail).end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  const audit::level_counts counts = audit::count_levels(run.results);
  w.key("counts").begin_object();
  w.field("privileged", static_cast<std::uint64_t>(counts.privileged));
  w.field("baseline", static_cast<std::uint64_t>(counts.baseline));
  w.field("restricted", static_cast<std::uint64_t>(counts.restricted)).end_object();
  w.key("skipped").begin_array();
  for (const audit::skipped_object& s : run.skipped) w.begin_object().field("object", s.object).field("kind", s.kind).end_object();
  w.end_array();
  w.key("require");
  if (required) w.value(audit::to_string(*required));
  else w.null();
  w.field("requireMet", !required || audit::meets(run.results, *required));
  w.key("seconds").begin_object().field("read", read_seconds).field("audit", audit_seconds).field("total", total_seconds).end_object();
  w.end_object();
  (void)opts;
  out += '\n';
  std::fwrite(out.data(), 1, out.size(), stdout);
}

void print_text(const audited& run, std::optional<audit::level> required) {
  const audit::level_counts counts = audit::count_levels(run.results);
  std::printf("%s %s: %zu workload%s: %zu restricted, %zu baseline, %zu privileged\n", std::string(audit::STANDARD_NAME).c_str(),
              std::string(audit::POLICY_VERSION).c_str(), run.workloads.size(), run.workloads.size() == 1 ? "" : "s", counts.restricted,
              counts.baseline, counts.privileged);
  // Grouped by level, most privileged first: what a reviewer must look at comes first.
  for (audit::level group : {audit::level::privileged, audit::level::baseline, audit::level::restricted}) {
    std::size_t members = 0;
    for (const audit::workload_audit& r : run.results) members += r.satisfied == group ? 1 : 0;
    if (members == 0) continue;
    std::printf("\n%s (%zu)\n", audit::to_string(group), members);
    for (std::size_t idx = 0; idx < run.workloads.size(); ++idx) {
      const audit::workload_audit& r = run.results[idx];
      if (r.satisfied != group) continue;
      const audit::workload& wl = run.workloads[idx];
      std::printf("  %s  %s\n", object_text(wl).c_str(), wl.file.c_str());
      for (const audit::violation& v : r.violations) {
        std::printf("    %-10s %-26s %-20s %s  [%s]\n", audit::to_string(v.check_level), std::string(v.check).c_str(),
                    v.container.empty() ? "(pod)" : v.container.c_str(), v.detail.c_str(), v.field.c_str());
      }
      for (const audit::finding& f : r.findings) {
        std::printf("    %-10s %-26s %-20s %s\n", "practice", std::string(f.practice).c_str(), f.container.c_str(), f.detail.c_str());
      }
    }
  }
  if (!run.skipped.empty()) std::printf("\nskipped %zu object%s that carry no pod template\n", run.skipped.size(), run.skipped.size() == 1 ? "" : "s");
  if (required) {
    std::size_t below = 0;
    for (const audit::workload_audit& r : run.results) below += static_cast<int>(r.satisfied) < static_cast<int>(*required) ? 1 : 0;
    if (below == 0) std::printf("\nrequire %s: met by every workload\n", audit::to_string(*required));
    else std::printf("\nrequire %s: NOT met by %zu workload%s\n", audit::to_string(*required), below, below == 1 ? "" : "s");
  }
}

}  // namespace

runner add_audit(CLI::App& app) {
  auto opts = std::make_shared<audit_options>();
  CLI::App* cmd = app.add_subcommand("audit", "Pod Security Standards level and init-container practices of Pods and DaemonSets");
  cmd->add_option("manifests", opts->manifests, "Manifest files (JSON or YAML; Pod, PodList, DaemonSet, List, multi-document; - = stdin)")
      ->required();
  cmd->add_option("--require", opts->require, "Exit 1 unless every workload satisfies this level: privileged, baseline or restricted")
      ->check(CLI::IsMember({"privileged", "baseline", "restricted"}));
  cmd->add_option("--format", opts->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  cmd->add_flag("--no-practices", opts->no_practices, "Leave the init-container practice findings out");
  return [opts]() {
    const auto total_start = clock_type::now();
    std::optional<audit::level> required;
    if (!opts->require.empty()) required = audit::parse_level(opts->require);
    audited run;
    auto start = clock_type::now();
    for (const std::string& path : opts->manifests) {
      result<audit::manifest_set> read = audit::read_manifests_file(path);
      if (!read) return report(read.err());
      for (audit::workload& w : read->workloads) run.workloads.push_back(std::move(w));
      for (audit::skipped_object& s : read->skipped) run.skipped.push_back(std::move(s));
    }
    const double read_seconds = since(start);
    start = clock_type::now();
    run.results = audit::audit_all(run.workloads);
    if (opts->no_practices) {
      for (audit::workload_audit& r : run.results) r.findings.clear();
    }
    const double audit_seconds = since(start);
    if (opts->format == "json") write_json(run, *opts, required, read_seconds, audit_seconds, since(total_start));
    else print_text(run, required);
    return required && !audit::meets(run.results, *required) ? EXIT_VIOLATIONS : EXIT_OK;
  };
}

}  // namespace dsb::cli
