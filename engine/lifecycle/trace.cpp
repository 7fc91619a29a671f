#include "engine/lifecycle/trace.hpp"

#include <array>

#include "engine/lifecycle/internal/hash.hpp"

namespace dsb::lifecycle {
namespace {

constexpr std::array<std::string_view, EVENT_KIND_COUNT> EVENT_NAMES = {
    "SandboxCreated",   "SandboxReady",  "SandboxDead",         "ContainerCreated",  "ContainerStarted",
    "StartedTrue",      "PostStartBegin", "PostStartEnd",       "ContainerExited",   "StopRequested",
    "PodDeletionRequested", "PhaseChanged", "ImagePullStarted", "ImagePullFailed",   "ImagePullSucceeded",
};

}  // namespace

std::string_view to_string(event_kind kind) noexcept { return EVENT_NAMES[static_cast<std::size_t>(kind)]; }

std::optional<event_kind> parse_event_kind(std::string_view text) noexcept {
  for (std::size_t idx = 0; idx < EVENT_NAMES.size(); ++idx) {
    if (EVENT_NAMES[idx] == text) return static_cast<event_kind>(idx);
  }
  return std::nullopt;
}

bool is_container_event(event_kind kind) noexcept {
  switch (kind) {
    case event_kind::container_created:
    case event_kind::container_started:
    case event_kind::started_true:
    case event_kind::post_start_begin:
    case event_kind::post_start_end:
    case event_kind::container_exited:
    case event_kind::stop_requested: return true;
    default: return false;
  }
}

bool is_sandbox_event(event_kind kind) noexcept {
  return kind == event_kind::sandbox_created || kind == event_kind::sandbox_ready || kind == event_kind::sandbox_dead;
}

bool is_image_event(event_kind kind) noexcept {
  return kind == event_kind::image_pull_started || kind == event_kind::image_pull_failed ||
         kind == event_kind::image_pull_succeeded;
}

std::string format_seconds(std::int64_t micros) {
  std::string out;
  if (micros < 0) {
    out += '-';
    micros = -micros;
  }
  out += std::to_string(micros / 1000000);
  std::int64_t fraction = micros % 1000000;
  if (fraction != 0) {
    char digits[7] = {};
    for (int pos = 5; pos >= 0; --pos) {
      digits[pos] = static_cast<char>('0' + fraction % 10);
      fraction /= 10;
    }
    int length = 6;
    while (length > 0 && digits[length - 1] == '0') --length;
    out += '.';
    out.append(digits, static_cast<std::size_t>(length));
  }
  return out;
}

std::uint64_t image_key_of(std::string_view image) noexcept { return internal::hash_bytes(image); }

container_index trace_spec::find(std::string_view name) const noexcept {
  for (std::size_t idx = 0; idx < names.size(); ++idx) {
    if (names[idx] == name) return static_cast<container_index>(idx);
  }
  return NO_CONTAINER;
}

void trace_spec::finish_keys() {
  image_keys.resize(names.size());
  images.resize(names.size());
  for (std::size_t idx = 0; idx < names.size(); ++idx) {
    // Without an image reference the container's own name keys its pulls (distinct from any
    // image reference, which cannot contain a NUL byte).
    image_keys[idx] = images[idx].empty() ? image_key_of(std::string("\0container:", 11) + names[idx]) : image_key_of(images[idx]);
  }
}

std::size_t trace_set::event_count() const noexcept {
  std::size_t total = 0;
  for (const pod_entry& entry : pods_) total += entry.event_count;
  return total;
}

std::size_t trace_set::container_count() const noexcept {
  std::size_t total = 0;
  for (const pod_entry& entry : pods_) total += specs_[entry.spec].shape.container_count();
  return total;
}

trace_set_builder::trace_set_builder() { set_.arenas_.push_back(std::make_unique<internal::string_arena>()); }

void trace_set_builder::reserve(std::size_t pods, std::size_t events) {
  set_.pods_.reserve(pods);
  offsets_.reserve(pods);
  events_.reserve(events);
}

std::uint32_t trace_set_builder::add_spec(trace_spec spec) {
  if (spec.image_keys.size() != spec.names.size()) spec.finish_keys();
  set_.specs_.push_back(std::move(spec));
  return static_cast<std::uint32_t>(set_.specs_.size() - 1);
}

void trace_set_builder::add_pod(std::string_view name, std::string_view uid, std::uint32_t spec,
                                std::span<const trace_event> events) {
  trace_set::pod_entry entry;
  entry.name = set_.arenas_.front()->store(name);
  entry.uid = set_.arenas_.front()->store(uid);
  entry.spec = spec;
  entry.event_count = static_cast<std::uint32_t>(events.size());
  offsets_.push_back(events_.size());
  events_.insert(events_.end(), events.begin(), events.end());
  set_.pods_.push_back(entry);
}

trace_set trace_set_builder::finish() && {
  set_.blocks_.push_back(std::move(events_));
  const trace_event* base = set_.blocks_.back().data();
  for (std::size_t pod_idx = 0; pod_idx < set_.pods_.size(); ++pod_idx) set_.pods_[pod_idx].events = base + offsets_[pod_idx];
  return std::move(set_);
}

}  // namespace dsb::lifecycle
