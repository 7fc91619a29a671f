// plan_cluster(): kinds -> pools -> pool sizes -> pool-zone counts (internal/plan.hpp).
#include <algorithm>
#include <array>
#include <cassert>

#include "engine/gen/internal/apportion.hpp"
#include "engine/gen/internal/draws.hpp"
#include "engine/gen/internal/plan.hpp"
#include "engine/gen/rng.hpp"

namespace dsb::gen::internal {
namespace {

constexpr std::size_t kind_index(pool_kind kind) { return static_cast<std::size_t>(kind); }

// Anchors (nodes, pools) of §8.1: S 20-200 -> 2-5, M 500-2,000 -> 5-20, L 5,000 -> 20-100,
// XL 15,000-100,000 -> 100-500. Beyond 100,000 (not in §8.1, EST) pools keep growing so
// that the 1,000-per-pool-zone cap is met without every pool at the cap.
constexpr std::array<std::array<std::uint32_t, 2>, 12> TIER_ANCHORS{{
    {1, 1}, {10, 2}, {20, 3}, {200, 5}, {500, 7}, {2'000, 20}, {5'000, 50}, {15'000, 100},
    {100'000, 300}, {1'000'000, 1'200}, {4'000'000, 4'000}, {16'000'000, 12'000}}};

// Grows `sizes` toward their weights' shares of `total` without any exceeding `cap`:
// each round clips the pools above the cap and re-apportions the clipped nodes over the
// pools below it. Precondition: sizes.size() * cap >= total.
void water_fill(std::vector<std::uint64_t>& sizes, const std::vector<std::uint64_t>& weights, std::uint64_t cap) {
  for (;;) {
    std::uint64_t excess = 0;
    for (std::uint64_t& size : sizes) {
      if (size > cap) {
        excess += size - cap;
        size = cap;
      }
    }
    if (excess == 0) return;
    std::vector<std::uint64_t> open(weights.size(), 0);
    for (std::size_t idx = 0; idx < sizes.size(); ++idx) open[idx] = sizes[idx] < cap ? weights[idx] : 0;
    const std::vector<std::uint64_t> extra = apportion(excess, open);
    std::uint64_t placed = 0;
    for (std::size_t idx = 0; idx < sizes.size(); ++idx) {
      sizes[idx] += extra[idx];
      placed += extra[idx];
    }
    assert(placed == excess && "water_fill: no pool below the cap");
    if (placed != excess) return;
  }
}

// Nodes of each kind: fixed counts first (kubeadm control plane, AKS virtual node), then
// the rest by the profile's shares; AKS always has a system pool (mode=system is required).
std::array<std::uint64_t, POOL_KIND_COUNT> nodes_per_kind(const profile_def& profile, const cluster_facts& facts,
                                                          std::uint32_t nodes) {
  std::array<std::uint64_t, POOL_KIND_COUNT> counts{};
  std::uint64_t rest = nodes;
  auto take_fixed = [&](pool_kind kind, std::uint64_t count) {
    count = std::min(count, rest);
    counts[kind_index(kind)] += count;
    rest -= count;
  };
  take_fixed(pool_kind::control_plane, facts.control_plane_nodes);
  if (facts.virtual_node) take_fixed(pool_kind::virtual_node, 1);
  if (profile.plat == platform::aks) take_fixed(pool_kind::system, 1);
  std::vector<std::uint64_t> weights(profile.kind_ppm.begin(), profile.kind_ppm.end());
  const std::vector<std::uint64_t> shares = apportion(rest, weights);
  for (std::size_t kind = 0; kind < POOL_KIND_COUNT; ++kind) counts[kind] += shares[kind];
  return counts;
}

bool fixed_single_pool(const profile_def& profile, pool_kind kind) {
  return kind == pool_kind::control_plane || (kind == pool_kind::virtual_node && profile.plat == platform::aks);
}

// Pools of each kind (see plan.hpp).
std::array<std::uint64_t, POOL_KIND_COUNT> pools_per_kind(const profile_def& profile,
                                                          const std::array<std::uint64_t, POOL_KIND_COUNT>& kind_nodes,
                                                          std::uint64_t cap, std::uint32_t nodes, std::uint64_t seed) {
  std::array<std::uint64_t, POOL_KIND_COUNT> pools{};
  xoshiro256ss rng = counter_rng(seed, stream::pool_count, 0);
  const std::uint64_t median = tier_pool_count(nodes);
  std::uint64_t target = std::max<std::uint64_t>(1, median * uniform_between(rng, 800, 1200) / 1000);
  std::vector<std::uint64_t> elastic_nodes(POOL_KIND_COUNT, 0);
  std::uint64_t elastic_kinds = 0;
  for (std::size_t kind = 0; kind < POOL_KIND_COUNT; ++kind) {
    if (kind_nodes[kind] == 0) continue;
    if (fixed_single_pool(profile, static_cast<pool_kind>(kind))) {
      pools[kind] = 1;
      target = target > 1 ? target - 1 : 0;
    } else {
      elastic_nodes[kind] = kind_nodes[kind];
      ++elastic_kinds;
    }
  }
  target = std::max(target, elastic_kinds);
  const std::vector<std::uint64_t> extra = apportion(target - elastic_kinds, elastic_nodes);
  for (std::size_t kind = 0; kind < POOL_KIND_COUNT; ++kind) {
    if (elastic_nodes[kind] == 0) continue;
    const std::uint64_t at_least = (2 * elastic_nodes[kind] + cap - 1) / cap;
    pools[kind] = std::clamp<std::uint64_t>(1 + extra[kind], at_least, elastic_nodes[kind]);
  }
  return pools;
}

// Nodes per zone of one pool: +-10% weight skew per zone (§8.1), <= POOL_ZONE_CAP each.
std::array<std::uint32_t, MAX_ZONES> split_over_zones(std::uint64_t size, std::size_t zones, std::uint64_t seed,
                                                      std::uint32_t pool_number) {
  xoshiro256ss rng = counter_rng(seed, stream::pool_zone, pool_number);
  std::vector<std::uint64_t> weights(zones);
  for (std::uint64_t& weight : weights) weight = uniform_between(rng, 900, 1100);
  std::vector<std::uint64_t> counts = apportion(size, weights);
  water_fill(counts, weights, POOL_ZONE_CAP);
  std::array<std::uint32_t, MAX_ZONES> result{};
  for (std::size_t zone = 0; zone < zones; ++zone) result[zone] = static_cast<std::uint32_t>(counts[zone]);
  return result;
}

}  // namespace

std::uint32_t tier_pool_count(std::uint32_t nodes) noexcept {
  if (nodes <= TIER_ANCHORS.front()[0]) return TIER_ANCHORS.front()[1];
  for (std::size_t idx = 1; idx < TIER_ANCHORS.size(); ++idx) {
    const auto [hi_nodes, hi_pools] = TIER_ANCHORS[idx];
    if (nodes <= hi_nodes) {
      const auto [lo_nodes, lo_pools] = TIER_ANCHORS[idx - 1];
      return lo_pools + static_cast<std::uint32_t>(std::uint64_t{hi_pools - lo_pools} * (nodes - lo_nodes) / (hi_nodes - lo_nodes));
    }
  }
  return TIER_ANCHORS.back()[1];
}

cluster_plan plan_cluster(const profile_def& profile, const cluster_facts& facts, std::uint32_t nodes, std::uint64_t seed) {
  const std::size_t zones = facts.zones.size();
  const std::uint64_t cap = std::uint64_t{POOL_ZONE_CAP} * zones;
  const auto kind_nodes = nodes_per_kind(profile, facts, nodes);
  const auto kind_pools = pools_per_kind(profile, kind_nodes, cap, nodes, seed);

  cluster_plan plan;
  plan.nodes = nodes;
  std::uint32_t next_node = 0;
  for (std::size_t kind = 0; kind < POOL_KIND_COUNT; ++kind) {
    const std::uint64_t pool_count = kind_pools[kind];
    if (pool_count == 0) continue;
    const auto first_pool = static_cast<std::uint32_t>(plan.pools.size());
    std::vector<std::uint64_t> weights(pool_count);
    for (std::uint64_t ordinal = 0; ordinal < pool_count; ++ordinal) {
      xoshiro256ss rng = counter_rng(seed, stream::pool_size, first_pool + ordinal);
      weights[ordinal] = lognormal_weight(rng);
    }
    std::vector<std::uint64_t> sizes = apportion(kind_nodes[kind] - pool_count, weights);
    for (std::uint64_t& size : sizes) ++size;
    water_fill(sizes, weights, cap);
    for (std::uint64_t ordinal = 0; ordinal < pool_count; ++ordinal) {
      pool_plan pool;
      pool.kind = static_cast<pool_kind>(kind);
      pool.ordinal = static_cast<std::uint32_t>(ordinal);
      pool.first_node = next_node;
      pool.size = static_cast<std::uint32_t>(sizes[ordinal]);
      pool.zone_nodes = split_over_zones(sizes[ordinal], zones, seed, first_pool + static_cast<std::uint32_t>(ordinal));
      next_node += pool.size;
      plan.pools.push_back(pool);
    }
  }
  assert(next_node == nodes);
  return plan;
}

}  // namespace dsb::gen::internal
