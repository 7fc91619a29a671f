#include "engine/model/pod_requests.hpp"

#include <algorithm>

#include "engine/model/resources.hpp"

namespace dsb {
namespace {
void add_into(resource_list& total, const resource_list& amounts) {
  for (const auto& [name, amount] : amounts) total[name].nano += amount.nano;
}
void max_into(resource_list& total, const resource_list& amounts) {
  for (const auto& [name, amount] : amounts) {
    quantity& slot = total[name];
    slot.nano = std::max(slot.nano, amount.nano);
  }
}
}  // namespace

resource_list effective_requests(const pod_spec& spec) {
  resource_list main_sum;
  for (const container& ctr : spec.containers) add_into(main_sum, ctr.resources.requests);
  resource_list sidecar_sum;
  resource_list init_peak;
  for (const container& ctr : spec.init_containers) {
    if (ctr.is_sidecar()) {
      add_into(main_sum, ctr.resources.requests);
      add_into(sidecar_sum, ctr.resources.requests);
      max_into(init_peak, sidecar_sum);
    } else {
      resource_list use = ctr.resources.requests;
      add_into(use, sidecar_sum);
      max_into(init_peak, use);
    }
  }
  resource_list pod = main_sum;
  max_into(pod, init_peak);
  if (spec.pod_level_requests) {
    for (const auto& [name, amount] : *spec.pod_level_requests) {
      if (name == "cpu" || name == "memory" || is_hugepages_resource(name)) pod[name] = amount;
    }
  }
  add_into(pod, spec.overhead);
  return pod;
}

scheduler_requests to_scheduler_requests(const resource_list& requests) {
  scheduler_requests out;
  for (const auto& [name, amount] : requests) {
    switch (classify_resource(name)) {
      case resource_kind::cpu: out.cpu_milli = amount.milli_value(); break;
      case resource_kind::memory: out.memory_bytes = amount.value(); break;
      case resource_kind::ephemeral_storage: out.ephemeral_storage_bytes = amount.value(); break;
      case resource_kind::scalar: out.scalar.emplace_back(name, amount.value()); break;
      case resource_kind::pods:
      case resource_kind::ignored: break;  // a pod's "pods" request is ignored (predicates.md §8.2)
    }
  }
  return out;  // resource_list is sorted by name, so `scalar` is too
}

}  // namespace dsb
