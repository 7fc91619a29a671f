// Per-platform label sets, pool names and node-name schemes (realworld-clusters.md §3).
//
// Each platform has two functions, called by describe_pools (pool_recipe.cpp) in order:
//   <platform>_pool(ctx, recipe)             name, naming, zone keys, spot key, and the
//                                            cluster + pool scoped labels (no custom labels)
//   <platform>_variant(ctx, recipe, variant) instance-type / image scoped labels
// and gpu_variant_labels adds the GFD + GPU-operator + NFD labels of a GPU variant
// (gpu_labels.cpp). They only append texts; describe_pools owns budgets and taints.
// Cost: O(labels) string building per pool and per variant.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/gen/internal/catalog.hpp"
#include "engine/gen/internal/cluster_facts.hpp"
#include "engine/gen/internal/plan.hpp"
#include "engine/gen/internal/pool_recipe.hpp"
#include "engine/gen/internal/profile_def.hpp"
#include "engine/gen/rng.hpp"

namespace dsb::gen::internal {

/// What a platform function may read and draw from while describing one pool.
struct pool_context {
  const profile_def& profile;
  const cluster_facts& facts;
  const pool_plan& plan;
  std::uint32_t pool_number;  ///< index in cluster_plan::pools
  xoshiro256ss& rng;          ///< the pool's stream (stream::pool, pool_number)
  std::string dedicated;      ///< dedicated=<x> value of a dedicated pool, else empty
  std::string_view spot_key;  ///< label/taint key marking spot capacity on this pool
};

inline void add_label(label_list& labels, std::string_view key, std::string value) {
  labels.push_back(label_text{key, std::move(value)});
}

void eks_pool(pool_context& ctx, pool_recipe& recipe);
void eks_variant(const pool_context& ctx, const pool_recipe& recipe, variant_recipe& variant);
void gke_pool(pool_context& ctx, pool_recipe& recipe);
void gke_variant(const pool_context& ctx, const pool_recipe& recipe, variant_recipe& variant);
void aks_pool(pool_context& ctx, pool_recipe& recipe);
void aks_variant(const pool_context& ctx, const pool_recipe& recipe, variant_recipe& variant);
void onprem_pool(pool_context& ctx, pool_recipe& recipe);
void onprem_variant(const pool_context& ctx, const pool_recipe& recipe, variant_recipe& variant);

/// GFD (12 of its 13 base labels; gfd.timestamp is per node) + 4 GFD sharing/MIG labels
/// + GPU-operator deploy/present labels (9-10) + NFD (30-60) of a GPU instance type (§3).
void gpu_variant_labels(const cluster_facts& facts, const instance_type& type, bool older_driver, label_list& labels);

/// GFD's per-node label key (value: unix seconds of the last labelling).
inline constexpr std::string_view GFD_TIMESTAMP_KEY = "nvidia.com/gfd.timestamp";

/// Allocatable of one node shape (§5 reservations, §8.5 "kernel capacity ~0.95 x nominal").
struct resource_params {
  std::uint32_t capacity_ppm = 950'000;  ///< kernel-reported memory / nominal memory
  std::uint32_t disk_gib = 100;          ///< root / OS disk
  std::uint32_t max_pods = 110;          ///< AKS cluster default; EKS uses eni-max-pods
};
node_resources allocatable_for(platform plat, pool_kind kind, const instance_type& type, const resource_params& params);

}  // namespace dsb::gen::internal
