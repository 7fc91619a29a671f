#include "engine/sim/simulation.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cassert>
#include <charconv>
#include <chrono>
#include <functional>
#include <cmath>
#include <optional>
#include <deque>
#include <queue>
#include <span>
#include <stdexcept>
#include <string_view>

#include <boost/container/small_vector.hpp>

#include "engine/controller/admission.hpp"
#include "engine/controller/fleet.hpp"
#include "engine/controller/revision.hpp"
#include "engine/gen/generate.hpp"
#include "engine/gen/rng.hpp"
#include "engine/io/read.hpp"
#include "engine/lifecycle/pod_startup.hpp"
#include "engine/model/cluster_edit.hpp"
#include "engine/model/pod_requests.hpp"

namespace dsb::sim {
namespace {

using ctl::NANOS_PER_SECOND;
using ctl::nanos;
using clock_type = std::chrono::steady_clock;

constexpr nanos seconds_to_nanos(double s) { return static_cast<nanos>(std::llround(s * 1e9)); }
constexpr double nanos_to_seconds(nanos t) { return static_cast<double>(t) / 1e9; }
constexpr nanos NEVER = INT64_MAX;
constexpr std::uint32_t NONE = 0xFFFFFFFFU;

// Random streams of the simulator: one per kind of decision, indexed by the object decided about.
enum class sim_stream : std::uint64_t { not_ready = 11, selection = 12, add_nodes = 13, remove_nodes = 14, churn = 15, stop = 16, bind = 17 };

gen::xoshiro256ss rng_for(std::uint64_t seed, sim_stream stream, std::uint64_t index) {
  return gen::xoshiro256ss(gen::mix64(gen::mix64(seed ^ (static_cast<std::uint64_t>(stream) * 0x9e3779b97f4a7c15ULL)) ^ index));
}
double unit(gen::xoshiro256ss& rng) { return static_cast<double>(rng.next() >> 11) * 0x1.0p-53; }

// ---- events -------------------------------------------------------------------------------

enum class event_kind : std::uint8_t {
  action,         // a = timeline index
  churn_step,     // a = timeline index, b = step
  sync,           // a = DaemonSet: its key reaches the work queue
  worker_free,    // a = DaemonSet whose sync ended
  bind,           // a = pod, b = epoch
  readiness,      // a = pod, b = epoch
  terminated,     // a = pod, b = epoch
  sample,         // timeline row
};

struct event {
  nanos t = 0;
  std::uint64_t seq = 0;
  event_kind kind = event_kind::sample;
  std::uint32_t a = 0;
  std::uint32_t b = 0;
};
struct later {
  bool operator()(const event& x, const event& y) const noexcept { return x.t != y.t ? x.t > y.t : x.seq > y.seq; }
};

// ---- pods ---------------------------------------------------------------------------------

enum class pod_state : std::uint8_t {
  unbound,     // created, not yet bound
  pending,     // bound, refused by admission (resources, ports) or its node is not Ready
  running,     // started by the kubelet
  gone,        // terminated or garbage-collected
};

struct sim_pod {                // 64 bytes: two million of them in the default scenario
  std::uint32_t ds = 0;
  node_id node{};
  std::uint32_t revision = 0;   // index into the DaemonSet's revision list
  std::uint32_t serial = 0;     // creation order over the run (the lifecycle draws' index)
  nanos created = 0;
  nanos ready_since = 0;
  nanos started = 0;
  std::uint32_t epoch = 0;      // bumps cancel queued kubelet events
  std::uint32_t row = NONE;     // row in the fleet's pod table; NONE until the next flush adds it
  std::uint32_t ready_first = 0, ready_count = 0;  // readiness changes still to come, in the readiness pool
  pod_state state = pod_state::unbound;
  bool ready = false;
  bool deleting = false;
  bool counted = false;         // holds resources on its node
  bool pending_counted = false; // counted in its DaemonSet's Pending pods
};
static_assert(sizeof(sim_pod) == 64);

// The plain resources that the DaemonSet pods holding a node request, summed.
struct held_requests {
  std::int64_t pods = 0;
  std::int64_t cpu_milli = 0;
  std::int64_t memory_bytes = 0;
  std::int64_t ephemeral_storage_bytes = 0;

  void add(const scheduler_requests& r, std::int64_t sign) noexcept {
    pods += sign;
    cpu_milli += sign * r.cpu_milli;
    memory_bytes += sign * r.memory_bytes;
    ephemeral_storage_bytes += sign * r.ephemeral_storage_bytes;
  }
  friend bool operator==(const held_requests&, const held_requests&) = default;
};

struct ds_state {
  daemonset ds;
  std::string name;
  std::vector<std::string> revisions;  // hash texts, index = sim_pod::revision
  std::vector<std::int64_t> generations;
  std::vector<std::uint32_t> live;     // pods not gone (unordered)
  std::vector<std::uint8_t> per_node;  // non-deleting pods per node (one-pod invariant)
  std::vector<std::uint32_t> added;    // pods created since the last flush
  std::vector<std::uint32_t> removed;  // rows of pods gone since the last flush
  bool sync_queued = false;            // a sync event is pending at `queued_at`
  nanos queued_at = 0;
  bool in_queue = false;               // in the work queue, waiting for a worker
  bool processing = false;             // a worker is syncing it (the queue never hands a key out twice)
  bool again = false;                  // reached the queue while processing: requeue when done
  nanos last_sync = -NEVER / 2;
  nanos observed_at = 0;               // creates/deletes of the last sync are observed from then
  std::vector<std::uint32_t> rows;     // fleet pod-table row -> pod id (mirrors daemon_pods::remove_rows)
  scheduler_requests requests;
  std::vector<ctl::host_port_use> ports;
  bool numeric_admission = false;      // no host ports, no scalar requests: the plain sums decide admission
  std::unique_ptr<lifecycle::pod_startup> startup;
  daemonset_report report;
  ctl::controller_state controller;    // expectations and failed-pod back-off between syncs
  bool rolling = false;                // a rollout is in progress
  nanos rollout_started = 0;
  nanos last_progress = 0;
  std::int64_t last_updated = -1, last_available = -1;
  std::int64_t pending = 0;
};

// The pod spec the controller creates on a node, for admission (defaults applied).
pod_spec template_spec(const daemonset& ds, const std::string& hash) {
  return ctl::create_daemon_pod(ds, hash, ctl::template_generation(ds), "").spec;
}

std::string strategy_text(const daemonset& ds) {
  if (ds.strategy.type == update_strategy_type::on_delete) return "OnDelete";
  const rolling_update_params p = ds.strategy.rolling.value_or(rolling_update_params{});
  return "RollingUpdate maxUnavailable=" + p.max_unavailable.to_string() + " maxSurge=" + p.max_surge.to_string();
}

lifecycle::simulate_options startup_options(const scenario& s, const daemonset& ds, std::size_t ds_index) {
  lifecycle::simulate_options o = s.kubelet.startup;
  o.seed = gen::mix64(s.seed ^ (0x51ED0000ULL + ds_index));
  std::uint32_t inits = 0, sidecars = 0;
  for (const container& c : ds.template_.spec.init_containers) (c.is_sidecar() ? sidecars : inits) += 1;
  o.init_containers = inits;
  o.sidecars = sidecars;
  o.apps = static_cast<std::uint32_t>(std::max<std::size_t>(1, ds.template_.spec.containers.size()));
  o.grace_seconds = 30;
  o.horizon_s = s.kubelet.pod_horizon_seconds;
  return o;
}

class simulation {
 public:
  simulation(const scenario& s, cluster c, std::vector<daemonset> daemonsets, const progress_callback& progress)
      : s_(s), cluster_(std::move(c)), progress_(progress) {
    out_.scenario = s.name;
    out_.nodes = cluster_.node_count();
    const std::size_t planned = planned_node_count();
    cluster_editor::reserve_nodes(cluster_, planned);
    apply_initial_not_ready();
    std::vector<ctl::daemon_pods> empty(daemonsets.size());
    for (auto& table : empty) table.index(cluster_.node_count());
    ctl::fleet_options options;
    options.placement_variant = s.variant;
    options.now = 0;
    fleet_ = std::make_unique<ctl::fleet>(cluster_, daemonsets, std::move(empty), options);
    fleet_->reserve_nodes(planned);
    node_pods_.reserve(planned);
    node_all_.reserve(planned);
    node_pods_.resize(cluster_.node_count());
    node_held_.reserve(planned);
    node_held_.resize(cluster_.node_count());
    node_all_.resize(cluster_.node_count());
    for (std::size_t idx = 0; idx < daemonsets.size(); ++idx) {
      auto st = std::make_unique<ds_state>();
      st->ds = std::move(daemonsets[idx]);
      st->name = st->ds.metadata.qualified_name();
      st->per_node.reserve(planned);
      st->per_node.assign(cluster_.node_count(), 0);
      st->startup = std::make_unique<lifecycle::pod_startup>(startup_options(s, st->ds, idx));
      st->report.name = st->name;
      st->report.strategy = strategy_text(st->ds);
      refresh_template(*st, idx);
      ds_.push_back(std::move(st));
    }
    seed_steady_state();
  }

