// row_index: node-major bit rows for the row_bitset variant (label_bits_by_node).
//
// Layout: `words_per_node` 64-bit words per node, node after node:
//   rows: [ node 0: w0 w1 ... w7 ][ node 1: w0 ... w7 ] ...
// Bits are assigned once per cluster, in this order, until 512 bits are used: every
// NoSchedule/NoExecute taint, every label key's presence, then label values by
// descending node count. Values, keys or taints without a bit are answered from the node's
// own row (span_table lookup) instead: the "fallback" of the row program.
// Cost: N × 64 bytes (6.4 MB for 100,000 nodes); built in one parallel pass over the rows.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/model/cluster.hpp"

namespace dsb::pred {

class row_index {
 public:
  static constexpr std::size_t MAX_WORDS = 8;
  static constexpr std::int32_t NO_BIT = -1;

  std::size_t words_per_node = 1;
  std::vector<std::uint64_t> rows;
  std::vector<std::int32_t> value_bit;  ///< by label_value_id
  std::vector<std::int32_t> key_bit;    ///< by label_key_id (presence)
  std::vector<std::int32_t> taint_bit;  ///< by taint_id

  const std::uint64_t* row(node_id node) const noexcept { return rows.data() + to_index(node) * words_per_node; }
  std::size_t memory_bytes() const noexcept { return rows.capacity() * sizeof(std::uint64_t); }
};

row_index build_row_index(const cluster& c);

}  // namespace dsb::pred
