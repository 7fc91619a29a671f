// node_lists: per node a short ordered list of u32 values (a DaemonSet's pod rows on the
// node), with O(list) edits and no per-edit cost in the number of nodes.
//
// Layout: two u32 slots per node, [a, b]:
//   a == EMPTY          no values
//   a == SPILL          three or more values, in spill_[b] (a vector kept in the caller's order)
//   otherwise           {a} when b == EMPTY, else {a, b}
// A DaemonSet has one pod per node almost everywhere, two while a node surges or a pod
// terminates, so the common lists live in the slots and `at()` is a span over them.
// The order of a list is the caller's: insert() and resort() take the comparator.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include <boost/container/small_vector.hpp>

namespace dsb {

class node_lists {
 public:
  static constexpr std::uint32_t EMPTY = 0xFFFFFFFFU;
  static constexpr std::uint32_t SPILL = 0xFFFFFFFEU;  ///< values must be below SPILL

  /// `node_count` empty lists.
  void reset(std::size_t node_count);
  /// Appends empty lists up to `node_count` (never shrinks).
  void grow(std::size_t node_count);
  void reserve(std::size_t node_count) { slots_.reserve(2 * node_count); }
  std::size_t node_count() const noexcept { return slots_.size() / 2; }

  std::span<const std::uint32_t> at(std::size_t node) const noexcept {
    const std::uint32_t* slot = slots_.data() + 2 * node;
    if (slot[0] == EMPTY) return {};
    if (slot[0] == SPILL) return spill_[slot[1]];
    return {slot, slot[1] == EMPTY ? 1U : 2U};
  }
  bool empty(std::size_t node) const noexcept { return slots_[2 * node] == EMPTY; }

  /// Inserts `value` before the first element it comes before (after equal ones).
  template <class Before>
  void insert(std::size_t node, std::uint32_t value, Before&& before) {
    list_buffer list = copy(node);
    list.insert(std::upper_bound(list.begin(), list.end(), value, before), value);
    store(node, std::span<const std::uint32_t>(list.data(), list.size()));
  }
  /// Removes `value` (which must be in the list).
  void erase(std::size_t node, std::uint32_t value);
  /// Replaces `from` by `to` in place (the caller keeps the order valid).
  void replace(std::size_t node, std::uint32_t from, std::uint32_t to) noexcept;
  /// Sorts the list again after its elements' keys changed.
  template <class Before>
  void resort(std::size_t node, Before&& before) {
    list_buffer list = copy(node);
    std::stable_sort(list.begin(), list.end(), before);
    store(node, std::span<const std::uint32_t>(list.data(), list.size()));
  }
  void clear(std::size_t node);

  /// Same lists (spill placement does not matter).
  friend bool operator==(const node_lists& lhs, const node_lists& rhs);

 private:
  using list_buffer = boost::container::small_vector<std::uint32_t, 8>;
  list_buffer copy(std::size_t node) const;
  void store(std::size_t node, std::span<const std::uint32_t> values);

  std::vector<std::uint32_t> slots_;
  std::vector<std::vector<std::uint32_t>> spill_;
  std::vector<std::uint32_t> free_spill_;  ///< spill_ entries not in use
};

}  // namespace dsb
