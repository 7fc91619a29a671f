// Failed-pod back-off (daemonset-controller.md §9; flowcontrol.Backoff as the controller
// configures it: initial 1 s, doubling, at most 15 min; entries idle for 2 x max expire).
// Keyed by "<ds uid>/<status.observedGeneration>/<node>", so a new generation starts fresh.
// Times are nanoseconds on the controller's clock.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

namespace dsb::ctl {

using nanos = std::int64_t;
inline constexpr nanos NANOS_PER_SECOND = 1'000'000'000;

class failed_pod_backoff {
 public:
  failed_pod_backoff(nanos initial = NANOS_PER_SECOND, nanos max = 15 * 60 * NANOS_PER_SECOND) : initial_(initial), max_(max) {}

  /// IsInBackOffSinceUpdate: now - lastUpdate < current delay (an expired entry is not).
  bool in_backoff(const std::string& key, nanos now) const;
  /// Next: delay = initial for a missing or expired entry, else min(2 x delay, max); lastUpdate = now.
  void next(const std::string& key, nanos now);
  /// The current delay of `key` (0 when absent).
  nanos delay(const std::string& key) const;
  /// GC: drop entries idle for more than 2 x max.
  void collect_garbage(nanos now);

  static std::string key(const std::string& ds_uid, std::int64_t observed_generation, const std::string& node_name) {
    return ds_uid + "/" + std::to_string(observed_generation) + "/" + node_name;
  }

 private:
  struct entry {
    nanos delay = 0;
    nanos last_update = 0;
  };
  bool expired(const entry& item, nanos now) const { return now - item.last_update > 2 * max_; }
  nanos initial_;
  nanos max_;
  std::unordered_map<std::string, entry> entries_;
};

}  // namespace dsb::ctl
