// posting_store: the node lists behind label values and taints, dense or sparse by size.
//
// A posting is the set of nodes carrying one label value (or one taint). Common values
// are stored as a dense node_set (N/8 bytes); rare ones as a sorted list of node ids
// (4 bytes per node). The switch point is `count * DENSE_DIVISOR >= node_count`, where
// a sorted list would cost at least as much as the bitset; so no posting costs more
// than 4 bytes per member, and a unique label like the hostname costs 4 bytes per node
// instead of N/8 (DESIGN.md "Label index").
//
// Layout:
//   posting_handle: 32 bits; top bit set = dense, low 31 bits = index into dense_ or
//                   the row of sparse_ (a span_table, so one list can be re-assigned)
//   dense_:  vector<node_set>
//   sparse_: span_table<node_id>, rows sorted ascending
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/model/fwd.hpp"
#include "engine/model/node_set.hpp"
#include "engine/model/span_table.hpp"

namespace dsb {

enum class posting_handle : std::uint32_t {};

class posting_store {
 public:
  static constexpr std::uint32_t DENSE_DIVISOR = 32;
  static constexpr std::uint32_t DENSE_BIT = 0x8000'0000U;

  posting_store() = default;
  explicit posting_store(std::size_t node_count) : node_count_(node_count) {}

  /// Whether a posting with `count` members over `node_count` nodes should be dense.
  static constexpr bool prefers_dense(std::size_t count, std::size_t node_count) noexcept {
    return count * DENSE_DIVISOR >= node_count && count > 0;
  }

  std::size_t node_count() const noexcept { return node_count_; }

  posting_handle add_dense(node_set members) {
    assert(members.size() == node_count_);
    dense_.push_back(std::move(members));
    return static_cast<posting_handle>(DENSE_BIT | static_cast<std::uint32_t>(dense_.size() - 1));
  }
  /// `sorted_ids` must be strictly increasing.
  posting_handle add_sparse(std::span<const node_id> sorted_ids) {
    assert(std::is_sorted(sorted_ids.begin(), sorted_ids.end()));
    sparse_.push_row(sorted_ids);
    return static_cast<posting_handle>(static_cast<std::uint32_t>(sparse_.row_count() - 1));
  }

  static bool is_dense(posting_handle handle) noexcept { return (static_cast<std::uint32_t>(handle) & DENSE_BIT) != 0; }
  /// Dense posting's bitset (handle must be dense).
  const node_set& dense(posting_handle handle) const noexcept {
    assert(is_dense(handle));
    return dense_[static_cast<std::uint32_t>(handle) & ~DENSE_BIT];
  }
  /// Sparse posting's ids (handle must be sparse).
  std::span<const node_id> sparse(posting_handle handle) const noexcept {
    assert(!is_dense(handle));
    return sparse_.row(static_cast<std::uint32_t>(handle));
  }

  bool contains(posting_handle handle, node_id node) const noexcept {
    if (is_dense(handle)) return dense(handle).test(node);
    const auto ids = sparse(handle);
    return std::binary_search(ids.begin(), ids.end(), node);
  }
  std::size_t count(posting_handle handle) const noexcept {
    return is_dense(handle) ? dense(handle).count() : sparse(handle).size();
  }
  /// target |= posting
  void or_into(posting_handle handle, node_set& target) const noexcept {
    if (is_dense(handle)) {
      target |= dense(handle);
    } else {
      for (node_id node : sparse(handle)) target.set(node);
    }
  }
  template <class F>
  void for_each(posting_handle handle, F&& f) const {
    if (is_dense(handle)) {
      dense(handle).for_each(f);
    } else {
      for (node_id node : sparse(handle)) f(node);
    }
  }

  /// Edited sparse postings with at least this many members become dense: an edit of a
  /// sparse list copies it (O(members)), a dense one flips a bit. Only postings that are
  /// edited pay the N/8 bytes (cluster_edit.hpp).
  static constexpr std::size_t PROMOTE_ON_EDIT = 64;

  /// Adds `node` to the posting (no-op when present); `handle` may change (promotion).
  void insert(posting_handle& handle, node_id node) {
    promote_if_large(handle);
    if (is_dense(handle)) {
      dense_[static_cast<std::uint32_t>(handle) & ~DENSE_BIT].set(node);
      return;
    }
    const auto ids = sparse(handle);
    const auto at = std::lower_bound(ids.begin(), ids.end(), node);
    if (at != ids.end() && *at == node) return;
    scratch_.assign(ids.begin(), at);
    scratch_.push_back(node);
    scratch_.insert(scratch_.end(), at, ids.end());
    sparse_.assign(static_cast<std::uint32_t>(handle), scratch_);
  }
  /// Removes `node` from the posting (no-op when absent); `handle` may change (promotion).
  void erase(posting_handle& handle, node_id node) {
    promote_if_large(handle);
    if (is_dense(handle)) {
      dense_[static_cast<std::uint32_t>(handle) & ~DENSE_BIT].reset(node);
      return;
    }
    const auto ids = sparse(handle);
    const auto at = std::lower_bound(ids.begin(), ids.end(), node);
    if (at == ids.end() || *at != node) return;
    scratch_.assign(ids.begin(), at);
    scratch_.insert(scratch_.end(), at + 1, ids.end());
    sparse_.assign(static_cast<std::uint32_t>(handle), scratch_);
  }
  /// Room in every dense posting for `node_count` nodes.
  void reserve(std::size_t node_count) {
    for (node_set& set : dense_) set.reserve(node_count);
  }
  /// Grows every dense posting to `node_count` nodes (new nodes are not members).
  void resize(std::size_t node_count) {
    node_count_ = node_count;
    for (node_set& set : dense_) set.resize(node_count);
  }

  std::size_t dense_count() const noexcept { return dense_.size(); }

 private:
  void promote_if_large(posting_handle& handle) {
    if (is_dense(handle) || sparse(handle).size() < PROMOTE_ON_EDIT) return;
    node_set members(node_count_);
    for (node_id node : sparse(handle)) members.set(node);
    sparse_.assign(static_cast<std::uint32_t>(handle), std::span<const node_id>());
    handle = add_dense(std::move(members));
  }

 public:
  std::size_t sparse_count() const noexcept { return sparse_.row_count(); }
  std::size_t memory_bytes() const noexcept {
    std::size_t total = sparse_.memory_bytes() + dense_.capacity() * sizeof(node_set);
    for (const node_set& set : dense_) total += set.word_count() * sizeof(std::uint64_t);
    return total;
  }

 private:
  std::size_t node_count_ = 0;
  std::vector<node_set> dense_;
  span_table<node_id> sparse_;
  std::vector<node_id> scratch_;  ///< reused by insert/erase
};

}  // namespace dsb
