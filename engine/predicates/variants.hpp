// The placement variants: one registry that the CLI (--variant), every benchmark and every
// differential test iterate. All variants return bit-identical placements for any thread
// count; `reference` is the oracle.
//
// Threads: variants run their loops with oneTBB and use whatever parallelism the caller
// allows (wrap calls in a tbb::task_arena or tbb::global_control to bound it).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <vector>
#include <span>
#include <string_view>

#include "engine/model/cluster.hpp"
#include "engine/predicates/compile.hpp"
#include "engine/predicates/placement.hpp"

namespace dsb::pred {

class row_index;

/// Per-cluster state that some variants build once and reuse across DaemonSets (the
/// node-major bit rows of row_bitset). Not part of a DaemonSet's evaluation cost;
/// benchmarks report building it separately. Thread-safe. A snapshot: after a cluster edit
/// (cluster_edit.hpp) build a new context, and recompile the DaemonSets (programs hold ids
/// and compile-time unions of postings).
class evaluation_context {
 public:
  explicit evaluation_context(const cluster& c);
  ~evaluation_context();
  evaluation_context(const evaluation_context&) = delete;
  evaluation_context& operator=(const evaluation_context&) = delete;

  const cluster& nodes() const noexcept { return cluster_; }
  /// Built on first use.
  const row_index& rows() const;
  /// label_value_by_node for one key: the node's value id, or NO_ID when it lacks the key.
  /// 4 bytes per node; built on first use per key (row_bitset answers values that have no
  /// bit in the rows with it).
  const std::vector<label_value_id>& value_column(label_key_id key) const;

 private:
  const cluster& cluster_;
  mutable std::once_flag rows_once_;
  mutable std::unique_ptr<row_index> rows_;
  mutable std::mutex columns_mutex_;
  mutable std::map<label_key_id, std::unique_ptr<std::vector<label_value_id>>> columns_;
};

using evaluate_fn = placement (*)(const compiled_daemonset& ds, const evaluation_context& ctx);

struct variant {
  std::string_view name;
  std::string_view description;
  evaluate_fn evaluate;
};

/// Every variant, `reference` first.
std::span<const variant> variants() noexcept;
const variant* find_variant(std::string_view name) noexcept;

placement evaluate_reference(const compiled_daemonset& ds, const evaluation_context& ctx);
placement evaluate_row_bitset(const compiled_daemonset& ds, const evaluation_context& ctx);
placement evaluate_column_bitmap(const compiled_daemonset& ds, const evaluation_context& ctx);
placement evaluate_incremental(const compiled_daemonset& ds, const evaluation_context& ctx);

/// The reasons skeleton the fast variants fill: kinds and indexes in the documented order,
/// owned sets of the cluster's size with unspecified words (the variant writes every word);
/// taint reasons are views of the taint postings (program.untolerated order).
placement empty_placement(const compiled_daemonset& ds, const cluster& c);

}  // namespace dsb::pred
