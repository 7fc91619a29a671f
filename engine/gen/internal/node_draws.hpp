// Per-node random facts and names, drawn in parallel, then ordered by name.
//
// Node n (its number in plan order) draws everything from counter_rng(seed, stream::node, n)
// in a fixed order: variant, state, autoscaler stamp, per-node custom labels, rack, GFD
// offset. Its name comes from its position (node_names.hpp). So the draws do not depend on
// the thread count or schedule, and the name order is unique because names are.
//
// Layout (both arrays in name order once draw_nodes returns):
//   draws    node_draw[k], 16 B each: the draws of the node in by_name[k] (drawn by node
//            number, then gathered into name order in parallel so that the serial builder
//            loop reads both arrays sequentially)
//   by_name  name_slot[k], 64 B each (one cache line): the k-th node in bytewise name
//            order, as `kubectl get nodes` lists them:
//              [ text: 59 B, zero padded | length: 1 B | node number: 4 B ]
//            Slots compare as 8 big-endian words; names never contain NUL, so the zero
//            padding orders a prefix first, exactly like a bytewise string compare.
// Cost: O(N) draws (~100 ns/node) + a parallel sort of 64 B slots (~N log N word compares);
// 64 B + 16 B per node (+16 B while gathering), allocated uninitialised and first touched
// by the drawing threads. 1,000,000 nodes: ~0.1-0.3 s on 2 cores.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "engine/gen/internal/node_names.hpp"
#include "engine/gen/internal/plan.hpp"
#include "engine/gen/internal/pool_recipe.hpp"
#include "engine/gen/internal/profile_def.hpp"

namespace dsb::gen::internal {

/// node_draw::custom bits.
inline constexpr std::uint8_t CUSTOM_RACK = 1;
inline constexpr std::uint8_t CUSTOM_SERIAL = 2;

/// No default member initializers: the arrays are allocated uninitialised and every field
/// is written by the drawing thread (so pages are first touched in parallel).
struct node_draw {
  std::uint32_t pool;
  std::uint8_t zone;
  std::uint8_t variant;
  node_state state;
  std::uint8_t custom;       ///< CUSTOM_RACK | CUSTOM_SERIAL
  std::uint32_t rack;        ///< rack label value when CUSTOM_RACK
  std::uint16_t stamp;       ///< autoscaler timestamp choice (< AUTOSCALER_STAMPS)
  std::uint16_t gfd_offset;  ///< seconds after the pool's gfd_base
};
static_assert(sizeof(node_draw) == 16);

struct name_slot {
  std::array<char, NAME_CAPACITY> text;  ///< zero padded
  std::uint8_t length;
  std::uint32_t node;  ///< node number (index into draws)

  std::string_view name() const noexcept { return {text.data(), length}; }
};
static_assert(sizeof(name_slot) == 64);

/// Bytewise name order (then length and node number, which never decide for unique names).
inline bool name_less(const name_slot& lhs, const name_slot& rhs) noexcept {
  const auto* left = reinterpret_cast<const unsigned char*>(&lhs);
  const auto* right = reinterpret_cast<const unsigned char*>(&rhs);
  for (std::size_t offset = 0; offset < sizeof(name_slot); offset += 8) {
    std::uint64_t left_word = 0;
    std::uint64_t right_word = 0;
    std::memcpy(&left_word, left + offset, 8);
    std::memcpy(&right_word, right + offset, 8);
    if (left_word != right_word) {
      if constexpr (std::endian::native == std::endian::little) {
        return __builtin_bswap64(left_word) < __builtin_bswap64(right_word);
      } else {
        return left_word < right_word;
      }
    }
  }
  return false;
}

class node_draws {
 public:
  explicit node_draws(std::size_t count)
      : count_(count), draws_(new node_draw[count]), by_name_(new name_slot[count]) {}

  std::size_t size() const noexcept { return count_; }
  /// draws()[k] are the draws of by_name()[k].
  std::span<const node_draw> draws() const noexcept { return {draws_.get(), count_}; }
  /// Sorted by name.
  std::span<const name_slot> by_name() const noexcept { return {by_name_.get(), count_}; }
  std::span<node_draw> mutable_draws() noexcept { return {draws_.get(), count_}; }
  std::span<name_slot> mutable_by_name() noexcept { return {by_name_.get(), count_}; }
  void replace_draws(std::unique_ptr<node_draw[]> draws) noexcept { draws_ = std::move(draws); }

  bool names_fit = true;  ///< false: some name exceeded NAME_CAPACITY (a generator bug)

 private:
  std::size_t count_;
  std::unique_ptr<node_draw[]> draws_;   // default-initialised: written by draw_nodes
  std::unique_ptr<name_slot[]> by_name_;
};

enum class execution : std::uint8_t { serial, parallel };

/// Draws every node, sorts the names and puts the draws in name order. Serial and parallel
/// give identical results.
node_draws draw_nodes(const profile_def& profile, const cluster_plan& plan, const std::vector<pool_recipe>& recipes,
                      std::uint64_t seed, execution mode = execution::parallel);

}  // namespace dsb::gen::internal
