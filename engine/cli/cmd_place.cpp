// dsbench place --nodes NODES --daemonset DS... [--variant V] [--threads T] [--explain NODE]...
//               [--counts-only] [--format text|json] [--lenient]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <tbb/global_control.h>

#include "engine/cli/commands.hpp"
#include "engine/cli/format.hpp"
#include "engine/cli/nodes_source.hpp"
#include "engine/cli/report_error.hpp"
#include "engine/io/json_writer.hpp"
#include "engine/io/read.hpp"
#include "engine/predicates/explain.hpp"
#include "engine/predicates/variants.hpp"

namespace dsb::cli {
namespace {

using clock_type = std::chrono::steady_clock;

struct place_options {
  std::string nodes;
  std::vector<std::string> daemonsets;
  std::string variant = "column_bitmap";
  int threads = 0;
  std::vector<std::string> explain;
  bool counts_only = false;
  std::string format = "text";
  bool lenient = false;
};

struct placed {
  pred::compiled_daemonset compiled;
  pred::placement result;
  std::vector<pred::node_explanation> explanations;
  double compile_seconds = 0;
  double evaluate_seconds = 0;
  double explain_seconds = 0;
};

std::vector<std::string_view> sorted_names(const cluster& c, const node_set& set) {
  std::vector<std::string_view> names;
  names.reserve(set.count());
  set.for_each([&](node_id node) { names.push_back(c.name(node)); });
  std::sort(names.begin(), names.end());
  return names;
}

void write_explanation(io::json_writer& w, const pred::node_explanation& ex) {
  w.begin_object();
  w.field("node", ex.node).field("should_run", ex.should_run).field("should_continue_running", ex.should_continue_running);
  w.key("reasons").begin_array();
  for (const std::string& reason : ex.reasons) w.value(reason);
  w.end_array();
  w.key("checks").begin_object();
  w.field("nodeName", ex.node_name_ok);
  w.key("nodeSelector").begin_array();
  for (const auto& check : ex.selector) {
    w.begin_object().field("key", check.key).field("want", check.want);
    w.key("actual");
    check.actual ? w.value(*check.actual) : w.null();
    w.field("ok", check.ok).end_object();
  }
  w.end_array();
  w.key("nodeAffinity");
  if (!ex.has_affinity) {
    w.null();
  } else {
    w.begin_object().field("ok", ex.affinity_ok).key("terms").begin_array();
    for (const auto& term : ex.terms) {
      w.begin_object().field("index", static_cast<std::uint64_t>(term.index)).field("matched", term.matched);
      if (term.parse_error) w.field("parseError", term.error);
      w.key("expressions").begin_array();
      for (const auto& check : term.checks) w.begin_object().field("expression", check.text).field("node", check.actual).field("ok", check.ok).end_object();
      w.end_array().end_object();
    }
    w.end_array().end_object();
  }
  w.key("taints").begin_array();
  for (const auto& taint : ex.taints) {
    w.begin_object().field("key", taint.key).field("value", taint.value).field("effect", to_string(taint.effect));
    w.field("considered", taint.considered).field("tolerated", taint.tolerated);
    if (taint.tolerated) w.field("toleratedBy", taint.tolerated_by);
    w.end_object();
  }
  w.end_array();
  w.key("preferredTerms").begin_array();
  for (const auto& term : ex.preferred) {
    w.begin_object().field("weight", term.weight).field("terms", term.text).field("matches", term.matched);
    if (term.parse_error) w.field("parseError", true);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.end_object();
}

void write_json_placement(io::json_writer& w, const cluster& c, const placed& item, const place_options& opts) {
  const pred::placement& result = item.result;
  w.begin_object();
  w.field("daemonset", item.compiled.name);
  w.field("variant", opts.variant);
  w.field("nodes", static_cast<std::uint64_t>(c.node_count()));
  w.field("desired", static_cast<std::uint64_t>(result.should_run.count()));
  w.field("continue", static_cast<std::uint64_t>(result.should_continue_running.count()));
  if (!opts.counts_only) {
    w.key("should_run").begin_array();
    for (std::string_view name : sorted_names(c, result.should_run)) w.value(name);
    w.end_array();
    w.key("should_continue_running").begin_array();
    for (std::string_view name : sorted_names(c, result.should_continue_running)) w.value(name);
    w.end_array();
  }
  w.key("excluded").begin_object();
  for (const pred::exclusion& reason : result.reasons) {
    const std::size_t count = reason.nodes.count();
    if (count > 0) w.field(pred::describe(reason, item.compiled, c), static_cast<std::uint64_t>(count));
  }
  w.end_object();
  if (!item.explanations.empty()) {
    w.key("explain").begin_array();
    for (const auto& ex : item.explanations) write_explanation(w, ex);
    w.end_array();
  }
  w.key("seconds").begin_object().field("compile", item.compile_seconds).field("evaluate", item.evaluate_seconds);
  if (!item.explanations.empty()) w.field("explain", item.explain_seconds);
  w.end_object();
  w.end_object();
}

void print_text_placement(const cluster& c, const placed& item, const place_options& opts) {
  const pred::placement& result = item.result;
  const std::size_t desired = result.should_run.count();
  const std::size_t keep = result.should_continue_running.count();
  std::printf("DaemonSet %s: should run on %s of %s nodes", item.compiled.name.c_str(), with_commas(static_cast<std::int64_t>(desired)).c_str(),
              with_commas(static_cast<std::int64_t>(c.node_count())).c_str());
  if (keep > desired) std::printf("; %s more may keep an existing pod (only NoSchedule taints untolerated)", with_commas(static_cast<std::int64_t>(keep - desired)).c_str());
  std::printf("\n  (variant %s: compile %s, evaluate %s)\n", opts.variant.c_str(), human_seconds(item.compile_seconds).c_str(),
              human_seconds(item.evaluate_seconds).c_str());
  // Most common reasons first; the text output lists a screenful, JSON lists all.
  constexpr std::size_t SHOWN_REASONS = 12;
  std::vector<std::pair<std::size_t, const pred::exclusion*>> counted;
  for (const pred::exclusion& reason : result.reasons) {
    if (const std::size_t count = reason.nodes.count(); count > 0) counted.emplace_back(count, &reason);
  }
  std::stable_sort(counted.begin(), counted.end(), [](const auto& lhs, const auto& rhs) { return lhs.first > rhs.first; });
  const bool any = !counted.empty();
  if (any) std::printf("  excluded, by reason (a node can have several):\n");
  for (std::size_t idx = 0; idx < counted.size() && idx < SHOWN_REASONS; ++idx) {
    const auto& [count, reason] = counted[idx];
    std::string examples;
    std::size_t shown = 0;
    reason->nodes.for_each([&](node_id node) {
      if (shown++ < 2) examples += (examples.empty() ? "" : ", ") + std::string(c.name(node));
    });
    if (count > 2) examples += ", ...";
    std::printf("    %9s  %-58s e.g. %s\n", with_commas(static_cast<std::int64_t>(count)).c_str(), pred::describe(*reason, item.compiled, c).c_str(), examples.c_str());
  }
  if (counted.size() > SHOWN_REASONS) {
    std::size_t rest = 0;
    for (std::size_t idx = SHOWN_REASONS; idx < counted.size(); ++idx) rest += counted[idx].first;
    std::printf("    %9s  ... %zu more reasons (--format json lists them all)\n", with_commas(static_cast<std::int64_t>(rest)).c_str(), counted.size() - SHOWN_REASONS);
  }
  if (!any) std::printf("  no node is excluded\n");
  for (const pred::node_explanation& ex : item.explanations) {
    std::printf("  node %s: %s\n", ex.node.c_str(),
                ex.should_run ? "should run the pod" : ex.should_continue_running ? "no new pod, but an existing one may stay" : "must not run the pod");
    if (!ex.node_name_ok) std::printf("    [fail] spec.nodeName is %s\n", item.compiled.node_name.c_str());
    for (const auto& check : ex.selector) {
      std::printf("    [%s] nodeSelector %s=\"%s\" (node: %s)\n", check.ok ? " ok " : "fail", check.key.c_str(), check.want.c_str(),
                  check.actual ? ("\"" + *check.actual + "\"").c_str() : "absent");
    }
    if (ex.has_affinity) {
      std::printf("    [%s] required node affinity (%zu term(s), ORed)\n", ex.affinity_ok ? " ok " : "fail", ex.terms.size());
      for (const auto& term : ex.terms) {
        std::printf("      term %zu: %s%s\n", term.index, term.matched ? "matches" : "fails", term.parse_error ? (" (parse error: " + term.error + ")").c_str() : "");
        for (const auto& check : term.checks) std::printf("        [%s] %s  (node: %s)\n", check.ok ? " ok " : "fail", check.text.c_str(), check.actual.c_str());
      }
    }
    for (const auto& taint : ex.taints) {
      const std::string text = taint.key + (taint.value.empty() ? "" : "=" + taint.value) + ":" + std::string(to_string(taint.effect));
      if (!taint.considered) std::printf("    [ -- ] taint %s ignored by the controller\n", text.c_str());
      else if (taint.tolerated) std::printf("    [ ok ] taint %s tolerated by %s\n", text.c_str(), taint.tolerated_by.c_str());
      else std::printf("    [fail] taint %s not tolerated\n", text.c_str());
    }
    for (const auto& term : ex.preferred) {
      std::printf("    [pref] weight %d %s: %s (scoring only; never decides placement)\n", term.weight, term.text.c_str(),
                  term.matched ? "matches" : "does not match");
    }
  }
}

}  // namespace

runner add_place(CLI::App& app) {
  auto opts = std::make_shared<place_options>();
  CLI::App* cmd = app.add_subcommand("place", "Where must each DaemonSet run, where may it stay, and why not elsewhere");
  cmd->add_option("--nodes", opts->nodes, "Nodes file (kubectl get nodes -o json|yaml) or gen:N[:PROFILE[:SEED]]")->required();
  cmd->add_option("--daemonset", opts->daemonsets, "DaemonSet manifest (JSON or YAML, several documents allowed); repeatable")->required();
  std::string variant_names;
  for (const pred::variant& entry : pred::variants()) variant_names += (variant_names.empty() ? "" : ", ") + std::string(entry.name);
  cmd->add_option("--variant", opts->variant, "Placement variant: " + variant_names)->capture_default_str();
  cmd->add_option("--threads", opts->threads, "Worker threads (0 = all cores)")->capture_default_str()->check(CLI::Range(0, 1024));
  cmd->add_option("--explain", opts->explain, "Explain this node, check by check; repeatable");
  cmd->add_flag("--counts-only", opts->counts_only, "Leave the node name lists out of JSON output");
  cmd->add_option("--format", opts->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  cmd->add_flag("--lenient", opts->lenient, "Accept objects that API validation would reject (runtime rules decide)");
  return [opts]() {
    const pred::variant* chosen = pred::find_variant(opts->variant);
    if (chosen == nullptr) return report(error{error_code::usage, {}, {}, "--variant", {}, "unknown variant \"" + opts->variant + "\" (see dsbench variants)"});
    std::unique_ptr<tbb::global_control> limit;
    if (opts->threads > 0) limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(opts->threads));
    const io::validation mode = opts->lenient ? io::validation::lenient : io::validation::strict;
    const auto total_start = clock_type::now();

    result<loaded_cluster> loaded = load_nodes(opts->nodes, mode);
    if (!loaded) return report(loaded.err());
    const cluster& c = loaded->nodes;
    auto start = clock_type::now();
    std::vector<daemonset> daemonsets;
    for (const std::string& path : opts->daemonsets) {
      result<std::vector<daemonset>> read = io::read_daemonsets_file(path, io::read_options{mode, io::input_format::automatic});
      if (!read) return report(read.err());
      for (daemonset& ds : *read) daemonsets.push_back(std::move(ds));
    }
    const double read_daemonsets_seconds = since(start);
    for (const std::string& name : opts->explain) {
      if (!c.find_node(name)) return report(error{error_code::usage, opts->nodes, {}, "--explain", {}, "no node named \"" + name + "\""});
    }

    const pred::evaluation_context ctx(c);
    std::vector<placed> results;
    for (const daemonset& ds : daemonsets) {
      placed item;
      start = clock_type::now();
      item.compiled = pred::compile(ds, c);
      item.compile_seconds = since(start);
      start = clock_type::now();
      item.result = chosen->evaluate(item.compiled, ctx);
      item.evaluate_seconds = since(start);
      start = clock_type::now();
      for (const std::string& name : opts->explain) item.explanations.push_back(*pred::explain(item.compiled, c, name));
      item.explain_seconds = since(start);
      results.push_back(std::move(item));
    }

    if (opts->format == "json") {
      std::string out;
      io::json_writer w(out, 2);
      if (results.size() == 1) {
        write_json_placement(w, c, results.front(), *opts);
      } else {
        w.begin_object().key("placements").begin_array();
        for (const placed& item : results) write_json_placement(w, c, item, *opts);
        w.end_array();
        w.key("seconds").begin_object().field("readNodes", loaded->seconds).field("readDaemonSets", read_daemonsets_seconds);
        w.field("total", since(total_start)).end_object();
        w.end_object();
      }
      out += '\n';
      std::fwrite(out.data(), 1, out.size(), stdout);
      return EXIT_OK;
    }
    std::printf("cluster %s: %s nodes (%s %s)\n", opts->nodes.c_str(), with_commas(static_cast<std::int64_t>(c.node_count())).c_str(),
                loaded->input_bytes > 0 ? "read in" : "generated in", human_seconds(loaded->seconds).c_str());
    for (const placed& item : results) print_text_placement(c, item, *opts);
    return EXIT_OK;
  };
}

}  // namespace dsb::cli
