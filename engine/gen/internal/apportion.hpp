// Integer apportionment: split a whole number into parts proportional to weights.
//
// Largest-remainder (Hamilton) method: part k = floor(total * w_k / W), then the units
// left over go one each to the parts with the largest remainders (total * w_k mod W),
// ties to the lower index. Integer-only, so the split is the same on every machine.
// Preconditions: total * max(w) and W fit in 64 bits (the generator stays below 2^56).
// Cost: O(K log K) for K parts.
#pragma once

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <span>
#include <vector>

namespace dsb::gen::internal {

/// Parts of `total` proportional to `weights`; all-zero weights give all-zero parts.
inline std::vector<std::uint64_t> apportion(std::uint64_t total, std::span<const std::uint64_t> weights) {
  std::vector<std::uint64_t> parts(weights.size(), 0);
  const std::uint64_t weight_sum = std::accumulate(weights.begin(), weights.end(), std::uint64_t{0});
  if (weight_sum == 0 || total == 0) return parts;
  std::vector<std::uint64_t> remainders(weights.size());
  std::uint64_t assigned = 0;
  for (std::size_t idx = 0; idx < weights.size(); ++idx) {
    const std::uint64_t product = total * weights[idx];
    parts[idx] = product / weight_sum;
    remainders[idx] = product % weight_sum;
    assigned += parts[idx];
  }
  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&remainders](std::size_t lhs, std::size_t rhs) { return remainders[lhs] > remainders[rhs]; });
  for (std::size_t rank = 0; assigned < total; ++rank, ++assigned) ++parts[order[rank % order.size()]];
  return parts;
}

}  // namespace dsb::gen::internal
