// draw_nodes(): per-node draws and names in parallel, then a name sort (internal/node_draws.hpp).
#include <algorithm>
#include <atomic>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include "engine/gen/internal/draws.hpp"
#include "engine/gen/internal/node_draws.hpp"
#include "engine/gen/internal/node_state.hpp"
#include "engine/gen/rng.hpp"

namespace dsb::gen::internal {
namespace {

constexpr std::uint32_t GRAIN = 4096;
constexpr std::uint32_t GFD_SPREAD_SECONDS = 3600;

// What the per-node loop needs of a pool, flattened.
struct pool_view {
  std::uint32_t first_node = 0;
  std::uint32_t end_node = 0;
  std::array<std::uint32_t, MAX_ZONES> zone_end{};  ///< cumulative nodes per zone, inside the pool
  std::vector<std::uint32_t> weights;                ///< variant weights
  const pool_recipe* recipe = nullptr;
};

std::vector<pool_view> make_views(const cluster_plan& plan, const std::vector<pool_recipe>& recipes) {
  std::vector<pool_view> views(plan.pools.size());
  for (std::size_t pool_idx = 0; pool_idx < plan.pools.size(); ++pool_idx) {
    const pool_plan& pool = plan.pools[pool_idx];
    pool_view& view = views[pool_idx];
    view.first_node = pool.first_node;
    view.end_node = pool.first_node + pool.size;
    std::uint32_t total = 0;
    for (std::size_t zone = 0; zone < MAX_ZONES; ++zone) view.zone_end[zone] = total += pool.zone_nodes[zone];
    for (const variant_recipe& variant : recipes[pool_idx].variants) view.weights.push_back(variant.weight);
    view.recipe = &recipes[pool_idx];
  }
  return views;
}

// Draws node `number` of pool `view` (see node_draws.hpp for the order of draws).
bool draw_node(const profile_def& profile, const pool_view& view, std::uint32_t pool_idx, std::uint32_t number,
               std::uint64_t seed, node_draw& draw, name_slot& slot) noexcept {
  const pool_recipe& recipe = *view.recipe;
  node_position position;
  position.number = number;
  position.in_pool = number - view.first_node;
  while (position.in_pool >= view.zone_end[position.zone]) ++position.zone;
  position.in_zone = position.in_pool - (position.zone == 0 ? 0 : view.zone_end[position.zone - 1]);

  xoshiro256ss rng = counter_rng(seed, stream::node, number);
  draw.pool = pool_idx;
  draw.zone = static_cast<std::uint8_t>(position.zone);
  draw.variant = static_cast<std::uint8_t>(view.weights.size() > 1 ? pick_weighted(rng, view.weights) : 0);
  draw.state = recipe.transient_states ? draw_state(rng, profile) : node_state::healthy;
  draw.stamp = static_cast<std::uint16_t>(uniform_below(rng, AUTOSCALER_STAMPS));
  draw.custom = 0;
  draw.rack = 0;
  if (recipe.per_node_custom) {
    // §8.3: per-node custom labels are 20% of Poisson(3): Poisson(0.6), at most rack + serial.
    const std::uint32_t count = std::min<std::uint32_t>(poisson(rng, POISSON_0_6), recipe.per_node_custom_max);
    const bool rack_first = chance_ppm(rng, 500'000);
    const auto cloud_rack = static_cast<std::uint32_t>(1 + uniform_below(rng, CLOUD_RACKS));
    if (recipe.rack_from_name) {  // kubeadm: every worker has its rack; serial by the draw
      draw.custom = static_cast<std::uint8_t>(CUSTOM_RACK | (count > 0 && recipe.per_node_custom_max > 1 ? CUSTOM_SERIAL : 0));
      draw.rack = onprem_rack(recipe.naming, number);
    } else {
      if (count == 2 || (count == 1 && rack_first)) draw.custom |= CUSTOM_RACK;
      if (count == 2 || (count == 1 && !rack_first)) draw.custom |= CUSTOM_SERIAL;
      draw.rack = (draw.custom & CUSTOM_RACK) != 0 ? cloud_rack : 0;
    }
  }
  draw.gfd_offset = static_cast<std::uint16_t>(recipe.gfd_timestamp ? uniform_below(rng, GFD_SPREAD_SECONDS) : 0);

  slot.text.fill('\0');
  const std::size_t length = write_node_name(recipe.naming, position, slot.text.data());
  slot.length = static_cast<std::uint8_t>(length);
  slot.node = number;
  return length > 0;
}

// Draws nodes [begin, end); returns false when a name did not fit.
bool draw_range(const profile_def& profile, const std::vector<pool_view>& views, std::uint32_t begin, std::uint32_t end,
                std::uint64_t seed, std::span<node_draw> draws, std::span<name_slot> slots) noexcept {
  auto pool = std::upper_bound(views.begin(), views.end(), begin,
                               [](std::uint32_t number, const pool_view& view) { return number < view.end_node; });
  bool fit = true;
  for (std::uint32_t number = begin; number < end; ++number) {
    while (number >= pool->end_node) ++pool;
    const auto pool_idx = static_cast<std::uint32_t>(pool - views.begin());
    fit &= draw_node(profile, *pool, pool_idx, number, seed, draws[number], slots[number]);
  }
  return fit;
}

}  // namespace

node_draws draw_nodes(const profile_def& profile, const cluster_plan& plan, const std::vector<pool_recipe>& recipes,
                      std::uint64_t seed, execution mode) {
  const std::vector<pool_view> views = make_views(plan, recipes);
  node_draws out(plan.nodes);
  const std::span<node_draw> draws = out.mutable_draws();
  const std::span<name_slot> slots = out.mutable_by_name();
  std::unique_ptr<node_draw[]> ordered(new node_draw[plan.nodes]);
  auto gather = [&](std::uint32_t begin, std::uint32_t end) {
    for (std::uint32_t rank = begin; rank < end; ++rank) ordered[rank] = draws[slots[rank].node];
  };
  if (mode == execution::serial) {
    out.names_fit = draw_range(profile, views, 0, plan.nodes, seed, draws, slots);
    std::sort(slots.begin(), slots.end(), name_less);
    gather(0, plan.nodes);
  } else {
    std::atomic<bool> fit{true};
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, plan.nodes, GRAIN), [&](const tbb::blocked_range<std::uint32_t>& range) {
      if (!draw_range(profile, views, range.begin(), range.end(), seed, draws, slots)) fit.store(false, std::memory_order_relaxed);
    });
    out.names_fit = fit.load();
    tbb::parallel_sort(slots.begin(), slots.end(), name_less);
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, plan.nodes, GRAIN),
                      [&](const tbb::blocked_range<std::uint32_t>& range) { gather(range.begin(), range.end()); });
  }
  out.replace_draws(std::move(ordered));
  return out;
}

}  // namespace dsb::gen::internal
