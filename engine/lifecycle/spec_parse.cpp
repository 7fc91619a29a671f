#include "engine/lifecycle/internal/spec_parse.hpp"

#include <string>

#include <simdjson.h>

namespace dsb::lifecycle::internal {
namespace {

error spec_error(error_code code, std::string field, std::string message) {
  return error{code, {}, {}, std::move(field), {}, std::move(message)};
}

const char* type_name(simdjson::dom::element_type type) {
  switch (type) {
    case simdjson::dom::element_type::ARRAY: return "an array";
    case simdjson::dom::element_type::OBJECT: return "an object";
    case simdjson::dom::element_type::STRING: return "a string";
    case simdjson::dom::element_type::BOOL: return "a boolean";
    case simdjson::dom::element_type::NULL_VALUE: return "null";
    default: return "a number";
  }
}

std::optional<error> decode_container(simdjson::dom::element item, const std::string& path, bool init, trace_spec& spec) {
  simdjson::dom::object obj;
  if (item.get_object().get(obj)) return spec_error(error_code::type, path, std::string("expected an object, got ") + type_name(item.type()));
  container_shape shape;
  shape.role = init ? container_role::init : container_role::app;
  std::string name;
  std::string image;
  bool has_name = false;
  for (auto [key, value] : obj) {
    const std::string field = path + "." + std::string(key);
    if (key == "name") {
      std::string_view text;
      if (value.get_string().get(text)) return spec_error(error_code::type, field, std::string("expected a string, got ") + type_name(value.type()));
      name = std::string(text);
      has_name = true;
    } else if (key == "image") {
      std::string_view text;
      if (value.is_null()) continue;
      if (value.get_string().get(text)) return spec_error(error_code::type, field, std::string("expected a string, got ") + type_name(value.type()));
      image = std::string(text);
    } else if (key == "restartPolicy") {
      if (value.is_null()) continue;
      std::string_view text;
      if (value.get_string().get(text)) return spec_error(error_code::type, field, std::string("expected a string, got ") + type_name(value.type()));
      if (!init) return spec_error(error_code::invalid_value, field, "restartPolicy may only be set on init containers");
      if (text != "Always") return spec_error(error_code::invalid_value, field, "an init container's restartPolicy may only be Always (a sidecar), got \"" + std::string(text) + "\"");
      shape.role = container_role::sidecar;
    } else if (key == "startupProbe" || key == "livenessProbe" || key == "readinessProbe") {
      if (value.is_null()) continue;
      if (!value.is_object()) return spec_error(error_code::type, field, std::string("expected an object, got ") + type_name(value.type()));
      if (key == "startupProbe") shape.startup_probe = true;
      if (key == "livenessProbe") shape.liveness_probe = true;
      if (key == "readinessProbe") shape.readiness_probe = true;
    } else if (key == "lifecycle") {
      if (value.is_null()) continue;
      simdjson::dom::object hooks;
      if (value.get_object().get(hooks)) return spec_error(error_code::type, field, std::string("expected an object, got ") + type_name(value.type()));
      simdjson::dom::element post_start;
      if (!hooks["postStart"].get(post_start) && !post_start.is_null()) shape.post_start = true;
    }
  }
  if (!has_name) return spec_error(error_code::missing_field, path + ".name", "every container needs a name");
  if (name.empty()) return spec_error(error_code::invalid_value, path + ".name", "a container name may not be empty");
  if (spec.find(name) != NO_CONTAINER) return spec_error(error_code::invalid_value, path + ".name", "duplicate container name \"" + name + "\"");
  if (init && shape.role == container_role::init && (shape.startup_probe || shape.liveness_probe || shape.readiness_probe || shape.post_start)) {
    // API validation rejects probes and hooks on regular init containers; the trace keeps
    // the shape the kubelet would have run, so they are dropped rather than refused.
    shape.startup_probe = shape.liveness_probe = shape.readiness_probe = shape.post_start = false;
  }
  spec.names.push_back(std::move(name));
  spec.images.push_back(std::move(image));
  spec.shape.containers.push_back(shape);
  return std::nullopt;
}

std::optional<error> decode_list(simdjson::dom::element value, const std::string& path, bool init, trace_spec& spec) {
  if (value.is_null()) return std::nullopt;
  simdjson::dom::array items;
  if (value.get_array().get(items)) return spec_error(error_code::type, path, std::string("expected an array, got ") + type_name(value.type()));
  std::size_t index = 0;
  for (simdjson::dom::element item : items) {
    if (spec.names.size() >= MAX_CONTAINERS) return spec_error(error_code::limit, path, "more than 65534 containers in one pod");
    if (auto err = decode_container(item, path + "[" + std::to_string(index) + "]", init, spec)) return err;
    ++index;
  }
  return std::nullopt;
}

}  // namespace

result<trace_spec> parse_trace_spec(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (const auto code = parser.parse(simdjson::padded_string(json)).get(root)) {
    return spec_error(error_code::syntax, "spec", std::string("malformed JSON: ") + simdjson::error_message(code));
  }
  simdjson::dom::object obj;
  if (root.get_object().get(obj)) return spec_error(error_code::type, "spec", std::string("expected an object, got ") + type_name(root.type()));
  trace_spec spec;
  simdjson::dom::element init_list;
  simdjson::dom::element app_list;
  bool has_init = false;
  bool has_apps = false;
  for (auto [key, value] : obj) {
    if (key == "restartPolicy") {
      if (value.is_null()) continue;
      std::string_view text;
      if (value.get_string().get(text)) return spec_error(error_code::type, "spec.restartPolicy", std::string("expected a string, got ") + type_name(value.type()));
      const auto policy = parse_pod_restart_policy(text);
      if (!policy) return spec_error(error_code::invalid_value, "spec.restartPolicy", "unsupported restartPolicy \"" + std::string(text) + "\" (Always, OnFailure or Never)");
      spec.shape.restart_policy = *policy;
    } else if (key == "terminationGracePeriodSeconds") {
      if (value.is_null()) continue;
      std::int64_t seconds = 0;
      if (value.get_int64().get(seconds)) return spec_error(error_code::type, "spec.terminationGracePeriodSeconds", "expected an integer number of seconds");
      if (seconds < 0) return spec_error(error_code::invalid_value, "spec.terminationGracePeriodSeconds", "must be >= 0");
      spec.shape.termination_grace_seconds = seconds;
    } else if (key == "initContainers") {
      init_list = value;
      has_init = true;
    } else if (key == "containers") {
      app_list = value;
      has_apps = true;
    }
  }
  // Init containers first: pod_shape indexes them before the apps whatever the key order.
  if (has_init) {
    if (auto err = decode_list(init_list, "spec.initContainers", true, spec)) return std::move(*err);
  }
  spec.shape.init_count = static_cast<std::uint16_t>(spec.names.size());
  if (has_apps) {
    if (auto err = decode_list(app_list, "spec.containers", false, spec)) return std::move(*err);
  }
  if (spec.names.size() == spec.shape.init_count) return spec_error(error_code::missing_field, "spec.containers", "a pod needs at least one container");
  spec.finish_keys();
  return spec;
}

}  // namespace dsb::lifecycle::internal