  // Never inlined: profilers can count the simulation alone
  // (valgrind --tool=callgrind --toggle-collect='*simulation::run()').
  [[gnu::noinline]] run_result run() {
    const nanos horizon = seconds_to_nanos(s_.horizon);
    for (std::uint32_t idx = 0; idx < s_.timeline.size(); ++idx) push(seconds_to_nanos(s_.timeline[idx].at), event_kind::action, idx);
    push(0, event_kind::sample, 0);
    auto last_progress = clock_type::now();
    while (!queue_.empty()) {
      const event ev = queue_.top();
      if (ev.t > horizon) break;
      queue_.pop();
      now_ = ev.t;
      ++out_.cost.events;
      dispatch(ev);
      if (progress_ && (out_.cost.events & 0xFFF) == 0 && clock_type::now() - last_progress > std::chrono::milliseconds(200)) {
        last_progress = clock_type::now();
        progress_(nanos_to_seconds(now_) / s_.horizon);
      }
    }
    now_ = horizon;  // an empty queue means the cluster sits idle until the horizon
    finish();
    return std::move(out_);
  }

 private:
  // ---- queue ----
  void push(nanos t, event_kind kind, std::uint32_t a, std::uint32_t b = 0) { queue_.push(event{t, seq_++, kind, a, b}); }

  void dispatch(const event& ev) {
    switch (ev.kind) {
      case event_kind::action: run_action(ev.a); break;
      case event_kind::churn_step: churn_step(ev.a, ev.b); break;
      case event_kind::sync: key_ready(ev.a, ev.t); break;
      case event_kind::worker_free: worker_free(ev.a); break;
      case event_kind::bind: if (pods_[ev.a].epoch == ev.b) bind(ev.a); break;
      case event_kind::readiness: if (pods_[ev.a].epoch == ev.b) readiness(ev.a); break;
      case event_kind::terminated: if (pods_[ev.a].epoch == ev.b) terminate(ev.a); break;
      case event_kind::sample:
        sample();
        if (has_future_work()) push(now_ + seconds_to_nanos(s_.timeline_interval), event_kind::sample, 0);
        break;
    }
  }

  bool has_future_work() const { return !queue_.empty(); }

  // ---- setup ----
  // The most nodes the timeline can add: each add_nodes or churn action at most its fraction
  // of the nodes there may be by then (a pool's copies are a fraction of a part of them).
  // Per-node structures get room for that many up front, so that node additions during the
  // run move no column (capped at 4x: beyond, they grow as usual).
  std::size_t planned_node_count() const {
    const double initial = static_cast<double>(cluster_.node_count());
    double planned = initial;
    for (const timeline_action& a : s_.timeline) {
      if (a.kind == action_kind::add_nodes) planned += std::ceil(a.count_fraction * planned) + 1;
      if (a.kind == action_kind::churn) planned += std::ceil(a.count_fraction * initial) + 1;
    }
    return static_cast<std::size_t>(std::min(planned, 4 * initial + 64));
  }

  void apply_initial_not_ready() {
    if (s_.cluster.not_ready <= 0) return;
    const std::size_t n = cluster_.node_count();
    for (std::size_t idx = 0; idx < n; ++idx) {
      gen::xoshiro256ss rng = rng_for(s_.seed, sim_stream::not_ready, idx);
      if (unit(rng) < s_.cluster.not_ready) set_ready(node_id{static_cast<std::uint32_t>(idx)}, condition_status::false_, false);
    }
  }

  void refresh_template(ds_state& st, std::size_t idx) {
    const std::string& hash = fleet_->hash(idx);
    if (st.revisions.empty() || st.revisions.back() != hash) {
      st.revisions.push_back(hash);
      st.generations.push_back(ctl::template_generation(st.ds).value_or(ctl::NO_GENERATION));
    }
    const pod_spec spec = template_spec(st.ds, hash);
    scheduler_requests requests = to_scheduler_requests(effective_requests(spec));
    // Held pods count with their DaemonSet's current requests: the per-node sums follow.
    for (std::uint32_t id : st.live) {
      if (!pods_[id].counted) continue;
      node_held_[to_index(pods_[id].node)].add(st.requests, -1);
      node_held_[to_index(pods_[id].node)].add(requests, 1);
    }
    st.requests = std::move(requests);
    st.ports = ctl::host_ports_of(spec);
    st.numeric_admission = st.ports.empty() && std::none_of(st.requests.scalar.begin(), st.requests.scalar.end(),
                                                            [](const auto& entry) { return entry.second > 0; });
  }

