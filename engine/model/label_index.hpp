// label_index: node labels in column orientation (value -> nodes) plus per-node rows.
//
// Every label key and every (key, value) pair is interned once per cluster:
//   keys_[key]      text, presence (node_set of nodes that carry the key, any value),
//                   the key's values sorted by their text's string_id (for lookup)
//   values_[value]  key, text, member count, posting handle (dense or sparse, see
//                   posting_store), and the value parsed as a Go int64 when it is one
//                   (node-affinity Gt/Lt compare those; parsed once here, not per node)
//   rows (node_table::labels) node -> (key, value) entries sorted by key id
//
// Lookups by text go through the cluster's string_pool: a text that was never interned
// names no key or value, so its node set is empty. Cost: presence = N/8 bytes per key;
// postings at most 4 bytes per label occurrence.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <boost/container/flat_map.hpp>

#include "engine/model/fwd.hpp"
#include "engine/model/node_set.hpp"
#include "engine/model/posting_store.hpp"
#include "engine/model/string_pool.hpp"

namespace dsb {

/// One label on one node as a (key, value) pair (builder input; node rows store the value id).
struct label_entry {
  label_key_id key;
  label_value_id value;
  friend bool operator==(const label_entry&, const label_entry&) = default;
};

struct label_key_info {
  string_id text;
  node_set presence;                          ///< nodes that carry this key
  std::vector<label_value_id> values;         ///< sorted by the value text's string_id
};

struct label_value_info {
  label_key_id key;
  string_id text;
  std::uint32_t count = 0;                    ///< nodes carrying key=value
  posting_handle posting{};
  bool is_int64 = false;                      ///< text parses with Go strconv.ParseInt(text, 10, 64)
  std::int64_t int64_value = 0;
};

class label_index {
 public:
  label_index() = default;

  std::size_t key_count() const noexcept { return keys_.size(); }
  std::size_t value_count() const noexcept { return values_.size(); }
  const label_key_info& key(label_key_id id) const noexcept { return keys_[to_index(id)]; }
  const label_value_info& value(label_value_id id) const noexcept { return values_[to_index(id)]; }
  const posting_store& postings() const noexcept { return postings_; }

  std::optional<label_key_id> find_key(string_id text) const noexcept;
  std::optional<label_value_id> find_value(label_key_id key, string_id text) const noexcept;

  /// nodes with key=value, or empty when either is unknown.
  bool value_contains(label_value_id value, node_id node) const noexcept {
    return postings_.contains(values_[to_index(value)].posting, node);
  }
  void value_or_into(label_value_id value, node_set& target) const noexcept {
    postings_.or_into(values_[to_index(value)].posting, target);
  }

  std::size_t memory_bytes() const noexcept;

 private:
  friend class cluster_builder;
  friend class cluster_editor;
  std::vector<label_key_info> keys_;
  std::vector<label_value_info> values_;
  boost::container::flat_map<string_id, label_key_id> key_by_text_;
  posting_store postings_;
};

/// Go strconv.ParseInt(text, 10, 64): optional sign, decimal digits, int64 range.
std::optional<std::int64_t> parse_go_int64(std::string_view text) noexcept;

}  // namespace dsb
