// cluster_builder: the one way to make a cluster (ingest and the generator both use it).
//
// Usage: intern keys, values, taints and resources as they are met; add nodes in order;
// `finish()` builds the column indexes (presence sets and postings) in two passes over
// the rows: count per value, then fill dense or sparse postings.
// Cost: add_node is O(labels log labels); finish is O(N + label occurrences).
#pragma once

#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/model/cluster.hpp"
#include "engine/model/error.hpp"

namespace dsb {

/// One node's facts as ingest or the generator found them. Views are copied by add_node.
struct node_record {
  std::string_view name;
  std::span<const label_entry> labels;      ///< any order; one entry per key
  std::span<const taint_id> taints;         ///< spec.taints order
  bool unschedulable = false;
  node_conditions conditions{};
  node_resources allocatable;
  std::span<const extended_amount> extended_allocatable;
};

class cluster_builder {
 public:
  explicit cluster_builder(std::size_t expected_nodes = 0);

  string_pool& strings() noexcept { return cluster_.strings; }
  /// Interns a label key; `*created` (optional) tells whether it is new.
  label_key_id key(std::string_view text, bool* created = nullptr);
  /// Interns key=value; `*created` (optional) tells whether the pair is new.
  label_value_id value(label_key_id key, std::string_view text, bool* created = nullptr);
  /// The interned text of a key or value (stable for the builder's and the cluster's life).
  std::string_view text(label_key_id key) const noexcept { return cluster_.strings.view(cluster_.labels.keys_[to_index(key)].text); }
  std::string_view text(label_value_id value) const noexcept { return cluster_.strings.view(cluster_.labels.values_[to_index(value)].text); }
  taint_id taint(std::string_view key, std::string_view value, taint_effect effect);
  resource_id resource(std::string_view name);

  /// Adds a node; its labels are sorted by key id. Duplicate keys are a caller bug (assert).
  node_id add_node(const node_record& record);
  std::size_t node_count() const noexcept { return cluster_.nodes.size(); }

  /// Builds the indexes. Fails (naming the node) when two nodes share a name.
  result<cluster> finish() &&;

 private:
  cluster cluster_;
  std::unordered_map<std::uint64_t, label_value_id> value_by_key_text_;
  std::vector<label_entry> scratch_labels_;
  std::vector<label_value_id> scratch_values_;
  std::vector<extended_amount> scratch_extended_;
};

}  // namespace dsb