  // Every DaemonSet runs its current revision, Ready, on every node that should run it.
  void seed_steady_state() {
    // Room for the steady state and a rollout's worth of replacements: growing these
    // vectors later would copy them into fresh (page-faulting) memory.
    std::size_t initial = 0;
    for (std::uint32_t d = 0; d < ds_.size(); ++d) initial += fleet_->placement(d).should_run.count();
    pods_.reserve(initial + initial / 4 + 1024);
    pod_slot_.reserve(pods_.capacity());
    for (std::uint32_t d = 0; d < ds_.size(); ++d) {
      fleet_->placement(d).should_run.for_each([&](node_id node) {
        const std::uint32_t id = new_pod(d, node, -3600 * NANOS_PER_SECOND);
        sim_pod& p = pods_[id];
        p.state = pod_state::running;
        hold(id);
        if (cluster_.nodes.ready(node) == condition_status::true_) {
          p.ready = true;
          p.ready_since = -3600 * NANOS_PER_SECOND;
        }
      });
      flush(d);
    }
  }

  std::uint32_t new_pod(std::uint32_t d, node_id node, nanos created) {
    ds_state& st = *ds_[d];
    sim_pod p;
    p.ds = d;
    p.node = node;
    p.revision = static_cast<std::uint32_t>(st.revisions.size() - 1);
    if (serial_ == UINT32_MAX) throw std::length_error("simulation: more than 4 billion pods created");
    p.serial = serial_++;
    p.created = created;
    const auto id = static_cast<std::uint32_t>(pods_.size());
    pods_.push_back(p);
    pod_slot_.push_back(static_cast<std::uint32_t>(st.live.size()));
    st.live.push_back(id);
    st.per_node[to_index(node)] += 1;
    st.added.push_back(id);
    node_all_[to_index(node)].push_back(id);
    return id;
  }

  // ---- resources on nodes ----
  void hold(std::uint32_t id) {
    sim_pod& p = pods_[id];
    if (p.counted) return;
    p.counted = true;
    node_pods_[to_index(p.node)].push_back(id);
    node_held_[to_index(p.node)].add(ds_[p.ds]->requests, 1);
  }
  void release(std::uint32_t id) {
    sim_pod& p = pods_[id];
    if (!p.counted) return;
    p.counted = false;
    auto& list = node_pods_[to_index(p.node)];
    list.erase(std::find(list.begin(), list.end(), id));
    node_held_[to_index(p.node)].add(ds_[p.ds]->requests, -1);
  }

  // node_held_[n] recomputed from the pods (the assertion in plain_usage).
  held_requests summed_held(std::size_t n) const {
    held_requests sum;
    for (std::uint32_t other : node_pods_[n]) sum.add(ds_[pods_[other].ds]->requests, 1);
    return sum;
  }

  // What the node's own requests and the DaemonSet pods it holds use of the plain resources.
  ctl::node_usage plain_usage(std::size_t n) const {
    ctl::node_usage usage;
    const held_requests& held = node_held_[n];
    assert(held == summed_held(n));
    usage.pods = cluster_.nodes.pods_requested[n] + held.pods;
    usage.cpu_milli = cluster_.nodes.cpu_requested_milli[n] + held.cpu_milli;
    usage.memory_bytes = cluster_.nodes.memory_requested_bytes[n] + held.memory_bytes;
    usage.ephemeral_storage_bytes = cluster_.nodes.ephemeral_storage_requested_bytes[n] + held.ephemeral_storage_bytes;
    return usage;
  }

  // NodePorts + NodeResourcesFit + Ready, on the node's own requests plus the DaemonSet pods it holds.
  std::vector<std::string> admission(std::uint32_t id) {
    const sim_pod& p = pods_[id];
    const ds_state& st = *ds_[p.ds];
    const std::size_t n = to_index(p.node);
    ctl::node_usage usage = plain_usage(n);
    if (st.numeric_admission) {
      // NodePorts skips a pod without host ports and fitsRequest reads no scalar resource the
      // pod does not request: the plain sums decide whether it fits (the full check below
      // words the reasons when it does not).
      const node_resources alloc = cluster_.nodes.allocatable(p.node);
      const ctl::node_capacity plain{alloc.pods, alloc.cpu_milli, alloc.memory_bytes, alloc.ephemeral_storage_bytes, {}};
      if (ctl::check_resource_fit(st.requests, plain, usage).status == ctl::filter_status::success) return {};
    }
    for (const host_port& hp : cluster_.nodes.host_ports_in_use.row(n)) {
      std::string ip(cluster_.strings.view(hp.host_ip));
      usage.ports.push_back({ip.empty() ? "0.0.0.0" : ip, hp.protocol, hp.port});
    }
    for (const extended_amount& amount : cluster_.nodes.extended_requested.row(n)) {
      usage.scalar.emplace_back(std::string(cluster_.strings.view(cluster_.resource_names[to_index(amount.resource)])), amount.amount);
    }
    std::sort(usage.scalar.begin(), usage.scalar.end());
    for (std::uint32_t other : node_pods_[n]) {
      const ds_state& o = *ds_[pods_[other].ds];
      for (const auto& [name, amount] : o.requests.scalar) {
        auto it = std::lower_bound(usage.scalar.begin(), usage.scalar.end(), std::make_pair(name, std::int64_t{INT64_MIN}));
        if (it != usage.scalar.end() && it->first == name) it->second += amount;
        else usage.scalar.insert(it, {name, amount});
      }
      usage.ports.insert(usage.ports.end(), o.ports.begin(), o.ports.end());
    }
    std::vector<std::string> reasons;
    const ctl::ports_result ports = ctl::check_node_ports(st.ports, usage.ports);
    if (ports.status == ctl::filter_status::unschedulable) reasons.push_back(ports.reason);
    const ctl::fit_result fit = ctl::check_resource_fit(st.requests, ctl::node_capacity::of(cluster_, p.node), usage);
    reasons.insert(reasons.end(), fit.reasons.begin(), fit.reasons.end());
    return reasons;
  }

  // ---- kubelet ----
  void bind(std::uint32_t id) {
    sim_pod& p = pods_[id];
    if (p.state != pod_state::unbound) return;
    if (p.deleting || cluster_.nodes.removed.test(p.node)) {
      gone(id);
      return;
    }
    p.state = pod_state::pending;
    push_state(id);
    try_start(id, true);
  }

  // Admits and starts a bound pod, or leaves it Pending with the reasons counted.
  void try_start(std::uint32_t id, bool count_reasons) {
    sim_pod& p = pods_[id];
    if (p.state != pod_state::pending || p.deleting) return;
    const std::vector<std::string> reasons = admission(id);
    if (!reasons.empty()) {
      if (count_reasons) {
        for (const std::string& reason : reasons) ++out_.pending_by_reason[reason];
      }
      set_pending(id, true);
      waiting_.push_back(id);
      return;
    }
    hold(id);
    const condition_status ready = cluster_.nodes.ready(p.node);
    if (ready != condition_status::true_) {
      if (count_reasons) {
        ++out_.pending_by_reason[ready == condition_status::unknown ? "node is unreachable (Ready=Unknown): the pod is never started"
                                                                   : "node is NotReady: the kubelet does not start the pod"];
      }
      set_pending(id, true);
      return;  // started when the node comes back (set_ready)
    }
    set_pending(id, false);
    start(id);
  }

