// Node decoding, streamed straight into a cluster_builder: strings are interned as they
// are met, per-node lists go through reused scratch vectors, nothing is allocated per node
// beyond what the model keeps.
#pragma once

#include <algorithm>
#include <vector>

#include "engine/io/internal/decode_common.hpp"
#include "engine/model/cluster_builder.hpp"
#include "engine/model/resources.hpp"

namespace dsb::io::internal {

struct node_scratch {
  std::vector<label_entry> labels;
  std::vector<taint_id> taints;
  std::vector<std::pair<std::string_view, taint_effect>> taint_keys;
  std::vector<extended_amount> extended;
  std::vector<extended_amount> capacity_extended;
  bool had_kind = false;  ///< the last decoded node carried a "kind" field
  /// Label cache by position in the node's label object: nodes of one pool list the same
  /// keys in the same order, so most labels resolve with two short compares instead of
  /// two hash lookups. Views point into the cluster's string pool (stable).
  struct cached_label {
    std::string_view key_text;
    label_key_id key{};
    std::string_view value_text;
    label_value_id value{};
  };
  std::vector<cached_label> label_cache;
};

/// Interns one label through the position cache; syntax is validated (strict mode) only
/// when the key or the key=value pair is new to the cluster, so each distinct text is
/// checked once, not once per node.
template <class Node>
label_entry intern_label(decode_ctx& ctx, cluster_builder& builder, node_scratch& scratch, std::size_t position,
                         std::string_view key_text, std::string_view value_text, const Node& value_node) {
  if (position >= scratch.label_cache.size()) scratch.label_cache.resize(position + 1);
  node_scratch::cached_label& cached = scratch.label_cache[position];
  if (cached.key_text != key_text || cached.key_text.data() == nullptr) {
    bool created = false;
    cached.key = builder.key(key_text, &created);
    if (created) check_label_key(ctx, key_text, value_node.location());
    cached.key_text = builder.text(cached.key);
    cached.value_text = {};
  }
  if (cached.value_text != value_text || cached.value_text.data() == nullptr) {
    bool created = false;
    cached.value = builder.value(cached.key, value_text, &created);
    if (created) check_label_value(ctx, value_text, value_node.location());
    cached.value_text = builder.text(cached.value);
  }
  return label_entry{cached.key, cached.value};
}

/// Adds a resource amount to `resources`/`extended` by the scheduler's classification.
inline void add_node_resource(cluster_builder& builder, std::string_view name, const quantity& amount,
                              node_resources& resources, std::vector<extended_amount>& extended) {
  switch (classify_resource(name)) {
    case resource_kind::cpu: resources.cpu_milli = amount.milli_value(); break;
    case resource_kind::memory: resources.memory_bytes = amount.value(); break;
    case resource_kind::ephemeral_storage: resources.ephemeral_storage_bytes = amount.value(); break;
    case resource_kind::pods: resources.pods = amount.value(); break;
    case resource_kind::scalar: extended.push_back(extended_amount{builder.resource(name), amount.value()}); break;
    case resource_kind::ignored: break;
  }
}

template <class Node>
void decode_node_resources(decode_ctx& ctx, cluster_builder& builder, const Node& node, node_resources& resources,
                           std::vector<extended_amount>& extended) {
  for_each_field(ctx, node, [&](std::string_view name, const Node& child) {
    const quantity amount = read_quantity(ctx, child);
    if (amount.negative() && ctx.strict()) ctx.fail(error_code::invalid_value, "must be greater than or equal to 0", child.location());
    add_node_resource(builder, name, amount, resources, extended);
  });
}

template <class Node>
void decode_node_condition(decode_ctx& ctx, const Node& node, node_conditions& conditions) {
  std::string_view type;
  std::string_view status;
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "type") type = read_string(ctx, child);
    else if (key == "status") status = read_string(ctx, child);
  });
  condition_status value = condition_status::unknown;
  if (status == "True") value = condition_status::true_;
  else if (status == "False") value = condition_status::false_;
  else if (status != "Unknown" && ctx.strict()) {
    path_guard guard(ctx, "status");
    ctx.fail(error_code::invalid_value, "condition status must be True, False or Unknown, got \"" + std::string(status) + "\"", node.location());
  }
  for (std::size_t idx = 0; idx < NODE_CONDITION_COUNT; ++idx) {
    if (type == to_string(static_cast<node_condition>(idx))) conditions[idx] = value;
  }
}

