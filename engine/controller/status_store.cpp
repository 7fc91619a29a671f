#include "engine/controller/status_store.hpp"

namespace dsb::ctl {

bool status_unchanged(const daemonset_status& stored, const daemonset_status& computed, std::int64_t generation) noexcept {
  return stored.observed_generation >= generation && stored.desired_number_scheduled == computed.desired_number_scheduled &&
         stored.current_number_scheduled == computed.current_number_scheduled &&
         stored.number_misscheduled == computed.number_misscheduled && stored.number_ready == computed.number_ready &&
         stored.number_available == computed.number_available && stored.number_unavailable == computed.number_unavailable &&
         stored.updated_number_scheduled == computed.updated_number_scheduled;
}

status_store_result store_status(const daemonset_status& stored, const daemonset_status& computed, std::int64_t generation,
                                 const status_api& api) {
  constexpr int STATUS_UPDATE_RETRIES = 1;
  status_store_result out;
  if (status_unchanged(stored, computed, generation)) return out;
  for (int attempt = 0;; ++attempt) {
    ++out.update_calls;
    if (api.update_status()) return out;
    if (attempt >= STATUS_UPDATE_RETRIES) break;
    ++out.get_calls;
    if (!api.get()) {
      out.error = "get error";
      return out;
    }
  }
  out.error = "update error";
  return out;
}

}  // namespace dsb::ctl