  void set_pending(std::uint32_t id, bool pending) {
    sim_pod& p = pods_[id];
    if (p.pending_counted == pending) return;
    p.pending_counted = pending;
    ds_[p.ds]->pending += pending ? 1 : -1;
  }

  void start(std::uint32_t id) {
    sim_pod& p = pods_[id];
    ds_state& st = *ds_[p.ds];
    p.state = pod_state::running;
    p.started = now_;
    push_state(id);
    ++out_.pod_starts;
    const lifecycle::pod_startup_result r = st.startup->run(p.serial);
    out_.cost.kubelet_events += r.events.size();
    out_.init_failures += r.init_failures;
    out_.container_restarts += r.restarts;
    if (s_.verify_lifecycle) {
      ++out_.invariants.lifecycle_pods;
      for (const lifecycle::violation& v : r.violations) {
        violation(st.name + " pod " + std::to_string(p.serial) + " on " + std::string(cluster_.name(p.node)) + ": " +
                  std::string(lifecycle::to_string(v.id)) + " " + v.detail);
      }
    }
    p.ready_first = static_cast<std::uint32_t>(readiness_pool_.size());
    p.ready_count = static_cast<std::uint32_t>(r.readiness.size());
    readiness_pool_.insert(readiness_pool_.end(), r.readiness.begin(), r.readiness.end());
    schedule_readiness(id);
  }

  void schedule_readiness(std::uint32_t id) {
    const sim_pod& p = pods_[id];
    if (p.ready_count == 0) return;
    const lifecycle::readiness_change& change = readiness_pool_[p.ready_first];
    push(p.started + change.t_us * 1000, event_kind::readiness, id, p.epoch);
  }

  void readiness(std::uint32_t id) {
    sim_pod& p = pods_[id];
    const lifecycle::readiness_change& change = readiness_pool_[p.ready_first];
    ++p.ready_first;
    --p.ready_count;
    set_pod_ready(id, change.ready);
    schedule_readiness(id);
  }

  void set_pod_ready(std::uint32_t id, bool ready) {
    sim_pod& p = pods_[id];
    if (p.ready == ready) return;
    p.ready = ready;
    if (ready) p.ready_since = now_;
    ds_state& st = *ds_[p.ds];
    push_state(id);
    request_sync(p.ds, now_);
    if (ready && st.ds.min_ready_seconds > 0) request_sync(p.ds, now_ + (st.ds.min_ready_seconds + 1) * NANOS_PER_SECOND);
  }

  void begin_delete(std::uint32_t id) {
    sim_pod& p = pods_[id];
    if (p.deleting || p.state == pod_state::gone) return;
    p.deleting = true;
    ++out_.pod_deletes;
    ds_state& st = *ds_[p.ds];
    st.per_node[to_index(p.node)] -= 1;
    push_state(id);
    if (p.state == pod_state::unbound) return;  // gone when its bind comes due
    schedule_stop(id);
  }

  // A deleting pod stops after a lognormal time (the kubelet must be up to confirm it).
  void schedule_stop(std::uint32_t id) {
    sim_pod& p = pods_[id];
    if (p.state == pod_state::pending && !p.counted) {
      gone(id);
      return;
    }
    if (cluster_.nodes.ready(p.node) != condition_status::true_) return;  // stuck until the node is back
    gen::xoshiro256ss rng = rng_for(s_.seed, sim_stream::stop, p.serial);
    const double z = std::sqrt(-2.0 * std::log(std::max(unit(rng), 1e-12))) * std::cos(6.283185307179586 * unit(rng));
    const double seconds = std::min(30.0, s_.kubelet.stop_median_seconds * std::exp(0.6 * z));
    ++p.epoch;  // its remaining kubelet events are void; it stays Ready until its containers exit
    push(now_ + seconds_to_nanos(seconds), event_kind::terminated, id, p.epoch);
  }

  void terminate(std::uint32_t id) { gone(id); }

  void gone(std::uint32_t id) {
    sim_pod& p = pods_[id];
    if (p.state == pod_state::gone) return;
    ds_state& st = *ds_[p.ds];
    if (!p.deleting) st.per_node[to_index(p.node)] -= 1;
    set_pending(id, false);
    p.state = pod_state::gone;
    p.ready = false;
    ++p.epoch;
    const bool held = p.counted;
    release(id);
    auto& here = node_all_[to_index(p.node)];
    here.erase(std::find(here.begin(), here.end(), id));
    // Unordered removal from the DaemonSet's live list.
    const std::uint32_t slot = pod_slot_[id];
    const std::uint32_t last = st.live.back();
    st.live[slot] = last;
    pod_slot_[last] = slot;
    st.live.pop_back();
    if (p.row != NONE) {
      st.removed.push_back(p.row);
      p.row = NONE;
    } else {
      st.added.erase(std::find(st.added.begin(), st.added.end(), id));
    }
    request_sync(p.ds, now_);
    if (held) retry_waiting(p.node);
  }

  // Pods refused for resources or ports on `node` try again.
  void retry_waiting(node_id node) {
    if (waiting_.empty()) return;
    std::vector<std::uint32_t> again;
    for (std::uint32_t id : waiting_) {
      if (pods_[id].node == node) again.push_back(id);
    }
    if (again.empty()) return;
    std::erase_if(waiting_, [&](std::uint32_t id) { return pods_[id].node == node; });
    for (std::uint32_t id : again) try_start(id, false);
  }

  // ---- controller ----
  // The controller's work queue: a DaemonSet's key is added when something it watches changed
  // (no earlier than `syncInterval` after its last sync began, and once its last creates and
  // deletes are observed); `workers` keys are synced at a time, each for syncBase + syncPerPod
  // x its pods of virtual time; a key is never synced by two workers at once.
  void request_sync(std::uint32_t d, nanos at) {
    ds_state& st = *ds_[d];
    const nanos t = std::max({at, st.last_sync + sync_interval_, st.observed_at});
    if (st.sync_queued && st.queued_at <= t) return;
    st.sync_queued = true;
    st.queued_at = t;
    push(t, event_kind::sync, d);
  }

  void key_ready(std::uint32_t d, nanos t) {
    ds_state& st = *ds_[d];
    if (!st.sync_queued || st.queued_at != t) return;  // superseded by an earlier request
    st.sync_queued = false;
    if (st.processing) {
      st.again = true;
      return;
    }
    if (!st.in_queue) {
      st.in_queue = true;
      work_queue_.push_back(d);
    }
    dispatch_workers();
  }

