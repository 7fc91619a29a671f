// cluster_summary: what `dsbench inspect` reports about a cluster, as plain data.
// Cost: one pass over the label and taint indexes plus one over the node columns.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/model/cluster.hpp"

namespace dsb {

struct label_key_summary {
  std::string_view key;
  std::size_t nodes = 0;   ///< nodes carrying the key
  std::size_t values = 0;  ///< distinct values
  std::vector<std::pair<std::string_view, std::size_t>> top_values;  ///< up to 3, most common first
};

struct taint_summary {
  std::string_view key;
  std::string_view value;
  taint_effect effect = taint_effect::no_schedule;
  std::size_t nodes = 0;
};

struct cluster_summary {
  std::size_t nodes = 0;
  std::size_t unschedulable = 0;
  std::size_t label_occurrences = 0;
  std::size_t min_labels_per_node = 0;
  std::size_t max_labels_per_node = 0;
  std::size_t label_values = 0;
  std::vector<label_key_summary> keys;   ///< sorted by key text
  std::vector<taint_summary> taints;     ///< most common first, then by text
  /// condition -> counts indexed by condition_status (absent, true, false, unknown)
  std::array<std::array<std::size_t, 4>, NODE_CONDITION_COUNT> conditions{};
  node_resources allocatable_total;
  std::vector<std::pair<std::string_view, std::int64_t>> extended_total;  ///< by name
  memory_report memory;
};

cluster_summary summarize(const cluster& c);

}  // namespace dsb
