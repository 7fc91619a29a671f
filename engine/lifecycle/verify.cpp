#include "engine/lifecycle/verify.hpp"

#include <algorithm>
#include <atomic>
#include <new>
#include <string_view>
#include <unordered_map>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include "engine/lifecycle/internal/snapshot_checker.hpp"
#include "engine/lifecycle/internal/trace_checker.hpp"

namespace dsb::lifecycle {
namespace {

constexpr std::size_t PODS_PER_TASK = 256;

// Violations of one pod are contiguous and in detection order in whichever per-thread list
// they landed in; a stable sort by pod gives the same report for any thread count.
std::vector<violation> merge_sorted(std::vector<std::vector<violation>>& lists) {
  std::size_t total = 0;
  for (const auto& list : lists) total += list.size();
  std::vector<violation> out;
  out.reserve(total);
  for (auto& list : lists) std::move(list.begin(), list.end(), std::back_inserter(out));
  std::stable_sort(out.begin(), out.end(), [](const violation& lhs, const violation& rhs) { return lhs.pod < rhs.pod; });
  return out;
}

verify_report trace_counts(const trace_set& traces) {
  verify_report report;
  report.pods = traces.pod_count();
  report.containers = traces.container_count();
  report.events = traces.event_count();
  return report;
}

// Snapshots of one pod (same uid, or namespace/name without a uid), in input order.
struct snapshot_groups {
  std::vector<std::uint32_t> first;  // first snapshot of each group, in order of appearance
  std::vector<std::uint32_t> next;   // per snapshot: the next one of its group, or NONE
  static constexpr std::uint32_t NONE = 0xFFFFFFFF;
};

snapshot_groups group_snapshots(std::span<const pod> pods) {
  snapshot_groups groups;
  groups.next.assign(pods.size(), snapshot_groups::NONE);
  std::unordered_map<std::string, std::uint32_t> last_of;
  last_of.reserve(pods.size());
  for (std::size_t pod_idx = 0; pod_idx < pods.size(); ++pod_idx) {
    const object_meta& meta = pods[pod_idx].metadata;
    std::string key = meta.uid.empty() ? "name:" + meta.qualified_name() : "uid:" + meta.uid;
    auto [slot, inserted] = last_of.try_emplace(std::move(key), static_cast<std::uint32_t>(pod_idx));
    if (inserted) {
      groups.first.push_back(static_cast<std::uint32_t>(pod_idx));
    } else {
      groups.next[slot->second] = static_cast<std::uint32_t>(pod_idx);
      slot->second = static_cast<std::uint32_t>(pod_idx);
    }
  }
  return groups;
}

void check_group(std::span<const pod> pods, const snapshot_groups& groups, std::uint32_t first, std::vector<violation>& out) {
  std::uint32_t previous = snapshot_groups::NONE;
  for (std::uint32_t current = first; current != snapshot_groups::NONE; current = groups.next[current]) {
    internal::check_snapshot(pods[current], current, out);
    if (previous != snapshot_groups::NONE) internal::check_snapshot_pair(pods[previous], pods[current], current, out);
    previous = current;
  }
}

verify_report snapshot_counts(std::span<const pod> pods, const snapshot_groups& groups) {
  verify_report report;
  report.pods = groups.first.size();
  report.events = pods.size();
  for (std::uint32_t first : groups.first) {
    report.containers += pods[first].spec.init_containers.size() + pods[first].spec.containers.size();
  }
  return report;
}

}  // namespace

verify_report verify_traces_serial(const trace_set& traces, const verify_options& options) {
  verify_report report = trace_counts(traces);
  internal::trace_checker checker(options);
  for (std::size_t pod_idx = 0; pod_idx < traces.pod_count(); ++pod_idx) {
    checker.check(traces.spec_of(pod_idx), traces.events(pod_idx), static_cast<std::uint32_t>(pod_idx), report.violations);
  }
  return report;
}

verify_report verify_traces(const trace_set& traces, const verify_options& options) {
  verify_report report = trace_counts(traces);
  struct worker {
    explicit worker(const verify_options& opts) : checker(opts) {}
    internal::trace_checker checker;
    std::vector<violation> found;
  };
  tbb::enumerable_thread_specific<worker> workers([&options] { return worker(options); });
  std::atomic<bool> out_of_memory{false};
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, traces.pod_count(), PODS_PER_TASK), [&](const tbb::blocked_range<std::size_t>& range) {
    worker& local = workers.local();
    try {
      for (std::size_t pod_idx = range.begin(); pod_idx != range.end(); ++pod_idx) {
        local.checker.check(traces.spec_of(pod_idx), traces.events(pod_idx), static_cast<std::uint32_t>(pod_idx), local.found);
      }
    } catch (const std::bad_alloc&) {
      out_of_memory.store(true, std::memory_order_relaxed);
    }
  });
  if (out_of_memory.load()) throw std::bad_alloc();  // reported at the boundary, outside the TBB body
  std::vector<std::vector<violation>> lists;
  for (worker& local : workers) lists.push_back(std::move(local.found));
  report.violations = merge_sorted(lists);
  return report;
}

verify_report verify_snapshots_serial(std::span<const pod> pods, const verify_options&) {
  const snapshot_groups groups = group_snapshots(pods);
  verify_report report = snapshot_counts(pods, groups);
  for (std::uint32_t first : groups.first) check_group(pods, groups, first, report.violations);
  std::vector<std::vector<violation>> lists;
  lists.push_back(std::move(report.violations));
  report.violations = merge_sorted(lists);
  return report;
}

verify_report verify_snapshots(std::span<const pod> pods, const verify_options&) {
  const snapshot_groups groups = group_snapshots(pods);
  verify_report report = snapshot_counts(pods, groups);
  tbb::enumerable_thread_specific<std::vector<violation>> found;
  std::atomic<bool> out_of_memory{false};
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, groups.first.size(), 64), [&](const tbb::blocked_range<std::size_t>& range) {
    std::vector<violation>& local = found.local();
    try {
      for (std::size_t group_idx = range.begin(); group_idx != range.end(); ++group_idx) check_group(pods, groups, groups.first[group_idx], local);
    } catch (const std::bad_alloc&) {
      out_of_memory.store(true, std::memory_order_relaxed);
    }
  });
  if (out_of_memory.load()) throw std::bad_alloc();
  std::vector<std::vector<violation>> lists;
  for (auto& local : found) lists.push_back(std::move(local));
  report.violations = merge_sorted(lists);
  return report;
}

}  // namespace dsb::lifecycle
