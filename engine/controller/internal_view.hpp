// Internal to controller/: the per-node pod view the rolling pass reads after manage's plan
// is applied (deleted rows gone, created pods present as new, unbound, not Ready).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/controller/daemon_pods.hpp"
#include "engine/model/node_set.hpp"

namespace dsb::ctl::internal {

inline constexpr std::uint32_t CREATED_POD = 0xFFFFFFFEU;

/// A pod as the rolling pass sees it.
struct pod_fact {
  std::uint32_t row = CREATED_POD;  ///< daemon_pods row, or CREATED_POD
  bool updated = false;
  bool available = false;
  bool deleting = false;
};

class post_manage_view {
 public:
  post_manage_view(const daemon_pods& pods, std::span<const std::uint32_t> deleted_rows, std::span<const node_id> created_nodes,
                   std::size_t node_count)
      : pods_(pods), deleted_rows_(deleted_rows), deleted_(pods.size(), false), created_(node_count) {
    for (std::uint32_t row : deleted_rows) deleted_[row] = true;
    for (node_id node : created_nodes) created_.set(node);
  }
  bool has_created(node_id node) const noexcept { return created_.test(node); }
  bool deleted(std::uint32_t row) const noexcept { return deleted_[row]; }
  std::span<const std::uint32_t> deleted_rows() const noexcept { return deleted_rows_; }
  const daemon_pods& pods() const noexcept { return pods_; }

 private:
  const daemon_pods& pods_;
  std::span<const std::uint32_t> deleted_rows_;
  std::vector<bool> deleted_;
  node_set created_;
};

}  // namespace dsb::ctl::internal
