#include "engine/model/cluster_builder.hpp"

#include <algorithm>
#include <numeric>

namespace dsb {
namespace {
std::uint64_t pack(label_key_id key, string_id text) noexcept {
  return (std::uint64_t{to_index(key)} << 32) | to_index(text);
}

// Fills `store` with one posting per id (dense or sparse by size) from per-node rows, in
// two passes: counts were taken by the caller; here a counting sort places sparse ids.
template <class RowIds>
std::vector<posting_handle> build_postings(posting_store& store, std::size_t node_count,
                                           const std::vector<std::uint32_t>& counts, RowIds&& row_ids) {
  const std::size_t id_count = counts.size();
  std::vector<bool> dense(id_count);
  std::vector<node_set> dense_sets(id_count);
  std::vector<std::size_t> sparse_offset(id_count + 1, 0);
  for (std::size_t id_idx = 0; id_idx < id_count; ++id_idx) {
    dense[id_idx] = posting_store::prefers_dense(counts[id_idx], node_count);
    if (dense[id_idx]) dense_sets[id_idx] = node_set(node_count);
    sparse_offset[id_idx + 1] = sparse_offset[id_idx] + (dense[id_idx] ? 0 : counts[id_idx]);
  }
  std::vector<node_id> sparse_ids(sparse_offset.back());
  std::vector<std::size_t> cursor(sparse_offset.begin(), sparse_offset.end() - 1);
  for (std::uint32_t node_idx = 0; node_idx < node_count; ++node_idx) {
    const auto node = make_id<node_id>(node_idx);
    row_ids(node_idx, [&](std::uint32_t id_idx) {
      if (dense[id_idx]) {
        dense_sets[id_idx].set(node);
      } else {
        sparse_ids[cursor[id_idx]++] = node;
      }
    });
  }
  std::vector<posting_handle> handles(id_count);
  for (std::size_t id_idx = 0; id_idx < id_count; ++id_idx) {
    handles[id_idx] = dense[id_idx]
                          ? store.add_dense(std::move(dense_sets[id_idx]))
                          : store.add_sparse(std::span<const node_id>(sparse_ids).subspan(sparse_offset[id_idx], counts[id_idx]));
  }
  return handles;
}
}  // namespace

cluster_builder::cluster_builder(std::size_t expected_nodes) {
  node_table& nodes = cluster_.nodes;
  nodes.names.reserve(expected_nodes);
  nodes.conditions.reserve(expected_nodes);
  nodes.cpu_allocatable_milli.reserve(expected_nodes);
  nodes.memory_allocatable_bytes.reserve(expected_nodes);
  nodes.pods_allocatable.reserve(expected_nodes);
  nodes.ephemeral_storage_allocatable_bytes.reserve(expected_nodes);
  nodes.labels.reserve(expected_nodes, expected_nodes * 32);  // ~30 labels per real node
  nodes.taints.reserve(expected_nodes, expected_nodes / 4);
  nodes.extended_allocatable.reserve(expected_nodes, expected_nodes / 8);
  cluster_.strings.reserve(expected_nodes + 4096);
  value_by_key_text_.reserve(expected_nodes + 4096);
}

label_key_id cluster_builder::key(std::string_view text, bool* created) {
  label_index& labels = cluster_.labels;
  const string_id id = cluster_.strings.intern(text);
  const auto found = labels.key_by_text_.find(id);
  if (created != nullptr) *created = found == labels.key_by_text_.end();
  if (found != labels.key_by_text_.end()) return found->second;
  const auto key = make_id<label_key_id>(labels.keys_.size());
  labels.keys_.push_back(label_key_info{id, {}, {}});
  labels.key_by_text_.emplace(id, key);
  return key;
}

label_value_id cluster_builder::value(label_key_id key, std::string_view text, bool* created) {
  label_index& labels = cluster_.labels;
  const string_id id = cluster_.strings.intern(text);
  const auto [slot, inserted] = value_by_key_text_.try_emplace(pack(key, id), make_id<label_value_id>(labels.values_.size()));
  if (created != nullptr) *created = inserted;
  if (inserted) {
    label_value_info info;
    info.key = key;
    info.text = id;
    if (const auto parsed = parse_go_int64(text)) {
      info.is_int64 = true;
      info.int64_value = *parsed;
    }
    labels.values_.push_back(info);
  }
  return slot->second;
}

taint_id cluster_builder::taint(std::string_view key, std::string_view value, taint_effect effect) {
  taint_index& taints = cluster_.taints;
  const taint_def def{cluster_.strings.intern(key), cluster_.strings.intern(value), effect};
  const taint_index::taint_tuple tuple{to_index(def.key), to_index(def.value), static_cast<std::uint8_t>(effect)};
  const auto found = taints.by_def_.find(tuple);
  if (found != taints.by_def_.end()) return found->second;
  const auto id = make_id<taint_id>(taints.defs_.size());
  taints.defs_.push_back(def);
  taints.by_def_.emplace(tuple, id);
  return id;
}

resource_id cluster_builder::resource(std::string_view name) { return cluster_.intern_resource(name); }

node_id cluster_builder::add_node(const node_record& record) {
  node_table& nodes = cluster_.nodes;
  const auto node = make_id<node_id>(nodes.names.size());
  nodes.names.push_back(cluster_.strings.intern(record.name));
  nodes.conditions.push_back(record.conditions);
  nodes.cpu_allocatable_milli.push_back(record.allocatable.cpu_milli);
  nodes.memory_allocatable_bytes.push_back(record.allocatable.memory_bytes);
  nodes.pods_allocatable.push_back(record.allocatable.pods);
  nodes.ephemeral_storage_allocatable_bytes.push_back(record.allocatable.ephemeral_storage_bytes);
  if (record.unschedulable) {
    nodes.unschedulable.resize(nodes.names.size());
    nodes.unschedulable.set(node);
  }
  scratch_labels_.assign(record.labels.begin(), record.labels.end());
  std::sort(scratch_labels_.begin(), scratch_labels_.end(),
            [](const label_entry& lhs, const label_entry& rhs) { return lhs.key < rhs.key; });
  assert(std::adjacent_find(scratch_labels_.begin(), scratch_labels_.end(), [](const label_entry& lhs, const label_entry& rhs) {
           return lhs.key == rhs.key;
         }) == scratch_labels_.end());
  scratch_values_.clear();
  for (const label_entry& entry : scratch_labels_) scratch_values_.push_back(entry.value);
  nodes.labels.push_row(scratch_values_);
  nodes.taints.push_row(record.taints);
  scratch_extended_.assign(record.extended_allocatable.begin(), record.extended_allocatable.end());
  std::sort(scratch_extended_.begin(), scratch_extended_.end(),
            [](const extended_amount& lhs, const extended_amount& rhs) { return lhs.resource < rhs.resource; });
  nodes.extended_allocatable.push_row(scratch_extended_);
  return node;
}

result<cluster> cluster_builder::finish() && {
  node_table& nodes = cluster_.nodes;
  const std::size_t node_count = nodes.names.size();
  nodes.unschedulable.resize(node_count);
  nodes.removed = node_set(node_count);
  nodes.cpu_requested_milli.assign(node_count, 0);
  nodes.memory_requested_bytes.assign(node_count, 0);
  nodes.pods_requested.assign(node_count, 0);
  nodes.ephemeral_storage_requested_bytes.assign(node_count, 0);
  for (std::size_t node_idx = 0; node_idx < node_count; ++node_idx) {
    nodes.extended_requested.push_row({});
    nodes.host_ports_in_use.push_row({});
  }

  // Node names: unique (Kubernetes object names are), sorted for lookup.
  std::vector<std::pair<string_id, node_id>> by_name(node_count);
  for (std::uint32_t node_idx = 0; node_idx < node_count; ++node_idx) by_name[node_idx] = {nodes.names[node_idx], make_id<node_id>(node_idx)};
  std::sort(by_name.begin(), by_name.end());
  for (std::size_t idx = 1; idx < by_name.size(); ++idx) {
    if (by_name[idx].first == by_name[idx - 1].first) {
      const std::string name(cluster_.strings.view(by_name[idx].first));
      return error{error_code::invalid_value, {}, "Node/" + name, "metadata.name",
                   {}, "duplicate node name \"" + name + "\" (nodes " + std::to_string(to_index(by_name[idx - 1].second)) +
                           " and " + std::to_string(to_index(by_name[idx].second)) + ")"};
    }
  }
  cluster_.node_by_name.by_string.assign(cluster_.strings.size(), NO_ID<node_id>);
  for (const auto& [name, node] : by_name) cluster_.node_by_name.set(name, node);

  // Label index: presence per key, counts and postings per value, values sorted per key.
  label_index& labels = cluster_.labels;
  labels.postings_ = posting_store(node_count);
  std::vector<std::uint32_t> value_counts(labels.values_.size(), 0);
  for (label_key_info& key : labels.keys_) key.presence = node_set(node_count);
  for (std::uint32_t node_idx = 0; node_idx < node_count; ++node_idx) {
    for (label_value_id value : nodes.labels.row(node_idx)) {
      ++value_counts[to_index(value)];
      labels.keys_[to_index(labels.values_[to_index(value)].key)].presence.set(make_id<node_id>(node_idx));
    }
  }
  const auto value_handles = build_postings(labels.postings_, node_count, value_counts, [&](std::uint32_t node_idx, auto&& emit) {
    for (label_value_id value : nodes.labels.row(node_idx)) emit(to_index(value));
  });
  for (std::uint32_t value_idx = 0; value_idx < labels.values_.size(); ++value_idx) {
    label_value_info& info = labels.values_[value_idx];
    info.count = value_counts[value_idx];
    info.posting = value_handles[value_idx];
    labels.keys_[to_index(info.key)].values.push_back(make_id<label_value_id>(value_idx));
  }
  for (label_key_info& key : labels.keys_) {
    std::sort(key.values.begin(), key.values.end(), [&labels](label_value_id lhs, label_value_id rhs) {
      return labels.values_[to_index(lhs)].text < labels.values_[to_index(rhs)].text;
    });
  }
  value_by_key_text_ = {};

  // Taint index.
  taint_index& taints = cluster_.taints;
  taints.postings_ = posting_store(node_count);
  taints.counts_.assign(taints.defs_.size(), 0);
  for (std::uint32_t node_idx = 0; node_idx < node_count; ++node_idx) {
    for (taint_id taint : nodes.taints.row(node_idx)) ++taints.counts_[to_index(taint)];
  }
  taints.handles_ = build_postings(taints.postings_, node_count, taints.counts_, [&](std::uint32_t node_idx, auto&& emit) {
    for (taint_id taint : nodes.taints.row(node_idx)) emit(to_index(taint));
  });
  return std::move(cluster_);
}

}  // namespace dsb
