#include "engine/controller/fleet.hpp"

#include <algorithm>
#include <functional>
#include <queue>
#include <stdexcept>

#include <tbb/parallel_for.h>

#include "engine/controller/node_events.hpp"
#include "engine/controller/revision.hpp"

namespace dsb::ctl {

struct fleet::member {
  daemonset ds;
  std::string hash;
  std::optional<std::int64_t> generation;
  bool surge = false;  ///< allows_surge(ds), for the sync index
  pred::compiled_daemonset compiled;
  std::optional<pred::node_tester> tester;
  pred::placement placement;
  daemon_pods pods;
  pod_sets sets;
  status_counts counts;
  sync_index index;  ///< follows placement and sets node by node (rebuilt with the counters)
  controller_state state;
  bool summary_stale = true;  ///< pods or `now` changed since `sets` was built
  /// minReadySeconds > 0: (time its first pod becomes available, node) for nodes whose first
  /// pod is Ready but not yet available; set_now re-summarises the nodes that came due.
  std::priority_queue<std::pair<nanos, std::uint32_t>, std::vector<std::pair<nanos, std::uint32_t>>, std::greater<>> due;
};

namespace {

// The node's share of the status counters (updateDaemonSetStatus per node, §10).
status_counts contribution(const pod_sets& sets, node_id node, bool should_run) {
  status_counts out;
  const bool has_pod = sets.has_pod.test(node);
  if (!should_run) {
    out.misscheduled = has_pod ? 1 : 0;
    return out;
  }
  out.desired = 1;
  if (!has_pod) return out;
  out.current = 1;
  out.ready = sets.first_ready.test(node) ? 1 : 0;
  out.available = sets.first_available.test(node) ? 1 : 0;
  out.updated = sets.first_updated.test(node) ? 1 : 0;
  return out;
}

// What one node adds to a member's incrementally kept state: its status counters and its
// sync_index class. Taken before and after a change of the node's bits.
struct node_share {
  status_counts counts;
  node_class cls = node_class::none;
};

void add(status_counts& total, const status_counts& part, std::int64_t sign) {
  total.desired += sign * part.desired;
  total.current += sign * part.current;
  total.misscheduled += sign * part.misscheduled;
  total.ready += sign * part.ready;
  total.available += sign * part.available;
  total.updated += sign * part.updated;
}

node_share share_of(const pred::placement& placement, const pod_sets& sets, bool surge, node_id node) {
  return {contribution(sets, node, placement.should_run.test(node)), classify(placement, sets, node, surge)};
}

void replace_share(status_counts& counts, sync_index& index, node_id node, const node_share& before, const node_share& after) {
  add(counts, before.counts, -1);
  add(counts, after.counts, +1);
  move_class(index, node, before.cls, after.cls);
}

void resize_sets(pod_sets& sets, std::size_t size) {
  for (node_set* set : {&sets.has_pod, &sets.irregular, &sets.first_ready, &sets.first_updated, &sets.first_available, &sets.terminating}) {
    set->resize(size);
  }
}

}  // namespace

fleet::fleet(cluster& c, std::vector<daemonset> daemonsets, std::vector<daemon_pods> pods, const fleet_options& options)
    : cluster_(c), options_(options), variant_(pred::find_variant(options.placement_variant)) {
  if (variant_ == nullptr) throw std::invalid_argument("unknown placement variant " + std::string(options.placement_variant));
  if (daemonsets.size() != pods.size()) throw std::invalid_argument("fleet: one pod table per DaemonSet");
  for (std::size_t idx = 0; idx < daemonsets.size(); ++idx) {
    auto m = std::make_unique<member>();
    m->ds = std::move(daemonsets[idx]);
    m->hash = revision_hash(m->ds.template_, m->ds.status.collision_count);
    m->generation = template_generation(m->ds);
    m->surge = allows_surge(m->ds);
    m->pods = std::move(pods[idx]);
    members_.push_back(std::move(m));
  }
  evaluate_all();
}

fleet::~fleet() = default;

void fleet::note_due(member& m, node_id node) {
  const std::int32_t min_ready = m.ds.min_ready_seconds;
  if (min_ready <= 0 || !m.sets.first_ready.test(node) || m.sets.first_available.test(node)) return;
  const auto rows = m.pods.on_node(node);
  if (rows.empty()) return;
  const unix_seconds since = m.pods.ready_since[rows.front()];
  if (since == 0) return;  // a zero lastTransitionTime never becomes available
  m.due.emplace((since + min_ready) * NANOS_PER_SECOND + 1, to_index(node));
}

void fleet::note_all_due(member& m) {
  m.due = {};
  if (m.ds.min_ready_seconds <= 0) return;
  node_set pending = m.sets.first_ready;
  pending.and_not(m.sets.first_available);
  pending.for_each([&](node_id node) { note_due(m, node); });
}

void fleet::resummarize(member& m, node_id node) {
  const node_share before = share_of(m.placement, m.sets, m.surge, node);
  summarize_node(m.sets, m.pods, node, m.hash, m.generation, m.ds.min_ready_seconds, options_.now);
  replace_share(m.counts, m.index, node, before, share_of(m.placement, m.sets, m.surge, node));
  note_due(m, node);
}

void fleet::recount(member& m) {
  m.counts = count_status(m.placement, m.sets);
  m.index = build_sync_index(m.placement, m.sets, m.surge);
  keep_reserved(m);  // placement, sets, index or pods may be new
}

void fleet::evaluate_member(member& m, const pred::evaluation_context& ctx) {
  m.compiled = pred::compile(m.ds, cluster_);
  m.placement = variant_->evaluate(m.compiled, ctx);
  m.tester.emplace(m.compiled, cluster_);
  if (m.summary_stale || m.sets.has_pod.size() != cluster_.node_count()) {
    m.sets = summarize_pods(m.pods, cluster_.node_count(), m.hash, m.generation, m.ds.min_ready_seconds, options_.now);
    m.summary_stale = false;
    note_all_due(m);
  }
  recount(m);
}

void fleet::evaluate_all() {
  const pred::evaluation_context ctx(cluster_);
  // One task per DaemonSet: each placement of a 100k-node cluster is a few microseconds
  // of serial set algebra, so DaemonSets, not node ranges, are what fills the cores.
  tbb::parallel_for(std::size_t{0}, members_.size(), [&](std::size_t idx) { evaluate_member(*members_[idx], ctx); });
  refresh_dependencies();
}

void fleet::refresh_dependencies() {
  members_by_key_.assign(cluster_.labels.key_count(), {});
  for (std::uint32_t idx = 0; idx < members_.size(); ++idx) {
    member& m = *members_[idx];
    if (cluster_.labels.key_count() != known_keys_ || cluster_.taints.size() != known_taints_) m.tester->refresh(cluster_);
    for (label_key_id key : m.tester->keys()) members_by_key_[to_index(key)].push_back(idx);
  }
  known_keys_ = cluster_.labels.key_count();
  known_taints_ = cluster_.taints.size();
  stamp_.assign(members_.size(), 0);
}

void fleet::redecide(member& m, node_id node) {
  const pred::node_verdict now = options_.decider == node_decider::tester
                                     ? m.tester->decide(cluster_, node)
                                     : [&] {
                                         if (cluster_.nodes.removed.test(node)) return pred::node_verdict{};
                                         const auto [run, cont] = node_decision(m.compiled, cluster_, node);
                                         return pred::node_verdict{run, cont};
                                       }();
  const node_share before = share_of(m.placement, m.sets, m.surge, node);
  m.placement.should_run.assign(node, now.should_run);
  m.placement.should_continue_running.assign(node, now.should_continue_running);
  replace_share(m.counts, m.index, node, before, share_of(m.placement, m.sets, m.surge, node));
}

std::size_t fleet::apply(const node_delta& delta) {
  const node_id node = delta.node;
  if (cluster_.labels.key_count() != known_keys_ || cluster_.taints.size() != known_taints_) refresh_dependencies();
  std::size_t changed = 0;
  auto redecide_counting = [&](member& m) {
    const bool run = m.placement.should_run.test(node);
    const bool cont = m.placement.should_continue_running.test(node);
    redecide(m, node);
    changed += (run != m.placement.should_run.test(node) || cont != m.placement.should_continue_running.test(node)) ? 1 : 0;
  };

  if (delta.added || delta.removed) {
    const std::size_t size = cluster_.node_count();
    for (auto& owned : members_) {
      member& m = *owned;
      m.placement.reasons.clear();
      if (delta.added) {
        m.placement.should_run.resize(size);
        m.placement.should_continue_running.resize(size);
        resize_sets(m.sets, size);
        resize_sync_index(m.index, size);
      }
      // The node's pods move on or off it: take its old share out, put the new one in.
      m.pods.retarget(cluster_, node);
      resummarize(m, node);
      redecide_counting(m);
    }
    return changed;
  }

  // Which DaemonSets can this edit affect? Those naming a changed key, and those that do
  // not tolerate a taint put on or taken off. Order of changed taints does not matter.
  ++epoch_;
  scratch_.clear();
  auto take = [&](std::uint32_t idx) {
    if (stamp_[idx] == epoch_) return;
    stamp_[idx] = epoch_;
    scratch_.push_back(idx);
  };
  for (label_key_id key : delta.changed_keys) {
    for (std::uint32_t idx : members_by_key_[to_index(key)]) take(idx);
  }
  for (taint_id taint : delta.changed_taints) {
    for (std::uint32_t idx = 0; idx < members_.size(); ++idx) {
      if (members_[idx]->tester->taint_effect_on(cluster_, taint) != 0) take(idx);
    }
  }
  for (std::uint32_t idx : scratch_) {
    member& m = *members_[idx];
    if (!m.placement.reasons.empty()) m.placement.reasons.clear();
    redecide_counting(m);
  }
  return changed;
}

void fleet::reserve_nodes(std::size_t node_count) {
  reserved_nodes_ = node_count;
  for (auto& owned : members_) keep_reserved(*owned);
}

void fleet::keep_reserved(member& m) {
  if (reserved_nodes_ == 0) return;
  m.placement.should_run.reserve(reserved_nodes_);
  m.placement.should_continue_running.reserve(reserved_nodes_);
  for (node_set* set : {&m.sets.has_pod, &m.sets.irregular, &m.sets.first_ready, &m.sets.first_updated, &m.sets.first_available, &m.sets.terminating}) {
    set->reserve(reserved_nodes_);
  }
  for (summarized_set* set : {&m.index.attention, &m.index.stale_available, &m.index.stale_unavailable}) set->reserve(reserved_nodes_);
  m.pods.reserve_nodes(reserved_nodes_);
}

void fleet::set_now(nanos now) {
  if (now == options_.now) return;
  const bool backwards = now < options_.now;
  options_.now = now;
  for (auto& owned : members_) {
    member& m = *owned;
    if (m.ds.min_ready_seconds == 0) continue;  // availability does not depend on the clock
    if (backwards) {
      m.sets.first_available = summarize_pods(m.pods, cluster_.node_count(), m.hash, m.generation, m.ds.min_ready_seconds, now).first_available;
      recount(m);
      note_all_due(m);
      continue;
    }
    while (!m.due.empty() && m.due.top().first <= now) {
      const node_id node = make_id<node_id>(m.due.top().second);
      m.due.pop();
      if (to_index(node) < cluster_.node_count()) resummarize(m, node);
    }
  }
}

void fleet::replace_pods(std::size_t idx, daemon_pods pods) {
  member& m = *members_[idx];
  m.pods = std::move(pods);
  m.sets = summarize_pods(m.pods, cluster_.node_count(), m.hash, m.generation, m.ds.min_ready_seconds, options_.now);
  m.summary_stale = false;
  recount(m);
  note_all_due(m);
}

void fleet::set_pod_state(std::size_t idx, std::uint32_t row, bool bound, bool deleting, bool ready, pod_phase phase, unix_seconds ready_since) {
  member& m = *members_[idx];
  const node_id node = m.pods.nodes[row];
  if (node == NO_ID<node_id>) {
    m.pods.set_state(row, bound, deleting, ready, phase, ready_since);
    return;
  }
  m.pods.set_state(row, bound, deleting, ready, phase, ready_since);
  resummarize(m, node);
}

void fleet::edit_pods(std::size_t idx, std::vector<std::uint32_t> removed, const daemon_pods& added) {
  edit_pods(idx, std::move(removed), [&added](daemon_pods& table) {
    for (std::uint32_t row = 0; row < added.size(); ++row) table.add_copy(added, row);
  });
}

void fleet::edit_pods(std::size_t idx, std::vector<std::uint32_t> removed, const std::function<void(daemon_pods&)>& append_rows) {
  member& m = *members_[idx];
  std::vector<node_id> touched;
  touched.reserve(removed.size());
  for (std::uint32_t row : removed) touched.push_back(m.pods.nodes[row]);
  // The summary bits stay those of the old rows until resummarize() below swaps each
  // touched node's share of the counters.
  const bool in_place = m.pods.indexed_for(cluster_.node_count());
  if (in_place) m.pods.remove_indexed(std::move(removed));
  else m.pods.remove_rows(std::move(removed));
  const auto first_added = static_cast<std::uint32_t>(m.pods.size());
  append_rows(m.pods);
  if (in_place) m.pods.index_from(first_added);
  else m.pods.index(cluster_.node_count());
  touched.insert(touched.end(), m.pods.nodes.begin() + first_added, m.pods.nodes.end());
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  if (!touched.empty() && touched.back() == NO_ID<node_id>) touched.pop_back();
  for (node_id node : touched) resummarize(m, node);
}

void fleet::replace_daemonset(std::size_t idx, daemonset ds) {
  member& m = *members_[idx];
  m.ds = std::move(ds);
  m.hash = revision_hash(m.ds.template_, m.ds.status.collision_count);
  m.generation = template_generation(m.ds);
  m.surge = allows_surge(m.ds);
  m.summary_stale = true;
  evaluate_member(m, pred::evaluation_context(cluster_));
  refresh_dependencies();
}

const daemonset& fleet::daemonset_at(std::size_t idx) const noexcept { return members_[idx]->ds; }
const pred::placement& fleet::placement(std::size_t idx) const noexcept { return members_[idx]->placement; }
const daemon_pods& fleet::pods(std::size_t idx) const noexcept { return members_[idx]->pods; }
const pod_sets& fleet::summary(std::size_t idx) const noexcept { return members_[idx]->sets; }
const std::string& fleet::hash(std::size_t idx) const noexcept { return members_[idx]->hash; }
status_counts fleet::counts(std::size_t idx) const noexcept { return members_[idx]->counts; }
const sync_index& fleet::index(std::size_t idx) const noexcept { return members_[idx]->index; }

sync_outcome fleet::sync(std::size_t idx, const sync_options& options, controller_state* state) {
  member& m = *members_[idx];
  const pod_sets* sets = options_.controller == controller_variant::column ? &m.sets : nullptr;
  // The counters are kept for the fleet's clock; another clock recounts them.
  const bool kept = sets != nullptr && options.now == options_.now;
  return sync_daemonset(m.ds, cluster_, m.placement, m.pods, sets, m.hash, options, state != nullptr ? *state : m.state, kept ? &m.counts : nullptr,
                        kept ? &m.index : nullptr);
}

}  // namespace dsb::ctl