  void dispatch_workers() {
    while (busy_workers_ < s_.controller.workers && !work_queue_.empty()) {
      const std::uint32_t d = work_queue_.front();
      work_queue_.pop_front();
      ds_state& st = *ds_[d];
      st.in_queue = false;
      st.processing = true;
      ++busy_workers_;
      run_sync(d);
      const double cost = s_.controller.sync_base_seconds + s_.controller.sync_per_pod_seconds * static_cast<double>(st.live.size());
      push(now_ + seconds_to_nanos(cost), event_kind::worker_free, d);
    }
  }

  void worker_free(std::uint32_t d) {
    ds_state& st = *ds_[d];
    --busy_workers_;
    st.processing = false;
    if (st.again) {
      st.again = false;
      st.in_queue = true;
      work_queue_.push_back(d);
    }
    dispatch_workers();
  }

  // The pod as the fleet's table holds it.
  void append_row(ctl::daemon_pods& table, const ds_state& st, const sim_pod& p) const {
    char name[24] = {'p'};
    const auto [end, code] = std::to_chars(name + 1, name + sizeof(name), p.serial);
    table.add(std::string_view(name, static_cast<std::size_t>(end - name)), p.node, {}, p.state != pod_state::unbound, p.deleting, p.ready, phase_of(p),
              p.created / NANOS_PER_SECOND, p.ready ? p.ready_since / NANOS_PER_SECOND : 0, st.revisions[p.revision], st.generations[p.revision]);
  }
  static pod_phase phase_of(const sim_pod& p) { return p.state == pod_state::running ? pod_phase::running : pod_phase::pending; }

  // A pod already in the table changed state: the fleet updates its node in place.
  void push_state(std::uint32_t id) {
    const sim_pod& p = pods_[id];
    if (p.row == NONE) return;  // added with its current state at the next flush
    fleet_->set_pod_state(p.ds, p.row, p.state != pod_state::unbound, p.deleting, p.ready, phase_of(p),
                          p.ready ? p.ready_since / NANOS_PER_SECOND : 0);
  }

  // Pods created and gone since the last flush enter and leave the fleet's table in one
  // step (O(edits × pods per node), appended straight into the table); row numbers follow
  // daemon_pods::remove_rows.
  void flush(std::uint32_t d) {
    ds_state& st = *ds_[d];
    if (st.added.empty() && st.removed.empty()) return;
    std::sort(st.added.begin(), st.added.end());
    if (st.rows.empty() && st.removed.empty()) {  // the first fill: one table, summarised in one pass
      ctl::daemon_pods added;
      added.reserve(st.added.size() + st.added.size() / 4 + 64);  // room for surge and replacements: no column moves mid-run
      for (std::uint32_t id : st.added) append_row(added, st, pods_[id]);
      added.index(cluster_.node_count());
      fleet_->replace_pods(d, std::move(added));
      for (std::uint32_t id : st.added) {
        pods_[id].row = static_cast<std::uint32_t>(st.rows.size());
        st.rows.push_back(id);
      }
      st.added.clear();
      return;
    }
    fleet_->edit_pods(d, st.removed, [&](ctl::daemon_pods& table) {
      for (std::uint32_t id : st.added) append_row(table, st, pods_[id]);
    });
    std::sort(st.removed.begin(), st.removed.end(), std::greater<>());
    for (std::uint32_t row : st.removed) {
      const std::size_t last = st.rows.size() - 1;
      if (row != last) {
        st.rows[row] = st.rows[last];
        pods_[st.rows[row]].row = row;
      }
      st.rows.pop_back();
    }
    for (std::uint32_t id : st.added) {
      pods_[id].row = static_cast<std::uint32_t>(st.rows.size());
      st.rows.push_back(id);
    }
    st.added.clear();
    st.removed.clear();
  }

  void run_sync(std::uint32_t d) {
    ds_state& st = *ds_[d];
    const auto started = clock_type::now();
    flush(d);
    fleet_->set_now(now_);
    const ctl::status_counts before = fleet_->counts(d);
    ctl::sync_options options;
    options.now = now_;
    options.burst_replicas = s_.controller.burst_replicas;
    // Production order: the rolling pass waits for manage's creates and deletes to be
    // observed; syncs are never queued before `observed_at`, so every earlier one is.
    options.synchronous_observation = false;
    st.controller.expected = ctl::expectations{};
    ctl::sync_outcome outcome = fleet_->sync(d, options, &st.controller);
    st.last_sync = now_;
    ++out_.cost.syncs;
    track_rollout(d, before);

    const ctl::daemon_pods& table = fleet_->pods(d);
    const pred::placement& placement = fleet_->placement(d);
    // Invariant: deletes that leave a desired node without an available pod stay within maxUnavailable.
    std::int64_t newly_unavailable = 0;
    std::vector<std::uint32_t> deleted_ids;
    for (std::uint32_t row : outcome.plan.deletes) deleted_ids.push_back(st.rows[row]);
    if (s_.inject.ignore_max_unavailable && st.ds.strategy.type == update_strategy_type::rolling_update) {
      for (std::uint32_t id : st.live) {
        const sim_pod& p = pods_[id];
        if (!p.deleting && p.revision + 1 != st.revisions.size()) deleted_ids.push_back(id);
      }
    }
    std::sort(deleted_ids.begin(), deleted_ids.end());  // for the membership test below
    deleted_ids.erase(std::unique(deleted_ids.begin(), deleted_ids.end()), deleted_ids.end());
    for (std::uint32_t id : deleted_ids) {
      const sim_pod& p = pods_[id];
      if (!placement.should_run.test(p.node) || !available(p, st)) continue;
      bool other_available = false;
      for (std::uint32_t row : table.on_node(p.node)) {
        const std::uint32_t other = st.rows[row];
        if (other != id && !pods_[other].deleting && available(pods_[other], st) &&
            !std::binary_search(deleted_ids.begin(), deleted_ids.end(), other)) {
          other_available = true;
        }
      }
      if (!other_available) ++newly_unavailable;
    }
    if (newly_unavailable > 0) {
      ++out_.invariants.unavailable_checks;
      const std::int64_t unavailable_before = before.desired - before.available;
      const std::int64_t allowed =
          st.ds.strategy.type == update_strategy_type::rolling_update ? ctl::resolve_budget(st.ds, before.desired).max_unavailable : 0;
      if (unavailable_before + newly_unavailable > std::max(allowed, unavailable_before)) {
        violation(st.name + ": sync at " + fmt_seconds(now_) + "s made " + std::to_string(newly_unavailable) + " more nodes unavailable with " +
                  std::to_string(unavailable_before) + " already unavailable; maxUnavailable allows " + std::to_string(allowed));
      }
    }
    if (!outcome.plan.creates.empty() || !deleted_ids.empty()) st.observed_at = now_ + observe_delay_;
    for (std::uint32_t id : deleted_ids) begin_delete(id);

    const bool surge = ctl::allows_surge(st.ds);
    const int copies = s_.inject.duplicate_creates ? 2 : 1;
    for (node_id node : outcome.plan.creates) {
      for (int copy = 0; copy < copies; ++copy) {
        const std::uint32_t id = new_pod(d, node, now_);
        ++out_.pod_creates;
        ++out_.invariants.one_pod_checks;
        if (st.per_node[to_index(node)] > (surge ? 2 : 1)) {
          violation(st.name + ": " + std::to_string(st.per_node[to_index(node)]) + " pods on node " + std::string(cluster_.name(node)) + " at " +
                    fmt_seconds(now_) + "s (" + (surge ? "surge allows 2" : "one pod per node") + ")");
        }
        push(now_ + bind_delay_, event_kind::bind, id, pods_[id].epoch);
      }
    }
    if (!outcome.plan.creates.empty() || !deleted_ids.empty()) request_sync(d, st.observed_at);  // the rest of the burst, the next step
    if (outcome.plan.requeue_after) request_sync(d, now_ + *outcome.plan.requeue_after);
    const double took = std::chrono::duration<double>(clock_type::now() - started).count();
    out_.cost.sync_seconds += took;
    out_.cost.max_sync_seconds = std::max(out_.cost.max_sync_seconds, took);
  }

