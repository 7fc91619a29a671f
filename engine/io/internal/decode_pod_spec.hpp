// PodSpec decoding with kube-apiserver validation in strict mode.
//
// Validation mirrors pkg/apis/core/validation/validation.go: ValidateNodeSelectorRequirement,
// ValidateNodeFieldSelectorRequirement, ValidatePreferredSchedulingTerms, ValidateTolerations,
// validateContainerPorts, ValidateResourceRequirements (the parts placement, admission and
// the lifecycle depend on). Lenient mode keeps what validation would reject so the runtime
// matchers decide (predicates.md "Build both layers").
#pragma once

#include <set>
#include <string>

#include "engine/io/internal/decode_common.hpp"
#include "engine/io/internal/decode_meta.hpp"
#include "engine/model/pod_spec.hpp"
#include "engine/model/resources.hpp"

namespace dsb::io::internal {

/// Where a selector requirement appears; validation differs per place.
enum class requirement_place : std::uint8_t { required_expression, preferred_expression, field, label_selector };

template <class Node>
selector_requirement decode_requirement(decode_ctx& ctx, const Node& node, requirement_place place) {
  selector_requirement req;
  std::string location = node.location();
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "key") req.key = read_string(ctx, child);
    else if (key == "operator") req.op_text = read_string(ctx, child);
    else if (key == "values") req.values = read_string_list(ctx, child);
  });
  req.op = parse_selector_operator(req.op_text);
  if (!ctx.strict()) return req;

  const bool label_selector = place == requirement_place::label_selector;
  const bool allowed_op = label_selector ? (req.op == selector_operator::in || req.op == selector_operator::not_in ||
                                            req.op == selector_operator::exists || req.op == selector_operator::does_not_exist)
                          : place == requirement_place::field ? (req.op == selector_operator::in || req.op == selector_operator::not_in)
                                                              : req.op != selector_operator::unknown;
  if (!allowed_op) {
    path_guard guard(ctx, "operator");
    ctx.fail(error_code::invalid_value, "unsupported operator \"" + req.op_text + "\"" +
                                            (place == requirement_place::field ? " (matchFields allows In and NotIn)" : ""),
             location);
  }
  if (place == requirement_place::field) {
    path_guard guard(ctx, "key");
    if (req.key != "metadata.name") ctx.fail(error_code::invalid_value, "matchFields supports only key \"metadata.name\", not \"" + req.key + "\"", location);
  } else {
    path_guard guard(ctx, "key");
    check_label_key(ctx, req.key, location);
  }
  {
    path_guard guard(ctx, "values");
    switch (req.op) {
      case selector_operator::in:
      case selector_operator::not_in:
        if (place == requirement_place::field && req.values.size() != 1) {
          ctx.fail(error_code::invalid_value, "must have exactly one value for matchFields", location);
        }
        if (req.values.empty()) ctx.fail(error_code::invalid_value, "must be specified when operator is In or NotIn", location);
        break;
      case selector_operator::exists:
      case selector_operator::does_not_exist:
        if (!req.values.empty()) ctx.fail(error_code::invalid_value, "may not be specified when operator is Exists or DoesNotExist", location);
        break;
      case selector_operator::gt:
      case selector_operator::lt:
        if (req.values.size() != 1) ctx.fail(error_code::invalid_value, "must be specified single value when operator is Gt or Lt", location);
        break;
      case selector_operator::unknown: break;
    }
    // Preferred terms admit invalid label values ("they can succeed with one node").
    if (place == requirement_place::field) {
      for (const std::string& value : req.values) {
        if (std::string problem = dns1123_subdomain_problem(value); !problem.empty()) {
          ctx.fail(error_code::invalid_value, "invalid node name \"" + value + "\": " + problem, location);
        }
      }
    } else if (place != requirement_place::preferred_expression) {
      for (const std::string& value : req.values) check_label_value(ctx, value, location);
    }
  }
  return req;
}

