#include "engine/model/defaults.hpp"

namespace dsb {
namespace {
void default_container(container& ctr, bool host_network) {
  for (const auto& [name, amount] : ctr.resources.limits) ctr.resources.requests.try_emplace(name, amount);
  if (host_network) {
    for (container_port& port : ctr.ports) {
      if (port.host_port == 0) port.host_port = port.container_port;
    }
  }
}
}  // namespace

void apply_pod_defaults(pod_spec& spec) {
  for (container& ctr : spec.init_containers) default_container(ctr, spec.host_network);
  for (container& ctr : spec.containers) default_container(ctr, spec.host_network);
}

}  // namespace dsb
