// assemble_cluster(): the builder loop (internal/assemble.hpp).
#include <array>
#include <optional>

#include "engine/gen/internal/assemble.hpp"
#include "engine/gen/internal/label_rows.hpp"
#include "engine/gen/internal/node_state.hpp"
#include "engine/gen/internal/platform_labels.hpp"
#include "engine/gen/internal/text.hpp"
#include "engine/gen/rng.hpp"
#include "engine/model/cluster_builder.hpp"

namespace dsb::gen::internal {
namespace {

// Interned facts shared by many nodes, filled on first use, in flat arrays indexed by
// pool (taints) and by variant_base_[pool] + variant (allocatable, extended resources).
class shared_ids {
 public:
  shared_ids(const cluster_facts& facts, const std::vector<pool_recipe>& recipes)
      : facts_(facts), recipes_(recipes), pool_taints_(recipes.size()), variant_base_(recipes.size()) {
    std::size_t variants = 0;
    for (std::size_t pool = 0; pool < recipes.size(); ++pool) {
      variant_base_[pool] = variants;
      variants += recipes[pool].variants.size();
    }
    variants_.resize(variants);
  }

  /// The pool's own taints; valid until the next call.
  std::span<const taint_id> pool_taints(cluster_builder& builder, std::uint32_t pool) {
    extent& taints = pool_taints_[pool];
    if (taints.count == NOT_BUILT) {
      taints.begin = static_cast<std::uint32_t>(taint_ids_.size());
      for (const taint_text& taint : recipes_[pool].taints) taint_ids_.push_back(builder.taint(taint.key, taint.value, taint.effect));
      taints.count = static_cast<std::uint32_t>(taint_ids_.size() - taints.begin);
    }
    return {taint_ids_.data() + taints.begin, taints.count};
  }

  /// Taint ids of a state; only the autoscaler states depend on the stamp.
  std::span<const taint_id> state_taints(cluster_builder& builder, node_state state, bool karpenter, std::uint32_t stamp) {
    const bool stamped = !karpenter && (state == node_state::deletion_candidate || state == node_state::to_be_deleted);
    const std::size_t slot = (static_cast<std::size_t>(state) * AUTOSCALER_STAMPS + (stamped ? stamp : 0)) * 2 + (karpenter ? 1 : 0);
    cached_taints& cached = state_taints_[slot];
    if (!cached.ready) {
      std::array<taint_text, 2> texts;
      cached.count = internal::state_taints(state, karpenter, facts_.snapshot_unix, stamp, texts);
      for (std::size_t idx = 0; idx < cached.count; ++idx) {
        cached.ids[idx] = builder.taint(texts[idx].key, texts[idx].value, texts[idx].effect);
      }
      cached.ready = true;
    }
    return {cached.ids.data(), cached.count};
  }

  struct variant_facts {
    node_resources allocatable;
    std::span<const extended_amount> extended;  ///< valid until the next call
  };

  variant_facts variant(cluster_builder& builder, std::uint32_t pool, std::uint32_t variant) {
    variant_entry& entry = variants_[variant_base_[pool] + variant];
    const variant_recipe& recipe = recipes_[pool].variants[variant];
    if (entry.extended.count == NOT_BUILT) {
      entry.allocatable = recipe.allocatable;
      entry.extended.begin = static_cast<std::uint32_t>(extended_.size());
      for (const extended_text& amount : recipe.extended) {
        extended_.push_back(extended_amount{builder.resource(amount.resource), amount.amount});
      }
      entry.extended.count = static_cast<std::uint32_t>(extended_.size() - entry.extended.begin);
    }
    return {entry.allocatable, {extended_.data() + entry.extended.begin, entry.extended.count}};
  }

  label_value_id rack_value(cluster_builder& builder, label_key_id key, std::uint32_t rack) {
    if (rack >= rack_values_.size()) rack_values_.resize(rack + 1, NO_ID<label_value_id>);
    if (rack_values_[rack] == NO_ID<label_value_id>) rack_values_[rack] = builder.value(key, "r" + to_decimal(rack, 2));
    return rack_values_[rack];
  }