template <class Node>
node_selector_term decode_node_selector_term(decode_ctx& ctx, const Node& node, bool preferred) {
  node_selector_term term;
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "matchExpressions") {
      for_each_item(ctx, child, [&](std::size_t, const Node& item) {
        term.match_expressions.push_back(decode_requirement(
            ctx, item, preferred ? requirement_place::preferred_expression : requirement_place::required_expression));
      });
    } else if (key == "matchFields") {
      for_each_item(ctx, child, [&](std::size_t, const Node& item) {
        term.match_fields.push_back(decode_requirement(ctx, item, requirement_place::field));
      });
    }
  });
  return term;
}

template <class Node>
node_selector decode_node_selector(decode_ctx& ctx, const Node& node) {
  node_selector selector;
  const std::string location = node.location();
  bool has_terms_field = false;
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "nodeSelectorTerms") {
      has_terms_field = !is_null(child);
      for_each_item(ctx, child, [&](std::size_t, const Node& item) {
        selector.terms.push_back(decode_node_selector_term(ctx, item, false));
      });
    }
  });
  if (ctx.strict() && selector.terms.empty()) {
    path_guard guard(ctx, "nodeSelectorTerms");
    ctx.fail(error_code::invalid_value, "must have at least one node selector term", location);
  }
  (void)has_terms_field;
  return selector;
}

template <class Node>
node_affinity decode_node_affinity(decode_ctx& ctx, const Node& node) {
  node_affinity out;
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "requiredDuringSchedulingIgnoredDuringExecution") {
      if (!is_null(child)) out.required = decode_node_selector(ctx, child);
    } else if (key == "preferredDuringSchedulingIgnoredDuringExecution") {
      for_each_item(ctx, child, [&](std::size_t, const Node& item) {
        preferred_scheduling_term term;
        for_each_field(ctx, item, [&](std::string_view field, const Node& value) {
          if (field == "weight") {
            term.weight = read_int32(ctx, value);
            if (ctx.strict() && (term.weight < 1 || term.weight > 100)) {
              ctx.fail(error_code::invalid_value, "weight must be in the range 1-100, got " + std::to_string(term.weight), value.location());
            }
          } else if (field == "preference") {
            term.preference = decode_node_selector_term(ctx, value, true);
          }
        });
        out.preferred.push_back(std::move(term));
      });
    }
  });
  return out;
}

template <class Node>
affinity decode_affinity(decode_ctx& ctx, const Node& node) {
  affinity out;
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "nodeAffinity") {
      if (!is_null(child)) out.node = decode_node_affinity(ctx, child);
    } else if (key == "podAffinity") {
      out.has_pod_affinity = expect_object(ctx, child);
    } else if (key == "podAntiAffinity") {
      out.has_pod_anti_affinity = expect_object(ctx, child);
    }
  });
  return out;
}

template <class Node>
label_selector decode_label_selector(decode_ctx& ctx, const Node& node) {
  label_selector selector;
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "matchLabels") {
      selector.match_labels = read_string_map(ctx, child, true);
    } else if (key == "matchExpressions") {
      for_each_item(ctx, child, [&](std::size_t, const Node& item) {
        selector.match_expressions.push_back(decode_requirement(ctx, item, requirement_place::label_selector));
      });
    }
  });
  return selector;
}

