// Internal to controller/: the per-node pod view the rolling pass reads after manage's plan
// is applied (deleted rows gone, created pods present as new, unbound, not Ready).
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/controller/daemon_pods.hpp"

namespace dsb::ctl::internal {

inline constexpr std::uint32_t CREATED_POD = 0xFFFFFFFEU;

/// A pod as the rolling pass sees it.
struct pod_fact {
  std::uint32_t row = CREATED_POD;  ///< daemon_pods row, or CREATED_POD
  bool updated = false;
  bool available = false;
  bool deleting = false;
};

// Sparse: the plan's deleted rows and created nodes as sorted lists (a sync touches a few
// hundred of them; dense flags would cost O(rows + nodes) per sync to clear).
class post_manage_view {
 public:
  post_manage_view(const daemon_pods& pods, std::span<const std::uint32_t> deleted_rows, std::span<const node_id> created_nodes)
      : pods_(pods), deleted_rows_(deleted_rows), deleted_(deleted_rows.begin(), deleted_rows.end()), created_(created_nodes.begin(), created_nodes.end()) {
    std::sort(deleted_.begin(), deleted_.end());
    std::sort(created_.begin(), created_.end());
  }
  bool has_created(node_id node) const noexcept { return !created_.empty() && std::binary_search(created_.begin(), created_.end(), node); }
  bool deleted(std::uint32_t row) const noexcept { return !deleted_.empty() && std::binary_search(deleted_.begin(), deleted_.end(), row); }
  std::span<const std::uint32_t> deleted_rows() const noexcept { return deleted_rows_; }
  const daemon_pods& pods() const noexcept { return pods_; }

 private:
  const daemon_pods& pods_;
  std::span<const std::uint32_t> deleted_rows_;
  std::vector<std::uint32_t> deleted_;  ///< sorted
  std::vector<node_id> created_;        ///< sorted
};

}  // namespace dsb::ctl::internal
