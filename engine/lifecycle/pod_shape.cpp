#include "engine/lifecycle/pod_shape.hpp"

namespace dsb::lifecycle {
namespace {
container_shape shape_of_container(const container& ctr, container_role role) {
  container_shape out;
  out.role = role;
  out.startup_probe = ctr.startup_probe.has_value();
  out.liveness_probe = ctr.liveness_probe.has_value();
  out.readiness_probe = ctr.readiness_probe.has_value();
  out.post_start = ctr.has_post_start;
  return out;
}
}  // namespace

pod_shape shape_of(const pod_spec& spec) {
  pod_shape shape;
  shape.restart_policy = spec.restart_policy;
  shape.termination_grace_seconds = spec.termination_grace_period_seconds.value_or(30);
  shape.init_count = static_cast<std::uint16_t>(spec.init_containers.size());
  shape.containers.reserve(spec.init_containers.size() + spec.containers.size());
  for (const container& ctr : spec.init_containers) {
    shape.containers.push_back(shape_of_container(ctr, ctr.is_sidecar() ? container_role::sidecar : container_role::init));
  }
  for (const container& ctr : spec.containers) shape.containers.push_back(shape_of_container(ctr, container_role::app));
  return shape;
}

}  // namespace dsb::lifecycle