template <class Node>
toleration decode_toleration(decode_ctx& ctx, const Node& node) {
  toleration tol;
  const std::string location = node.location();
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "key") tol.key = read_string(ctx, child);
    else if (key == "operator") tol.op_text = read_string(ctx, child);
    else if (key == "value") tol.value = read_string(ctx, child);
    else if (key == "effect") tol.effect_text = read_string(ctx, child);
    else if (key == "tolerationSeconds") {
      if (!is_null(child)) tol.toleration_seconds = read_int64(ctx, child);
    }
  });
  tol.op = parse_toleration_operator(tol.op_text);
  tol.effect = parse_toleration_effect(tol.effect_text);
  if (!ctx.strict()) return tol;
  // ValidateTolerations (comparison-operator gate off, the default).
  if (!tol.key.empty()) {
    path_guard guard(ctx, "key");
    check_label_key(ctx, tol.key, location, "toleration key");
  } else if (tol.op != toleration_operator::exists) {
    path_guard guard(ctx, "operator");
    ctx.fail(error_code::invalid_value, "operator must be Exists when key is empty", location);
  }
  if (tol.toleration_seconds && tol.effect != toleration_effect::no_execute) {
    path_guard guard(ctx, "effect");
    ctx.fail(error_code::invalid_value, "effect must be NoExecute when tolerationSeconds is set", location);
  }
  switch (tol.op) {
    case toleration_operator::equal: {
      path_guard guard(ctx, "value");
      check_label_value(ctx, tol.value, location, "toleration value");
      break;
    }
    case toleration_operator::exists:
      if (!tol.value.empty()) {
        path_guard guard(ctx, "value");
        ctx.fail(error_code::invalid_value, "value must be empty when operator is Exists", location);
      }
      break;
    case toleration_operator::lt:
    case toleration_operator::gt:
    case toleration_operator::unknown: {
      path_guard guard(ctx, "operator");
      ctx.fail(error_code::invalid_value, "unsupported operator \"" + tol.op_text + "\" (Equal or Exists; Lt/Gt need the TaintTolerationComparisonOperators gate)", location);
    }
  }
  if (tol.effect == toleration_effect::unknown) {
    path_guard guard(ctx, "effect");
    ctx.fail(error_code::invalid_value, "unsupported effect \"" + tol.effect_text + "\" (NoSchedule, PreferNoSchedule or NoExecute)", location);
  }
  return tol;
}

template <class Node>
container_port decode_container_port(decode_ctx& ctx, const Node& node) {
  container_port port;
  const std::string location = node.location();
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "name") port.name = read_string(ctx, child);
    else if (key == "containerPort") port.container_port = read_int32(ctx, child);
    else if (key == "hostPort") port.host_port = read_int32(ctx, child);
    else if (key == "hostIP") port.host_ip = read_string(ctx, child);
    else if (key == "protocol") {
      const std::string_view text = read_string(ctx, child);
      if (text.empty() || text == "TCP") port.protocol = port_protocol::tcp;  // default TCP
      else if (text == "UDP") port.protocol = port_protocol::udp;
      else if (text == "SCTP") port.protocol = port_protocol::sctp;
      else ctx.fail(error_code::invalid_value, "unsupported protocol \"" + std::string(text) + "\" (TCP, UDP or SCTP)", child.location());
    }
  });
  if (ctx.strict()) {
    if (port.container_port < 1 || port.container_port > 65535) {
      path_guard guard(ctx, "containerPort");
      ctx.fail(error_code::invalid_value, "must be between 1 and 65535, inclusive (got " + std::to_string(port.container_port) + ")", location);
    }
    if (port.host_port < 0 || port.host_port > 65535) {
      path_guard guard(ctx, "hostPort");
      ctx.fail(error_code::invalid_value, "must be between 0 and 65535, inclusive (got " + std::to_string(port.host_port) + ")", location);
    }
  } else if (port.host_port < 0 || port.host_port > 65535 || port.container_port < 0 || port.container_port > 65535) {
    ctx.fail(error_code::invalid_value, "port numbers must be between 0 and 65535", location);
  }
  return port;
}

/// Resource names a container may request (validateContainerResourceName).
inline bool is_container_resource_name(std::string_view name) {
  return name == "cpu" || name == "memory" || name == "ephemeral-storage" || is_hugepages_resource(name) ||
         (name.find('/') != std::string_view::npos && is_label_key(name));
}

