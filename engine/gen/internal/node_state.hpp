// Transient node states of one snapshot (realworld-clusters.md §8.4, §4) and what each does
// to a Node object: conditions as the kubelet / node lifecycle controller report them and
// the taints Kubernetes writes (keys, values and effects exactly as in the API).
//
//   state               conditions (Ready, Memory/Disk/PID pressure, NetworkUnavailable)   taints
//   healthy             True,  False x3, False                                            -
//   not_ready           False, False x3, False             node.kubernetes.io/not-ready:NoSchedule + :NoExecute
//   unreachable         Unknown x4 (kubelet stopped posting), NetworkUnavailable False
//                                                          node.kubernetes.io/unreachable:NoSchedule + :NoExecute
//   cordoned            healthy (+ spec.unschedulable)     node.kubernetes.io/unschedulable:NoSchedule
//   *_pressure          the matching condition True        node.kubernetes.io/<memory|disk|pid>-pressure:NoSchedule
//   uninitialized       healthy                            node.cloudprovider.kubernetes.io/uninitialized=true:NoSchedule
//   deletion_candidate  healthy                            DeletionCandidateOfClusterAutoscaler=<unix s>:PreferNoSchedule
//   to_be_deleted       healthy                            ToBeDeletedByClusterAutoscaler=<unix s>:NoSchedule
// On Karpenter pools both autoscaler states are karpenter.sh/disruption=disrupted:NoSchedule.
// Cost: a table lookup; no allocation except the taint value texts.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "engine/gen/internal/pool_recipe.hpp"
#include "engine/gen/internal/profile_def.hpp"
#include "engine/gen/rng.hpp"
#include "engine/model/node_table.hpp"

namespace dsb::gen::internal {

/// Distinct autoscaler timestamps per snapshot (the autoscaler marks nodes in batches).
inline constexpr std::uint32_t AUTOSCALER_STAMPS = 32;

/// One state with the profile's shares (one rng draw).
node_state draw_state(xoshiro256ss& rng, const profile_def& profile) noexcept;

node_conditions conditions_for(node_state state) noexcept;

/// Taints `state` adds after the pool's own (spec.taints order); returns how many of `out`
/// were filled. `stamp` picks the autoscaler timestamp (< AUTOSCALER_STAMPS).
std::size_t state_taints(node_state state, bool karpenter, std::uint64_t snapshot_unix, std::uint32_t stamp,
                         std::array<taint_text, 2>& out);

}  // namespace dsb::gen::internal
