#include "engine/model/cluster_edit.hpp"

#include <algorithm>
#include <cassert>

#include "engine/model/cluster_builder.hpp"
#include "engine/model/label_index.hpp"

namespace dsb {

node_spec node_spec::of(const cluster& c, node_id node) {
  node_spec spec;
  spec.name = std::string(c.name(node));
  for (label_value_id value : c.nodes.labels.row(to_index(node))) {
    spec.labels.emplace_back(std::string(c.text(c.labels.value(value).key)), std::string(c.text(value)));
  }
  for (taint_id taint : c.nodes.taints.row(to_index(node))) {
    const taint_def& def = c.taints.def(taint);
    spec.taints.emplace_back(std::string(c.strings.view(def.key)), std::string(c.strings.view(def.value)), def.effect);
  }
  spec.unschedulable = c.nodes.unschedulable.test(node);
  spec.conditions = c.nodes.conditions[to_index(node)];
  spec.allocatable = c.nodes.allocatable(node);
  for (const extended_amount& amount : c.nodes.extended_allocatable.row(to_index(node))) {
    spec.extended.emplace_back(std::string(c.strings.view(c.resource_names[to_index(amount.resource)])), amount.amount);
  }
  return spec;
}

result<cluster> build_cluster(std::span<const node_spec> specs) {
  cluster_builder builder(specs.size());
  std::vector<label_entry> labels;
  std::vector<taint_id> taints;
  std::vector<extended_amount> extended;
  for (const node_spec& spec : specs) {
    labels.clear();
    taints.clear();
    extended.clear();
    for (const auto& [key_text, value_text] : spec.labels) {
      const label_key_id key = builder.key(key_text);
      labels.push_back({key, builder.value(key, value_text)});
    }
    for (const auto& [key, value, effect] : spec.taints) taints.push_back(builder.taint(key, value, effect));
    for (const auto& [name, amount] : spec.extended) extended.push_back({builder.resource(name), amount});
    node_record record;
    record.name = spec.name;
    record.labels = labels;
    record.taints = taints;
    record.unschedulable = spec.unschedulable;
    record.conditions = spec.conditions;
    record.allocatable = spec.allocatable;
    record.extended_allocatable = extended;
    builder.add_node(record);
  }
  return std::move(builder).finish();
}

namespace {

// Interns key=value after the build, keeping the per-key value list sorted by text id.
label_value_id intern_value(label_index& labels, string_pool& strings, label_key_id key, std::string_view text, bool& created,
                            std::vector<label_value_info>& values, std::vector<label_key_info>& keys, posting_store& postings) {
  const string_id id = strings.intern(text);
  if (const auto found = labels.find_value(key, id)) {
    created = false;
    return *found;
  }
  created = true;
  label_value_info info;
  info.key = key;
  info.text = id;
  if (const auto parsed = parse_go_int64(text)) {
    info.is_int64 = true;
    info.int64_value = *parsed;
  }
  info.posting = postings.add_sparse({});
  const auto value = make_id<label_value_id>(values.size());
  values.push_back(info);
  auto& list = keys[to_index(key)].values;
  list.insert(std::lower_bound(list.begin(), list.end(), id, [&values](label_value_id lhs, string_id wanted) { return values[to_index(lhs)].text < wanted; }),
              value);
  return value;
}

}  // namespace

node_row node_row::of(const cluster& c, node_id node) {
  node_row row;
  const auto idx = to_index(node);
  row.labels.assign(c.nodes.labels.row(idx).begin(), c.nodes.labels.row(idx).end());
  row.taints.assign(c.nodes.taints.row(idx).begin(), c.nodes.taints.row(idx).end());
  row.unschedulable = c.nodes.unschedulable.test(node);
  row.conditions = c.nodes.conditions[idx];
  row.allocatable = c.nodes.allocatable(node);
  row.extended.assign(c.nodes.extended_allocatable.row(idx).begin(), c.nodes.extended_allocatable.row(idx).end());
  return row;
}

node_row cluster_editor::resolve(cluster& c, const node_spec& spec, node_delta* created) {
  label_index& labels = c.labels;
  taint_index& taints = c.taints;
  node_row row;
  for (const auto& [key_text, value_text] : spec.labels) {
    const string_id key_string = c.strings.intern(key_text);
    auto key = labels.find_key(key_string);
    if (!key) {
      key = make_id<label_key_id>(labels.keys_.size());
      labels.keys_.push_back(label_key_info{key_string, node_set(c.nodes.size()), {}});
      labels.key_by_text_.emplace(key_string, *key);
    }
    bool is_new = false;
    row.labels.push_back(intern_value(labels, c.strings, *key, value_text, is_new, labels.values_, labels.keys_, labels.postings_));
    if (is_new && created) created->keys_with_new_values.push_back(*key);
  }
  std::sort(row.labels.begin(), row.labels.end(), [&labels](label_value_id lhs, label_value_id rhs) {
    return labels.values_[to_index(lhs)].key < labels.values_[to_index(rhs)].key;
  });
  for (const auto& [key, value, effect] : spec.taints) {
    const taint_def def{c.strings.intern(key), c.strings.intern(value), effect};
    auto taint = taints.find(def.key, def.value, effect);
    if (!taint) {
      taint = make_id<taint_id>(taints.defs_.size());
      taints.defs_.push_back(def);
      taints.by_def_.emplace(taint_index::taint_tuple{to_index(def.key), to_index(def.value), static_cast<std::uint8_t>(effect)}, *taint);
      taints.counts_.push_back(0);
      taints.handles_.push_back(taints.postings_.add_sparse({}));
    }
    row.taints.push_back(*taint);
  }
  row.unschedulable = spec.unschedulable;
  row.conditions = spec.conditions;
  row.allocatable = spec.allocatable;
  for (const auto& [name, amount] : spec.extended) row.extended.push_back(extended_amount{c.intern_resource(name), amount});
  std::sort(row.extended.begin(), row.extended.end(), [](const extended_amount& lhs, const extended_amount& rhs) { return lhs.resource < rhs.resource; });
  return row;
}

node_delta cluster_editor::update_node(cluster& c, node_id node, const node_spec& spec) {
  node_delta created;
  const node_row row = resolve(c, spec, &created);
  node_delta delta = update_node_row(c, node, row);
  delta.keys_with_new_values = std::move(created.keys_with_new_values);
  return delta;
}

node_delta cluster_editor::update_node_row(cluster& c, node_id node, const node_row& row) {
  node_delta delta;
  delta.node = node;
  node_table& nodes = c.nodes;
  label_index& labels = c.labels;
  taint_index& taints = c.taints;
  const auto idx = to_index(node);

  // Labels: both rows are sorted by key id; merge them, reading a value's key (a load from
  // the value table) only where the two rows differ.
  const std::span<const label_value_id> fresh = row.labels;
  assert(std::is_sorted(fresh.begin(), fresh.end(), [&labels](label_value_id lhs, label_value_id rhs) {
    return labels.values_[to_index(lhs)].key < labels.values_[to_index(rhs)].key;
  }));
  const auto old = nodes.labels.row(idx);
  if (!std::equal(old.begin(), old.end(), fresh.begin(), fresh.end())) {
    auto key_of = [&labels](label_value_id value) { return labels.values_[to_index(value)].key; };
    auto note = [&delta](label_key_id key) {
      if (delta.changed_keys.empty() || !(delta.changed_keys.back() == key)) delta.changed_keys.push_back(key);
    };
    auto drop = [&](label_value_id value) {
      label_value_info& info = labels.values_[to_index(value)];
      labels.postings_.erase(info.posting, node);
      --info.count;
      labels.keys_[to_index(info.key)].presence.reset(node);
      note(info.key);
    };
    auto put = [&](label_value_id value) {
      label_value_info& info = labels.values_[to_index(value)];
      labels.postings_.insert(info.posting, node);
      ++info.count;
      labels.keys_[to_index(info.key)].presence.set(node);
      note(info.key);
    };
    std::size_t old_idx = 0;
    std::size_t new_idx = 0;
    while (old_idx < old.size() || new_idx < fresh.size()) {
      if (old_idx < old.size() && new_idx < fresh.size() && old[old_idx] == fresh[new_idx]) {
        ++old_idx;
        ++new_idx;
      } else if (new_idx == fresh.size()) {
        drop(old[old_idx++]);
      } else if (old_idx == old.size()) {
        put(fresh[new_idx++]);
      } else if (key_of(old[old_idx]) < key_of(fresh[new_idx])) {
        drop(old[old_idx++]);
      } else if (key_of(fresh[new_idx]) < key_of(old[old_idx])) {
        put(fresh[new_idx++]);
      } else {  // same key, another value
        drop(old[old_idx++]);
        put(fresh[new_idx++]);
      }
    }
    nodes.labels.assign(idx, fresh);
  }

  // Taints: spec order kept.
  const auto old_taints = nodes.taints.row(idx);
  if (!std::equal(old_taints.begin(), old_taints.end(), row.taints.begin(), row.taints.end())) {
    for (taint_id taint : old_taints) {
      if (std::find(row.taints.begin(), row.taints.end(), taint) != row.taints.end()) continue;
      taints.postings_.erase(taints.handles_[to_index(taint)], node);  // the handle may become dense
      --taints.counts_[to_index(taint)];
      delta.changed_taints.push_back(taint);
    }
    for (taint_id taint : row.taints) {
      if (std::find(old_taints.begin(), old_taints.end(), taint) != old_taints.end()) continue;
      taints.postings_.insert(taints.handles_[to_index(taint)], node);
      ++taints.counts_[to_index(taint)];
      delta.changed_taints.push_back(taint);
    }
    delta.taint_order_changed = delta.changed_taints.empty();
    nodes.taints.assign(idx, row.taints);
  }

  if (nodes.unschedulable.test(node) != row.unschedulable) {
    nodes.unschedulable.assign(node, row.unschedulable);
    delta.unschedulable_changed = true;
  }
  if (nodes.conditions[idx] != row.conditions) {
    nodes.conditions[idx] = row.conditions;
    delta.conditions_changed = true;
  }
  const auto old_extended = nodes.extended_allocatable.row(idx);
  if (!(nodes.allocatable(node) == row.allocatable) || !std::equal(old_extended.begin(), old_extended.end(), row.extended.begin(), row.extended.end())) {
    nodes.cpu_allocatable_milli[idx] = row.allocatable.cpu_milli;
    nodes.memory_allocatable_bytes[idx] = row.allocatable.memory_bytes;
    nodes.pods_allocatable[idx] = row.allocatable.pods;
    nodes.ephemeral_storage_allocatable_bytes[idx] = row.allocatable.ephemeral_storage_bytes;
    nodes.extended_allocatable.assign(idx, row.extended);
    delta.resources_changed = true;
  }
  return delta;
}

node_delta cluster_editor::add_node(cluster& c, const node_spec& spec) {
  node_table& nodes = c.nodes;
  const auto node = make_id<node_id>(nodes.size());
  const std::size_t size = nodes.size() + 1;
  const string_id name = c.strings.intern(spec.name);
  nodes.names.push_back(name);
  nodes.conditions.push_back(node_conditions{});
  nodes.cpu_allocatable_milli.push_back(0);
  nodes.memory_allocatable_bytes.push_back(0);
  nodes.pods_allocatable.push_back(0);
  nodes.ephemeral_storage_allocatable_bytes.push_back(0);
  nodes.cpu_requested_milli.push_back(0);
  nodes.memory_requested_bytes.push_back(0);
  nodes.pods_requested.push_back(0);
  nodes.ephemeral_storage_requested_bytes.push_back(0);
  nodes.labels.push_row({});
  nodes.taints.push_row({});
  nodes.extended_allocatable.push_row({});
  nodes.extended_requested.push_row({});
  nodes.host_ports_in_use.push_row({});
  nodes.unschedulable.resize(size);
  nodes.removed.resize(size);
  for (label_key_info& key : c.labels.keys_) key.presence.resize(size);
  c.labels.postings_.resize(size);
  c.taints.postings_.resize(size);
  c.node_by_name.set(name, node);
  node_delta delta = update_node(c, node, spec);
  delta.added = true;
  return delta;
}

void cluster_editor::reserve_nodes(cluster& c, std::size_t node_count) {
  node_table& nodes = c.nodes;
  if (node_count <= nodes.size()) return;
  nodes.names.reserve(node_count);
  nodes.conditions.reserve(node_count);
  for (auto* column : {&nodes.cpu_allocatable_milli, &nodes.memory_allocatable_bytes, &nodes.pods_allocatable, &nodes.ephemeral_storage_allocatable_bytes,
                       &nodes.cpu_requested_milli, &nodes.memory_requested_bytes, &nodes.pods_requested, &nodes.ephemeral_storage_requested_bytes}) {
    column->reserve(node_count);
  }
  // Span tables: room for the new rows at the current average entries per row.
  const auto reserve_spans = [&](auto& table) {
    const std::size_t rows = table.row_count();
    const std::size_t per_row = rows == 0 ? 0 : (table.entry_count() + rows - 1) / rows;
    table.reserve(node_count, table.entry_count() + (node_count - rows) * per_row);
  };
  reserve_spans(nodes.labels);
  reserve_spans(nodes.taints);
  reserve_spans(nodes.extended_allocatable);
  reserve_spans(nodes.extended_requested);
  reserve_spans(nodes.host_ports_in_use);
  nodes.unschedulable.reserve(node_count);
  nodes.removed.reserve(node_count);
  for (label_key_info& key : c.labels.keys_) key.presence.reserve(node_count);
  c.labels.postings_.reserve(node_count);
  c.taints.postings_.reserve(node_count);
}

node_delta cluster_editor::remove_node(cluster& c, node_id node) {
  node_spec empty;
  empty.name = std::string(c.name(node));
  for (auto& condition : empty.conditions) condition = condition_status::absent;
  node_delta delta = update_node(c, node, empty);
  if (!c.nodes.removed.test(node)) ++c.nodes.removed_count;
  c.nodes.removed.set(node);
  c.node_by_name.erase(c.nodes.names[to_index(node)]);
  delta.removed = true;
  return delta;
}

}  // namespace dsb
