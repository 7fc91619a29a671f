#include "engine/lifecycle/simulate.hpp"

#include <atomic>
#include <charconv>
#include <cmath>
#include <map>
#include <new>
#include <unordered_map>

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include "engine/lifecycle/internal/pod_sim.hpp"
#include "engine/lifecycle/internal/trace_set_access.hpp"
#include "engine/lifecycle/trace_writer.hpp"

namespace dsb::lifecycle {
namespace {

using internal::pod_outcome;
using internal::pod_simulator;
using internal::sim_config;

constexpr std::size_t PODS_PER_PART = 256;
constexpr std::size_t PARTS_PER_BATCH = 64;

error usage(std::string option, std::string message) { return error{error_code::usage, {}, {}, std::move(option), {}, std::move(message)}; }

// Runs `body(part)` for parts [0, count): in parallel or in order.
template <class Body>
bool for_each_part(std::size_t count, bool parallel, const Body& body) {
  std::atomic<bool> out_of_memory{false};
  auto guarded = [&](std::size_t part) {
    try {
      body(part);
    } catch (const std::bad_alloc&) {
      out_of_memory.store(true, std::memory_order_relaxed);
    }
  };
  if (parallel) {
    tbb::parallel_for(std::size_t{0}, count, guarded);
  } else {
    for (std::size_t part = 0; part < count; ++part) guarded(part);
  }
  return !out_of_memory.load();
}

// "sim/pod-123" and a UUID-shaped uid derived from (seed, pod index).
void append_name(std::string& out, const simulate_options& options, std::uint64_t pod_index) {
  out += options.pod_namespace;
  out += '/';
  out += options.name_prefix;
  char digits[24];
  const auto [end, code] = std::to_chars(digits, digits + sizeof(digits), pod_index);
  out.append(digits, static_cast<std::size_t>(end - digits));
}

void append_uid(std::string& out, const simulate_options& options, std::uint64_t pod_index) {
  static constexpr char HEX[] = "0123456789abcdef";
  const std::uint64_t high = gen::mix64(options.seed ^ gen::mix64(pod_index + 0x1234));
  const std::uint64_t low = gen::mix64(high ^ pod_index);
  // 8-4-4-4-12 hex digits, version 4, variant 10xx.
  char text[36];
  std::uint64_t bits = high;
  for (int pos = 17; pos >= 0; --pos) {
    if (pos == 8 || pos == 13) continue;
    text[pos] = HEX[bits & 0xF];
    bits >>= 4;
  }
  text[8] = text[13] = text[18] = text[23] = '-';
  text[14] = '4';
  bits = low;
  for (int pos = 35; pos >= 19; --pos) {
    if (pos == 23) continue;
    text[pos] = HEX[bits & 0xF];
    bits >>= 4;
  }
  text[19] = HEX[8 | ((low >> 62) & 3)];
  out.append(text, sizeof(text));
}

// Specs by signature, built on first use by each thread.
class spec_cache {
 public:
  explicit spec_cache(const sim_config& config) : config_(config) {}
  struct entry {
    trace_spec spec;
    std::string json;
  };
  const entry& get(std::uint64_t signature) {
    auto found = entries_.find(signature);
    if (found != entries_.end()) return found->second;
    entry made{config_.spec_for(signature), {}};
    made.json = spec_json(made.spec);
    return entries_.emplace(signature, std::move(made)).first->second;
  }

