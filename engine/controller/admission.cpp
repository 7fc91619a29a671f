#include "engine/controller/admission.hpp"

#include <algorithm>

#include "engine/model/resources.hpp"

namespace dsb::ctl {
namespace {

constexpr const char* PORTS_REASON = "node(s) didn't have free ports for the requested pod ports";

void add_scalar(std::vector<std::pair<std::string, std::int64_t>>& into, const std::string& name, std::int64_t amount) {
  auto found = std::lower_bound(into.begin(), into.end(), name, [](const auto& entry, const std::string& wanted) { return entry.first < wanted; });
  if (found != into.end() && found->first == name) {
    found->second += amount;
  } else {
    into.insert(found, {name, amount});
  }
}

std::int64_t scalar_of(const std::vector<std::pair<std::string, std::int64_t>>& amounts, const std::string& name) {
  auto found = std::lower_bound(amounts.begin(), amounts.end(), name, [](const auto& entry, const std::string& wanted) { return entry.first < wanted; });
  return found != amounts.end() && found->first == name ? found->second : 0;
}

void collect_ports(const container& ctr, std::vector<host_port_use>& out) {
  for (const container_port& port : ctr.ports) {
    if (port.host_port <= 0) continue;
    out.push_back(host_port_use{port.host_ip.empty() ? std::string("0.0.0.0") : port.host_ip, port.protocol, port.host_port});
  }
}

}  // namespace

std::string_view to_string(filter_status status) noexcept {
  switch (status) {
    case filter_status::success: return "Success";
    case filter_status::skip: return "Skip";
    case filter_status::unschedulable: return "Unschedulable";
    case filter_status::unschedulable_and_unresolvable: return "UnschedulableAndUnresolvable";
  }
  return "?";
}

std::vector<host_port_use> host_ports_of(const pod_spec& spec) {
  std::vector<host_port_use> out;
  for (const container& ctr : spec.containers) collect_ports(ctr, out);
  for (const container& ctr : spec.init_containers) {
    if (ctr.is_sidecar()) collect_ports(ctr, out);
  }
  return out;
}

ports_result check_node_ports(std::span<const host_port_use> wanted, std::span<const host_port_use> used) {
  if (wanted.empty()) return {filter_status::skip, {}};
  for (const host_port_use& want : wanted) {
    for (const host_port_use& have : used) {
      if (have.protocol != want.protocol || have.port != want.port) continue;
      const bool conflict = want.ip == "0.0.0.0" || have.ip == "0.0.0.0" || have.ip == want.ip;
      if (conflict) return {filter_status::unschedulable, PORTS_REASON};
    }
  }
  return {filter_status::success, {}};
}

void node_usage::add(const pod_spec& spec) {
  ++pods;
  const scheduler_requests requests = to_scheduler_requests(effective_requests(spec));
  cpu_milli += requests.cpu_milli;
  memory_bytes += requests.memory_bytes;
  ephemeral_storage_bytes += requests.ephemeral_storage_bytes;
  for (const auto& [name, amount] : requests.scalar) add_scalar(scalar, name, amount);
  const std::vector<host_port_use> used = host_ports_of(spec);
  ports.insert(ports.end(), used.begin(), used.end());
}

node_capacity node_capacity::of(const cluster& c, node_id node) {
  const node_resources alloc = c.nodes.allocatable(node);
  node_capacity out{alloc.pods, alloc.cpu_milli, alloc.memory_bytes, alloc.ephemeral_storage_bytes, {}};
  for (const extended_amount& amount : c.nodes.extended_allocatable.row(to_index(node))) {
    add_scalar(out.scalar, std::string(c.strings.view(c.resource_names[to_index(amount.resource)])), amount.amount);
  }
  return out;
}

fit_result check_resource_fit(const scheduler_requests& pod, const node_capacity& capacity, const node_usage& usage, const fit_args& args) {
  fit_result out;
  auto fail = [&out](std::string name, std::string reason, std::int64_t requested, std::int64_t used, std::int64_t cap) {
    out.status = filter_status::unschedulable;
    out.reasons.push_back(std::move(reason));
    out.insufficient.push_back({std::move(name), requested, used, cap});
  };
  if (usage.pods + 1 > capacity.pods) fail("pods", "Too many pods", 1, usage.pods, capacity.pods);
  if (pod.is_zero()) return out;
  auto check = [&](const char* name, std::int64_t requested, std::int64_t used, std::int64_t cap) {
    if (requested > 0 && requested > cap - used) fail(name, std::string("Insufficient ") + name, requested, used, cap);
  };
  check("cpu", pod.cpu_milli, usage.cpu_milli, capacity.cpu_milli);
  check("memory", pod.memory_bytes, usage.memory_bytes, capacity.memory_bytes);
  check("ephemeral-storage", pod.ephemeral_storage_bytes, usage.ephemeral_storage_bytes, capacity.ephemeral_storage_bytes);
  for (const auto& [name, requested] : pod.scalar) {
    if (requested <= 0) continue;
    // Ignore lists apply to extended resources only (never kubernetes.io/*, hugepages-*).
    if (is_extended_resource(name)) {
      const bool ignored = std::find(args.ignored_resources.begin(), args.ignored_resources.end(), name) != args.ignored_resources.end();
      const std::string group = name.substr(0, name.find('/'));
      const bool group_ignored =
          std::find(args.ignored_resource_groups.begin(), args.ignored_resource_groups.end(), group) != args.ignored_resource_groups.end();
      if (ignored || group_ignored) continue;
    }
    const std::int64_t used = scalar_of(usage.scalar, name);
    const std::int64_t cap = scalar_of(capacity.scalar, name);
    if (requested > cap - used) fail(name, "Insufficient " + name, requested, used, cap);
  }
  return out;
}

std::vector<std::string> pending_reasons(const pod_spec& pod, const cluster& c, node_id node, const node_usage& usage, const fit_args& args) {
  std::vector<std::string> reasons;
  const std::vector<host_port_use> wanted = host_ports_of(pod);
  const ports_result ports = check_node_ports(wanted, usage.ports);
  if (ports.status == filter_status::unschedulable) reasons.push_back(ports.reason);
  const fit_result fit = check_resource_fit(to_scheduler_requests(effective_requests(pod)), node_capacity::of(c, node), usage, args);
  reasons.insert(reasons.end(), fit.reasons.begin(), fit.reasons.end());
  if (reasons.empty()) {
    const condition_status ready = c.nodes.ready(node);
    if (ready == condition_status::false_) reasons.emplace_back("node is NotReady: the kubelet does not start the pod");
    else if (ready == condition_status::unknown) reasons.emplace_back("node is unreachable (Ready=Unknown): the pod is never started");
  }
  return reasons;
}

}  // namespace dsb::ctl
