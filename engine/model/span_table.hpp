// span_table<T>: one variable-length row of T per node (labels, taints, ports, extended
// resources), stored as a single entry array plus one (begin, count) extent per row.
//
// Layout:
//   extents_: [ {begin,count} node 0 ][ {begin,count} node 1 ] ...      8 B per row
//   entries_: [ row 0 entries ][ row 1 entries ] ... [ re-assigned rows ]
//
// Rows built in order are contiguous (CSR-like, cache-friendly scans). `assign` replaces a
// row in place when the new row is not longer, else appends it at the end and leaves the
// old entries as garbage; `compact()` reclaims garbage. Cost of a row lookup: one extent load.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace dsb {

template <class T>
class span_table {
 public:
  struct extent {
    std::uint32_t begin = 0;
    std::uint32_t count = 0;
  };

  void reserve(std::size_t rows, std::size_t entries) {
    extents_.reserve(rows);
    entries_.reserve(entries);
  }
  std::size_t row_count() const noexcept { return extents_.size(); }
  std::size_t entry_count() const noexcept { return live_entries_; }

  std::span<const T> row(std::size_t row_idx) const noexcept {
    assert(row_idx < extents_.size());
    const extent& span = extents_[row_idx];
    return {entries_.data() + span.begin, span.count};
  }
  std::span<T> mutable_row(std::size_t row_idx) noexcept {
    assert(row_idx < extents_.size());
    const extent& span = extents_[row_idx];
    return {entries_.data() + span.begin, span.count};
  }

  /// Appends a new last row.
  void push_row(std::span<const T> values) {
    extents_.push_back(extent{static_cast<std::uint32_t>(entries_.size()), static_cast<std::uint32_t>(values.size())});
    entries_.insert(entries_.end(), values.begin(), values.end());
    live_entries_ += values.size();
  }

  /// Replaces row `row_idx`.
  void assign(std::size_t row_idx, std::span<const T> values) {
    extent& span = extents_[row_idx];
    live_entries_ = live_entries_ - span.count + values.size();
    if (values.size() <= span.count) {
      std::copy(values.begin(), values.end(), entries_.begin() + span.begin);
      span.count = static_cast<std::uint32_t>(values.size());
      return;
    }
    span.begin = static_cast<std::uint32_t>(entries_.size());
    span.count = static_cast<std::uint32_t>(values.size());
    entries_.insert(entries_.end(), values.begin(), values.end());
    if (entries_.size() > 2 * live_entries_ + 1024) compact();
  }

  /// Rewrites the entries densely in row order.
  void compact() {
    std::vector<T> packed;
    packed.reserve(live_entries_);
    for (extent& span : extents_) {
      const auto begin = entries_.begin() + span.begin;
      span.begin = static_cast<std::uint32_t>(packed.size());
      packed.insert(packed.end(), begin, begin + span.count);
    }
    entries_ = std::move(packed);
  }

  std::size_t memory_bytes() const noexcept {
    return extents_.capacity() * sizeof(extent) + entries_.capacity() * sizeof(T);
  }

  friend bool operator==(const span_table& lhs, const span_table& rhs) {
    if (lhs.row_count() != rhs.row_count()) return false;
    for (std::size_t row_idx = 0; row_idx < lhs.row_count(); ++row_idx) {
      const auto left = lhs.row(row_idx);
      const auto right = rhs.row(row_idx);
      if (!std::equal(left.begin(), left.end(), right.begin(), right.end())) return false;
    }
    return true;
  }

 private:
  std::vector<extent> extents_;
  std::vector<T> entries_;
  std::size_t live_entries_ = 0;
};

}  // namespace dsb
