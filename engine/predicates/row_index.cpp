#include "engine/predicates/row_index.hpp"

#include <algorithm>
#include <numeric>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace dsb::pred {

row_index build_row_index(const cluster& c) {
  row_index index;
  constexpr std::int32_t BUDGET = static_cast<std::int32_t>(row_index::MAX_WORDS * 64);
  std::int32_t next = 0;
  index.taint_bit.assign(c.taints.size(), row_index::NO_BIT);
  for (std::uint32_t taint_idx = 0; taint_idx < c.taints.size() && next < BUDGET; ++taint_idx) {
    const auto taint = make_id<taint_id>(taint_idx);
    if (c.taints.def(taint).effect != taint_effect::prefer_no_schedule && c.taints.count(taint) > 0) index.taint_bit[taint_idx] = next++;
  }
  index.key_bit.assign(c.labels.key_count(), row_index::NO_BIT);
  for (std::uint32_t key_idx = 0; key_idx < c.labels.key_count() && next < BUDGET; ++key_idx) index.key_bit[key_idx] = next++;
  index.value_bit.assign(c.labels.value_count(), row_index::NO_BIT);
  std::vector<std::uint32_t> by_count(c.labels.value_count());
  std::iota(by_count.begin(), by_count.end(), 0U);
  std::stable_sort(by_count.begin(), by_count.end(), [&c](std::uint32_t lhs, std::uint32_t rhs) {
    return c.labels.value(make_id<label_value_id>(lhs)).count > c.labels.value(make_id<label_value_id>(rhs)).count;
  });
  for (std::uint32_t value_idx : by_count) {
    if (next >= BUDGET || c.labels.value(make_id<label_value_id>(value_idx)).count < 2) break;
    index.value_bit[value_idx] = next++;
  }
  index.words_per_node = std::max<std::size_t>(1, (static_cast<std::size_t>(next) + 63) / 64);
  const std::size_t width = index.words_per_node;
  index.rows.assign(c.node_count() * width, 0);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, c.node_count(), 4096), [&](const tbb::blocked_range<std::size_t>& nodes) {
    for (std::size_t node_idx = nodes.begin(); node_idx < nodes.end(); ++node_idx) {
      std::uint64_t* row = index.rows.data() + node_idx * width;
      auto set_bit = [row](std::int32_t bit) {
        if (bit != row_index::NO_BIT) row[bit / 64] |= std::uint64_t{1} << (bit % 64);
      };
      for (label_value_id value : c.nodes.labels.row(node_idx)) {
        set_bit(index.key_bit[to_index(c.labels.value(value).key)]);
        set_bit(index.value_bit[to_index(value)]);
      }
      for (taint_id taint : c.nodes.taints.row(node_idx)) set_bit(index.taint_bit[to_index(taint)]);
    }
  });
  return index;
}

}  // namespace dsb::pred