template <class Node>
resource_list decode_resource_list(decode_ctx& ctx, const Node& node, bool container_resources) {
  resource_list out;
  for_each_field(ctx, node, [&](std::string_view name, const Node& child) {
    const quantity amount = read_quantity(ctx, child);
    if (ctx.strict()) {
      if (amount.negative()) ctx.fail(error_code::invalid_value, "must be greater than or equal to 0", child.location());
      if (container_resources && !is_container_resource_name(name)) {
        ctx.fail(error_code::invalid_value, "\"" + std::string(name) + "\" is not a resource a container may request", child.location());
      }
      if (container_resources && is_extended_resource(name) && amount.nano % 1'000'000'000 != 0) {
        ctx.fail(error_code::invalid_value, "extended resource must be a whole number", child.location());
      }
    }
    if (!out.emplace(std::string(name), amount).second) ctx.fail(error_code::invalid_value, "duplicate resource \"" + std::string(name) + "\"", child.location());
  });
  return out;
}

template <class Node>
std::optional<probe> decode_probe(decode_ctx& ctx, const Node& node) {
  if (!expect_object(ctx, node)) return std::nullopt;
  probe out;
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "exec") out.handler = probe_handler::exec;
    else if (key == "httpGet") out.handler = probe_handler::http_get;
    else if (key == "tcpSocket") out.handler = probe_handler::tcp_socket;
    else if (key == "grpc") out.handler = probe_handler::grpc;
    else if (key == "initialDelaySeconds") out.initial_delay_seconds = read_int32(ctx, child);
    else if (key == "periodSeconds") out.period_seconds = read_int32(ctx, child);
    else if (key == "timeoutSeconds") out.timeout_seconds = read_int32(ctx, child);
    else if (key == "successThreshold") out.success_threshold = read_int32(ctx, child);
    else if (key == "failureThreshold") out.failure_threshold = read_int32(ctx, child);
  });
  return out;
}

template <class Node>
container decode_container(decode_ctx& ctx, const Node& node, bool init_container) {
  container ctr;
  const std::string location = node.location();
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "name") ctr.name = read_string(ctx, child);
    else if (key == "image") ctr.image = read_string(ctx, child);
    else if (key == "command") ctr.command = read_string_list(ctx, child);
    else if (key == "args") ctr.args = read_string_list(ctx, child);
    else if (key == "ports") {
      for_each_item(ctx, child, [&](std::size_t, const Node& item) { ctr.ports.push_back(decode_container_port(ctx, item)); });
    } else if (key == "resources") {
      for_each_field(ctx, child, [&](std::string_view field, const Node& value) {
        if (field == "requests") ctr.resources.requests = decode_resource_list(ctx, value, true);
        else if (field == "limits") ctr.resources.limits = decode_resource_list(ctx, value, true);
      });
    } else if (key == "restartPolicy") {
      const std::string_view text = read_string(ctx, child);
      const auto policy = parse_container_restart_policy(text);
      if (!policy) ctx.fail(error_code::invalid_value, "unsupported restartPolicy \"" + std::string(text) + "\"", child.location());
      if (ctx.strict() && *policy != container_restart_policy::unset &&
          (!init_container || *policy != container_restart_policy::always)) {
        ctx.fail(error_code::invalid_value, init_container ? "an init container's restartPolicy may only be Always (a sidecar)"
                                                           : "restartPolicy may only be set on init containers",
                 child.location());
      }
      ctr.restart_policy = *policy;
    } else if (key == "startupProbe") ctr.startup_probe = decode_probe(ctx, child);
    else if (key == "readinessProbe") ctr.readiness_probe = decode_probe(ctx, child);
    else if (key == "livenessProbe") ctr.liveness_probe = decode_probe(ctx, child);
    else if (key == "lifecycle") {
      for_each_field(ctx, child, [&](std::string_view hook, const Node& value) {
        if (hook == "postStart") ctr.has_post_start = expect_object(ctx, value);
        else if (hook == "preStop") ctr.has_pre_stop = expect_object(ctx, value);
      });
    }
  });
  if (ctx.strict()) {
    if (ctr.name.empty()) {
      path_guard guard(ctx, "name");
      ctx.fail(error_code::missing_field, "container name is required", location);
    }
    // ValidateResourceRequirements: request <= limit; extended resources need request == limit.
    for (const auto& [name, request] : ctr.resources.requests) {
      const auto limit = ctr.resources.limits.find(name);
      path_guard guard(ctx, "resources");
      if (limit != ctr.resources.limits.end()) {
        if (is_extended_resource(name) && request != limit->second) {
          ctx.fail(error_code::invalid_value, "requests[\"" + name + "\"] must be equal to the limit for an extended resource", location);
        }
        if (request > limit->second) {
          ctx.fail(error_code::invalid_value, "requests[\"" + name + "\"] " + format_quantity(request) + " must be less than or equal to the limit " + format_quantity(limit->second), location);
        }
      } else if (is_extended_resource(name)) {
        ctx.fail(error_code::invalid_value, "limits[\"" + name + "\"] must be set for a non-overcommitable resource", location);
      }
    }
  }
  return ctr;
}

