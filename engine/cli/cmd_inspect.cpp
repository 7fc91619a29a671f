// dsbench inspect NODES [--format text|json] [--keys N] [--lenient]
#include <cinttypes>
#include <cstdio>
#include <memory>
#include <string>

#include "engine/cli/commands.hpp"
#include "engine/cli/format.hpp"
#include "engine/cli/nodes_source.hpp"
#include "engine/cli/report_error.hpp"
#include "engine/io/json_writer.hpp"
#include "engine/model/cluster_summary.hpp"
#include "engine/model/quantity.hpp"
#include "engine/version.hpp"

namespace dsb::cli {
namespace {

void print_text(const loaded_cluster& loaded, const cluster_summary& summary, std::size_t max_keys) {
  const double nodes = summary.nodes == 0 ? 1.0 : static_cast<double>(summary.nodes);
  std::printf("cluster %s: %s nodes", loaded.source.c_str(), with_commas(static_cast<std::int64_t>(summary.nodes)).c_str());
  if (loaded.input_bytes > 0) {
    std::printf(", read %s in %s (%.0f MB/s, %s nodes/s)\n", human_bytes(static_cast<double>(loaded.input_bytes)).c_str(),
                human_seconds(loaded.seconds).c_str(), static_cast<double>(loaded.input_bytes) / 1e6 / loaded.seconds,
                with_commas(static_cast<std::int64_t>(nodes / loaded.seconds)).c_str());
  } else {
    std::printf(", generated in %s\n", human_seconds(loaded.seconds).c_str());
  }
  std::printf("model memory: %s (%.0f B/node) + string pool %s\n\n", human_bytes(static_cast<double>(summary.memory.model())).c_str(),
              static_cast<double>(summary.memory.model()) / nodes, human_bytes(static_cast<double>(summary.memory.strings)).c_str());

  std::printf("conditions        %10s %10s %10s %10s\n", "True", "False", "Unknown", "absent");
  for (std::size_t cond = 0; cond < NODE_CONDITION_COUNT; ++cond) {
    const auto& counts = summary.conditions[cond];
    std::printf("  %-16s%10s %10s %10s %10s\n", std::string(to_string(static_cast<node_condition>(cond))).c_str(),
                with_commas(static_cast<std::int64_t>(counts[1])).c_str(), with_commas(static_cast<std::int64_t>(counts[2])).c_str(),
                with_commas(static_cast<std::int64_t>(counts[3])).c_str(), with_commas(static_cast<std::int64_t>(counts[0])).c_str());
  }
  std::printf("  cordoned (spec.unschedulable): %s\n\n", with_commas(static_cast<std::int64_t>(summary.unschedulable)).c_str());

  std::printf("labels: %zu keys, %s distinct values, %.1f per node (min %zu, max %zu)\n", summary.keys.size(),
              with_commas(static_cast<std::int64_t>(summary.label_values)).c_str(), static_cast<double>(summary.label_occurrences) / nodes,
              summary.min_labels_per_node, summary.max_labels_per_node);
  std::printf("  %-58s %9s %8s  %s\n", "KEY", "NODES", "VALUES", "MOST COMMON");
  std::size_t shown = 0;
  for (const label_key_summary& key : summary.keys) {
    if (shown++ == max_keys) {
      std::printf("  ... %zu more keys (--keys 0 shows all)\n", summary.keys.size() - max_keys);
      break;
    }
    std::string top;
    if (key.values == key.nodes && key.values > 3) {
      top = "(unique per node)";
    } else {
      for (const auto& [value, count] : key.top_values) {
        if (!top.empty()) top += ", ";
        top += (value.empty() ? std::string("\"\"") : std::string(value)) + " " + with_commas(static_cast<std::int64_t>(count));
      }
    }
    std::printf("  %-58s %9s %8s  %s\n", std::string(key.key).c_str(), with_commas(static_cast<std::int64_t>(key.nodes)).c_str(),
                with_commas(static_cast<std::int64_t>(key.values)).c_str(), top.c_str());
  }
  std::printf("\ntaints: %zu distinct\n", summary.taints.size());
  std::size_t taints_shown = 0;
  for (const taint_summary& taint : summary.taints) {
    if (taints_shown++ == max_keys) {
      std::printf("  ... %zu more taints (--keys 0 shows all)\n", summary.taints.size() - max_keys);
      break;
    }
    std::string text(taint.key);
    if (!taint.value.empty()) text += "=" + std::string(taint.value);
    text += ":" + std::string(to_string(taint.effect));
    std::printf("  %-70s %9s\n", text.c_str(), with_commas(static_cast<std::int64_t>(taint.nodes)).c_str());
  }
  const node_resources& total = summary.allocatable_total;
  std::printf("\nallocatable (sum): cpu %s cores, memory %s, pods %s, ephemeral-storage %s", with_commas(total.cpu_milli / 1000).c_str(),
              human_bytes(static_cast<double>(total.memory_bytes)).c_str(), with_commas(total.pods).c_str(),
              human_bytes(static_cast<double>(total.ephemeral_storage_bytes)).c_str());
  for (const auto& [name, amount] : summary.extended_total) std::printf(", %s %s", std::string(name).c_str(), with_commas(amount).c_str());
  std::printf("\n");
}

void print_json(const loaded_cluster& loaded, const cluster& c, const cluster_summary& summary) {
  std::string out;
  io::json_writer w(out, 2);
  w.begin_object();
  w.field("source", loaded.source);
  w.field("version", VERSION).field("gitCommit", GIT_COMMIT);
  char digest[24];
  std::snprintf(digest, sizeof(digest), "%016" PRIx64, cluster_digest(c));
  w.field("clusterDigest", std::string_view(digest));
  w.field("nodes", static_cast<std::uint64_t>(summary.nodes));
  w.field("unschedulable", static_cast<std::uint64_t>(summary.unschedulable));
  w.key("conditions").begin_object();
  for (std::size_t cond = 0; cond < NODE_CONDITION_COUNT; ++cond) {
    w.key(to_string(static_cast<node_condition>(cond))).begin_object();
    for (std::size_t status = 0; status < 4; ++status) {
      w.field(to_string(static_cast<condition_status>(status)), static_cast<std::uint64_t>(summary.conditions[cond][status]));
    }
    w.end_object();
  }
  w.end_object();
  w.key("labelKeys").begin_array();
  for (const label_key_summary& key : summary.keys) {
    w.begin_object().field("key", key.key).field("nodes", static_cast<std::uint64_t>(key.nodes)).field("values", static_cast<std::uint64_t>(key.values));
    w.key("top").begin_array();
    for (const auto& [value, count] : key.top_values) w.begin_object().field("value", value).field("nodes", static_cast<std::uint64_t>(count)).end_object();
    w.end_array().end_object();
  }
  w.end_array();
  w.key("taints").begin_array();
  for (const taint_summary& taint : summary.taints) {
    w.begin_object().field("key", taint.key).field("value", taint.value).field("effect", to_string(taint.effect));
    w.field("nodes", static_cast<std::uint64_t>(taint.nodes)).end_object();
  }
  w.end_array();
  w.key("allocatable").begin_object();
  w.field("cpuMillicores", summary.allocatable_total.cpu_milli).field("memoryBytes", summary.allocatable_total.memory_bytes);
  w.field("pods", summary.allocatable_total.pods).field("ephemeralStorageBytes", summary.allocatable_total.ephemeral_storage_bytes);
  for (const auto& [name, amount] : summary.extended_total) w.field(name, amount);
  w.end_object();
  w.key("memoryBytes").begin_object();
  w.field("model", static_cast<std::uint64_t>(summary.memory.model())).field("strings", static_cast<std::uint64_t>(summary.memory.strings));
  w.field("nodeColumns", static_cast<std::uint64_t>(summary.memory.node_columns)).field("labelIndex", static_cast<std::uint64_t>(summary.memory.label_index));
  w.field("taintIndex", static_cast<std::uint64_t>(summary.memory.taint_index)).field("nameIndex", static_cast<std::uint64_t>(summary.memory.name_index));
  w.end_object();
  w.key("seconds").begin_object().field(loaded.input_bytes > 0 ? "read" : "generate", loaded.seconds).end_object();
  w.field("inputBytes", static_cast<std::uint64_t>(loaded.input_bytes));
  w.end_object();
  out += '\n';
  std::fwrite(out.data(), 1, out.size(), stdout);
}

}  // namespace

runner add_inspect(CLI::App& app) {
  struct options {
    std::string nodes;
    std::string format = "text";
    std::size_t max_keys = 40;
    bool lenient = false;
  };
  auto opts = std::make_shared<options>();
  CLI::App* cmd = app.add_subcommand("inspect", "Summarise a cluster: keys and cardinalities, taints, conditions, allocatable, model memory");
  cmd->add_option("NODES", opts->nodes, "Nodes file (kubectl get nodes -o json|yaml, Node, List) or gen:N[:PROFILE[:SEED]]")->required();
  cmd->add_option("--format", opts->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  cmd->add_option("--keys", opts->max_keys, "Label keys to list in text output (0 = all)")->capture_default_str();
  cmd->add_flag("--lenient", opts->lenient, "Accept objects that API validation would reject (runtime rules decide)");
  return [opts]() {
    result<loaded_cluster> loaded = load_nodes(opts->nodes, opts->lenient ? io::validation::lenient : io::validation::strict);
    if (!loaded) return report(loaded.err());
    const cluster_summary summary = summarize(loaded->nodes);
    if (opts->format == "json") {
      print_json(*loaded, loaded->nodes, summary);
    } else {
      print_text(*loaded, summary, opts->max_keys == 0 ? SIZE_MAX : opts->max_keys);
    }
    return EXIT_OK;
  };
}

}  // namespace dsb::cli
