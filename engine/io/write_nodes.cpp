#include <array>
#include <cstdio>

#include "engine/io/json_writer.hpp"
#include "engine/io/write.hpp"
#include "engine/model/quantity.hpp"
#include "engine/model/time.hpp"

namespace dsb::io {
namespace {

constexpr unix_seconds CREATED = 1'735'689'600;    // 2025-01-01T00:00:00Z
constexpr unix_seconds HEARTBEAT = 1'767'225'600;  // 2026-01-01T00:00:00Z

std::uint64_t name_hash(std::string_view name) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : name) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string fake_uid(std::uint64_t hash) {
  char buffer[40];
  std::snprintf(buffer, sizeof(buffer), "%08x-%04x-4%03x-8%03x-%012llx", static_cast<unsigned>(hash >> 32),
                static_cast<unsigned>(hash >> 16) & 0xFFFFU, static_cast<unsigned>(hash) & 0xFFFU,
                static_cast<unsigned>(hash >> 40) & 0xFFFU, static_cast<unsigned long long>(hash * 0x9E3779B97F4A7C15ULL) & 0xFFFFFFFFFFFFULL);
  return buffer;
}

std::string cpu_text(std::int64_t milli) {
  return milli % 1000 == 0 ? std::to_string(milli / 1000) : std::to_string(milli) + "m";
}

std::string bytes_text(std::int64_t bytes) {
  return bytes % 1024 == 0 ? std::to_string(bytes / 1024) + "Ki" : std::to_string(bytes);
}

struct condition_text {
  std::string_view reason;
  std::string_view message;
};

// What the kubelet writes for each condition and status (kubelet_node_status.go).
condition_text describe(node_condition condition, condition_status status) {
  if (status == condition_status::unknown) return {"NodeStatusUnknown", "Kubelet stopped posting node status."};
  switch (condition) {
    case node_condition::ready:
      return status == condition_status::true_ ? condition_text{"KubeletReady", "kubelet is posting ready status"}
                                               : condition_text{"KubeletNotReady", "container runtime network not ready: NetworkReady=false"};
    case node_condition::memory_pressure:
      return status == condition_status::true_ ? condition_text{"KubeletHasInsufficientMemory", "kubelet has insufficient memory available"}
                                               : condition_text{"KubeletHasSufficientMemory", "kubelet has sufficient memory available"};
    case node_condition::disk_pressure:
      return status == condition_status::true_ ? condition_text{"KubeletHasDiskPressure", "kubelet has disk pressure"}
                                               : condition_text{"KubeletHasNoDiskPressure", "kubelet has no disk pressure"};
    case node_condition::pid_pressure:
      return status == condition_status::true_ ? condition_text{"KubeletHasInsufficientPID", "kubelet has insufficient PID available"}
                                               : condition_text{"KubeletHasSufficientPID", "kubelet has sufficient PID available"};
    case node_condition::network_unavailable:
      return status == condition_status::true_ ? condition_text{"NoRouteCreated", "Node created without a route"}
                                               : condition_text{"RouteCreated", "RouteController created a route"};
  }
  return {};
}

void write_node(json_writer& w, const cluster& c, node_id node) {
  const auto idx = to_index(node);
  const std::string_view name = c.name(node);
  const std::uint64_t hash = name_hash(name);
  const std::string created = format_rfc3339(CREATED + static_cast<unix_seconds>(hash % 20'000'000));
  const std::string heartbeat = format_rfc3339(HEARTBEAT);
  const node_resources alloc = c.nodes.allocatable(node);

  std::string_view os = "linux";
  std::string_view arch = "amd64";
  if (const auto key = c.find_label_key("kubernetes.io/os")) {
    if (const auto value = c.label_of(node, *key)) os = c.text(*value);
  }
  if (const auto key = c.find_label_key("kubernetes.io/arch")) {
    if (const auto value = c.label_of(node, *key)) arch = c.text(*value);
  }

  w.begin_object();
  w.field("apiVersion", "v1").field("kind", "Node");
  w.key("metadata").begin_object();
  w.key("annotations").begin_object();
  w.field("node.alpha.kubernetes.io/ttl", "0");
  w.field("volumes.kubernetes.io/controller-managed-attach-detach", "true");
  w.end_object();
  w.field("creationTimestamp", created);
  w.key("labels").begin_object();
  // Labels in key-text order, as the API server serialises a map.
  std::vector<std::pair<std::string_view, std::string_view>> labels;
  for (label_value_id value : c.nodes.labels.row(idx)) labels.emplace_back(c.text(c.labels.value(value).key), c.text(value));
  std::sort(labels.begin(), labels.end());
  for (const auto& [key, value] : labels) w.field(key, value);
  w.end_object();
  w.field("name", name);
  w.field("resourceVersion", std::to_string(1000 + hash % 9'000'000));
  w.field("uid", fake_uid(hash));
  w.end_object();

  w.key("spec").begin_object();
  w.field("podCIDR", "10." + std::to_string(64 + (hash >> 8) % 64) + "." + std::to_string(hash % 256) + ".0/24");
  w.field("providerID", "dsbench://" + std::string(name));
  const auto taints = c.nodes.taints.row(idx);
  if (!taints.empty()) {
    w.key("taints").begin_array();
    for (taint_id taint : taints) {
      const taint_def& def = c.taints.def(taint);
      w.begin_object();
      w.field("effect", to_string(def.effect));
      w.field("key", c.strings.view(def.key));
      if (def.effect == taint_effect::no_execute) w.field("timeAdded", heartbeat);
      if (!c.strings.view(def.value).empty()) w.field("value", c.strings.view(def.value));
      w.end_object();
    }
    w.end_array();
  }
  if (c.nodes.unschedulable.test(node)) w.field("unschedulable", true);
  w.end_object();

  w.key("status").begin_object();
  w.key("addresses").begin_array();
  w.begin_object().field("address", "10." + std::to_string(hash % 256) + "." + std::to_string((hash >> 8) % 256) + "." +
                                        std::to_string((hash >> 16) % 254 + 1)).field("type", "InternalIP").end_object();
  w.begin_object().field("address", name).field("type", "Hostname").end_object();
  w.end_array();
  auto write_resources = [&](std::string_view field, std::int64_t cpu, std::int64_t memory, std::int64_t storage) {
    w.key(field).begin_object();
    w.field("cpu", cpu_text(cpu));
    w.field("ephemeral-storage", bytes_text(storage));
    for (const extended_amount& amount : c.nodes.extended_allocatable.row(idx)) {
      w.field(c.strings.view(c.resource_names[to_index(amount.resource)]), std::to_string(amount.amount));
    }
    w.field("memory", bytes_text(memory));
    w.field("pods", std::to_string(alloc.pods));
    w.end_object();
  };
  write_resources("allocatable", alloc.cpu_milli, alloc.memory_bytes, alloc.ephemeral_storage_bytes);
  // Capacity: whole cores, and the reservations kubelets typically hold back (§5).
  write_resources("capacity", (alloc.cpu_milli + 999) / 1000 * 1000, alloc.memory_bytes / 1024 * 1024 + 1024 * 1024 * 1024LL,
                  alloc.ephemeral_storage_bytes / 1024 * 1024 + 4LL * 1024 * 1024 * 1024);
  w.key("conditions").begin_array();
  static constexpr std::array<node_condition, NODE_CONDITION_COUNT> ORDER{
      node_condition::network_unavailable, node_condition::memory_pressure, node_condition::disk_pressure,
      node_condition::pid_pressure, node_condition::ready};
  for (node_condition condition : ORDER) {
    const condition_status status = c.nodes.conditions[idx][static_cast<std::size_t>(condition)];
    if (status == condition_status::absent) continue;
    const condition_text text = describe(condition, status);
    w.begin_object();
    w.field("lastHeartbeatTime", heartbeat);
    w.field("lastTransitionTime", created);
    w.field("message", text.message);
    w.field("reason", text.reason);
    w.field("status", to_string(status));
    w.field("type", to_string(condition));
    w.end_object();
  }
  w.end_array();
  w.key("daemonEndpoints").begin_object().key("kubeletEndpoint").begin_object().field("Port", 10250).end_object().end_object();
  w.key("nodeInfo").begin_object();
  w.field("architecture", arch);
  w.field("bootID", fake_uid(hash * 31 + 7));
  w.field("containerRuntimeVersion", "containerd://1.7.27");
  w.field("kernelVersion", "6.1.134-152.225.amzn2023.x86_64");
  w.field("kubeProxyVersion", "");
  w.field("kubeletVersion", "v1.33.4");
  w.field("machineID", fake_uid(hash * 17 + 3).substr(0, 32));
  w.field("operatingSystem", os);
  w.field("osImage", os == "windows" ? "Windows Server 2022 Datacenter" : "Amazon Linux 2023.8.20250808");
  w.field("systemUUID", fake_uid(hash * 13 + 1));
  w.end_object();
  w.end_object();
  w.end_object();
}

}  // namespace

void write_node_list_json(const cluster& c, std::string& out, const node_list_options& options) {
  out.reserve(out.size() + c.node_count() * (options.indent > 0 ? 4096 : 2600));
  json_writer w(out, options.indent);
  w.begin_object();
  w.field("apiVersion", "v1");
  w.key("items").begin_array();
  for (std::uint32_t node_idx = 0; node_idx < c.node_count(); ++node_idx) write_node(w, c, make_id<node_id>(node_idx));
  w.end_array();
  w.field("kind", "List");
  w.key("metadata").begin_object().field("resourceVersion", "").end_object();
  w.end_object();
  out += '\n';
}

}  // namespace dsb::io
