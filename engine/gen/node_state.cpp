// Transient node states: draw, conditions, taints (internal/node_state.hpp).
#include "engine/gen/internal/draws.hpp"
#include "engine/gen/internal/node_state.hpp"
#include "engine/gen/internal/text.hpp"

namespace dsb::gen::internal {

node_state draw_state(xoshiro256ss& rng, const profile_def& profile) noexcept {
  std::uint64_t draw = uniform_below(rng, PPM);
  for (std::size_t state = 1; state < NODE_STATE_COUNT; ++state) {
    if (draw < profile.state_ppm[state]) return static_cast<node_state>(state);
    draw -= profile.state_ppm[state];
  }
  return node_state::healthy;
}

node_conditions conditions_for(node_state state) noexcept {
  using status = condition_status;
  // Order: Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable.
  node_conditions conditions{status::true_, status::false_, status::false_, status::false_, status::false_};
  switch (state) {
    case node_state::not_ready: conditions[0] = status::false_; break;
    case node_state::unreachable:  // NodeLifecycleController: every kubelet-posted condition Unknown
      conditions = {status::unknown, status::unknown, status::unknown, status::unknown, status::false_};
      break;
    case node_state::memory_pressure: conditions[1] = status::true_; break;
    case node_state::disk_pressure: conditions[2] = status::true_; break;
    case node_state::pid_pressure: conditions[3] = status::true_; break;
    case node_state::healthy:
    case node_state::cordoned:
    case node_state::uninitialized:
    case node_state::deletion_candidate:
    case node_state::to_be_deleted: break;
  }
  return conditions;
}

std::size_t state_taints(node_state state, bool karpenter, std::uint64_t snapshot_unix, std::uint32_t stamp,
                         std::array<taint_text, 2>& out) {
  auto set = [&out](std::size_t slot, std::string_view key, std::string value, taint_effect effect) {
    out[slot] = taint_text{key, std::move(value), effect};
  };
  // The autoscaler writes the unix time it marked the node; batches every ~37 s (EST).
  const std::string when = to_decimal(snapshot_unix - 60 - std::uint64_t{stamp} * 37);
  switch (state) {
    case node_state::healthy: return 0;
    case node_state::not_ready:
      set(0, "node.kubernetes.io/not-ready", "", taint_effect::no_schedule);
      set(1, "node.kubernetes.io/not-ready", "", taint_effect::no_execute);
      return 2;
    case node_state::unreachable:
      set(0, "node.kubernetes.io/unreachable", "", taint_effect::no_schedule);
      set(1, "node.kubernetes.io/unreachable", "", taint_effect::no_execute);
      return 2;
    case node_state::cordoned: set(0, "node.kubernetes.io/unschedulable", "", taint_effect::no_schedule); return 1;
    case node_state::memory_pressure: set(0, "node.kubernetes.io/memory-pressure", "", taint_effect::no_schedule); return 1;
    case node_state::disk_pressure: set(0, "node.kubernetes.io/disk-pressure", "", taint_effect::no_schedule); return 1;
    case node_state::pid_pressure: set(0, "node.kubernetes.io/pid-pressure", "", taint_effect::no_schedule); return 1;
    case node_state::uninitialized:
      set(0, "node.cloudprovider.kubernetes.io/uninitialized", "true", taint_effect::no_schedule);
      return 1;
    case node_state::deletion_candidate:
      if (karpenter) {
        set(0, "karpenter.sh/disruption", "disrupted", taint_effect::no_schedule);
      } else {
        set(0, "DeletionCandidateOfClusterAutoscaler", when, taint_effect::prefer_no_schedule);
      }
      return 1;
    case node_state::to_be_deleted:
      if (karpenter) {
        set(0, "karpenter.sh/disruption", "disrupted", taint_effect::no_schedule);
      } else {
        set(0, "ToBeDeletedByClusterAutoscaler", when, taint_effect::no_schedule);
      }
      return 1;
  }
  return 0;
}

}  // namespace dsb::gen::internal
