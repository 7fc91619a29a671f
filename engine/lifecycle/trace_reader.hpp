// Reads a lifecycle trace (JSON Lines, engine/lifecycle/README.md "Trace format") into a
// trace_set, streaming: each line is parsed in place with simdjson On-Demand into 24-byte
// events grouped by pod; the text is never copied and never held twice.
//
// Accepted lines: a pod line {"pod","uid"?,"spec"} before that pod's events, and event lines
// {"pod","t","ev","c"?,"instance"?,"sandbox"?|"attempt"?,"exitCode"?,"reason"?,"phase"?,
// "image"?,"ok"?,"gracePeriodSeconds"?}. Blank lines are skipped; null means absent.
// Lines of different pods may interleave; one pod's events must be in time order (equal
// times keep file order, which must be causal: an exit before the start it allows).
//
// Errors (one, the first in file order): malformed JSON, a line that is not an object, an
// unknown field or event name, a wrong type or out-of-range value, an event for a pod with no
// earlier pod line, a second pod line for a pod, a container not in the pod's spec, time
// going backwards within a pod. The error names the file, the pod, the field and the line.
//
// Threads: inputs of at least 4 MiB are split at line boundaries into one chunk per thread
// oneTBB allows; chunks parse in parallel and are merged in file order, so the result (pods
// in order of first appearance, events in file order) is the same for any chunk count.
// Cost: ~150-250 ns per line on one thread; 24 bytes per event plus ~100 bytes per pod.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "engine/lifecycle/trace.hpp"
#include "engine/model/error.hpp"

namespace dsb::lifecycle {

struct read_trace_options {
  std::size_t chunks = 0;  ///< 0 = automatic (one per thread for large inputs); 1 = serial
};

/// Bytes of one trace and who keeps them alive. `capacity` counts readable bytes from
/// bytes.data() and must be at least bytes.size() + 64 (simdjson reads ahead); pod names
/// in the result point into the bytes, so the trace_set shares `keepalive`.
struct trace_input {
  std::string name;  ///< for error messages ("<stdin>", a path)
  std::string_view bytes;
  std::size_t capacity = 0;
  std::shared_ptr<const void> keepalive;
};

/// SIMDJSON padding the input must carry.
inline constexpr std::size_t TRACE_PADDING = 64;

result<trace_set> read_trace(const trace_input& input, const read_trace_options& options = {});

/// Convenience for small texts (tests): copies into a padded buffer first.
result<trace_set> read_trace_text(std::string name, std::string_view text, const read_trace_options& options = {});

/// True when the input looks like a trace rather than a Pod list: its first non-blank line
/// is a JSON object that starts with the "pod" key or parses as an object with a "pod" field.
bool looks_like_trace(std::string_view bytes) noexcept;

}  // namespace dsb::lifecycle
