// Pod specs and containers: what a DaemonSet template or a Pod asks for.
//
// Kept close to core/v1 field names. Quantities stay exact (`quantity`); conversion to
// the scheduler's integers (cpu millicores, Value() for the rest) happens where they are
// compared (controller/admission).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/container/flat_map.hpp>
#include <boost/container/small_vector.hpp>

#include "engine/model/node_table.hpp"
#include "engine/model/object_meta.hpp"
#include "engine/model/quantity.hpp"
#include "engine/model/selectors.hpp"
#include "engine/model/toleration.hpp"

namespace dsb {

/// Resource name -> amount ("cpu", "memory", "nvidia.com/gpu", ...).
using resource_list = boost::container::flat_map<std::string, quantity>;

struct resource_requirements {
  resource_list requests;
  resource_list limits;
};

struct container_port {
  std::string name;
  std::int32_t container_port = 0;
  std::int32_t host_port = 0;       ///< 0 = not a host port
  port_protocol protocol = port_protocol::tcp;
  std::string host_ip;              ///< "" = all addresses (the scheduler reads it as 0.0.0.0)
};

enum class probe_handler : std::uint8_t { none, exec, http_get, tcp_socket, grpc };

/// v1.Probe timing (the handler's details do not matter to the simulator).
struct probe {
  probe_handler handler = probe_handler::none;
  std::int32_t initial_delay_seconds = 0;
  std::int32_t period_seconds = 10;
  std::int32_t timeout_seconds = 1;
  std::int32_t success_threshold = 1;
  std::int32_t failure_threshold = 3;
};

/// Container-level restartPolicy: only init containers may set it ("Always" = sidecar).
enum class container_restart_policy : std::uint8_t { unset, always, on_failure, never };
std::optional<container_restart_policy> parse_container_restart_policy(std::string_view text) noexcept;
std::string_view to_string(container_restart_policy policy) noexcept;

struct container {
  std::string name;
  std::string image;
  std::vector<std::string> command;
  std::vector<std::string> args;
  boost::container::small_vector<container_port, 2> ports;
  resource_requirements resources;
  container_restart_policy restart_policy = container_restart_policy::unset;
  std::optional<probe> startup_probe;
  std::optional<probe> readiness_probe;
  std::optional<probe> liveness_probe;
  bool has_post_start = false;
  bool has_pre_stop = false;

  /// A restartable init container (sidecar): restartPolicy Always on an init container.
  bool is_sidecar() const noexcept { return restart_policy == container_restart_policy::always; }
};

enum class pod_restart_policy : std::uint8_t { always, on_failure, never };
std::optional<pod_restart_policy> parse_pod_restart_policy(std::string_view text) noexcept;
std::string_view to_string(pod_restart_policy policy) noexcept;

struct pod_spec {
  std::string node_name;
  string_map node_selector;
  std::optional<affinity> affinity_;
  std::vector<toleration> tolerations;
  bool host_network = false;
  bool host_pid = false;
  bool host_ipc = false;
  std::vector<container> init_containers;
  std::vector<container> containers;
  pod_restart_policy restart_policy = pod_restart_policy::always;
  resource_list overhead;
  std::optional<resource_list> pod_level_requests;  ///< spec.resources.requests (PodLevelResources)
  std::string priority_class_name;
  std::optional<std::int32_t> priority;
  std::string scheduler_name;
  std::optional<std::int64_t> termination_grace_period_seconds;

  /// The required node affinity, if the spec has one (nullptr when nil at any level).
  const dsb::node_selector* required_node_affinity() const noexcept {
    if (!affinity_ || !affinity_->node || !affinity_->node->required) return nullptr;
    return &*affinity_->node->required;
  }
};

struct pod_template {
  object_meta metadata;
  pod_spec spec;
  /// Digest of the template as read (all fields, modelled or not, key order ignored); 0 when
  /// the template was not read from a document. Part of the revision hash, so a change in a
  /// field dsbench does not model (env, volumes, ...) still starts a rollout.
  std::uint64_t source_digest = 0;
};

}  // namespace dsb
