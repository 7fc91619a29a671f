// trace_chunk: parses a run of whole lines of a JSON Lines trace into compact events, grouped
// by pod (the parallel unit of the trace reader; read_trace merges chunks in file order).
//
// Fast path: simdjson On-Demand `iterate_many` streams the chunk's documents in place (stage 1
// runs over 1 MiB batches, not per line; the stage-1 helper thread is off so oneTBB alone
// decides the parallelism). Keys are matched on their raw bytes; pod names, uids and
// container names stay views into the input unless they carry escapes. A pod's name is
// looked up once per run of consecutive lines (cached) and otherwise through a name_table;
// its `spec` text is deduplicated by bytes, so a spec is decoded once.
// Exact errors: when the stream reports malformed JSON, parsing continues line by line
// (one `iterate` per line) from the failing document, so the error names the right line.
//
// Events are appended in file order; `runs` records which contiguous ranges belong to which
// pod (one run per pod when the trace is written pod by pod). A chunk after the first cannot
// see pod lines of earlier chunks: events for pods it has not seen declared are kept with
// their container names unresolved (`deferred`) and checked at the merge.
//
// Positions are pointers into the input; line numbers are counted only to word an error.
// Errors stop the chunk: `failure` holds the first one.
// Cost: ~150-250 ns per line on one core here (see bench/lifecycle), 24 bytes per event.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/lifecycle/internal/name_table.hpp"
#include "engine/lifecycle/internal/string_arena.hpp"
#include "engine/lifecycle/trace.hpp"
#include "engine/model/error.hpp"

namespace dsb::lifecycle::internal {

inline constexpr std::uint32_t NO_SPEC = 0xFFFFFFFF;
inline constexpr std::uint32_t NO_RUN = 0xFFFFFFFF;

struct chunk_pod {
  std::string_view name;
  std::string_view uid;
  std::uint64_t hash = 0;
  std::uint32_t spec = NO_SPEC;            ///< chunk-local spec; NO_SPEC = no pod line in this chunk (yet)
  const char* declared_at = nullptr;       ///< the pod line
  const char* first_event_at = nullptr;
  const char* last_event_at = nullptr;
  std::int64_t first_t_us = 0;
  std::int64_t last_t_us = 0;
  std::uint32_t event_count = 0;
  std::uint32_t first_run = NO_RUN;
  std::uint32_t last_run = NO_RUN;
};

struct chunk_run {
  std::uint32_t pod = 0;
  std::uint32_t begin = 0;
  std::uint32_t count = 0;
  std::uint32_t next = NO_RUN;
};

/// An event whose container (or image key) needs the pod's spec from an earlier chunk.
struct deferred_event {
  std::uint32_t event = 0;
  std::uint32_t pod = 0;  ///< chunk-local pod
  const char* at = nullptr;
  std::string_view container;  ///< empty: none named
  bool needs_image_key = false;
};

/// An error at a position; read_trace adds "line N" for the earliest one.
struct chunk_failure {
  error err;
  const char* at = nullptr;
};

struct chunk_result {
  std::vector<trace_event> events;
  std::vector<chunk_pod> pods;
  std::vector<chunk_run> runs;
  std::vector<trace_spec> specs;
  std::vector<deferred_event> deferred;
  name_table pod_index;
  std::unique_ptr<string_arena> strings = std::make_unique<string_arena>();
  std::optional<chunk_failure> failure;

  std::uint32_t find_pod(std::string_view name, std::uint64_t hash) const noexcept {
    return pod_index.find(name, hash, [this](std::uint32_t idx) { return pods[idx].name; });
  }
};

/// 1 + the number of newlines in [input_begin, at).
std::uint64_t line_of(const char* input_begin, const char* at) noexcept;

/// Parses [begin, end) (whole lines of the input starting at `input_begin`); `readable_end`
/// >= end + 64 bounds what simdjson may read. `first_chunk`: events for undeclared pods are
/// errors here (no earlier chunk can declare them).
void parse_chunk(std::string_view file, const char* input_begin, const char* begin, const char* end, const char* readable_end, bool first_chunk,
                 chunk_result& out);

}  // namespace dsb::lifecycle::internal
