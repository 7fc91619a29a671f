// Node names as each platform writes them (realworld-clusters.md §3.1: hostname = node name):
//
//   eks_ip          ip-10-12-3-45.us-west-2.compute.internal (us-east-1: .ec2.internal);
//                   address = ip_base + permute_bits(node number, ip_bits): unique per cluster
//   eks_fargate     fargate-ip-10-12-3-46.us-west-2.compute.internal (same address space)
//   gke             gke-<cluster>-<pool>-<8 hex of the pool-zone>-<4 base36>; the suffix is a
//                   bijection of the node's index inside its pool-zone onto [0, 36^4)
//   aks_vmss        aks-<pool>-<8 digits>-vmss<6 base36 of first_instance + index in pool>
//   aks_windows     aks<pool><6 base36 ...>
//   fixed           the prefix (a single node)
//   onprem_worker   worker-r<rack, 2+ digits>-<worker number, 4+ digits>, rack = (worker-1)/40+1
//   onprem_control  cp-<index in pool + 1>
// Every style is unique by construction: distinct pools have distinct prefixes and the
// per-node part is fixed-width or a bijection. All are lowercase DNS-1123 subdomains.
// Cost: write_node_name is ~50 ns, writes into a caller buffer, never allocates or throws
// (it runs inside oneTBB bodies).
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/gen/internal/pool_recipe.hpp"

namespace dsb::gen::internal {

/// Longest node name the generator writes (the sort slot holds it; see node_draws.hpp).
inline constexpr std::size_t NAME_CAPACITY = 59;

/// Where a node sits in the plan.
struct node_position {
  std::uint32_t number = 0;   ///< node number in plan order
  std::uint32_t in_pool = 0;  ///< index inside its pool
  std::uint32_t zone = 0;     ///< cluster zone index
  std::uint32_t in_zone = 0;  ///< index inside its pool-zone
};

/// Writes the node's name into out[0, NAME_CAPACITY); returns its length, or 0 when it
/// would not fit (a generator bug, asserted by the caller).
std::size_t write_node_name(const name_scheme& scheme, const node_position& position, char* out) noexcept;

/// Rack of a kubeadm worker (1-based): WORKERS_PER_RACK consecutive workers per rack.
constexpr std::uint32_t onprem_rack(const name_scheme& scheme, std::uint32_t number) noexcept {
  return (number - scheme.first_instance) / WORKERS_PER_RACK + 1;
}

}  // namespace dsb::gen::internal
