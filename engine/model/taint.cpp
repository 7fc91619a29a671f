#include "engine/model/taint.hpp"

namespace dsb {

std::string_view to_string(taint_effect effect) noexcept {
  switch (effect) {
    case taint_effect::no_schedule: return "NoSchedule";
    case taint_effect::prefer_no_schedule: return "PreferNoSchedule";
    case taint_effect::no_execute: return "NoExecute";
  }
  return "?";
}

std::optional<taint_effect> parse_taint_effect(std::string_view text) noexcept {
  if (text == "NoSchedule") return taint_effect::no_schedule;
  if (text == "PreferNoSchedule") return taint_effect::prefer_no_schedule;
  if (text == "NoExecute") return taint_effect::no_execute;
  return std::nullopt;
}

std::optional<taint_id> taint_index::find(string_id key, string_id value, taint_effect effect) const noexcept {
  const auto found = by_def_.find(taint_tuple{to_index(key), to_index(value), static_cast<std::uint8_t>(effect)});
  if (found == by_def_.end()) return std::nullopt;
  return found->second;
}

std::size_t taint_index::memory_bytes() const noexcept {
  return defs_.capacity() * sizeof(taint_def) + counts_.capacity() * sizeof(std::uint32_t) +
         handles_.capacity() * sizeof(posting_handle) + by_def_.capacity() * sizeof(std::pair<taint_tuple, taint_id>) +
         postings_.memory_bytes();
}

}  // namespace dsb
