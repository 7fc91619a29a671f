// Taints: effects, the interned taint table, and the taint index (taint -> nodes).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <tuple>
#include <vector>

#include <boost/container/flat_map.hpp>

#include "engine/model/fwd.hpp"
#include "engine/model/posting_store.hpp"

namespace dsb {

/// Node taint effects (API validation admits exactly these three on nodes).
enum class taint_effect : std::uint8_t { no_schedule, prefer_no_schedule, no_execute };

/// "NoSchedule", "PreferNoSchedule", "NoExecute".
std::string_view to_string(taint_effect effect) noexcept;
std::optional<taint_effect> parse_taint_effect(std::string_view text) noexcept;

/// One interned taint. Kubernetes identifies a node's taint by (key, effect); the value
/// is part of our identity because tolerations with operator Equal compare it.
struct taint_def {
  string_id key;
  string_id value;
  taint_effect effect = taint_effect::no_schedule;
  friend bool operator==(const taint_def&, const taint_def&) = default;
};

class taint_index {
 public:
  std::size_t size() const noexcept { return defs_.size(); }
  const taint_def& def(taint_id id) const noexcept { return defs_[to_index(id)]; }
  std::uint32_t count(taint_id id) const noexcept { return counts_[to_index(id)]; }
  posting_handle posting(taint_id id) const noexcept { return handles_[to_index(id)]; }
  const posting_store& postings() const noexcept { return postings_; }
  std::optional<taint_id> find(string_id key, string_id value, taint_effect effect) const noexcept;
  bool contains(taint_id id, node_id node) const noexcept { return postings_.contains(posting(id), node); }
  std::size_t memory_bytes() const noexcept;

 private:
  friend class cluster_builder;
  friend class cluster_editor;
  using taint_tuple = std::tuple<std::uint32_t, std::uint32_t, std::uint8_t>;
  std::vector<taint_def> defs_;
  std::vector<std::uint32_t> counts_;
  std::vector<posting_handle> handles_;
  boost::container::flat_map<taint_tuple, taint_id> by_def_;
  posting_store postings_;
};

}  // namespace dsb
