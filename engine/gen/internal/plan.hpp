// The shape of a generated cluster before any node exists: how many pools of each kind,
// how many nodes in each pool and in each of its zones (realworld-clusters.md §8.1-§8.2).
//
//   nodes per kind   N x the profile's kind share (largest remainder), after the fixed
//                    control plane and the optional single virtual node
//   pools            the size tier's pool count (§8.1, interpolated, +-20%), at least one
//                    per kind with nodes, split over kinds by node share; never more pools
//                    than nodes, never fewer than 2N/cap so the cap below has room
//   pool sizes       lognormal weights (median N/P) apportioned to the kind's nodes, each
//                    pool >= 1 node and <= 1,000 x zones (water-filling: excess is
//                    re-apportioned to pools below the cap)
//   zones            a pool's nodes apportioned over all cluster zones with +-10% weight
//                    skew, at most 1,000 per pool-zone (§7 GKE/AKS limit, §8.1)
//
// Nodes are numbered pool by pool in plan order and zone by zone inside a pool; that
// number indexes every per-node random draw (stream::node).
// Cost: O(P log P) integer arithmetic; independent of N.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "engine/gen/internal/cluster_facts.hpp"
#include "engine/gen/internal/profile_def.hpp"

namespace dsb::gen::internal {

/// Most nodes in one pool-zone (§7: GKE "<=1,000 nodes per node-pool zone", AKS per pool).
inline constexpr std::uint32_t POOL_ZONE_CAP = 1000;

struct pool_plan {
  pool_kind kind = pool_kind::general;
  std::uint32_t ordinal = 0;     ///< number among the pools of its kind
  std::uint32_t first_node = 0;  ///< number of its first node
  std::uint32_t size = 0;        ///< nodes, >= 1
  std::array<std::uint32_t, MAX_ZONES> zone_nodes{};  ///< nodes per cluster zone (sum = size)
};

struct cluster_plan {
  std::uint32_t nodes = 0;
  std::vector<pool_plan> pools;  ///< kind order, then ordinal; first_node ascending, no gaps
};

/// Median pool count of the §8.1 size tiers at `nodes` (piecewise-linear between anchors).
std::uint32_t tier_pool_count(std::uint32_t nodes) noexcept;

/// Precondition: 1 <= nodes <= MAX_NODES; facts from describe_cluster for the same spec.
cluster_plan plan_cluster(const profile_def& profile, const cluster_facts& facts, std::uint32_t nodes, std::uint64_t seed);

}  // namespace dsb::gen::internal