template <class Node>
void decode_pod_spec(decode_ctx& ctx, const Node& node, pod_spec& spec) {
  const std::string location = node.location();
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "nodeName") spec.node_name = read_string(ctx, child);
    else if (key == "nodeSelector") spec.node_selector = read_string_map(ctx, child, true);
    else if (key == "affinity") {
      if (!is_null(child)) spec.affinity_ = decode_affinity(ctx, child);
    } else if (key == "tolerations") {
      for_each_item(ctx, child, [&](std::size_t, const Node& item) { spec.tolerations.push_back(decode_toleration(ctx, item)); });
    } else if (key == "hostNetwork") spec.host_network = read_bool(ctx, child);
    else if (key == "hostPID") spec.host_pid = read_bool(ctx, child);
    else if (key == "hostIPC") spec.host_ipc = read_bool(ctx, child);
    else if (key == "initContainers") {
      for_each_item(ctx, child, [&](std::size_t, const Node& item) { spec.init_containers.push_back(decode_container(ctx, item, true)); });
    } else if (key == "containers") {
      for_each_item(ctx, child, [&](std::size_t, const Node& item) { spec.containers.push_back(decode_container(ctx, item, false)); });
    } else if (key == "restartPolicy") {
      const std::string_view text = read_string(ctx, child);
      if (!text.empty()) {
        const auto policy = parse_pod_restart_policy(text);
        if (!policy) ctx.fail(error_code::invalid_value, "unsupported restartPolicy \"" + std::string(text) + "\" (Always, OnFailure or Never)", child.location());
        spec.restart_policy = *policy;
      }
    } else if (key == "overhead") spec.overhead = decode_resource_list(ctx, child, false);
    else if (key == "resources") {
      for_each_field(ctx, child, [&](std::string_view field, const Node& value) {
        if (field == "requests") spec.pod_level_requests = decode_resource_list(ctx, value, false);
      });
    } else if (key == "priorityClassName") spec.priority_class_name = read_string(ctx, child);
    else if (key == "priority") spec.priority = read_int32(ctx, child);
    else if (key == "schedulerName") spec.scheduler_name = read_string(ctx, child);
    else if (key == "terminationGracePeriodSeconds") {
      if (!is_null(child)) spec.termination_grace_period_seconds = read_int64(ctx, child);
    }
  });
  if (ctx.strict()) {
    std::set<std::string_view> names;
    auto check_unique = [&](const std::vector<container>& containers, const char* field) {
      for (std::size_t idx = 0; idx < containers.size(); ++idx) {
        if (!names.insert(containers[idx].name).second) {
          path_guard guard(ctx, field);
          path_guard index(ctx, idx);
          path_guard name(ctx, "name");
          ctx.fail(error_code::invalid_value, "duplicate container name \"" + containers[idx].name + "\"", location);
        }
      }
    };
    check_unique(spec.init_containers, "initContainers");
    check_unique(spec.containers, "containers");
  }
}

}  // namespace dsb::io::internal
