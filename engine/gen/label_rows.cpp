// label_rows: lazily interned shared label rows (internal/label_rows.hpp).
#include <algorithm>

#include "engine/gen/internal/label_rows.hpp"

namespace dsb::gen::internal {
namespace {
constexpr std::size_t ZONE_KEY_SETS = 5;  // values of zone_keys
}  // namespace

std::vector<label_entry> intern_labels(cluster_builder& builder, const label_list& labels) {
  std::vector<label_entry> entries;
  entries.reserve(labels.size());
  for (const label_text& label : labels) {
    const label_key_id key = builder.key(label.key);
    entries.push_back(label_entry{key, builder.value(key, label.value)});
  }
  return entries;
}

label_rows::label_rows(const cluster_facts& facts, const std::vector<pool_recipe>& recipes)
    : facts_(facts), recipes_(recipes), pool_base_(recipes.size()), pools_(recipes.size()),
      zone_entries_(ZONE_KEY_SETS * MAX_ZONES), zone_ready_(ZONE_KEY_SETS * MAX_ZONES, false) {
  std::size_t slots = 0;
  for (std::size_t pool = 0; pool < recipes.size(); ++pool) {
    pool_base_[pool] = slots;
    slots += MAX_ZONES * recipes[pool].variants.size();
  }
  extents_.resize(slots);
}

const std::vector<label_entry>& label_rows::zone_entries(cluster_builder& builder, zone_keys keys, std::uint32_t zone) {
  const std::size_t slot = static_cast<std::size_t>(keys) * MAX_ZONES + zone;
  if (!zone_ready_[slot]) {
    zone_entries_[slot] = intern_labels(builder, zone_labels(facts_, keys, zone));
    zone_ready_[slot] = true;
  }
  return zone_entries_[slot];
}

void label_rows::build_row(cluster_builder& builder, std::uint32_t pool, std::uint32_t zone, std::uint32_t variant) {
  const pool_recipe& recipe = recipes_[pool];
  pool_parts& parts = pools_[pool];
  if (!parts.ready) {
    parts.pool_entries = intern_labels(builder, recipe.labels);
    parts.variant_entries.resize(recipe.variants.size());
    parts.variant_ready.assign(recipe.variants.size(), false);
    parts.ready = true;
  }
  if (!parts.variant_ready[variant]) {
    parts.variant_entries[variant] = intern_labels(builder, recipe.variants[variant].labels);
    parts.variant_ready[variant] = true;
  }
  const std::vector<label_entry>& zone_part = zone_entries(builder, recipe.zone_label_keys, zone);
  const std::vector<label_entry>& variant_part = parts.variant_entries[variant];

  row_extent& extent = extents_[pool_base_[pool] + std::size_t{zone} * recipe.variants.size() + variant];
  extent.begin = static_cast<std::uint32_t>(entries_.size());
  entries_.insert(entries_.end(), parts.pool_entries.begin(), parts.pool_entries.end());
  entries_.insert(entries_.end(), zone_part.begin(), zone_part.end());
  entries_.insert(entries_.end(), variant_part.begin(), variant_part.end());
  std::sort(entries_.begin() + extent.begin, entries_.end(),
            [](const label_entry& lhs, const label_entry& rhs) { return lhs.key < rhs.key; });
  extent.count = static_cast<std::uint32_t>(entries_.size() - extent.begin);
}

}  // namespace dsb::gen::internal
