// DaemonSet and Pod decoding, with apps/v1 and core/v1 defaulting applied.
#pragma once

#include "engine/io/internal/canonical_digest.hpp"
#include "engine/io/internal/decode_pod_spec.hpp"
#include "engine/model/daemonset.hpp"
#include "engine/model/defaults.hpp"
#include "engine/model/pod.hpp"

namespace dsb::io::internal {

/// intstr.IntOrString for maxUnavailable/maxSurge: an integer, or a string "<int>%".
template <class Node>
int_or_percent decode_int_or_percent(decode_ctx& ctx, const Node& node) {
  const value_kind kind = node.kind();
  if (kind == value_kind::integer) return int_or_percent{read_int32(ctx, node), false};
  if (kind != value_kind::string) fail_type(ctx, node, "an integer or a percentage string");
  std::string_view text = node.string();
  // Kubernetes accepts only "<digits>%" here (IsValidPercent); a bare numeric string fails
  // at sync time with "invalid value for MaxUnavailable", so we refuse it up front.
  if (text.size() < 2 || text.back() != '%') {
    ctx.fail(error_code::invalid_value, "must be an integer or a percentage like \"10%\", got \"" + std::string(text) + "\"", node.location());
  }
  text.remove_suffix(1);
  const auto value = parse_go_int64(text);
  if (!value || *value < 0 || *value > 1'000'000) {
    ctx.fail(error_code::invalid_value, "invalid percentage \"" + std::string(node.string()) + "\"", node.location());
  }
  return int_or_percent{static_cast<std::int32_t>(*value), true};
}

template <class Node>
void decode_update_strategy(decode_ctx& ctx, const Node& node, update_strategy& strategy) {
  std::optional<rolling_update_params> rolling;
  bool has_rolling = false;
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "type") {
      const std::string_view text = read_string(ctx, child);
      if (!text.empty()) {
        const auto type = parse_update_strategy_type(text);
        if (!type) ctx.fail(error_code::invalid_value, "unsupported update strategy \"" + std::string(text) + "\" (RollingUpdate or OnDelete)", child.location());
        strategy.type = *type;
      }
    } else if (key == "rollingUpdate") {
      if (!expect_object(ctx, child)) return;
      has_rolling = true;
      rolling.emplace();
      for_each_field(ctx, child, [&](std::string_view field, const Node& value) {
        if (field == "maxUnavailable" && !is_null(value)) rolling->max_unavailable = decode_int_or_percent(ctx, value);
        else if (field == "maxSurge" && !is_null(value)) rolling->max_surge = decode_int_or_percent(ctx, value);
      });
    }
  });
  // SetDefaults_DaemonSet: RollingUpdate gets rollingUpdate with maxUnavailable 1 and
  // maxSurge 0 where absent (the struct defaults); OnDelete keeps it absent.
  if (strategy.type == update_strategy_type::on_delete) {
    strategy.rolling.reset();
  } else {
    strategy.rolling = has_rolling ? *rolling : rolling_update_params{};
  }
}