 private:
  const sim_config& config_;
  std::unordered_map<std::uint64_t, entry> entries_;
};

struct text_worker {
  explicit text_worker(const sim_config& config) : simulator(config), specs(config) {}
  pod_simulator simulator;
  spec_cache specs;
  pod_outcome outcome;
  std::string name;
  std::string uid;
};

result<simulate_stats> simulate_text(const simulate_options& options, const trace_sink& sink, bool parallel) {
  if (status valid = validate(options); !valid) return valid.err();
  const sim_config config(options);
  tbb::enumerable_thread_specific<text_worker> workers([&config] { return text_worker(config); });
  std::vector<std::string> texts(PARTS_PER_BATCH);
  std::vector<std::uint64_t> events(PARTS_PER_BATCH);
  simulate_stats stats;
  const std::uint64_t batch_pods = PODS_PER_PART * PARTS_PER_BATCH;
  for (std::uint64_t batch = 0; batch < options.pods; batch += batch_pods) {
    const std::uint64_t batch_end = std::min(options.pods, batch + batch_pods);
    const std::size_t parts = static_cast<std::size_t>((batch_end - batch + PODS_PER_PART - 1) / PODS_PER_PART);
    const bool ok = for_each_part(parts, parallel, [&](std::size_t part) {
      text_worker& local = workers.local();
      std::string& text = texts[part];
      text.clear();
      events[part] = 0;
      const std::uint64_t first = batch + part * PODS_PER_PART;
      const std::uint64_t last = std::min(batch_end, first + PODS_PER_PART);
      for (std::uint64_t pod_index = first; pod_index < last; ++pod_index) {
        local.simulator.run(pod_index, local.outcome);
        const spec_cache::entry& spec = local.specs.get(local.outcome.signature);
        local.name.clear();
        append_name(local.name, options, pod_index);
        local.uid.clear();
        append_uid(local.uid, options, pod_index);
        append_pod_jsonl(text, local.name, local.uid, spec.spec, spec.json, local.outcome.events);
        events[part] += local.outcome.events.size();
      }
    });
    if (!ok) return error{error_code::limit, {}, {}, {}, {}, "out of memory while simulating"};
    for (std::size_t part = 0; part < parts; ++part) {
      if (status written = sink(texts[part]); !written) return written.err();
      stats.bytes += texts[part].size();
      stats.events += events[part];
    }
    stats.pods = batch_end;
  }
  return stats;
}

// Event and name storage of one thread: events go into blocks that are reserved once and
// never reallocated (pointers into them stay valid when the blocks move into the
// trace_set); blocks grow to 48 MB so they sit on transparent huge pages (a first touch of
// a 4 KiB page costs ~16 µs on this class of VM).
struct set_worker {
  static constexpr std::size_t FIRST_BLOCK_EVENTS = std::size_t{1} << 16;
  static constexpr std::size_t MAX_BLOCK_EVENTS = std::size_t{1} << 21;

  explicit set_worker(const sim_config& config) : simulator(config) {}
  set_worker(set_worker&&) = default;

  const trace_event* store(std::span<const trace_event> events) {
    if (blocks.empty() || blocks.back().size() + events.size() > blocks.back().capacity()) {
      const std::size_t wanted = std::max(events.size(), next_block);
      next_block = std::min(next_block * 2, MAX_BLOCK_EVENTS);
      blocks.emplace_back();
      blocks.back().reserve(wanted);
    }
    std::vector<trace_event>& block = blocks.back();
    const trace_event* at = block.data() + block.size();
    block.insert(block.end(), events.begin(), events.end());
    return at;
  }

