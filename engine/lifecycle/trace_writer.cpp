#include "engine/lifecycle/trace_writer.hpp"

#include <charconv>
#include <vector>

namespace dsb::lifecycle {
namespace {

void append_int(std::string& out, std::int64_t value) {
  char digits[24];
  const auto [end, code] = std::to_chars(digits, digits + sizeof(digits), value);
  out.append(digits, static_cast<std::size_t>(end - digits));
}

// JSON string body (no quotes): escapes quotes, backslashes and control characters.
void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char HEX[] = "0123456789abcdef";
          out += "\\u00";
          out += HEX[(static_cast<unsigned char>(c) >> 4) & 0xF];
          out += HEX[static_cast<unsigned char>(c) & 0xF];
        } else {
          out += c;
        }
    }
  }
}

void append_quoted(std::string& out, std::string_view text) {
  out += '"';
  append_escaped(out, text);
  out += '"';
}

void append_container(std::string& out, const trace_spec& spec, bool init, std::size_t index) {
  out += "{\"name\":";
  append_quoted(out, spec.names[index]);
  if (!spec.images[index].empty()) {
    out += ",\"image\":";
    append_quoted(out, spec.images[index]);
  }
  const container_shape& shape = spec.shape.containers[index];
  if (init && shape.role == container_role::sidecar) out += ",\"restartPolicy\":\"Always\"";
  if (shape.startup_probe) out += ",\"startupProbe\":{}";
  if (shape.liveness_probe) out += ",\"livenessProbe\":{}";
  if (shape.readiness_probe) out += ",\"readinessProbe\":{}";
  if (shape.post_start) out += ",\"lifecycle\":{\"postStart\":{}}";
  out += '}';
}

std::string_view policy_text(pod_restart_policy policy) {
  switch (policy) {
    case pod_restart_policy::always: return "Always";
    case pod_restart_policy::on_failure: return "OnFailure";
    case pod_restart_policy::never: return "Never";
  }
  return "Always";
}

}  // namespace

void append_seconds(std::string& out, std::int64_t micros) {
  if (micros < 0) {
    out += '-';
    micros = -micros;
  }
  append_int(out, micros / 1'000'000);
  std::int64_t fraction = micros % 1'000'000;
  if (fraction == 0) return;
  char digits[6];
  for (int pos = 5; pos >= 0; --pos) {
    digits[pos] = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  std::size_t length = 6;
  while (length > 0 && digits[length - 1] == '0') --length;
  out += '.';
  out.append(digits, length);
}

std::string spec_json(const trace_spec& spec) {
  std::string out = "{\"restartPolicy\":\"";
  out += policy_text(spec.shape.restart_policy);
  out += "\",\"terminationGracePeriodSeconds\":";
  append_int(out, spec.shape.termination_grace_seconds);
  if (spec.shape.init_count > 0) {
    out += ",\"initContainers\":[";
    for (std::size_t idx = 0; idx < spec.shape.init_count; ++idx) {
      if (idx > 0) out += ',';
      append_container(out, spec, true, idx);
    }
    out += ']';
  }
  out += ",\"containers\":[";
  for (std::size_t idx = spec.shape.init_count; idx < spec.names.size(); ++idx) {
    if (idx > spec.shape.init_count) out += ',';
    append_container(out, spec, false, idx);
  }
  out += "]}";
  return out;
}

void append_pod_jsonl(std::string& out, std::string_view pod_name, std::string_view uid, const trace_spec& spec,
                      std::string_view spec_text, std::span<const trace_event> events) {
  std::string prefix = "{\"pod\":";
  append_quoted(prefix, pod_name);
  out += prefix;
  if (!uid.empty()) {
    out += ",\"uid\":";
    append_quoted(out, uid);
  }
  out += ",\"spec\":";
  out += spec_text;
  out += "}\n";
  for (const trace_event& event : events) {
    out += prefix;
    out += ",\"t\":";
    append_seconds(out, event.t_us);
    out += ",\"ev\":\"";
    out += to_string(event.kind);
    out += '"';
    if (event.container != NO_CONTAINER) {
      out += ",\"c\":";
      append_quoted(out, spec.names[event.container]);
    }
    if (is_image_event(event.kind)) {
      if (event.container != NO_CONTAINER && !spec.images[event.container].empty()) {
        out += ",\"image\":";
        append_quoted(out, spec.images[event.container]);
      }
      out += "}\n";
      continue;
    }
    if (event.has(event_flag::HAS_INSTANCE)) {
      out += ",\"instance\":";
      append_int(out, event.instance);
    }
    if (event.has(event_flag::HAS_SANDBOX)) {
      out += ",\"sandbox\":";
      append_int(out, event.sandbox);
    }
    switch (event.kind) {
      case event_kind::container_exited:
        out += ",\"exitCode\":";
        append_int(out, event.value);
        if (event.has(event_flag::OOM)) out += ",\"reason\":\"OOMKilled\"";
        break;
      case event_kind::phase_changed:
        out += ",\"phase\":\"";
        out += to_string(static_cast<pod_phase>(event.value));
        out += '"';
        break;
      case event_kind::pod_deletion_requested:
        if (event.has(event_flag::HAS_VALUE)) {
          out += ",\"gracePeriodSeconds\":";
          append_int(out, event.value);
        }
        break;
      case event_kind::post_start_end: out += event.has(event_flag::OK) ? ",\"ok\":true" : ",\"ok\":false"; break;
      default: break;
    }
    out += "}\n";
  }
}

void append_trace_jsonl(const trace_set& traces, std::string& out) {
  std::vector<std::string> spec_texts(traces.spec_count());
  for (std::size_t spec_idx = 0; spec_idx < traces.spec_count(); ++spec_idx) spec_texts[spec_idx] = spec_json(traces.spec(static_cast<std::uint32_t>(spec_idx)));
  for (std::size_t pod_idx = 0; pod_idx < traces.pod_count(); ++pod_idx) {
    const trace_set::pod_entry& entry = traces.pod(pod_idx);
    append_pod_jsonl(out, entry.name, entry.uid, traces.spec(entry.spec), spec_texts[entry.spec], traces.events(pod_idx));
  }
}

}  // namespace dsb::lifecycle