/// ValidateDaemonSetSpec parts dsbench relies on (apps/validation, daemonset-controller.md §11.5, §13).
template <class Node>
void validate_daemonset(decode_ctx& ctx, const Node& node, const daemonset& ds) {
  const std::string location = node.location();
  path_guard spec(ctx, "spec");
  {
    path_guard guard(ctx, "selector");
    if (!ds.selector || (ds.selector->match_labels.empty() && ds.selector->match_expressions.empty())) {
      ctx.fail(error_code::invalid_value, "empty selector is invalid for daemonset", location);
    }
    for (const auto& [key, value] : ds.selector->match_labels) {
      const auto found = ds.template_.metadata.labels.find(key);
      if (found == ds.template_.metadata.labels.end() || found->second != value) {
        ctx.fail(error_code::invalid_value, "selector does not match template labels (" + key + "=" + value + ")", location);
      }
    }
  }
  {
    path_guard guard(ctx, "template");
    path_guard pod_spec(ctx, "spec");
    if (ds.template_.spec.restart_policy != pod_restart_policy::always) {
      path_guard field(ctx, "restartPolicy");
      ctx.fail(error_code::invalid_value, "must be Always for a DaemonSet", location);
    }
    if (ds.template_.spec.containers.empty()) {
      path_guard field(ctx, "containers");
      ctx.fail(error_code::missing_field, "a pod template needs at least one container", location);
    }
  }
  if (ds.min_ready_seconds < 0) {
    path_guard guard(ctx, "minReadySeconds");
    ctx.fail(error_code::invalid_value, "must be greater than or equal to 0", location);
  }
  if (ds.revision_history_limit < 0) {
    path_guard guard(ctx, "revisionHistoryLimit");
    ctx.fail(error_code::invalid_value, "must be greater than or equal to 0", location);
  }
  if (ds.strategy.rolling) {
    path_guard guard(ctx, "updateStrategy");
    path_guard rolling(ctx, "rollingUpdate");
    const rolling_update_params& params = *ds.strategy.rolling;
    auto check_bounds = [&](const int_or_percent& value, const char* field) {
      if (value.value < 0 || (value.is_percent && value.value > 100)) {
        path_guard name(ctx, field);
        ctx.fail(error_code::invalid_value, "must be a non-negative integer or a percentage no greater than 100%, got " + value.to_string(), location);
      }
    };
    check_bounds(params.max_unavailable, "maxUnavailable");
    check_bounds(params.max_surge, "maxSurge");
    const bool unavailable_zero = params.max_unavailable.value == 0;
    const bool surge_zero = params.max_surge.value == 0;
    if (unavailable_zero && surge_zero) {
      path_guard name(ctx, "maxUnavailable");
      ctx.fail(error_code::invalid_value, "cannot be 0 when maxSurge is 0", location);
    }
    if (!unavailable_zero && !surge_zero) {
      path_guard name(ctx, "maxSurge");
      ctx.fail(error_code::invalid_value, "may not be set when maxUnavailable is non-zero (set maxUnavailable: 0 to surge)", location);
    }
  }
}

template <class Node>
daemonset decode_daemonset(decode_ctx& ctx, const Node& node) {
  daemonset ds;
  for_each_field(ctx, node, [&](std::string_view section, const Node& body) {
    if (section == "metadata") {
      decode_object_meta(ctx, body, ds.metadata);
    } else if (section == "spec") {
      for_each_field(ctx, body, [&](std::string_view key, const Node& child) {
        if (key == "selector") {
          if (!is_null(child)) ds.selector = decode_label_selector(ctx, child);
        } else if (key == "template") {
          if (child.kind() == value_kind::object) ds.template_.source_digest = canonical_digest(child);
          for_each_field(ctx, child, [&](std::string_view part, const Node& value) {
            if (part == "metadata") decode_object_meta(ctx, value, ds.template_.metadata);
            else if (part == "spec") decode_pod_spec(ctx, value, ds.template_.spec);
          });
        } else if (key == "updateStrategy") {
          decode_update_strategy(ctx, child, ds.strategy);
        } else if (key == "minReadySeconds") {
          ds.min_ready_seconds = read_int32(ctx, child);
        } else if (key == "revisionHistoryLimit") {
          if (!is_null(child)) ds.revision_history_limit = read_int32(ctx, child);
        }
      });
    } else if (section == "status") {
      for_each_field(ctx, body, [&](std::string_view key, const Node& child) {
        daemonset_status& status = ds.status;
        if (key == "currentNumberScheduled") status.current_number_scheduled = read_int32(ctx, child);
        else if (key == "numberMisscheduled") status.number_misscheduled = read_int32(ctx, child);
        else if (key == "desiredNumberScheduled") status.desired_number_scheduled = read_int32(ctx, child);
        else if (key == "numberReady") status.number_ready = read_int32(ctx, child);
        else if (key == "observedGeneration") status.observed_generation = read_int64(ctx, child);
        else if (key == "updatedNumberScheduled") status.updated_number_scheduled = read_int32(ctx, child);
        else if (key == "numberAvailable") status.number_available = read_int32(ctx, child);
        else if (key == "numberUnavailable") status.number_unavailable = read_int32(ctx, child);
        else if (key == "collisionCount" && !is_null(child)) status.collision_count = read_int32(ctx, child);
      });
    }
  });
  if (ds.metadata.generation == 0) ds.metadata.generation = 1;  // the API server sets 1 on create
  if (ctx.strict()) {
    if (ds.metadata.name.empty()) {
      path_guard meta(ctx, "metadata");
      path_guard name(ctx, "name");
      ctx.fail(error_code::missing_field, "name is required", node.location());
    }
    validate_daemonset(ctx, node, ds);
  }
  return ds;
}

