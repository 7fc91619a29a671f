// Admission: why a DaemonSet pod that the controller created stays Pending.
//
// The DaemonSet controller checks no resources and no ports (daemonset-controller.md §2.6);
// kube-scheduler's Filter plugins do, after the pod exists, and the kubelet does not start
// pods on a node that is not Ready. This stage models those checks for one pod on one node:
//   NodePorts         (pkg/scheduler/framework/plugins/nodeports, predicates.md §7)
//   NodeResourcesFit  (pkg/scheduler/framework/plugins/noderesources/fit.go, §8)
//   node readiness    (the kubelet never syncs a pod while its node is NotReady/Unknown)
// Reasons are worded as the scheduler words them ("Insufficient cpu", "Too many pods",
// "node(s) didn't have free ports for the requested pod ports").
// Cost: O(resources + ports) per check; node usage is summed once per node.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/cluster.hpp"
#include "engine/model/pod.hpp"
#include "engine/model/pod_requests.hpp"

namespace dsb::ctl {

/// framework.Code of a Filter result.
enum class filter_status : std::uint8_t { success, skip, unschedulable, unschedulable_and_unresolvable };
std::string_view to_string(filter_status status) noexcept;  ///< "Success", "Skip", ...

/// A host port a pod uses: hostIP ("" normalised to "0.0.0.0"), protocol, port.
struct host_port_use {
  std::string ip;
  port_protocol protocol = port_protocol::tcp;
  std::int32_t port = 0;
  friend bool operator==(const host_port_use&, const host_port_use&) = default;
};

/// GetHostPorts: ports with hostPort > 0 of containers and of restartable init containers
/// (sidecars); ordinary init containers and containerPort-only entries do not count.
/// Apply Pod defaulting first (hostNetwork ports) when starting from a template.
std::vector<host_port_use> host_ports_of(const pod_spec& spec);

/// NodePorts: `skip` when the pod wants no host port; `unschedulable` on a conflict.
/// A wanted 0.0.0.0 conflicts with the same (protocol, port) on any IP; a specific IP with
/// the same (protocol, port) on 0.0.0.0 or on that IP. IPs compare literally ("::" is not
/// a wildcard).
struct ports_result {
  filter_status status = filter_status::success;
  std::string reason;
};
ports_result check_node_ports(std::span<const host_port_use> wanted, std::span<const host_port_use> used);

/// What the pods already on a node request (sum of effective requests) and how many there are.
struct node_usage {
  std::int64_t pods = 0;
  std::int64_t cpu_milli = 0;
  std::int64_t memory_bytes = 0;
  std::int64_t ephemeral_storage_bytes = 0;
  std::vector<std::pair<std::string, std::int64_t>> scalar;  ///< sorted by name
  std::vector<host_port_use> ports;

  void add(const pod_spec& spec);
};

/// A node's allocatable as the scheduler reads it: cpu millicores, Value() for the rest.
struct node_capacity {
  std::int64_t pods = 0;
  std::int64_t cpu_milli = 0;
  std::int64_t memory_bytes = 0;
  std::int64_t ephemeral_storage_bytes = 0;
  std::vector<std::pair<std::string, std::int64_t>> scalar;  ///< sorted by name

  static node_capacity of(const cluster& c, node_id node);
};

/// NodeResourcesFit plugin arguments.
struct fit_args {
  std::vector<std::string> ignored_resources;        ///< extended resources to skip
  std::vector<std::string> ignored_resource_groups;  ///< prefixes (before '/') to skip
};

struct insufficient_resource {
  std::string name;
  std::int64_t requested = 0;
  std::int64_t used = 0;
  std::int64_t capacity = 0;
};

struct fit_result {
  filter_status status = filter_status::success;
  std::vector<std::string> reasons;                 ///< pods, cpu, memory, ephemeral-storage, then scalars by name
  std::vector<insufficient_resource> insufficient;  ///< same order
};

/// fitsRequest: pod count first (even for pods requesting nothing), then each requested
/// resource > 0 against allocatable − used; equality fits; every failure is reported.
fit_result check_resource_fit(const scheduler_requests& pod, const node_capacity& capacity, const node_usage& usage,
                              const fit_args& args = {});

/// Everything that keeps one pod from running on one node, as text reasons (empty = the
/// pod runs): the scheduler filters above, then the kubelet's readiness.
std::vector<std::string> pending_reasons(const pod_spec& pod, const cluster& c, node_id node, const node_usage& usage,
                                         const fit_args& args = {});

}  // namespace dsb::ctl