  bool available(const sim_pod& p, const ds_state& st) const {
    if (!p.ready) return false;
    if (st.ds.min_ready_seconds == 0) return true;
    return p.ready_since + st.ds.min_ready_seconds * NANOS_PER_SECOND < now_;
  }

  void track_rollout(std::uint32_t d, const ctl::status_counts& c) {
    ds_state& st = *ds_[d];
    if (!st.rolling) return;
    const std::int64_t unavailable = c.desired - c.available;
    st.report.peak_unavailable = std::max(st.report.peak_unavailable, unavailable);
    if (c.updated != st.last_updated || c.available != st.last_available) {
      st.report.longest_stall_seconds = std::max(st.report.longest_stall_seconds, nanos_to_seconds(now_ - st.last_progress));
      st.last_progress = now_;
      st.last_updated = c.updated;
      st.last_available = c.available;
    }
    if (c.updated == c.desired && c.available == c.desired && c.current == c.desired && c.misscheduled == 0 && st.added.empty()) {
      st.rolling = false;
      st.report.rollout_seconds = nanos_to_seconds(now_ - st.rollout_started);
    }
  }

  // ---- timeline ----
  std::vector<node_id> select_nodes(const node_selection& sel, std::uint64_t stream_index) {
    std::vector<node_id> out;
    std::optional<label_key_id> key;
    std::optional<label_value_id> value;
    if (!sel.label_key.empty()) {
      key = cluster_.find_label_key(sel.label_key);
      if (!key) return out;
      if (!sel.label_value.empty()) {
        value = cluster_.find_label_value(*key, sel.label_value);
        if (!value) return out;
      }
    }
    gen::xoshiro256ss rng = rng_for(s_.seed, sim_stream::selection, stream_index);
    for (std::size_t idx = 0; idx < cluster_.node_count(); ++idx) {
      const node_id node{static_cast<std::uint32_t>(idx)};
      if (cluster_.nodes.removed.test(node)) continue;
      if (value && !cluster_.labels.value_contains(*value, node)) continue;
      if (key && !value && !cluster_.labels.key(*key).presence.test(node)) continue;
      if (sel.fraction < 1 && unit(rng) >= sel.fraction) continue;
      out.push_back(node);
    }
    return out;
  }

  void edited(const node_delta& delta) {
    if (!delta.any()) return;
    if (fleet_->apply(delta) > 0 || delta.added || delta.removed) {
      for (std::uint32_t d = 0; d < ds_.size(); ++d) request_sync(d, now_);
    }
  }

  // The taints with `key` and `effect` (any value) come off the row, and with `on` the taint
  // key=value:effect goes on at the end; its id is interned only then, as update_node would
  // intern it.
  void set_taint(node_row& row, std::string_view key, std::string_view value, taint_effect effect, bool on) {
    const std::optional<string_id> key_id = cluster_.strings.find(key);
    if (key_id) {
      std::erase_if(row.taints, [&](taint_id taint) {
        const taint_def& def = cluster_.taints.def(taint);
        return def.key == *key_id && def.effect == effect;
      });
    }
    if (!on) return;
    std::optional<taint_id> taint;
    if (const auto value_id = cluster_.strings.find(value); key_id && value_id) taint = cluster_.taints.find(*key_id, *value_id, effect);
    if (!taint) {
      node_spec only;
      only.taints.emplace_back(std::string(key), std::string(value), effect);
      taint = cluster_editor::resolve(cluster_, only).taints.front();
    }
    row.taints.push_back(*taint);
  }

  // Ready flips with the node lifecycle controller's taint (NoExecute, tolerated by DaemonSet
  // pods). Like every in-place node edit here, edited as ids (update_node_row): no text is
  // read back or hashed.
  void set_ready(node_id node, condition_status ready, bool running) {
    if (cluster_.nodes.ready(node) == ready) return;
    node_row row = node_row::of(cluster_, node);
    row.conditions[static_cast<std::size_t>(node_condition::ready)] = ready;
    set_taint(row, "node.kubernetes.io/not-ready", "", taint_effect::no_execute, ready == condition_status::false_);
    set_taint(row, "node.kubernetes.io/unreachable", "", taint_effect::no_execute, ready == condition_status::unknown);
    const node_delta delta = update_node_row(cluster_, node, row);
    if (!running) return;
    edited(delta);
    const std::vector<std::uint32_t> here(node_pods_[to_index(node)].begin(), node_pods_[to_index(node)].end());
    if (ready != condition_status::true_) {
      // The node controller marks its pods NotReady; the kubelet's progress stops.
      for (std::uint32_t id : here) {
        ++pods_[id].epoch;
        set_pod_ready(id, false);
      }
      return;
    }
    for (std::uint32_t id : here) {
      sim_pod& p = pods_[id];
      if (p.deleting) {
        schedule_stop(id);
      } else if (p.state == pod_state::running) {
        // Its containers kept running: the kubelet reports them Ready again (later crashes
        // of its trace are not replayed).
        p.ready_first = static_cast<std::uint32_t>(readiness_pool_.size());
        p.ready_count = 1;
        readiness_pool_.push_back({(now_ - p.started + seconds_to_nanos(s_.kubelet.ready_report_seconds)) / 1000, true});
        schedule_readiness(id);
      } else if (p.state == pod_state::pending) {
        set_pending(id, false);
        start(id);
      }
    }
  }

