// pod_shape: what the kubelet's start-up decisions need to know about a pod spec, and no more.
//
// Per container its role (regular init container, sidecar = init container with
// restartPolicy Always, app container), whether it has startup / liveness / readiness probes
// and a postStart hook; per pod the restart policy and termination grace period.
//
// Containers are indexed in one sequence: spec.initContainers first (index = position),
// then spec.containers (index = init_count + position). Every lifecycle function (the
// decision procedure, the simulator, the trace verifier) speaks in these indexes, so names
// are looked up once, never per event.
//
// Use `shape_of(pod_spec)` for specs read from kubectl JSON/YAML; the trace reader and the
// simulator fill shapes directly. Cost: 5 bytes per container, inline up to 8 containers.
#pragma once

#include <cstddef>
#include <cstdint>

#include <boost/container/small_vector.hpp>

#include "engine/model/pod_spec.hpp"

namespace dsb::lifecycle {

/// Role of a container in the start-up sequence (kubelet-lifecycle.md §0: RIC, SC, AC).
enum class container_role : std::uint8_t {
  init,     ///< regular init container: runs to completion, one at a time, in order
  sidecar,  ///< restartable init container (restartPolicy: Always): started in order, keeps running
  app,      ///< spec.containers entry
};

struct container_shape {
  container_role role = container_role::app;
  bool startup_probe = false;
  bool liveness_probe = false;
  bool readiness_probe = false;
  bool post_start = false;
};

/// Index of a container in a pod_shape (init containers first, then apps).
using container_index = std::uint16_t;
inline constexpr container_index NO_CONTAINER = 0xFFFF;
/// Largest number of containers (init + app) a pod may have here (the index type's range).
inline constexpr std::size_t MAX_CONTAINERS = 0xFFFE;

struct pod_shape {
  pod_restart_policy restart_policy = pod_restart_policy::always;
  std::int64_t termination_grace_seconds = 30;  ///< spec.terminationGracePeriodSeconds (default 30)
  std::uint16_t init_count = 0;                 ///< number of spec.initContainers
  boost::container::small_vector<container_shape, 8> containers;

  std::size_t container_count() const noexcept { return containers.size(); }
  std::size_t app_count() const noexcept { return containers.size() - init_count; }
  bool is_init_index(std::size_t index) const noexcept { return index < init_count; }
  container_role role(std::size_t index) const noexcept { return containers[index].role; }
  bool has_init_containers() const noexcept { return init_count > 0; }
};

/// The shape of a Pod spec (init containers with restartPolicy Always are sidecars).
pod_shape shape_of(const pod_spec& spec);

}  // namespace dsb::lifecycle
