// Enum texts of the workload model and small value helpers.
#include <string>

#include "engine/model/daemonset.hpp"
#include "engine/model/pod.hpp"
#include "engine/model/pod_spec.hpp"
#include "engine/model/selectors.hpp"
#include "engine/model/toleration.hpp"

namespace dsb {

selector_operator parse_selector_operator(std::string_view text) noexcept {
  if (text == "In") return selector_operator::in;
  if (text == "NotIn") return selector_operator::not_in;
  if (text == "Exists") return selector_operator::exists;
  if (text == "DoesNotExist") return selector_operator::does_not_exist;
  if (text == "Gt") return selector_operator::gt;
  if (text == "Lt") return selector_operator::lt;
  return selector_operator::unknown;
}

std::string_view to_string(selector_operator op) noexcept {
  switch (op) {
    case selector_operator::in: return "In";
    case selector_operator::not_in: return "NotIn";
    case selector_operator::exists: return "Exists";
    case selector_operator::does_not_exist: return "DoesNotExist";
    case selector_operator::gt: return "Gt";
    case selector_operator::lt: return "Lt";
    case selector_operator::unknown: return "?";
  }
  return "?";
}

toleration_operator parse_toleration_operator(std::string_view text) noexcept {
  if (text.empty() || text == "Equal") return toleration_operator::equal;
  if (text == "Exists") return toleration_operator::exists;
  if (text == "Lt") return toleration_operator::lt;
  if (text == "Gt") return toleration_operator::gt;
  return toleration_operator::unknown;
}

toleration_effect parse_toleration_effect(std::string_view text) noexcept {
  if (text.empty()) return toleration_effect::all;
  if (text == "NoSchedule") return toleration_effect::no_schedule;
  if (text == "PreferNoSchedule") return toleration_effect::prefer_no_schedule;
  if (text == "NoExecute") return toleration_effect::no_execute;
  return toleration_effect::unknown;
}

std::string_view to_string(toleration_operator op) noexcept {
  switch (op) {
    case toleration_operator::equal: return "Equal";
    case toleration_operator::exists: return "Exists";
    case toleration_operator::lt: return "Lt";
    case toleration_operator::gt: return "Gt";
    case toleration_operator::unknown: return "?";
  }
  return "?";
}

std::string_view to_string(toleration_effect effect) noexcept {
  switch (effect) {
    case toleration_effect::all: return "";
    case toleration_effect::no_schedule: return "NoSchedule";
    case toleration_effect::prefer_no_schedule: return "PreferNoSchedule";
    case toleration_effect::no_execute: return "NoExecute";
    case toleration_effect::unknown: return "?";
  }
  return "?";
}

std::optional<container_restart_policy> parse_container_restart_policy(std::string_view text) noexcept {
  if (text.empty()) return container_restart_policy::unset;
  if (text == "Always") return container_restart_policy::always;
  if (text == "OnFailure") return container_restart_policy::on_failure;
  if (text == "Never") return container_restart_policy::never;
  return std::nullopt;
}

std::string_view to_string(container_restart_policy policy) noexcept {
  switch (policy) {
    case container_restart_policy::unset: return "";
    case container_restart_policy::always: return "Always";
    case container_restart_policy::on_failure: return "OnFailure";
    case container_restart_policy::never: return "Never";
  }
  return "?";
}

std::optional<pod_restart_policy> parse_pod_restart_policy(std::string_view text) noexcept {
  if (text == "Always") return pod_restart_policy::always;
  if (text == "OnFailure") return pod_restart_policy::on_failure;
  if (text == "Never") return pod_restart_policy::never;
  return std::nullopt;
}

std::string_view to_string(pod_restart_policy policy) noexcept {
  switch (policy) {
    case pod_restart_policy::always: return "Always";
    case pod_restart_policy::on_failure: return "OnFailure";
    case pod_restart_policy::never: return "Never";
  }
  return "?";
}

std::optional<update_strategy_type> parse_update_strategy_type(std::string_view text) noexcept {
  if (text == "RollingUpdate") return update_strategy_type::rolling_update;
  if (text == "OnDelete") return update_strategy_type::on_delete;
  return std::nullopt;
}

std::string_view to_string(update_strategy_type type) noexcept {
  return type == update_strategy_type::rolling_update ? "RollingUpdate" : "OnDelete";
}

std::optional<pod_phase> parse_pod_phase(std::string_view text) noexcept {
  if (text == "Pending") return pod_phase::pending;
  if (text == "Running") return pod_phase::running;
  if (text == "Succeeded") return pod_phase::succeeded;
  if (text == "Failed") return pod_phase::failed;
  if (text == "Unknown") return pod_phase::unknown;
  return std::nullopt;
}

std::string_view to_string(pod_phase phase) noexcept {
  switch (phase) {
    case pod_phase::pending: return "Pending";
    case pod_phase::running: return "Running";
    case pod_phase::succeeded: return "Succeeded";
    case pod_phase::failed: return "Failed";
    case pod_phase::unknown: return "Unknown";
  }
  return "?";
}

// Mirrors intstr.GetScaledValueFromIntOrPercent: ceil or floor of value% × total.
std::int64_t int_or_percent::scaled(std::int64_t total, bool round_up) const noexcept {
  if (!is_percent) return value;
  const std::int64_t product = static_cast<std::int64_t>(value) * total;
  if (round_up) return product >= 0 ? (product + 99) / 100 : product / 100;
  return product >= 0 ? product / 100 : (product - 99) / 100;
}

std::string int_or_percent::to_string() const {
  return std::to_string(value) + (is_percent ? "%" : "");
}

}  // namespace dsb