  void update_daemonset(const timeline_action& action) {
    for (std::uint32_t d = 0; d < ds_.size(); ++d) {
      ds_state& st = *ds_[d];
      if (st.name != action.daemonset) continue;
      daemonset ds = st.ds;
      for (container& c : ds.template_.spec.containers) c.image = action.image.empty() ? c.image + "-next" : action.image;
      ds.template_.source_digest = gen::mix64(ds.template_.source_digest + 1 + now_);
      ds.metadata.generation += 1;
      if (action.strategy) ds.strategy = *action.strategy;
      if (ds.strategy.type == update_strategy_type::rolling_update) {
        if (!ds.strategy.rolling) ds.strategy.rolling = rolling_update_params{};
        if (action.max_unavailable) ds.strategy.rolling->max_unavailable = *action.max_unavailable;
        if (action.max_surge) ds.strategy.rolling->max_surge = *action.max_surge;
      }
      if (auto it = ds.metadata.annotations.find(std::string(ctl::TEMPLATE_GENERATION_ANNOTATION)); it != ds.metadata.annotations.end()) {
        it->second = std::to_string(ds.metadata.generation);
      }
      flush(d);
      fleet_->replace_daemonset(d, ds);
      st.ds = std::move(ds);
      refresh_template(st, d);
      st.report.strategy = strategy_text(st.ds);
      st.report.update_at = nanos_to_seconds(now_);
      st.report.allowed_unavailable = st.ds.strategy.type == update_strategy_type::rolling_update
                                          ? ctl::resolve_budget(st.ds, fleet_->counts(d).desired).max_unavailable
                                          : 0;
      st.report.rollout_seconds = -1;
      st.rolling = true;
      st.rollout_started = now_;
      st.last_progress = now_;
      st.last_updated = st.last_available = -1;
      request_sync(d, now_);
      return;
    }
    violation("timeline: " + action.object + ": no DaemonSet " + action.daemonset + " in the scenario");
  }

  node_delta add_clone(std::uint64_t index, gen::xoshiro256ss& rng, std::span<const std::pair<std::string, std::string>> set_labels = {}) {
    const std::size_t n = cluster_.node_count();
    node_id source{};
    for (int tries = 0; tries < 64; ++tries) {
      source = node_id{static_cast<std::uint32_t>(rng.next() % n)};
      if (!cluster_.nodes.removed.test(source)) break;
    }
    return add_clone_of(index, source, set_labels);
  }

  // A new node like `source` (labels, taints, capacity), Ready, named sim-node-<index>.
  node_delta add_clone_of(std::uint64_t index, node_id source, std::span<const std::pair<std::string, std::string>> set_labels = {}) {
    node_spec spec = node_spec::of(cluster_, source);
    spec.name = "sim-node-" + std::to_string(index);
    for (auto& [key, value] : spec.labels) {
      if (key == "kubernetes.io/hostname") value = spec.name;
    }
    for (const auto& wanted : set_labels) {
      auto it = std::find_if(spec.labels.begin(), spec.labels.end(), [&wanted](const auto& label) { return label.first == wanted.first; });
      if (it != spec.labels.end()) it->second = wanted.second;
      else spec.labels.push_back(wanted);
    }
    spec.conditions[static_cast<std::size_t>(node_condition::ready)] = condition_status::true_;
    std::erase_if(spec.taints, [](const auto& taint) {
      const auto& [key, value, effect] = taint;
      return effect == taint_effect::no_execute && (key == "node.kubernetes.io/not-ready" || key == "node.kubernetes.io/unreachable");
    });
    const node_delta delta = add_node(cluster_, spec);
    grow();
    return delta;
  }

  void grow() {
    const std::size_t n = cluster_.node_count();
    node_pods_.resize(n);
    node_held_.resize(n);
    node_all_.resize(n);
    for (auto& st : ds_) st->per_node.resize(n, 0);
  }

  void remove(node_id node) {
    const node_delta delta = remove_node(cluster_, node);
    // Pod GC: pods bound to a node that no longer exists are deleted at once.
    const std::vector<std::uint32_t> here(node_all_[to_index(node)].begin(), node_all_[to_index(node)].end());
    for (std::uint32_t id : here) gone(id);
    edited(delta);
  }

  std::vector<node_id> random_live_nodes(std::size_t count, gen::xoshiro256ss& rng) {
    std::vector<node_id> out;
    const std::size_t n = cluster_.node_count();
    for (std::size_t tries = 0; out.size() < count && tries < count * 64 + 64; ++tries) {
      const node_id node{static_cast<std::uint32_t>(rng.next() % n)};
      if (cluster_.nodes.removed.test(node) || std::find(out.begin(), out.end(), node) != out.end()) continue;
      out.push_back(node);
    }
    return out;
  }

  void run_action(std::uint32_t index) {
    const timeline_action& a = s_.timeline[index];
    switch (a.kind) {
      case action_kind::update: update_daemonset(a); break;
      case action_kind::taint:
      case action_kind::untaint:
        for (node_id node : select_nodes(a.nodes, index)) {
          node_row row = node_row::of(cluster_, node);
          set_taint(row, a.taint_key, a.taint_value, a.effect, a.kind == action_kind::taint);
          edited(update_node_row(cluster_, node, row));
        }
        break;
      case action_kind::not_ready:
        for (node_id node : select_nodes(a.nodes, index)) set_ready(node, condition_status::false_, true);
        break;
      case action_kind::ready:
        for (node_id node : select_nodes(a.nodes, index)) set_ready(node, condition_status::true_, true);
        break;
      case action_kind::lose_zone: {
        node_selection sel;
        sel.label_key = "topology.kubernetes.io/zone";
        sel.label_value = a.zone;
        for (node_id node : select_nodes(sel, index)) set_ready(node, condition_status::unknown, true);
        break;
      }
      case action_kind::cordon:
      case action_kind::uncordon:
        for (node_id node : select_nodes(a.nodes, index)) {
          node_row row = node_row::of(cluster_, node);
          row.unschedulable = a.kind == action_kind::cordon;
          set_taint(row, "node.kubernetes.io/unschedulable", "", taint_effect::no_schedule, row.unschedulable);
          edited(update_node_row(cluster_, node, row));
        }
        break;
      case action_kind::add_nodes: {
        gen::xoshiro256ss rng = rng_for(s_.seed, sim_stream::add_nodes, index);
        if (!a.nodes.label_key.empty()) {  // scale a pool up: copies of its own nodes
          const std::vector<node_id> pool = select_nodes(node_selection{a.nodes.label_key, a.nodes.label_value, 1}, index);
          const auto count = static_cast<std::size_t>(std::llround(a.count_fraction * static_cast<double>(pool.size())));
          for (std::size_t i = 0; i < count && !pool.empty(); ++i) edited(add_clone_of(added_++, pool[rng.next() % pool.size()], a.set_labels));
          break;
        }
        const auto count = static_cast<std::size_t>(std::llround(a.count_fraction * static_cast<double>(out_.nodes)));
        for (std::size_t i = 0; i < count; ++i) edited(add_clone(added_++, rng, a.set_labels));
        break;
      }
      case action_kind::remove_nodes: {
        if (!a.nodes.label_key.empty()) {  // a pool shrinks or is replaced
          for (node_id node : select_nodes(node_selection{a.nodes.label_key, a.nodes.label_value, a.count_fraction}, index)) remove(node);
          break;
        }
        gen::xoshiro256ss rng = rng_for(s_.seed, sim_stream::remove_nodes, index);
        const auto count = static_cast<std::size_t>(std::llround(a.count_fraction * static_cast<double>(out_.nodes)));
        for (node_id node : random_live_nodes(count, rng)) remove(node);
        break;
      }
      case action_kind::churn: {
        const auto count = static_cast<std::uint32_t>(std::llround(a.count_fraction * static_cast<double>(out_.nodes)));
        for (std::uint32_t step = 0; step < count; ++step) {
          push(now_ + seconds_to_nanos(a.over * (step + 0.5) / count), event_kind::churn_step, index, step);
        }
        break;
      }
    }
  }