  pod_simulator simulator;
  pod_outcome outcome;
  std::string name;
  std::string uid;
  std::vector<std::vector<trace_event>> blocks;
  std::size_t next_block = FIRST_BLOCK_EVENTS;
  std::unique_ptr<internal::string_arena> strings = std::make_unique<internal::string_arena>(std::size_t{4} << 20);
};

result<trace_set> simulate_set(const simulate_options& options, bool parallel) {
  if (status valid = validate(options); !valid) return valid.err();
  const sim_config config(options);
  std::vector<trace_set::pod_entry> pods(options.pods);
  std::vector<std::uint64_t> signatures(options.pods);
  const std::size_t parts = static_cast<std::size_t>((options.pods + PODS_PER_PART - 1) / PODS_PER_PART);
  tbb::enumerable_thread_specific<set_worker> workers([&config] { return set_worker(config); });
  const bool ok = for_each_part(parts, parallel, [&](std::size_t part) {
    set_worker& local = workers.local();
    const std::uint64_t first = part * PODS_PER_PART;
    const std::uint64_t last = std::min<std::uint64_t>(options.pods, first + PODS_PER_PART);
    for (std::uint64_t pod_index = first; pod_index < last; ++pod_index) {
      local.simulator.run(pod_index, local.outcome);
      trace_set::pod_entry& entry = pods[pod_index];
      entry.events = local.store(local.outcome.events);
      entry.event_count = static_cast<std::uint32_t>(local.outcome.events.size());
      signatures[pod_index] = local.outcome.signature;
      local.name.clear();
      append_name(local.name, options, pod_index);
      local.uid.clear();
      append_uid(local.uid, options, pod_index);
      entry.name = local.strings->store(local.name);
      entry.uid = local.strings->store(local.uid);
    }
  });
  if (!ok) return error{error_code::limit, {}, {}, {}, {}, "out of memory while simulating"};

  trace_set set;
  auto& specs = trace_set_access::specs(set);
  std::map<std::uint64_t, std::uint32_t> spec_of;
  std::uint64_t last_signature = ~std::uint64_t{0};
  std::uint32_t last_spec = 0;
  for (std::size_t pod_idx = 0; pod_idx < pods.size(); ++pod_idx) {
    if (signatures[pod_idx] != last_signature) {
      auto [slot, inserted] = spec_of.try_emplace(signatures[pod_idx], static_cast<std::uint32_t>(specs.size()));
      if (inserted) specs.push_back(config.spec_for(signatures[pod_idx]));
      last_signature = signatures[pod_idx];
      last_spec = slot->second;
    }
    pods[pod_idx].spec = last_spec;
  }
  trace_set_access::pods(set) = std::move(pods);
  for (set_worker& local : workers) {
    for (auto& block : local.blocks) trace_set_access::blocks(set).push_back(std::move(block));  // data pointers stay valid
    trace_set_access::arenas(set).push_back(std::move(local.strings));
  }
  return set;
}

}  // namespace

status validate(const simulate_options& options) {
  auto rate = [](double value) { return std::isfinite(value) && value >= 0 && value <= 1; };
  auto positive = [](double value) { return std::isfinite(value) && value > 0; };
  if (options.pods == 0 || options.pods > (std::uint64_t{1} << 32)) return usage("--pods", "must be in [1, 2^32]");
  const std::uint64_t containers = std::uint64_t{options.init_containers} + options.sidecars + options.apps;
  if (options.apps == 0) return usage("--apps", "a pod needs at least one app container");
  if (containers > internal::MAX_SIM_CONTAINERS) {
    return usage("--init", "at most " + std::to_string(internal::MAX_SIM_CONTAINERS) + " containers per pod (init + sidecars + apps)");
  }
  const std::pair<const char*, double> rates[] = {{"--fail-rate", options.fail_rate},           {"--pull-rate", options.pull_rate},
                                                  {"--pull-fail-rate", options.pull_fail_rate}, {"--probe-rate", options.probe_rate},
                                                  {"--post-start-rate", options.post_start_rate}, {"--sandbox-loss-rate", options.sandbox_loss_rate},
                                                  {"--delete-rate", options.delete_rate}};
  for (const auto& [name, value] : rates) {
    if (!rate(value)) return usage(name, "a probability in [0, 1]");
  }
  const std::pair<const char*, double> medians[] = {{"--pull-median", options.pull_median_s},   {"--init-median", options.init_median_s},
                                                    {"--crash-median", options.crash_median_s}, {"--probe-median", options.probe_median_s},
                                                    {"--post-start-median", options.post_start_median_s}};
  for (const auto& [name, value] : medians) {
    if (!positive(value) || value > 1e6) return usage(name, "seconds in (0, 1e6]");
  }
  if (!positive(options.horizon_s) || options.horizon_s > 1e7) return usage("--horizon", "seconds in (0, 1e7]");
  if (!std::isfinite(options.start_spread_s) || options.start_spread_s < 0 || options.start_spread_s >= options.horizon_s) {
    return usage("--start-spread", "seconds in [0, horizon)");
  }
  if (options.grace_seconds < 0 || options.grace_seconds > 86400) return usage("--grace", "seconds in [0, 86400]");
  if (options.pod_namespace.empty() || options.name_prefix.empty()) return usage("--namespace", "must not be empty");
  return {};
}

result<simulate_stats> simulate_trace_text(const simulate_options& options, const trace_sink& sink) { return simulate_text(options, sink, true); }
result<simulate_stats> simulate_trace_text_serial(const simulate_options& options, const trace_sink& sink) { return simulate_text(options, sink, false); }
result<trace_set> simulate_trace_set(const simulate_options& options) { return simulate_set(options, true); }
result<trace_set> simulate_trace_set_serial(const simulate_options& options) { return simulate_set(options, false); }

}  // namespace dsb::lifecycle
