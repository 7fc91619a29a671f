// Pod tolerations as the API carries them (predicates.md §6).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/model/taint.hpp"

namespace dsb {

/// "" and "Equal" are both `equal` (runtime rule); Lt/Gt only tolerate with the
/// TaintTolerationComparisonOperators gate; anything else (including wrong case) is
/// `unknown` and never tolerates.
enum class toleration_operator : std::uint8_t { equal, exists, lt, gt, unknown };

/// An empty effect matches every effect; an unknown one matches none.
enum class toleration_effect : std::uint8_t { all, no_schedule, prefer_no_schedule, no_execute, unknown };

toleration_operator parse_toleration_operator(std::string_view text) noexcept;
toleration_effect parse_toleration_effect(std::string_view text) noexcept;
std::string_view to_string(toleration_operator op) noexcept;
std::string_view to_string(toleration_effect effect) noexcept;

struct toleration {
  std::string key;                 ///< empty = every key
  toleration_operator op = toleration_operator::equal;
  std::string op_text;             ///< as written ("" when omitted)
  std::string value;
  toleration_effect effect = toleration_effect::all;
  std::string effect_text;         ///< as written ("" when omitted)
  std::optional<std::int64_t> toleration_seconds;

  friend bool operator==(const toleration&, const toleration&) = default;
};

}  // namespace dsb
