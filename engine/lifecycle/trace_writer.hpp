// Writes lifecycle traces as JSON Lines (the format of engine/lifecycle/README.md, which
// trace_reader.hpp reads back to an equal trace_set).
//
// Lines are compact, keys in a fixed order:
//   {"pod":"sim/pod-7","uid":"...","spec":{...}}
//   {"pod":"sim/pod-7","t":1.25,"ev":"ContainerCreated","c":"init-0","instance":0,"sandbox":0}
// `t` is seconds with up to six decimals, trailing zeros dropped. Image-pull events write
// the container's image from the spec ("image"), so reading them back yields the same keys.
// Cost: ~30-60 ns per event line (std::to_chars, no allocation when `out` has capacity).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "engine/lifecycle/trace.hpp"

namespace dsb::lifecycle {

/// The `spec` object of a pod line.
std::string spec_json(const trace_spec& spec);

/// Appends `t` as the trace writes it ("12.5").
void append_seconds(std::string& out, std::int64_t micros);

/// Appends one pod: its pod line (with `spec_text` = spec_json(spec)) and its event lines.
void append_pod_jsonl(std::string& out, std::string_view pod_name, std::string_view uid, const trace_spec& spec,
                      std::string_view spec_text, std::span<const trace_event> events);

/// Appends every pod of a trace_set, pod by pod.
void append_trace_jsonl(const trace_set& traces, std::string& out);

}  // namespace dsb::lifecycle
