// node_set: a bitset over the nodes of one cluster, the currency between stages.
//
// Layout: `size()` bits in ceil(size/64) 64-bit words, bit i of word w is node 64*w + i.
// The tail bits past `size()` in the last word are always zero, so `count()` is a plain
// popcount and word-wise AND/OR/ANDNOT keep the invariant; only complement (`flip`)
// has to re-mask the tail.
//
//   words_: [ nodes 0..63 ][ nodes 64..127 ] ... [ nodes 64k..size-1 | 0 0 0 ]
//
// Cost: size/8 bytes; 12.5 KB for 100,000 nodes, 125 KB for 1,000,000. Binary operations
// require both operands to have the same size (one cluster); that is asserted.
//
// Every whole-set operation has a serial form (member) and a parallel twin in
// namespace `parallel` with the same result for any thread count; the parallel forms
// split the word array into ranges with oneTBB and are worth it from ~1M nodes.
#pragma once

#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <memory>
#include <new>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "engine/model/fwd.hpp"

namespace dsb {

/// std::allocator that default-initialises (leaves PODs uninitialised) on resize, so a
/// node_set that a kernel overwrites word by word does not pay for zeroing first.
template <class T>
struct default_init_allocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = default_init_allocator<U>;
  };
  default_init_allocator() = default;
  template <class U>
  default_init_allocator(const default_init_allocator<U>&) noexcept {}  // NOLINT: converting by design
  template <class U>
  void construct(U* ptr) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(ptr)) U;
  }
  template <class U, class... Args>
  void construct(U* ptr, Args&&... args) {
    ::new (static_cast<void*>(ptr)) U(std::forward<Args>(args)...);
  }
};

class node_set {
 public:
  static constexpr std::size_t BITS_PER_WORD = 64;

  node_set() = default;
  /// `size` nodes, none set.
  explicit node_set(std::size_t size) : words_(word_count_for(size), 0), size_(size) {}
  /// `size` nodes, all set.
  static node_set all(std::size_t size);
  /// `size` nodes with unspecified words: for kernels that overwrite every word (and keep
  /// the tail zero) before anyone reads the set.
  static node_set uninitialized(std::size_t size);
  /// A set from node ids (each < size; duplicates allowed).
  static node_set from_ids(std::size_t size, std::span<const node_id> ids);

  static constexpr std::size_t word_count_for(std::size_t size) noexcept {
    return (size + BITS_PER_WORD - 1) / BITS_PER_WORD;
  }

  std::size_t size() const noexcept { return size_; }
  std::size_t word_count() const noexcept { return words_.size(); }
  std::span<const std::uint64_t> words() const noexcept { return words_; }
  /// Raw words for kernels that write whole words; the caller keeps the tail zero.
  std::span<std::uint64_t> mutable_words() noexcept { return words_; }

  bool test(node_id node) const noexcept {
    assert(to_index(node) < size_);
    return (words_[to_index(node) / BITS_PER_WORD] >> (to_index(node) % BITS_PER_WORD)) & 1U;
  }
  void set(node_id node) noexcept {
    assert(to_index(node) < size_);
    words_[to_index(node) / BITS_PER_WORD] |= std::uint64_t{1} << (to_index(node) % BITS_PER_WORD);
  }
  void reset(node_id node) noexcept {
    assert(to_index(node) < size_);
    words_[to_index(node) / BITS_PER_WORD] &= ~(std::uint64_t{1} << (to_index(node) % BITS_PER_WORD));
  }
  void assign(node_id node, bool value) noexcept { value ? set(node) : reset(node); }
  void clear() noexcept;
  /// Grows or shrinks to `size` nodes; new nodes are not set.
  void resize(std::size_t size);
  /// Room for `size` nodes without reallocating (resize() up to it keeps the words in place).
  void reserve(std::size_t size) { words_.reserve(word_count_for(size)); }

  std::size_t count() const noexcept;
  bool any() const noexcept;
  bool none() const noexcept { return !any(); }
  /// Lowest member, if any.
  std::optional<node_id> first() const noexcept;
  /// Lowest member >= from, if any.
  std::optional<node_id> next(node_id from) const noexcept;

  /// Calls f(node_id) for every member in increasing order.
  template <class F>
  void for_each(F&& f) const {
    for (std::size_t word_idx = 0; word_idx < words_.size(); ++word_idx) {
      std::uint64_t word = words_[word_idx];
      while (word != 0) {
        const auto bit = static_cast<std::size_t>(std::countr_zero(word));
        f(make_id<node_id>(word_idx * BITS_PER_WORD + bit));
        word &= word - 1;
      }
    }
  }
  /// Member ids in increasing order.
  std::vector<node_id> to_ids() const;

  node_set& operator&=(const node_set& other) noexcept;
  node_set& operator|=(const node_set& other) noexcept;
  node_set& operator^=(const node_set& other) noexcept;
  /// this = this AND NOT other.
  node_set& and_not(const node_set& other) noexcept;
  /// Complement within size() (tail stays zero).
  node_set& flip() noexcept;

  /// |this AND other| without materialising it.
  std::size_t count_and(const node_set& other) const noexcept;
  /// this AND other is empty.
  bool disjoint(const node_set& other) const noexcept;
  /// every member of this is in other.
  bool subset_of(const node_set& other) const noexcept;

  friend bool operator==(const node_set&, const node_set&) = default;

  /// Mask of the valid bits of the last word (all ones when size is a multiple of 64).
  std::uint64_t tail_mask() const noexcept {
    const std::size_t rem = size_ % BITS_PER_WORD;
    return rem == 0 ? ~std::uint64_t{0} : (std::uint64_t{1} << rem) - 1;
  }

 private:
  std::vector<std::uint64_t, default_init_allocator<std::uint64_t>> words_;
  std::size_t size_ = 0;
};

inline node_set operator&(node_set lhs, const node_set& rhs) { return lhs &= rhs; }
inline node_set operator|(node_set lhs, const node_set& rhs) { return lhs |= rhs; }
inline node_set and_not(node_set lhs, const node_set& rhs) { return lhs.and_not(rhs); }

/// Parallel twins of the whole-set operations (oneTBB over word ranges). Same results as
/// the serial members for any thread count; use the caller's arena / global_control to
/// bound threads.
namespace parallel {
std::size_t count(const node_set& set);
void and_into(node_set& dst, const node_set& src);
void or_into(node_set& dst, const node_set& src);
void and_not_into(node_set& dst, const node_set& src);
void flip(node_set& set);
std::vector<node_id> to_ids(const node_set& set);
}  // namespace parallel

}  // namespace dsb
