// cluster: one snapshot of a Kubernetes cluster's nodes, ready for placement.
//
//   strings  every name, label key/value and taint key/value, interned once
//   nodes    struct-of-arrays node table (node_table.hpp)
//   labels   label index: key presence and value postings (label_index.hpp)
//   taints   taint index: interned taints and their postings (taint.hpp)
//
// Built by cluster_builder (from ingest or the generator); immutable afterwards except
// through the explicit mutation calls that incremental reconcile uses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>


#include "engine/model/fwd.hpp"
#include "engine/model/label_index.hpp"
#include "engine/model/node_table.hpp"
#include "engine/model/string_pool.hpp"
#include "engine/model/taint.hpp"

namespace dsb {

/// Bytes held by each part of a cluster model.
struct memory_report {
  std::size_t strings = 0;
  std::size_t node_columns = 0;
  std::size_t label_index = 0;
  std::size_t taint_index = 0;
  std::size_t name_index = 0;
  std::size_t total() const noexcept { return strings + node_columns + label_index + taint_index + name_index; }
  /// Everything but the string pool.
  std::size_t model() const noexcept { return node_columns + label_index + taint_index + name_index; }
};

/// Node by the string id of its name: one slot per interned string (NO_ID when the string
/// names no node), so that adding or removing a node is O(1) and a lookup is one load.
struct node_name_index {
  std::vector<node_id> by_string;

  std::optional<node_id> find(string_id name) const noexcept {
    const auto idx = to_index(name);
    if (idx >= by_string.size() || by_string[idx] == NO_ID<node_id>) return std::nullopt;
    return by_string[idx];
  }
  void set(string_id name, node_id node) {
    const auto idx = to_index(name);
    if (idx >= by_string.size()) by_string.resize(idx + 1, NO_ID<node_id>);
    by_string[idx] = node;
  }
  void erase(string_id name) noexcept {
    if (to_index(name) < by_string.size()) by_string[to_index(name)] = NO_ID<node_id>;
  }
  std::size_t memory_bytes() const noexcept { return by_string.capacity() * sizeof(node_id); }
};

struct cluster {
  string_pool strings;
  node_table nodes;
  label_index labels;
  taint_index taints;
  std::vector<string_id> resource_names;                         ///< resource_id -> name
  node_name_index node_by_name;                                  ///< name -> node

  std::size_t node_count() const noexcept { return nodes.size(); }
  std::string_view name(node_id node) const noexcept { return strings.view(nodes.names[to_index(node)]); }
  std::optional<node_id> find_node(std::string_view name) const noexcept;
  std::optional<label_key_id> find_label_key(std::string_view key) const noexcept;
  std::optional<label_value_id> find_label_value(label_key_id key, std::string_view value) const noexcept;
  std::optional<resource_id> find_resource(std::string_view name) const noexcept;
  /// The id of an extended resource name, registering it when new.
  resource_id intern_resource(std::string_view name);
  /// The node's value for `key`, if it carries the key.
  std::optional<label_value_id> label_of(node_id node, label_key_id key) const noexcept;
  std::string_view text(label_key_id key) const noexcept { return strings.view(labels.key(key).text); }
  std::string_view text(label_value_id value) const noexcept { return strings.view(labels.value(value).text); }

  memory_report memory() const noexcept;
};

/// Order-independent content hash of a cluster: nodes in order, each with its name,
/// labels as sorted (key, value) texts, taints in order, flags, conditions and resources.
/// Two clusters built from the same facts in any interning order have the same digest;
/// results JSON reports it as the input checksum.
std::uint64_t cluster_digest(const cluster& c);

/// A human-readable first difference between two clusters, or "" when they hold the
/// same facts (used by round-trip tests).
std::string first_difference(const cluster& lhs, const cluster& rhs);

}  // namespace dsb
