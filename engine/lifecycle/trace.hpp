// The lifecycle trace model: events of kubelet-lifecycle.md §12, grouped by pod, with each
// pod's spec reduced to a pod_shape plus container names.
//
// A trace_set is what the JSON Lines reader produces, what the simulator can produce without
// going through text, and what the verifier consumes. Layout:
//
//   specs_   [trace_spec ...]          distinct pod specs (shape + container names + images);
//                                      pods of one DaemonSet share one entry
//   pods_    [pod_entry ...]           in order of first appearance in the input:
//              name, uid ──────────►   views into the input bytes (kept alive) or the arena
//              spec ───────────────►   index into specs_
//              events, event_count ─►  a contiguous run of trace_event inside one block
//   blocks_  [[trace_event ...] ...]   event storage; a pod's events are in time order
//
//   trace_event (24 bytes): t_us | kind | flags | container | instance | sandbox | value
//
// Container names are interned through the spec: an event stores the container's index in
// its pod's shape (2 bytes), never a string. Image-pull events store a 64-bit image key
// (hash of the image reference) in the instance and sandbox slots.
// Cost: 24 bytes per event, ~48 bytes per pod, a few hundred bytes per distinct spec.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lifecycle/internal/string_arena.hpp"
#include "engine/lifecycle/pod_shape.hpp"
#include "engine/model/pod.hpp"

namespace dsb::lifecycle {

/// The event vocabulary (`ev`), spelled as in the spec's section 12.
enum class event_kind : std::uint8_t {
  sandbox_created,
  sandbox_ready,
  sandbox_dead,
  container_created,
  container_started,
  started_true,
  post_start_begin,
  post_start_end,
  container_exited,
  stop_requested,
  pod_deletion_requested,
  phase_changed,
  image_pull_started,
  image_pull_failed,
  image_pull_succeeded,
};
inline constexpr std::size_t EVENT_KIND_COUNT = 15;

/// "SandboxCreated", "ContainerExited", ...
std::string_view to_string(event_kind kind) noexcept;
std::optional<event_kind> parse_event_kind(std::string_view text) noexcept;
/// Events that name a container (`c` required).
bool is_container_event(event_kind kind) noexcept;
bool is_sandbox_event(event_kind kind) noexcept;
bool is_image_event(event_kind kind) noexcept;

/// trace_event::flags bits.
namespace event_flag {
inline constexpr std::uint8_t HAS_INSTANCE = 1;  ///< `instance` given
inline constexpr std::uint8_t HAS_SANDBOX = 2;   ///< `sandbox` (or `attempt`) given
inline constexpr std::uint8_t HAS_VALUE = 4;     ///< `exitCode` / `phase` / `gracePeriodSeconds` given
inline constexpr std::uint8_t OK = 8;            ///< PostStartEnd: the hook succeeded (`ok`, default true)
inline constexpr std::uint8_t OOM = 16;          ///< ContainerExited: reason OOMKilled
}  // namespace event_flag

struct trace_event {
  std::int64_t t_us = 0;                    ///< event time, microseconds (trace `t` is seconds)
  event_kind kind = event_kind::sandbox_created;
  std::uint8_t flags = 0;
  container_index container = NO_CONTAINER; ///< index in the pod's shape; NO_CONTAINER when absent
  std::int32_t instance = 0;                ///< container instance (= its restartCount)
  std::int32_t sandbox = 0;                 ///< sandbox attempt
  std::int32_t value = 0;                   ///< exitCode | phase (pod_phase) | gracePeriodSeconds

  bool has(std::uint8_t flag) const noexcept { return (flags & flag) != 0; }
  /// Image-pull events: the key of the image (see image_key_of).
  std::uint64_t image_key() const noexcept {
    return (std::uint64_t{static_cast<std::uint32_t>(sandbox)} << 32) | static_cast<std::uint32_t>(instance);
  }
  void set_image_key(std::uint64_t key) noexcept {
    instance = static_cast<std::int32_t>(static_cast<std::uint32_t>(key));
    sandbox = static_cast<std::int32_t>(static_cast<std::uint32_t>(key >> 32));
  }
};
static_assert(sizeof(trace_event) == 24, "trace_event layout is part of the memory budget");

/// "12.5", "3", "0.001": seconds of a microsecond count, as the trace writes `t`.
std::string format_seconds(std::int64_t micros);

/// The key image-pull back-off is kept under: a 64-bit hash of the image reference.
std::uint64_t image_key_of(std::string_view image) noexcept;

/// A pod spec as the trace carries it.
struct trace_spec {
  pod_shape shape;
  std::vector<std::string> names;          ///< per container index
  std::vector<std::string> images;         ///< per container index ("" when the spec has none)
  std::vector<std::uint64_t> image_keys;   ///< per container index: the image's key, or the container name's when no image

  /// Index of the container named `name`, or NO_CONTAINER.
  container_index find(std::string_view name) const noexcept;
  /// Fills image_keys from images and names.
  void finish_keys();
};

class trace_set {
 public:
  struct pod_entry {
    std::string_view name;  ///< "namespace/name"
    std::string_view uid;
    std::uint32_t spec = 0;
    std::uint32_t event_count = 0;
    const trace_event* events = nullptr;
  };

  trace_set() = default;
  trace_set(trace_set&&) noexcept = default;
  trace_set& operator=(trace_set&&) noexcept = default;
  trace_set(const trace_set&) = delete;
  trace_set& operator=(const trace_set&) = delete;

  std::size_t pod_count() const noexcept { return pods_.size(); }
  const pod_entry& pod(std::size_t index) const noexcept { return pods_[index]; }
  std::span<const trace_event> events(std::size_t index) const noexcept {
    return {pods_[index].events, pods_[index].event_count};
  }
  const trace_spec& spec(std::uint32_t index) const noexcept { return specs_[index]; }
  const trace_spec& spec_of(std::size_t pod_index) const noexcept { return specs_[pods_[pod_index].spec]; }
  std::size_t spec_count() const noexcept { return specs_.size(); }
  std::size_t event_count() const noexcept;
  /// Containers over all pods (sum of their specs' container counts).
  std::size_t container_count() const noexcept;

 private:
  friend class trace_set_builder;
  friend struct trace_set_access;  // the reader's merge step (trace_reader.cpp)

  std::vector<pod_entry> pods_;
  std::vector<trace_spec> specs_;
  std::vector<std::vector<trace_event>> blocks_;
  std::vector<std::unique_ptr<internal::string_arena>> arenas_;  ///< names that could not stay views into the input
  std::shared_ptr<const void> keepalive_;  ///< the input bytes names point into
};

/// Builds a trace_set from specs and per-pod event lists (simulator, tests, mutations).
/// Names are copied; events are copied into one block. Pods keep the order they are added.
class trace_set_builder {
 public:
  trace_set_builder();
  /// Reserve room for `events` events (avoids regrowth when the total is known).
  void reserve(std::size_t pods, std::size_t events);
  std::uint32_t add_spec(trace_spec spec);
  /// Precondition: spec < number of specs added; events in time order.
  void add_pod(std::string_view name, std::string_view uid, std::uint32_t spec, std::span<const trace_event> events);
  trace_set finish() &&;

 private:
  trace_set set_;
  std::vector<std::size_t> offsets_;
  std::vector<trace_event> events_;
};

}  // namespace dsb::lifecycle
