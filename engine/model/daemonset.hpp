// apps/v1 DaemonSet, with the API defaults applied by io/ (daemonset-controller.md §13).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/model/object_meta.hpp"
#include "engine/model/pod_spec.hpp"
#include "engine/model/selectors.hpp"

namespace dsb {

/// intstr.IntOrString as used by maxUnavailable / maxSurge: 3 or "10%".
struct int_or_percent {
  std::int32_t value = 0;
  bool is_percent = false;

  /// intstr.GetScaledValueFromIntOrPercent(total, roundUp): percent of total rounded
  /// up (roundUp=true, what the DaemonSet controller passes) or down.
  std::int64_t scaled(std::int64_t total, bool round_up) const noexcept;
  std::string to_string() const;
  friend bool operator==(const int_or_percent&, const int_or_percent&) = default;
};

enum class update_strategy_type : std::uint8_t { rolling_update, on_delete };
std::optional<update_strategy_type> parse_update_strategy_type(std::string_view text) noexcept;
std::string_view to_string(update_strategy_type type) noexcept;

struct rolling_update_params {
  int_or_percent max_unavailable{1, false};
  int_or_percent max_surge{0, false};
};

/// Defaults (SetDefaults_DaemonSet): type RollingUpdate with rollingUpdate created and
/// each absent field filled (maxUnavailable 1, maxSurge 0); OnDelete keeps it absent.
struct update_strategy {
  update_strategy_type type = update_strategy_type::rolling_update;
  std::optional<rolling_update_params> rolling = rolling_update_params{};
};

struct daemonset_status {
  std::int32_t current_number_scheduled = 0;
  std::int32_t number_misscheduled = 0;
  std::int32_t desired_number_scheduled = 0;
  std::int32_t number_ready = 0;
  std::int64_t observed_generation = 0;
  std::int32_t updated_number_scheduled = 0;
  std::int32_t number_available = 0;
  std::int32_t number_unavailable = 0;
  std::optional<std::int32_t> collision_count;
};

struct daemonset {
  object_meta metadata;
  std::optional<label_selector> selector;  ///< nil selector matches nothing
  pod_template template_;
  update_strategy strategy;
  std::int32_t min_ready_seconds = 0;
  std::int32_t revision_history_limit = 10;
  daemonset_status status;
};

}  // namespace dsb
