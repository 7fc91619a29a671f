#include "engine/lifecycle/trace_reader.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <new>
#include <optional>

#include <simdjson.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "engine/lifecycle/internal/trace_chunk.hpp"
#include "engine/lifecycle/internal/trace_set_access.hpp"

namespace dsb::lifecycle {

namespace {

using internal::chunk_pod;
using internal::chunk_result;
using internal::name_table;
using internal::NO_RUN;
using internal::NO_SPEC;

constexpr std::size_t PARALLEL_MIN_BYTES = std::size_t{4} << 20;
constexpr std::size_t MIN_CHUNK_BYTES = std::size_t{1} << 20;

struct global_pod {
  std::uint32_t chunk = 0;  // chunk of the pod line
  std::uint32_t local = 0;
  std::uint32_t spec = 0;   // global spec index
  const char* declared_at = nullptr;  // the pod line
  bool has_events = false;
  std::int64_t last_t_us = 0;
  const char* last_event_at = nullptr;  // line of the last event so far (errors name it)
  std::uint32_t first_seen = 0;  // appearance list
  std::uint32_t last_seen = 0;
};

struct appearance {
  std::uint32_t chunk = 0;
  std::uint32_t local = 0;
  std::uint32_t next = NO_RUN;
};

// The earliest error of a chunk.
struct first_error {
  std::optional<error> err;
  const char* at = nullptr;
  void offer(const char* where, error candidate) {
    if (!err || where < at) {
      err = std::move(candidate);
      at = where;
    }
  }
};

error merge_error(const std::string& file, std::string_view pod, std::string field, std::string message) {
  return error{error_code::invalid_value, file, "pod " + std::string(pod), std::move(field), {}, std::move(message)};
}

std::vector<const char*> split_points(const trace_input& input, std::size_t chunks) {
  const char* begin = input.bytes.data();
  const char* end = begin + input.bytes.size();
  std::vector<const char*> points{begin};
  for (std::size_t chunk = 1; chunk < chunks; ++chunk) {
    const char* guess = begin + input.bytes.size() * chunk / chunks;
    if (guess <= points.back()) continue;
    const void* newline = std::memchr(guess, '\n', static_cast<std::size_t>(end - guess));
    if (newline == nullptr) break;
    const char* next = static_cast<const char*>(newline) + 1;
    if (next > points.back() && next < end) points.push_back(next);
  }
  points.push_back(end);
  return points;
}

}  // namespace

result<trace_set> read_trace(const trace_input& input, const read_trace_options& options) {
  if (input.capacity < input.bytes.size() + TRACE_PADDING) {
    return error{error_code::io, input.name, {}, {}, {}, "internal: trace input is not padded for simdjson"};
  }
  std::size_t chunks = options.chunks;
  if (chunks == 0) {
    chunks = input.bytes.size() >= PARALLEL_MIN_BYTES ? static_cast<std::size_t>(tbb::this_task_arena::max_concurrency()) : 1;
  }
  chunks = std::max<std::size_t>(1, std::min(chunks, input.bytes.size() / MIN_CHUNK_BYTES + 1));
  if (options.chunks > 0) chunks = options.chunks;  // an explicit count is honoured (tests split tiny inputs)
  const std::vector<const char*> points = split_points(input, chunks);
  const std::size_t count = points.size() - 1;
  const char* readable_end = input.bytes.data() + input.capacity;

  std::vector<chunk_result> results(count);
  std::atomic<bool> out_of_memory{false};
  auto parse_one = [&](std::size_t chunk) {
    try {
      internal::parse_chunk(input.name, input.bytes.data(), points[chunk], points[chunk + 1], readable_end, chunk == 0, results[chunk]);
    } catch (const std::bad_alloc&) {
      out_of_memory.store(true, std::memory_order_relaxed);
    }
  };
  if (count == 1) {
    parse_one(0);
  } else {
    tbb::parallel_for(std::size_t{0}, count, parse_one);
  }
  if (out_of_memory.load()) return error{error_code::limit, input.name, {}, {}, {}, "out of memory while reading the trace"};

  // Merge in file order: pods of later chunks are matched to earlier chunks by name; the
  // first error in file order wins.
  std::vector<global_pod> pods;
  std::vector<appearance> seen;
  std::vector<std::vector<std::uint32_t>> global_of(count);
  std::vector<std::uint32_t> spec_offset(count + 1, 0);
  for (std::size_t chunk = 0; chunk < count; ++chunk) spec_offset[chunk + 1] = spec_offset[chunk] + static_cast<std::uint32_t>(results[chunk].specs.size());
  std::size_t total_pods = 0;
  for (const chunk_result& part : results) total_pods += part.pods.size();
  pods.reserve(total_pods);
  seen.reserve(total_pods);

  const char* input_begin = input.bytes.data();
  for (std::size_t chunk = 0; chunk < count; ++chunk) {
    chunk_result& part = results[chunk];
    first_error first;
    if (part.failure) first.offer(part.failure->at, part.failure->err);
    std::vector<std::uint32_t>& mapping = global_of[chunk];
    mapping.assign(part.pods.size(), name_table::NOT_FOUND);
    for (std::size_t local = 0; local < part.pods.size(); ++local) {
      const chunk_pod& pod = part.pods[local];
      std::uint32_t global = name_table::NOT_FOUND;
      for (std::size_t earlier = 0; earlier < chunk && global == name_table::NOT_FOUND; ++earlier) {
        const std::uint32_t found = results[earlier].find_pod(pod.name, pod.hash);
        if (found != name_table::NOT_FOUND) global = global_of[earlier][found];
      }
      if (global != name_table::NOT_FOUND) {
        global_pod& owner = pods[global];
        if (pod.spec != NO_SPEC) {
          first.offer(pod.declared_at, merge_error(input.name, pod.name, "spec",
                                                   "second pod line for this pod (the first is line " + std::to_string(internal::line_of(input_begin, owner.declared_at)) + ")"));
        }
        if (pod.event_count > 0 && owner.has_events && pod.first_t_us < owner.last_t_us) {
          first.offer(pod.first_event_at, merge_error(input.name, pod.name, "t", "time goes backwards within the pod: t=" + format_seconds(pod.first_t_us) +
                                                                                     " after t=" + format_seconds(owner.last_t_us) + " (line " +
                                                                                     std::to_string(internal::line_of(input_begin, owner.last_event_at)) + ")"));
        }
        if (pod.event_count > 0) {
          owner.has_events = true;
          owner.last_t_us = pod.last_t_us;
          owner.last_event_at = pod.last_event_at;
        }
        mapping[local] = global;
        seen.push_back(appearance{static_cast<std::uint32_t>(chunk), static_cast<std::uint32_t>(local), NO_RUN});
        seen[owner.last_seen].next = static_cast<std::uint32_t>(seen.size() - 1);
        owner.last_seen = static_cast<std::uint32_t>(seen.size() - 1);
        continue;
      }
      if (pod.spec == NO_SPEC || (pod.event_count > 0 && pod.first_event_at < pod.declared_at)) {
        first.offer(pod.first_event_at, merge_error(input.name, pod.name, "pod", "event for a pod with no pod line before it"));
        continue;
      }
      global_pod fresh;
      fresh.chunk = static_cast<std::uint32_t>(chunk);
      fresh.local = static_cast<std::uint32_t>(local);
      fresh.spec = spec_offset[chunk] + pod.spec;
      fresh.declared_at = pod.declared_at;
      fresh.has_events = pod.event_count > 0;
      fresh.last_t_us = pod.last_t_us;
      fresh.last_event_at = pod.last_event_at;
      seen.push_back(appearance{static_cast<std::uint32_t>(chunk), static_cast<std::uint32_t>(local), NO_RUN});
      fresh.first_seen = fresh.last_seen = static_cast<std::uint32_t>(seen.size() - 1);
      mapping[local] = static_cast<std::uint32_t>(pods.size());
      pods.push_back(fresh);
    }
    // Containers of events whose pod line is in an earlier chunk.
    for (const internal::deferred_event& pending : part.deferred) {
      const std::uint32_t global = mapping[pending.pod];
      if (global == name_table::NOT_FOUND) continue;  // the pod itself is in error
      const std::uint32_t spec_idx = pods[global].spec;
      const std::size_t owner_chunk = std::upper_bound(spec_offset.begin(), spec_offset.end(), spec_idx) - spec_offset.begin() - 1;
      const trace_spec& spec = results[owner_chunk].specs[spec_idx - spec_offset[owner_chunk]];
      trace_event& event = part.events[pending.event];
      if (!pending.container.empty()) {
        event.container = spec.find(pending.container);
        if (event.container == NO_CONTAINER) {
          first.offer(pending.at, merge_error(input.name, part.pods[pending.pod].name, "c",
                                                "the pod's spec has no container named \"" + std::string(pending.container) + "\""));
          continue;
        }
      }
      if (pending.needs_image_key) event.set_image_key(event.container != NO_CONTAINER ? spec.image_keys[event.container] : image_key_of({}));
    }
    if (first.err) {
      error err = std::move(*first.err);
      err.location = "line " + std::to_string(internal::line_of(input_begin, first.at));
      return err;
    }
  }

  // Assemble: a pod whose events form one run points into its chunk's block; others are
  // gathered into one extra block.
  trace_set out;
  auto& out_pods = trace_set_access::pods(out);
  auto& out_specs = trace_set_access::specs(out);
  auto& blocks = trace_set_access::blocks(out);
  out_pods.resize(pods.size());
  std::size_t gathered = 0;
  std::vector<std::uint32_t> run_count(pods.size(), 0);
  for (std::size_t pod_idx = 0; pod_idx < pods.size(); ++pod_idx) {
    std::uint32_t runs = 0;
    std::uint32_t events = 0;
    for (std::uint32_t at = pods[pod_idx].first_seen; at != NO_RUN; at = seen[at].next) {
      const chunk_result& part = results[seen[at].chunk];
      for (std::uint32_t run = part.pods[seen[at].local].first_run; run != NO_RUN; run = part.runs[run].next) {
        ++runs;
        events += part.runs[run].count;
      }
    }
    run_count[pod_idx] = runs;
    if (runs > 1) gathered += events;
    out_pods[pod_idx].event_count = events;
  }
  std::vector<trace_event> extra;
  extra.reserve(gathered);
  for (std::size_t pod_idx = 0; pod_idx < pods.size(); ++pod_idx) {
    const global_pod& pod = pods[pod_idx];
    const chunk_pod& decl = results[pod.chunk].pods[pod.local];
    trace_set::pod_entry& entry = out_pods[pod_idx];
    entry.name = decl.name;
    entry.uid = decl.uid;
    entry.spec = pod.spec;
    if (run_count[pod_idx] == 0) {
      entry.events = nullptr;
      continue;
    }
    if (run_count[pod_idx] == 1) {
      for (std::uint32_t at = pod.first_seen; at != NO_RUN; at = seen[at].next) {
        const chunk_result& part = results[seen[at].chunk];
        const std::uint32_t run = part.pods[seen[at].local].first_run;
        if (run != NO_RUN) entry.events = part.events.data() + part.runs[run].begin;
      }
      continue;
    }
    entry.events = extra.data() + extra.size();
    for (std::uint32_t at = pod.first_seen; at != NO_RUN; at = seen[at].next) {
      const chunk_result& part = results[seen[at].chunk];
      for (std::uint32_t run = part.pods[seen[at].local].first_run; run != NO_RUN; run = part.runs[run].next) {
        const auto first_event = part.events.begin() + part.runs[run].begin;
        extra.insert(extra.end(), first_event, first_event + part.runs[run].count);
      }
    }
  }
  for (chunk_result& part : results) {
    for (trace_spec& spec : part.specs) out_specs.push_back(std::move(spec));
    blocks.push_back(std::move(part.events));  // moving keeps the data pointers taken above
    trace_set_access::arenas(out).push_back(std::move(part.strings));
  }
  blocks.push_back(std::move(extra));
  trace_set_access::keep(out, input.keepalive);
  return out;
}

result<trace_set> read_trace_text(std::string name, std::string_view text, const read_trace_options& options) {
  auto owned = std::make_shared<std::string>();
  owned->reserve(text.size() + TRACE_PADDING);
  owned->append(text);
  owned->append(TRACE_PADDING, ' ');
  trace_input input;
  input.name = std::move(name);
  input.bytes = std::string_view(owned->data(), text.size());
  input.capacity = owned->size();
  input.keepalive = owned;
  return read_trace(input, options);
}

bool looks_like_trace(std::string_view bytes) noexcept {
  const std::size_t start = bytes.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || bytes[start] != '{') return false;
  std::size_t end = bytes.find('\n', start);
  if (end == std::string_view::npos) end = bytes.size();
  const std::string_view line = bytes.substr(start, end - start);
  const std::size_t key = line.find_first_not_of(" \t", 1);
  if (key != std::string_view::npos && line.substr(key, 5) == "\"pod\"") return true;
  try {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(simdjson::padded_string(line)).get(root)) return false;
    simdjson::dom::object obj;
    if (root.get_object().get(obj)) return false;
    simdjson::dom::element pod;
    return !obj["pod"].get(pod);
  } catch (...) {
    return false;
  }
}

}  // namespace dsb::lifecycle
