#include "engine/controller/backoff.hpp"

#include <algorithm>

namespace dsb::ctl {

bool failed_pod_backoff::in_backoff(const std::string& key, nanos now) const {
  const auto found = entries_.find(key);
  if (found == entries_.end() || expired(found->second, now)) return false;
  return now - found->second.last_update < found->second.delay;
}

void failed_pod_backoff::next(const std::string& key, nanos now) {
  auto [slot, inserted] = entries_.try_emplace(key);
  entry& item = slot->second;
  if (inserted || expired(item, now)) {
    item.delay = initial_;
  } else {
    item.delay = std::min(2 * item.delay, max_);
  }
  item.last_update = now;
}

nanos failed_pod_backoff::delay(const std::string& key) const {
  const auto found = entries_.find(key);
  return found == entries_.end() ? 0 : found->second.delay;
}

void failed_pod_backoff::collect_garbage(nanos now) {
  std::erase_if(entries_, [&](const auto& item) { return expired(item.second, now); });
}

}  // namespace dsb::ctl
