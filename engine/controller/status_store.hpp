// storeDaemonSetStatus's write-and-retry loop (daemonset-controller.md §10, "Write"):
// skip the write when the seven counters are unchanged and observedGeneration is current;
// otherwise UpdateStatus, and on failure GET a fresh object and retry once
// (StatusUpdateRetries = 1). A failed GET returns the GET error. The API is a pair of
// callbacks so a simulator or a test can inject failures.
#pragma once

#include <functional>
#include <string>

#include "engine/model/daemonset.hpp"

namespace dsb::ctl {

struct status_api {
  std::function<bool()> update_status;  ///< true on success
  std::function<bool()> get;            ///< true on success
};

struct status_store_result {
  int update_calls = 0;
  int get_calls = 0;
  std::string error;  ///< "", "update error" or "get error"
};

bool status_unchanged(const daemonset_status& stored, const daemonset_status& computed, std::int64_t generation) noexcept;

status_store_result store_status(const daemonset_status& stored, const daemonset_status& computed, std::int64_t generation,
                                 const status_api& api);

}  // namespace dsb::ctl
