// Interned label rows shared by many nodes: the labels every node of one (pool, zone,
// variant) carries, interned through the cluster_builder once, on first use, and kept
// sorted by key id. Per node the generator then adds only what is unique to the node.
//
// Layout:
//   extents_   one {begin, count} per (pool, zone, variant) row slot, at
//              pool_base_[pool] + zone * variants(pool) + variant; count NOT_BUILT until used
//   entries_   every built row, contiguous, each sorted by key id
//   pools_     per pool, built on its first node: the interned cluster + pool entries and
//              the interned entries of each variant (the parts rows are merged from)
// zone entries are shared by all pools with the same zone_keys: zone_entries_[keys][zone].
// The hot path (a built row) is two array reads; rows are merged once.
// Interning on first use means a value no node carries is never interned, and the order
// of interning follows the (deterministic) order in which nodes are added.
// Cost: one intern per distinct (pool, label) and (pool, variant, label); a row lookup is
// two index operations.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/gen/internal/cluster_facts.hpp"
#include "engine/gen/internal/pool_recipe.hpp"
#include "engine/model/cluster_builder.hpp"

namespace dsb::gen::internal {

class label_rows {
 public:
  label_rows(const cluster_facts& facts, const std::vector<pool_recipe>& recipes);

  /// Sorted entries shared by the nodes of (pool, zone, variant); valid until the next call.
  std::span<const label_entry> row(cluster_builder& builder, std::uint32_t pool, std::uint32_t zone, std::uint32_t variant) {
    const row_extent& extent = extents_[pool_base_[pool] + std::size_t{zone} * recipes_[pool].variants.size() + variant];
    if (extent.count == NOT_BUILT) build_row(builder, pool, zone, variant);
    return {entries_.data() + extent.begin, extent.count};
  }

 private:
  static constexpr std::uint32_t NOT_BUILT = 0xffffffffU;
  struct row_extent {
    std::uint32_t begin = 0;
    std::uint32_t count = NOT_BUILT;
  };
  struct pool_parts {
    bool ready = false;
    std::vector<label_entry> pool_entries;
    std::vector<std::vector<label_entry>> variant_entries;
    std::vector<bool> variant_ready;
  };

  void build_row(cluster_builder& builder, std::uint32_t pool, std::uint32_t zone, std::uint32_t variant);
  const std::vector<label_entry>& zone_entries(cluster_builder& builder, zone_keys keys, std::uint32_t zone);

  const cluster_facts& facts_;
  const std::vector<pool_recipe>& recipes_;
  std::vector<std::size_t> pool_base_;
  std::vector<row_extent> extents_;
  std::vector<label_entry> entries_;
  std::vector<pool_parts> pools_;
  std::vector<std::vector<label_entry>> zone_entries_;  ///< [keys * MAX_ZONES + zone]
  std::vector<bool> zone_ready_;
};

/// Interns label texts through the builder.
std::vector<label_entry> intern_labels(cluster_builder& builder, const label_list& labels);

}  // namespace dsb::gen::internal
