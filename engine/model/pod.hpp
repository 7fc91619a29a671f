// core/v1 Pod: the parts of metadata, spec and status that reconcile and the lifecycle
// verifier read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/node_table.hpp"
#include "engine/model/object_meta.hpp"
#include "engine/model/pod_spec.hpp"

namespace dsb {

enum class pod_phase : std::uint8_t { pending, running, succeeded, failed, unknown };
std::optional<pod_phase> parse_pod_phase(std::string_view text) noexcept;
std::string_view to_string(pod_phase phase) noexcept;

struct pod_condition {
  std::string type;  ///< PodScheduled, PodReadyToStartContainers, Initialized, ContainersReady, Ready, ...
  condition_status status = condition_status::unknown;
  std::optional<unix_seconds> last_transition_time;
  std::string reason;
};

enum class container_state_kind : std::uint8_t { none, waiting, running, terminated };

struct container_state {
  container_state_kind kind = container_state_kind::none;
  std::string reason;                      ///< waiting / terminated reason
  std::int32_t exit_code = 0;              ///< terminated only
  std::optional<unix_seconds> started_at;  ///< running / terminated
  std::optional<unix_seconds> finished_at; ///< terminated
};

struct container_status {
  std::string name;
  bool ready = false;
  std::optional<bool> started;
  std::int32_t restart_count = 0;
  container_state state;
  container_state last_state;
};

struct pod_status {
  pod_phase phase = pod_phase::pending;
  std::vector<pod_condition> conditions;
  std::vector<container_status> init_container_statuses;
  std::vector<container_status> container_statuses;
  std::optional<unix_seconds> start_time;
  std::string reason;
  std::string message;

  const pod_condition* condition(std::string_view type) const noexcept {
    for (const pod_condition& cond : conditions) {
      if (cond.type == type) return &cond;
    }
    return nullptr;
  }
};

struct pod {
  object_meta metadata;
  pod_spec spec;
  pod_status status;
};

}  // namespace dsb