  void churn_step(std::uint32_t index, std::uint32_t step) {
    gen::xoshiro256ss rng = rng_for(s_.seed, sim_stream::churn, (std::uint64_t{index} << 32) | step);
    const std::vector<node_id> leaving = random_live_nodes(1, rng);
    if (!leaving.empty()) remove(leaving.front());
    edited(add_clone(added_++, rng));
  }

  // ---- reporting ----
  void sample() {
    for (std::uint32_t d = 0; d < ds_.size(); ++d) {
      flush(d);
      const ctl::status_counts c = fleet_->counts(d);
      out_.timeline.push_back(timeline_row{nanos_to_seconds(now_), d, c.desired, c.current, c.updated, c.available, c.desired - c.available,
                                           ds_[d]->pending});
    }
  }

  void violation(std::string text) {
    ++out_.invariants.violations;
    if (out_.invariants.first_violations.size() < 20) out_.invariants.first_violations.push_back(std::move(text));
  }

  static std::string fmt_seconds(nanos t) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.3f", nanos_to_seconds(t));
    return buf;
  }

  void finish() {
    out_.simulated_seconds = nanos_to_seconds(now_);
    out_.nodes_at_end = cluster_.node_count() - cluster_.nodes.removed_count;
    for (std::uint32_t d = 0; d < ds_.size(); ++d) {
      ds_state& st = *ds_[d];
      flush(d);
      const ctl::status_counts c = fleet_->counts(d);
      if (st.rolling) {
        st.report.longest_stall_seconds = std::max(st.report.longest_stall_seconds, nanos_to_seconds(now_ - st.last_progress));
        st.report.peak_unavailable = std::max(st.report.peak_unavailable, c.desired - c.available);
      }
      st.report.desired = c.desired;
      st.report.current = c.current;
      st.report.updated = c.updated;
      st.report.available = c.available;
      st.report.unavailable = c.desired - c.available;
      st.report.misscheduled = c.misscheduled;
      st.report.pending = st.pending;
      out_.daemonsets.push_back(st.report);
    }
    if (out_.timeline.empty() || out_.timeline.back().t < out_.simulated_seconds) sample();
  }

  const scenario& s_;
  cluster cluster_;
  progress_callback progress_;
  std::unique_ptr<ctl::fleet> fleet_;
  // The scenario's fixed delays, converted once.
  const nanos sync_interval_ = seconds_to_nanos(s_.controller.sync_seconds);
  const nanos observe_delay_ = seconds_to_nanos(s_.controller.observe_seconds);
  const nanos bind_delay_ = seconds_to_nanos(s_.kubelet.bind_seconds);
  std::vector<std::unique_ptr<ds_state>> ds_;
  std::vector<sim_pod> pods_;
  std::vector<std::uint32_t> pod_slot_;
  // Per node: the pods holding resources there, and every pod not gone. Inline room for a
  // typical node's DaemonSet pods (plus a surge) keeps them off the heap.
  std::vector<boost::container::small_vector<std::uint32_t, 24>> node_pods_;
  std::vector<boost::container::small_vector<std::uint32_t, 24>> node_all_;
  std::vector<held_requests> node_held_;  // per node: the plain requests of the pods in node_pods_
  std::vector<lifecycle::readiness_change> readiness_pool_;
  std::vector<std::uint32_t> waiting_;
  std::priority_queue<event, std::vector<event>, later> queue_;
  std::deque<std::uint32_t> work_queue_;
  std::uint32_t busy_workers_ = 0;
  std::uint64_t seq_ = 0;
  std::uint32_t serial_ = 0;
  std::uint64_t added_ = 0;
  nanos now_ = 0;
  bool fleet_min_ready_ = false;
  run_result out_;

 public:
  void note_min_ready() {
    for (const auto& st : ds_) fleet_min_ready_ = fleet_min_ready_ || st->ds.min_ready_seconds > 0;
  }
};

result<cluster> load_cluster(const scenario& s) {
  if (!s.cluster.file.empty()) return io::read_nodes_file(s.cluster.file);
  gen::cluster_spec spec;
  spec.nodes = s.cluster.nodes;
  spec.profile = s.cluster.profile;
  spec.seed = s.cluster.seed;
  return gen::generate_cluster(spec);
}

std::uint64_t peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
}

}  // namespace

result<run_result> run_scenario(const scenario& s, const progress_callback& progress) {
  const auto start = clock_type::now();
  result<cluster> c = load_cluster(s);
  if (!c) return std::move(c).err();
  std::vector<daemonset> daemonsets;
  for (const std::string& file : s.daemonset_files) {
    result<std::vector<daemonset>> read = io::read_daemonsets_file(file);
    if (!read) return std::move(read).err();
    for (daemonset& ds : *read) daemonsets.push_back(std::move(ds));
  }
  if (s.daemonset_limit > 0 && daemonsets.size() > s.daemonset_limit) daemonsets.resize(s.daemonset_limit);
  if (daemonsets.empty()) return error{error_code::invalid_value, s.file, "scenario", "daemonsets.files", {}, "the manifests hold no DaemonSet"};
  for (const timeline_action& action : s.timeline) {
    if (action.kind != action_kind::update) continue;
    const bool known = std::any_of(daemonsets.begin(), daemonsets.end(), [&](const daemonset& ds) { return ds.metadata.qualified_name() == action.daemonset; });
    if (!known) {
      return error{error_code::invalid_value, s.file, "scenario", action.object + ".daemonset", {},
                   "no DaemonSet " + action.daemonset + " among the scenario's manifests"};
    }
  }
  if (pred::find_variant(s.variant) == nullptr) {
    return error{error_code::invalid_value, s.file, "scenario", "run.variant", {}, "unknown placement variant \"" + s.variant + "\" (see dsbench variants)"};
  }
  simulation sim(s, std::move(*c), std::move(daemonsets), progress);
  sim.note_min_ready();
  const double setup = std::chrono::duration<double>(clock_type::now() - start).count();
  run_result out = sim.run();
  out.cost.setup_seconds = setup;
  out.cost.wall_seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  out.cost.peak_rss_bytes = peak_rss_bytes();
  return out;
}

}  // namespace dsb::sim
