#include "engine/model/cluster_summary.hpp"

#include <algorithm>
#include <map>

namespace dsb {

cluster_summary summarize(const cluster& c) {
  cluster_summary out;
  out.nodes = c.node_count();
  out.unschedulable = c.nodes.unschedulable.count();
  out.label_values = c.labels.value_count();
  out.min_labels_per_node = out.nodes == 0 ? 0 : SIZE_MAX;
  for (std::uint32_t node_idx = 0; node_idx < out.nodes; ++node_idx) {
    const std::size_t count = c.nodes.labels.row(node_idx).size();
    out.label_occurrences += count;
    out.min_labels_per_node = std::min(out.min_labels_per_node, count);
    out.max_labels_per_node = std::max(out.max_labels_per_node, count);
    const node_conditions& conditions = c.nodes.conditions[node_idx];
    for (std::size_t cond = 0; cond < NODE_CONDITION_COUNT; ++cond) ++out.conditions[cond][static_cast<std::size_t>(conditions[cond])];
    out.allocatable_total.cpu_milli += c.nodes.cpu_allocatable_milli[node_idx];
    out.allocatable_total.memory_bytes += c.nodes.memory_allocatable_bytes[node_idx];
    out.allocatable_total.pods += c.nodes.pods_allocatable[node_idx];
    out.allocatable_total.ephemeral_storage_bytes += c.nodes.ephemeral_storage_allocatable_bytes[node_idx];
  }
  std::map<std::string_view, std::int64_t> extended;
  for (std::uint32_t node_idx = 0; node_idx < out.nodes; ++node_idx) {
    for (const extended_amount& amount : c.nodes.extended_allocatable.row(node_idx)) {
      extended[c.strings.view(c.resource_names[to_index(amount.resource)])] += amount.amount;
    }
  }
  out.extended_total.assign(extended.begin(), extended.end());

  for (std::uint32_t key_idx = 0; key_idx < c.labels.key_count(); ++key_idx) {
    const label_key_info& info = c.labels.key(make_id<label_key_id>(key_idx));
    label_key_summary summary;
    summary.key = c.strings.view(info.text);
    summary.nodes = info.presence.count();
    summary.values = 0;
    std::vector<std::pair<std::size_t, std::string_view>> by_count;
    for (label_value_id value : info.values) {
      const label_value_info& value_info = c.labels.value(value);
      if (value_info.count == 0) continue;
      ++summary.values;
      by_count.emplace_back(value_info.count, c.strings.view(value_info.text));
    }
    if (summary.nodes == 0) continue;
    const std::size_t top = std::min<std::size_t>(3, by_count.size());
    std::partial_sort(by_count.begin(), by_count.begin() + static_cast<std::ptrdiff_t>(top), by_count.end(),
                      [](const auto& lhs, const auto& rhs) { return lhs.first != rhs.first ? lhs.first > rhs.first : lhs.second < rhs.second; });
    for (std::size_t idx = 0; idx < top; ++idx) summary.top_values.emplace_back(by_count[idx].second, by_count[idx].first);
    out.keys.push_back(std::move(summary));
  }
  std::sort(out.keys.begin(), out.keys.end(), [](const auto& lhs, const auto& rhs) { return lhs.key < rhs.key; });

  for (std::uint32_t taint_idx = 0; taint_idx < c.taints.size(); ++taint_idx) {
    const auto taint = make_id<taint_id>(taint_idx);
    const taint_def& def = c.taints.def(taint);
    if (c.taints.count(taint) == 0) continue;
    out.taints.push_back(taint_summary{c.strings.view(def.key), c.strings.view(def.value), def.effect, c.taints.count(taint)});
  }
  std::sort(out.taints.begin(), out.taints.end(), [](const taint_summary& lhs, const taint_summary& rhs) {
    if (lhs.nodes != rhs.nodes) return lhs.nodes > rhs.nodes;
    return std::tie(lhs.key, lhs.value, lhs.effect) < std::tie(rhs.key, rhs.value, rhs.effect);
  });
  out.memory = c.memory();
  return out;
}

}  // namespace dsb