template <class Node>
void decode_taint(decode_ctx& ctx, const Node& node, cluster_builder& builder, node_scratch& scratch) {
  std::string_view key;
  std::string_view value;
  std::string_view effect_text;
  for_each_field(ctx, node, [&](std::string_view field, const Node& child) {
    if (field == "key") key = read_string(ctx, child);
    else if (field == "value") value = read_string(ctx, child);
    else if (field == "effect") effect_text = read_string(ctx, child);
  });
  const auto effect = parse_taint_effect(effect_text);
  if (!effect) {
    path_guard guard(ctx, "effect");
    ctx.fail(effect_text.empty() ? error_code::missing_field : error_code::invalid_value,
             effect_text.empty() ? std::string("taint effect is required")
                                 : "unsupported taint effect \"" + std::string(effect_text) + "\" (NoSchedule, PreferNoSchedule or NoExecute)",
             node.location());
  }
  if (ctx.strict()) {
    path_guard guard(ctx, "key");
    if (key.empty()) ctx.fail(error_code::missing_field, "taint key is required", node.location());
    if (!is_label_key(key)) check_label_key(ctx, key, node.location(), "taint key");
  }
  if (ctx.strict()) {
    path_guard guard(ctx, "value");
    if (!is_label_value(value)) check_label_value(ctx, value, node.location(), "taint value");
  }
  // validateNodeTaints: taints are unique by (key, effect).
  for (const auto& [seen_key, seen_effect] : scratch.taint_keys) {
    if (seen_key == key && seen_effect == *effect) {
      ctx.fail(error_code::invalid_value, "duplicate taint " + std::string(key) + ":" + std::string(effect_text) + " (taints must be unique by key and effect)", node.location());
    }
  }
  scratch.taint_keys.emplace_back(key, *effect);
  const taint_id taint = builder.taint(key, value, *effect);
  scratch.taints.push_back(taint);
}

/// Decodes one Node into `builder`. Strict mode validates the name (DNS-1123 subdomain),
/// label and taint syntax, and non-negative allocatable.
template <class Node>
void decode_node(decode_ctx& ctx, const Node& node, cluster_builder& builder, node_scratch& scratch) {
  scratch.labels.clear();
  scratch.taints.clear();
  scratch.taint_keys.clear();
  scratch.extended.clear();
  scratch.capacity_extended.clear();
  node_record record;
  node_resources capacity;
  bool has_allocatable = false;
  std::string_view name;
  for (auto& condition : record.conditions) condition = condition_status::absent;

  scratch.had_kind = false;
  for_each_field(ctx, node, [&](std::string_view section, const Node& body) {
    if (section == "kind") {
      const std::string_view kind = read_string(ctx, body);
      scratch.had_kind = !kind.empty();
      if (!kind.empty() && kind != "Node") ctx.fail(error_code::unsupported, "expected kind Node, got " + std::string(kind), body.location());
    } else if (section == "metadata") {
      for_each_field(ctx, body, [&](std::string_view key, const Node& child) {
        if (key == "name") {
          name = read_string(ctx, child);
          ctx.name_object(name);
        } else if (key == "labels") {
          for_each_field(ctx, child, [&](std::string_view label_key, const Node& label_value_node) {
            const std::string_view label_value = read_string(ctx, label_value_node);
            scratch.labels.push_back(intern_label(ctx, builder, scratch, scratch.labels.size(), label_key, label_value, label_value_node));
          });
        }
      });
    } else if (section == "spec") {
      for_each_field(ctx, body, [&](std::string_view key, const Node& child) {
        if (key == "unschedulable") {
          record.unschedulable = read_bool(ctx, child);
        } else if (key == "taints") {
          for_each_item(ctx, child, [&](std::size_t, const Node& item) { decode_taint(ctx, item, builder, scratch); });
        }
      });
    } else if (section == "status") {
      for_each_field(ctx, body, [&](std::string_view key, const Node& child) {
        if (key == "allocatable") {
          has_allocatable = !is_null(child);
          decode_node_resources(ctx, builder, child, record.allocatable, scratch.extended);
        } else if (key == "capacity") {
          decode_node_resources(ctx, builder, child, capacity, scratch.capacity_extended);
        } else if (key == "conditions") {
          for_each_item(ctx, child, [&](std::size_t, const Node& item) { decode_node_condition(ctx, item, record.conditions); });
        }
      });
    }
  });

  if (ctx.strict()) {
    path_guard guard(ctx, "metadata");
    path_guard field(ctx, "name");
    if (name.empty()) ctx.fail(error_code::missing_field, "node name is required", node.location());
    if (std::string problem = dns1123_subdomain_problem(name); !problem.empty()) {
      ctx.fail(error_code::invalid_value, "invalid node name \"" + std::string(name) + "\": " + problem, node.location());
    }
  }
  // Duplicate label keys (a JSON object with the key twice).
  std::sort(scratch.labels.begin(), scratch.labels.end(), [](const label_entry& lhs, const label_entry& rhs) { return lhs.key < rhs.key; });
  const auto duplicate = std::adjacent_find(scratch.labels.begin(), scratch.labels.end(),
                                            [](const label_entry& lhs, const label_entry& rhs) { return lhs.key == rhs.key; });
  if (duplicate != scratch.labels.end()) {
    path_guard guard(ctx, "metadata");
    path_guard field(ctx, "labels");
    ctx.fail(error_code::invalid_value, "duplicate label key", node.location());
  }
  // SetDefaults_NodeStatus: allocatable defaults to capacity when absent.
  if (!has_allocatable) {
    record.allocatable = capacity;
    scratch.extended.swap(scratch.capacity_extended);
  }
  record.name = name;
  record.labels = scratch.labels;
  record.taints = scratch.taints;
  record.extended_allocatable = scratch.extended;
  builder.add_node(record);
}

}  // namespace dsb::io::internal
