// dsbench reconcile --nodes NODES --daemonset DS... [--pods PODS] [--now TIME]
//                   [--variant V] [--controller column|reference] [--burst N]
//                   [--threads T] [--format text|json] [--lenient]
//
// One controller sync per DaemonSet on the given state (DESIGN.md "reconcile"): claim the
// PodList's pods (owner, selector, adoption), place, plan (manage + rolling update, burst
// limit, slow start), status on the input state, and for every pod this sync creates the
// scheduler's and kubelet's reasons it would stay Pending: resources and host ports against
// the pods already bound to the node plus the pods earlier DaemonSets in the command create
// there (in argument order), and node readiness.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <tbb/global_control.h>

#include "engine/cli/commands.hpp"
#include "engine/cli/format.hpp"
#include "engine/cli/nodes_source.hpp"
#include "engine/cli/report_error.hpp"
#include "engine/controller/admission.hpp"
#include "engine/controller/fleet.hpp"
#include "engine/controller/revision.hpp"
#include "engine/io/json_writer.hpp"
#include "engine/io/read.hpp"
#include "engine/model/time.hpp"

namespace dsb::cli {
namespace {

using clock_type = std::chrono::steady_clock;

struct reconcile_options {
  std::string nodes;
  std::vector<std::string> daemonsets;
  std::string pods;
  std::string now;
  std::string variant = "column_bitmap";
  std::string controller = "column";
  std::uint32_t burst = 250;
  int threads = 0;
  std::string format = "text";
  bool lenient = false;
};

struct pending_pod {
  std::string node;
  std::vector<std::string> reasons;
};

struct reconciled {
  const daemonset* ds = nullptr;
  ctl::sync_outcome outcome;
  std::vector<std::string> created_on;  ///< node names
  std::vector<std::string> deleted;     ///< pod names
  std::vector<pending_pod> pending;
  std::size_t claimed = 0;
  std::vector<std::string> released;
  std::vector<std::string> adopted;
};

std::string_view kind_text(ctl::sync_kind kind) {
  switch (kind) {
    case ctl::sync_kind::reconciled: return "reconciled";
    case ctl::sync_kind::selects_all: return "selector selects all pods: refused (SelectingAll)";
    case ctl::sync_kind::being_deleted: return "being deleted: left alone";
    case ctl::sync_kind::awaiting_expectations: return "awaiting expectations: status only";
  }
  return "?";
}

// Pods bound to each node that still hold resources (not Succeeded or Failed), by node id.
std::map<node_id, std::vector<const pod*>> bound_pods(const cluster& c, const std::vector<pod>& pods) {
  std::map<node_id, std::vector<const pod*>> out;
  for (const pod& p : pods) {
    if (p.spec.node_name.empty() || p.status.phase == pod_phase::succeeded || p.status.phase == pod_phase::failed) continue;
    if (const auto node = c.find_node(p.spec.node_name)) out[*node].push_back(&p);
  }
  return out;
}

void write_status(io::json_writer& w, const daemonset_status& status) {
  w.key("status").begin_object();
  w.field("desiredNumberScheduled", static_cast<std::int64_t>(status.desired_number_scheduled));
  w.field("currentNumberScheduled", static_cast<std::int64_t>(status.current_number_scheduled));
  w.field("numberMisscheduled", static_cast<std::int64_t>(status.number_misscheduled));
  w.field("numberReady", static_cast<std::int64_t>(status.number_ready));
  w.field("numberAvailable", static_cast<std::int64_t>(status.number_available));
  w.field("numberUnavailable", static_cast<std::int64_t>(status.number_unavailable));
  w.field("updatedNumberScheduled", static_cast<std::int64_t>(status.updated_number_scheduled));
  w.field("observedGeneration", status.observed_generation);
  w.end_object();
}

void write_json(const std::vector<reconciled>& results, const cluster& c, const reconcile_options& opts, unix_seconds now,
                const std::map<std::string, double>& seconds) {
  std::string out;
  io::json_writer w(out, 2);
  w.begin_object();
  w.field("nodes", static_cast<std::uint64_t>(c.nodes.live_count()));
  w.field("now", format_rfc3339(now));
  w.field("variant", opts.variant).field("controller", opts.controller);
  w.key("daemonsets").begin_array();
  for (const reconciled& item : results) {
    const ctl::sync_plan& plan = item.outcome.plan;
    w.begin_object();
    w.field("daemonset", item.ds->metadata.qualified_name());
    w.field("revision", item.outcome.hash);
    w.field("sync", std::string(kind_text(item.outcome.kind)));
    write_status(w, item.outcome.status);
    w.key("create").begin_array();
    for (const std::string& node : item.created_on) w.value(node);
    w.end_array();
    w.key("delete").begin_array();
    for (const std::string& name : item.deleted) w.value(name);
    w.end_array();
    w.field("createsWanted", static_cast<std::uint64_t>(plan.creates_wanted)).field("deletesWanted", static_cast<std::uint64_t>(plan.deletes_wanted));
    w.key("createBatches").begin_array();
    for (std::uint32_t batch : plan.create_batches) w.value(static_cast<std::uint64_t>(batch));
    w.end_array();
    w.key("pending").begin_array();
    for (const pending_pod& p : item.pending) {
      w.begin_object().field("node", p.node).key("reasons").begin_array();
      for (const std::string& reason : p.reasons) w.value(reason);
      w.end_array().end_object();
    }
    w.end_array();
    w.field("claimedPods", static_cast<std::uint64_t>(item.claimed));
    w.key("released").begin_array();
    for (const std::string& name : item.released) w.value(name);
    w.end_array();
    w.key("adopted").begin_array();
    for (const std::string& name : item.adopted) w.value(name);
    w.end_array();
    if (plan.requeue_after) w.field("requeueAfterSeconds", static_cast<double>(*plan.requeue_after) / 1e9);
    w.end_object();
  }
  w.end_array();
  w.key("seconds").begin_object();
  for (const auto& [stage, value] : seconds) w.field(stage, value);
  w.end_object();
  w.end_object();
  out += '\n';
  std::fwrite(out.data(), 1, out.size(), stdout);
}

std::string list_some(const std::vector<std::string>& names, std::size_t shown) {
  std::string text;
  for (std::size_t idx = 0; idx < names.size() && idx < shown; ++idx) text += (idx == 0 ? "" : ", ") + names[idx];
  if (names.size() > shown) text += ", ... (" + with_commas(static_cast<std::int64_t>(names.size() - shown)) + " more)";
  return text;
}

void print_text(const std::vector<reconciled>& results, const cluster& c, const reconcile_options& opts, unix_seconds now, double total) {
  std::printf("cluster %s: %s nodes; now %s; variant %s, controller %s; %s\n", opts.nodes.c_str(),
              with_commas(static_cast<std::int64_t>(c.nodes.live_count())).c_str(), format_rfc3339(now).c_str(), opts.variant.c_str(),
              opts.controller.c_str(), human_seconds(total).c_str());
  for (const reconciled& item : results) {
    const daemonset_status& s = item.outcome.status;
    const ctl::sync_plan& plan = item.outcome.plan;
    std::printf("DaemonSet %s  revision %s  (%s)\n", item.ds->metadata.qualified_name().c_str(), item.outcome.hash.c_str(),
                std::string(kind_text(item.outcome.kind)).c_str());
    std::printf("  status: desired %s, current %s, misscheduled %s, ready %s, available %s, unavailable %s, updated %s\n",
                with_commas(s.desired_number_scheduled).c_str(), with_commas(s.current_number_scheduled).c_str(), with_commas(s.number_misscheduled).c_str(),
                with_commas(s.number_ready).c_str(), with_commas(s.number_available).c_str(), with_commas(s.number_unavailable).c_str(),
                with_commas(s.updated_number_scheduled).c_str());
    std::printf("  pods: %s claimed", with_commas(static_cast<std::int64_t>(item.claimed)).c_str());
    if (!item.adopted.empty()) std::printf(", %zu adopted", item.adopted.size());
    if (!item.released.empty()) std::printf(", %zu released", item.released.size());
    std::printf("\n");
    std::printf("  plan: create %s", with_commas(static_cast<std::int64_t>(plan.creates.size())).c_str());
    if (plan.creates_wanted > plan.creates.size()) std::printf(" of %s wanted (burst limit %u)", with_commas(static_cast<std::int64_t>(plan.creates_wanted)).c_str(), opts.burst);
    std::printf(", delete %s", with_commas(static_cast<std::int64_t>(plan.deletes.size())).c_str());
    if (plan.deletes_wanted > plan.deletes.size()) std::printf(" of %s wanted", with_commas(static_cast<std::int64_t>(plan.deletes_wanted)).c_str());
    if (!plan.create_batches.empty()) std::printf("; slow-start batches %s", std::to_string(plan.create_batches.size()).c_str());
    if (plan.requeue_after) std::printf("; requeue after %s", human_seconds(static_cast<double>(*plan.requeue_after) / 1e9).c_str());
    std::printf("\n");
    if (!item.created_on.empty()) std::printf("    create on: %s\n", list_some(item.created_on, 4).c_str());
    if (!item.deleted.empty()) std::printf("    delete:    %s\n", list_some(item.deleted, 4).c_str());
    if (!item.pending.empty()) {
      std::map<std::string, std::size_t> by_reason;
      for (const pending_pod& p : item.pending) {
        for (const std::string& reason : p.reasons) ++by_reason[reason];
      }
      std::vector<std::pair<std::size_t, std::string>> sorted;
      for (const auto& [reason, count] : by_reason) sorted.emplace_back(count, reason);
      std::stable_sort(sorted.begin(), sorted.end(), [](const auto& lhs, const auto& rhs) { return lhs.first > rhs.first; });
      std::printf("  would stay Pending: %s of the created pods (a pod can have several reasons)\n",
                  with_commas(static_cast<std::int64_t>(item.pending.size())).c_str());
      for (const auto& [count, reason] : sorted) std::printf("    %9s  %s\n", with_commas(static_cast<std::int64_t>(count)).c_str(), reason.c_str());
    }
  }
}

}  // namespace

runner add_reconcile(CLI::App& app) {
  auto opts = std::make_shared<reconcile_options>();
  CLI::App* cmd = app.add_subcommand("reconcile", "One DaemonSet controller sync per DaemonSet: status, creates, deletes, Pending reasons");
  cmd->add_option("--nodes", opts->nodes, "Nodes file (kubectl get nodes -o json|yaml) or gen:N[:PROFILE[:SEED]]")->required();
  cmd->add_option("--daemonset", opts->daemonsets, "DaemonSet manifest (JSON or YAML, several documents allowed); repeatable")->required();
  cmd->add_option("--pods", opts->pods, "PodList of existing pods (kubectl get pods -A -o json|yaml)");
  cmd->add_option("--now", opts->now, "The controller's clock, RFC 3339 (default: the current time)");
  std::string variant_names;
  for (const pred::variant& entry : pred::variants()) variant_names += (variant_names.empty() ? "" : ", ") + std::string(entry.name);
  cmd->add_option("--variant", opts->variant, "Placement variant: " + variant_names)->capture_default_str();
  cmd->add_option("--controller", opts->controller, "Controller variant: column (set algebra) or reference (per node)")
      ->check(CLI::IsMember({"column", "reference"}))
      ->capture_default_str();
  cmd->add_option("--burst", opts->burst, "BurstReplicas: creates and deletes per sync")->capture_default_str()->check(CLI::Range(1U, 1'000'000U));
  cmd->add_option("--threads", opts->threads, "Worker threads (0 = all cores)")->capture_default_str()->check(CLI::Range(0, 1024));
  cmd->add_option("--format", opts->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  cmd->add_flag("--lenient", opts->lenient, "Accept objects that API validation would reject (runtime rules decide)");
  return [opts]() {
    if (pred::find_variant(opts->variant) == nullptr) {
      return report(error{error_code::usage, {}, {}, "--variant", {}, "unknown variant \"" + opts->variant + "\" (see dsbench variants)"});
    }
    unix_seconds now = static_cast<unix_seconds>(std::time(nullptr));
    if (!opts->now.empty()) {
      const auto parsed = parse_rfc3339(opts->now);
      if (!parsed) return report(error{error_code::usage, {}, {}, "--now", {}, "\"" + opts->now + "\" is not an RFC 3339 time (2026-01-02T15:04:05Z)"});
      now = *parsed;
    }
    std::unique_ptr<tbb::global_control> limit;
    if (opts->threads > 0) limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(opts->threads));
    const io::validation mode = opts->lenient ? io::validation::lenient : io::validation::strict;
    const auto total_start = clock_type::now();
    std::map<std::string, double> seconds;

    result<loaded_cluster> loaded = load_nodes(opts->nodes, mode);
    if (!loaded) return report(loaded.err());
    cluster& c = loaded->nodes;
    seconds["readNodes"] = loaded->seconds;
    auto start = clock_type::now();
    std::vector<daemonset> daemonsets;
    for (const std::string& path : opts->daemonsets) {
      result<std::vector<daemonset>> read = io::read_daemonsets_file(path, io::read_options{mode, io::input_format::automatic});
      if (!read) return report(read.err());
      for (daemonset& ds : *read) daemonsets.push_back(std::move(ds));
    }
    seconds["readDaemonSets"] = since(start);
    std::vector<pod> pods;
    if (!opts->pods.empty()) {
      start = clock_type::now();
      result<std::vector<pod>> read = io::read_pods_file(opts->pods, io::read_options{mode, io::input_format::automatic});
      if (!read) return report(read.err());
      pods = std::move(*read);
      seconds["readPods"] = since(start);
    }

    start = clock_type::now();
    std::vector<reconciled> results(daemonsets.size());
    std::vector<ctl::daemon_pods> tables;
    for (std::size_t idx = 0; idx < daemonsets.size(); ++idx) {
      ctl::claim_result claimed = ctl::claim_daemon_pods(daemonsets[idx], pods, c);
      results[idx].claimed = claimed.pods.size();
      results[idx].released = std::move(claimed.released);
      results[idx].adopted = std::move(claimed.adopted);
      tables.push_back(std::move(claimed.pods));
    }
    seconds["claim"] = since(start);

    start = clock_type::now();
    ctl::fleet_options fleet_opts;
    fleet_opts.placement_variant = opts->variant;
    fleet_opts.controller = opts->controller == "reference" ? ctl::controller_variant::reference : ctl::controller_variant::column;
    fleet_opts.now = now * ctl::NANOS_PER_SECOND;
    ctl::fleet fleet(c, daemonsets, std::move(tables), fleet_opts);
    seconds["place"] = since(start);

    start = clock_type::now();
    ctl::sync_options sync_opts;
    sync_opts.now = fleet_opts.now;
    sync_opts.burst_replicas = opts->burst;
    sync_opts.variant = fleet_opts.controller;
    for (std::size_t idx = 0; idx < daemonsets.size(); ++idx) {
      reconciled& item = results[idx];
      item.ds = &fleet.daemonset_at(idx);
      item.outcome = fleet.sync(idx, sync_opts);
      for (node_id node : item.outcome.plan.creates) item.created_on.emplace_back(c.name(node));
      for (std::uint32_t row : item.outcome.plan.deletes) item.deleted.emplace_back(fleet.pods(idx).names[row]);
    }
    seconds["sync"] = since(start);

    // Admission of the created pods, DaemonSets in argument order on shared node usage.
    start = clock_type::now();
    const auto bound = bound_pods(c, pods);
    std::map<node_id, ctl::node_usage> usage;
    for (std::size_t idx = 0; idx < daemonsets.size(); ++idx) {
      reconciled& item = results[idx];
      const std::optional<std::int64_t> generation = ctl::template_generation(*item.ds);
      for (node_id node : item.outcome.plan.creates) {
        auto [slot, fresh] = usage.try_emplace(node);
        if (fresh) {
          if (const auto found = bound.find(node); found != bound.end()) {
            for (const pod* p : found->second) slot->second.add(p->spec);
          }
        }
        const pod created = ctl::create_daemon_pod(*item.ds, item.outcome.hash, generation, c.name(node));
        std::vector<std::string> reasons = ctl::pending_reasons(created.spec, c, node, slot->second);
        if (!reasons.empty()) item.pending.push_back(pending_pod{std::string(c.name(node)), std::move(reasons)});
        slot->second.add(created.spec);  // the next DaemonSet's pod sees this one
      }
    }
    seconds["admission"] = since(start);
    seconds["total"] = since(total_start);

    if (opts->format == "json") {
      write_json(results, c, *opts, now, seconds);
    } else {
      print_text(results, c, *opts, now, seconds["total"]);
    }
    return EXIT_OK;
  };
}

}  // namespace dsb::cli