template <class Node>
container_state decode_container_state(decode_ctx& ctx, const Node& node) {
  container_state state;
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (is_null(child)) return;
    if (key == "waiting") state.kind = container_state_kind::waiting;
    else if (key == "running") state.kind = container_state_kind::running;
    else if (key == "terminated") state.kind = container_state_kind::terminated;
    else return;
    for_each_field(ctx, child, [&](std::string_view field, const Node& value) {
      if (field == "reason") state.reason = read_string(ctx, value);
      else if (field == "exitCode") state.exit_code = read_int32(ctx, value);
      else if (field == "startedAt") state.started_at = read_time(ctx, value);
      else if (field == "finishedAt") state.finished_at = read_time(ctx, value);
    });
  });
  return state;
}

template <class Node>
container_status decode_container_status(decode_ctx& ctx, const Node& node) {
  container_status status;
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "name") status.name = read_string(ctx, child);
    else if (key == "ready") status.ready = read_bool(ctx, child);
    else if (key == "started") {
      if (!is_null(child)) status.started = read_bool(ctx, child);
    } else if (key == "restartCount") status.restart_count = read_int32(ctx, child);
    else if (key == "state") status.state = decode_container_state(ctx, child);
    else if (key == "lastState") status.last_state = decode_container_state(ctx, child);
  });
  return status;
}

template <class Node>
void decode_pod_status(decode_ctx& ctx, const Node& node, pod_status& status) {
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "phase") {
      const std::string_view text = read_string(ctx, child);
      if (!text.empty()) {
        const auto phase = parse_pod_phase(text);
        if (!phase) ctx.fail(error_code::invalid_value, "unknown pod phase \"" + std::string(text) + "\"", child.location());
        status.phase = *phase;
      }
    } else if (key == "conditions") {
      for_each_item(ctx, child, [&](std::size_t, const Node& item) {
        pod_condition condition;
        for_each_field(ctx, item, [&](std::string_view field, const Node& value) {
          if (field == "type") condition.type = read_string(ctx, value);
          else if (field == "status") {
            const std::string_view text = read_string(ctx, value);
            condition.status = text == "True" ? condition_status::true_ : text == "False" ? condition_status::false_ : condition_status::unknown;
          } else if (field == "lastTransitionTime") condition.last_transition_time = read_time(ctx, value);
          else if (field == "reason") condition.reason = read_string(ctx, value);
        });
        status.conditions.push_back(std::move(condition));
      });
    } else if (key == "initContainerStatuses") {
      for_each_item(ctx, child, [&](std::size_t, const Node& item) { status.init_container_statuses.push_back(decode_container_status(ctx, item)); });
    } else if (key == "containerStatuses") {
      for_each_item(ctx, child, [&](std::size_t, const Node& item) { status.container_statuses.push_back(decode_container_status(ctx, item)); });
    } else if (key == "startTime") {
      status.start_time = read_time(ctx, child);
    } else if (key == "reason") {
      status.reason = read_string(ctx, child);
    } else if (key == "message") {
      status.message = read_string(ctx, child);
    }
  });
}

template <class Node>
pod decode_pod(decode_ctx& ctx, const Node& node) {
  pod out;
  for_each_field(ctx, node, [&](std::string_view section, const Node& body) {
    if (section == "metadata") decode_object_meta(ctx, body, out.metadata);
    else if (section == "spec") decode_pod_spec(ctx, body, out.spec);
    else if (section == "status") decode_pod_status(ctx, body, out.status);
  });
  if (ctx.strict()) {
    if (out.metadata.name.empty() && out.metadata.generate_name.empty()) {
      path_guard meta(ctx, "metadata");
      path_guard name(ctx, "name");
      ctx.fail(error_code::missing_field, "name or generateName is required", node.location());
    }
    if (out.spec.containers.empty()) {
      path_guard spec(ctx, "spec");
      path_guard containers(ctx, "containers");
      ctx.fail(error_code::missing_field, "a pod needs at least one container", node.location());
    }
  }
  apply_pod_defaults(out.spec);  // SetDefaults_Pod
  return out;
}

}  // namespace dsb::io::internal
