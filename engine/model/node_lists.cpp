#include "engine/model/node_lists.hpp"

#include <cassert>

namespace dsb {

void node_lists::reset(std::size_t node_count) {
  slots_.assign(2 * node_count, EMPTY);
  spill_.clear();
  free_spill_.clear();
}

void node_lists::grow(std::size_t node_count) {
  if (2 * node_count > slots_.size()) slots_.resize(2 * node_count, EMPTY);
}

node_lists::list_buffer node_lists::copy(std::size_t node) const {
  const std::span<const std::uint32_t> values = at(node);
  return list_buffer(values.begin(), values.end());
}

void node_lists::store(std::size_t node, std::span<const std::uint32_t> values) {
  std::uint32_t* slot = slots_.data() + 2 * node;
  if (values.size() <= 2) {
    if (slot[0] == SPILL) {
      spill_[slot[1]].clear();
      free_spill_.push_back(slot[1]);
    }
    slot[0] = values.empty() ? EMPTY : values[0];
    slot[1] = values.size() < 2 ? EMPTY : values[1];
    return;
  }
  if (slot[0] != SPILL) {
    std::uint32_t entry = 0;
    if (free_spill_.empty()) {
      entry = static_cast<std::uint32_t>(spill_.size());
      spill_.emplace_back();
    } else {
      entry = free_spill_.back();
      free_spill_.pop_back();
    }
    slot[0] = SPILL;
    slot[1] = entry;
  }
  spill_[slot[1]].assign(values.begin(), values.end());
}

void node_lists::erase(std::size_t node, std::uint32_t value) {
  list_buffer list = copy(node);
  const auto it = std::find(list.begin(), list.end(), value);
  assert(it != list.end());
  if (it == list.end()) return;
  list.erase(it);
  store(node, std::span<const std::uint32_t>(list.data(), list.size()));
}

void node_lists::replace(std::size_t node, std::uint32_t from, std::uint32_t to) noexcept {
  std::uint32_t* slot = slots_.data() + 2 * node;
  std::span<std::uint32_t> values = slot[0] == SPILL ? std::span<std::uint32_t>(spill_[slot[1]]) : std::span<std::uint32_t>(slot, 2);
  const auto it = std::find(values.begin(), values.end(), from);
  assert(it != values.end());
  if (it != values.end()) *it = to;
}

void node_lists::clear(std::size_t node) { store(node, {}); }

bool operator==(const node_lists& lhs, const node_lists& rhs) {
  if (lhs.node_count() != rhs.node_count()) return false;
  for (std::size_t node = 0; node < lhs.node_count(); ++node) {
    const auto a = lhs.at(node);
    const auto b = rhs.at(node);
    if (!std::equal(a.begin(), a.end(), b.begin(), b.end())) return false;
  }
  return true;
}

}  // namespace dsb