 private:
  static constexpr std::uint32_t NOT_BUILT = 0xffffffffU;
  struct extent {
    std::uint32_t begin = 0;
    std::uint32_t count = NOT_BUILT;
  };
  struct variant_entry {
    node_resources allocatable;
    extent extended;
  };
  struct cached_taints {
    bool ready = false;
    std::size_t count = 0;
    std::array<taint_id, 2> ids{};
  };
  const cluster_facts& facts_;
  const std::vector<pool_recipe>& recipes_;
  std::vector<extent> pool_taints_;
  std::vector<taint_id> taint_ids_;
  std::array<cached_taints, NODE_STATE_COUNT * AUTOSCALER_STAMPS * 2> state_taints_{};
  std::vector<std::size_t> variant_base_;
  std::vector<variant_entry> variants_;
  std::vector<extended_amount> extended_;
  std::vector<label_value_id> rack_values_;
};

// The serial label value of node `number`: 16 hex digits of mix64(number ^ key), unique
// because mix64 is a bijection. Written into `buffer` (16 digits do not fit std::string's
// small buffer, and this runs once per node with a serial label).
std::string_view write_serial(std::uint64_t serial_key, std::uint32_t number, std::array<char, 16>& buffer) {
  char_writer writer(buffer.data(), buffer.size());
  writer.number(mix64(number ^ serial_key), 16, 16);
  return {buffer.data(), writer.length()};
}

}  // namespace

result<cluster> assemble_cluster(const cluster_facts& facts, const std::vector<pool_recipe>& recipes, const node_draws& drawn,
                                 std::uint64_t seed) {
  const std::size_t node_count = drawn.size();
  const std::span<const node_draw> draws = drawn.draws();
  const std::span<const name_slot> by_name = drawn.by_name();
  cluster_builder builder(node_count);
  label_rows rows(facts, recipes);
  shared_ids shared(facts, recipes);
  const label_key_id hostname_key = builder.key("kubernetes.io/hostname");
  std::optional<label_key_id> rack_key;
  std::optional<label_key_id> serial_key;
  std::optional<label_key_id> gfd_key;

  const std::uint64_t serial_key_word = derive_key(seed, stream::names, 0);
  std::array<char, 16> serial_buffer{};
  std::array<char, 24> number_buffer{};
  std::vector<label_entry> labels;
  std::vector<taint_id> taints;
  for (std::size_t rank = 0; rank < node_count; ++rank) {
    const name_slot& slot = by_name[rank];
    const node_draw& draw = draws[rank];
    const pool_recipe& recipe = recipes[draw.pool];
    const std::string_view name = slot.name();

    const auto shared_row = rows.row(builder, draw.pool, draw.zone, draw.variant);
    labels.assign(shared_row.begin(), shared_row.end());
    labels.push_back(label_entry{hostname_key, builder.value(hostname_key, name)});
    if ((draw.custom & CUSTOM_RACK) != 0) {
      if (!rack_key) rack_key = builder.key(RACK_KEY);
      labels.push_back(label_entry{*rack_key, shared.rack_value(builder, *rack_key, draw.rack)});
    }
    if ((draw.custom & CUSTOM_SERIAL) != 0) {
      if (!serial_key) serial_key = builder.key(SERIAL_KEY);
      labels.push_back(label_entry{*serial_key, builder.value(*serial_key, write_serial(serial_key_word, slot.node, serial_buffer))});
    }
    if (recipe.gfd_timestamp) {
      if (!gfd_key) gfd_key = builder.key(GFD_TIMESTAMP_KEY);
      char_writer stamp(number_buffer.data(), number_buffer.size());
      stamp.number(recipe.gfd_base + draw.gfd_offset);
      labels.push_back(label_entry{*gfd_key, builder.value(*gfd_key, std::string_view(number_buffer.data(), stamp.length()))});
    }

    const auto pool_taints = shared.pool_taints(builder, draw.pool);
    taints.assign(pool_taints.begin(), pool_taints.end());
    const auto extra = shared.state_taints(builder, draw.state, recipe.karpenter_disruption, draw.stamp);
    taints.insert(taints.end(), extra.begin(), extra.end());

    node_record record;
    record.name = name;
    record.labels = labels;
    record.taints = taints;
    record.unschedulable = draw.state == node_state::cordoned;
    record.conditions = conditions_for(draw.state);
    const auto variant = shared.variant(builder, draw.pool, draw.variant);
    record.allocatable = variant.allocatable;
    record.extended_allocatable = variant.extended;
    builder.add_node(record);
  }
  return std::move(builder).finish();
}

}  // namespace dsb::gen::internal
