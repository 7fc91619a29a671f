#include "engine/controller/daemon_pods.hpp"

#include <algorithm>
#include <functional>
#include <numeric>

#include <boost/container/small_vector.hpp>

#include "engine/controller/revision.hpp"
#include "engine/model/label_index.hpp"
#include "engine/predicates/compile.hpp"
#include "engine/predicates/k8s_matchers.hpp"

namespace dsb::ctl {

std::uint32_t daemon_pods::intern_hash(std::string_view hash) {
  for (std::uint32_t idx = 0; idx < hash_texts.size(); ++idx) {
    if (hash_texts[idx] == hash) return idx;
  }
  hash_texts.emplace_back(hash);
  return static_cast<std::uint32_t>(hash_texts.size() - 1);
}

void daemon_pods::add(std::string_view name, node_id node, std::string_view missing_target, bool is_bound, bool is_deleting, bool is_ready,
                      pod_phase phase, unix_seconds created_at, unix_seconds ready_at, std::string_view hash, std::int64_t generation) {
  names.push_back(name);
  nodes.push_back(node);
  missing_targets.push_back(missing_target);
  flags.push_back(static_cast<std::uint8_t>((is_bound ? BOUND : 0) | (is_deleting ? DELETING : 0) | (is_ready ? READY : 0)));
  phases.push_back(phase);
  created.push_back(created_at);
  ready_since.push_back(ready_at);
  hashes.push_back(hash.empty() && hash.data() == nullptr ? NO_HASH : intern_hash(hash));
  generations.push_back(generation);
}

void daemon_pods::add_copy(const daemon_pods& source, std::uint32_t row) {
  add(source.names[row], source.nodes[row], source.missing_targets[row], source.bound(row), source.deleting(row), source.ready(row),
      source.phases[row], source.created[row], source.ready_since[row], source.hash_text(row), source.generations[row]);
}

bool daemon_pods::comes_before(std::uint32_t lhs, std::uint32_t rhs) const noexcept {
  // podByCreationTimestampAndPhase within a node: bound first, then creationTimestamp, then name.
  if (bound(lhs) != bound(rhs)) return bound(lhs);
  if (created[lhs] != created[rhs]) return created[lhs] < created[rhs];
  return names[lhs] < names[rhs];
}

void daemon_pods::index(std::size_t node_count) {
  by_node_.reset(node_count);
  off_cluster_.clear();
  indexed_ = true;
  for (std::uint32_t row = 0; row < size(); ++row) index_row(row);
}

void daemon_pods::index_row(std::uint32_t row) {
  const auto before = [this](std::uint32_t lhs, std::uint32_t rhs) { return comes_before(lhs, rhs); };
  if (nodes[row] != NO_ID<node_id>) {
    by_node_.insert(to_index(nodes[row]), row, before);
  } else {
    off_cluster_.insert(std::upper_bound(off_cluster_.begin(), off_cluster_.end(), row, before), row);
  }
}

void daemon_pods::unindex_row(std::uint32_t row) {
  if (nodes[row] != NO_ID<node_id>) {
    by_node_.erase(to_index(nodes[row]), row);
  } else {
    off_cluster_.erase(std::find(off_cluster_.begin(), off_cluster_.end(), row));
  }
}

void daemon_pods::set_state(std::uint32_t row, bool is_bound, bool is_deleting, bool is_ready, pod_phase phase, unix_seconds ready_at) {
  const bool was_bound = bound(row);
  const bool reorder = indexed_ && was_bound != is_bound;  // binding changes the row's place among its node's rows
  if (reorder) unindex_row(row);
  flags[row] = static_cast<std::uint8_t>((is_bound ? BOUND : 0) | (is_deleting ? DELETING : 0) | (is_ready ? READY : 0));
  phases[row] = phase;
  ready_since[row] = ready_at;
  if (reorder) index_row(row);
}

void daemon_pods::move_row(std::uint32_t from, std::uint32_t to) {
  names.copy_row(from, to);
  nodes[to] = nodes[from];
  missing_targets.copy_row(from, to);
  flags[to] = flags[from];
  phases[to] = phases[from];
  created[to] = created[from];
  ready_since[to] = ready_since[from];
  hashes[to] = hashes[from];
  generations[to] = generations[from];
}

void daemon_pods::pop_row() {
  names.pop_back();
  nodes.pop_back();
  missing_targets.pop_back();
  flags.pop_back();
  phases.pop_back();
  created.pop_back();
  ready_since.pop_back();
  hashes.pop_back();
  generations.pop_back();
}

void daemon_pods::remove_rows(std::vector<std::uint32_t> rows) {
  std::sort(rows.begin(), rows.end(), std::greater<>());
  for (std::uint32_t row : rows) {
    const std::size_t last = size() - 1;
    if (row != last) move_row(static_cast<std::uint32_t>(last), row);
    pop_row();
  }
  indexed_ = false;
}

void daemon_pods::edit_indexed(std::vector<std::uint32_t> removed, const daemon_pods& added) {
  remove_indexed(std::move(removed));
  const auto first = static_cast<std::uint32_t>(size());
  for (std::uint32_t row = 0; row < added.size(); ++row) add_copy(added, row);
  index_from(first);
}

void daemon_pods::remove_indexed(std::vector<std::uint32_t> removed) {
  // remove_rows' moves (the current last row into each hole, largest hole first), with the
  // index following: removed rows leave their lists first, then each moved row changes its
  // number in place (its data, hence its place in the order, is unchanged).
  std::sort(removed.begin(), removed.end(), std::greater<>());
  for (std::uint32_t row : removed) unindex_row(row);
  for (std::uint32_t row : removed) {
    const auto last = static_cast<std::uint32_t>(size() - 1);
    if (row != last) {
      if (nodes[last] != NO_ID<node_id>) {
        by_node_.replace(to_index(nodes[last]), last, row);
      } else {
        *std::find(off_cluster_.begin(), off_cluster_.end(), last) = row;
      }
      move_row(last, row);
    }
    pop_row();
  }
}

void daemon_pods::index_from(std::uint32_t first_row) {
  for (auto row = first_row; row < size(); ++row) index_row(row);
}

void daemon_pods::reserve(std::size_t rows) {
  names.reserve(rows);
  nodes.reserve(rows);
  missing_targets.reserve(rows);
  flags.reserve(rows);
  phases.reserve(rows);
  created.reserve(rows);
  ready_since.reserve(rows);
  hashes.reserve(rows);
  generations.reserve(rows);
}

bool daemon_pods::retarget(const cluster& c, node_id node) {
  by_node_.grow(c.node_count());  // added nodes start empty
  const std::size_t idx = to_index(node);
  if (c.nodes.removed.test(node)) {
    // The node's rows join the off-cluster rows, target name kept.
    const std::span<const std::uint32_t> here = by_node_.at(idx);
    if (here.empty()) return false;
    const boost::container::small_vector<std::uint32_t, 4> leaving(here.begin(), here.end());
    by_node_.clear(idx);
    for (std::uint32_t row : leaving) {
      missing_targets.set(row, c.name(node));
      nodes[row] = NO_ID<node_id>;
      index_row(row);
    }
    return true;
  }
  // Off-cluster rows that target the node's name move onto it.
  const std::string_view name = c.name(node);
  boost::container::small_vector<std::uint32_t, 4> moving;
  for (std::uint32_t row : off_cluster_) {
    if (missing_targets[row] == name) moving.push_back(row);
  }
  for (std::uint32_t row : moving) {
    unindex_row(row);
    nodes[row] = node;
    missing_targets.set(row, {});
    index_row(row);
  }
  return !moving.empty();
}

claim_result claim_daemon_pods(const daemonset& ds, std::span<const pod> candidates, const cluster& c, bool include_deleted_terminal) {
  claim_result out;
  const auto selector = pred::parse_label_selector(ds.selector);
  const bool ds_deleting = ds.metadata.deletion_timestamp.has_value();
  pred::label_pairs labels;
  for (const pod& p : candidates) {
    if (p.metadata.namespace_ != ds.metadata.namespace_) continue;
    labels.assign(p.metadata.labels.begin(), p.metadata.labels.end());
    const bool matches = selector && pred::matches(*selector, labels);
    const owner_reference* owner = p.metadata.controller_ref();
    if (owner != nullptr) {
      const bool ours = owner->kind == "DaemonSet" && owner->name == ds.metadata.name &&
                        (owner->uid.empty() || ds.metadata.uid.empty() || owner->uid == ds.metadata.uid);
      if (!ours) continue;
      if (!matches) {
        if (!ds_deleting) out.released.push_back(p.metadata.name);
        continue;
      }
    } else {
      if (!matches || p.metadata.deletion_timestamp || ds_deleting) continue;
      out.adopted.push_back(p.metadata.name);
    }
    const bool terminal = p.status.phase == pod_phase::succeeded || p.status.phase == pod_phase::failed;
    if (terminal && p.metadata.deletion_timestamp && !include_deleted_terminal) continue;
    const std::optional<std::string> target = target_node_name(p);
    if (!target) continue;  // no resolvable target: never deleted, never counted
    const std::optional<node_id> node = c.find_node(*target);
    const pod_condition* ready = p.status.condition("Ready");
    const auto hash = p.metadata.labels.find(std::string(REVISION_HASH_LABEL));
    const auto generation = p.metadata.labels.find(std::string(TEMPLATE_GENERATION_LABEL));
    std::int64_t generation_value = NO_GENERATION;
    if (generation != p.metadata.labels.end()) {
      if (const auto parsed = parse_go_int64(generation->second)) generation_value = *parsed;
    }
    out.pods.add(p.metadata.name, node.value_or(NO_ID<node_id>), node ? std::string() : *target, !p.spec.node_name.empty(),
                 p.metadata.deletion_timestamp.has_value(), ready != nullptr && ready->status == condition_status::true_, p.status.phase,
                 p.metadata.creation_timestamp.value_or(0), ready != nullptr ? ready->last_transition_time.value_or(0) : 0,
                 hash != p.metadata.labels.end() ? std::string_view(hash->second) : std::string_view(), generation_value);
  }
  out.pods.index(c.node_count());
  return out;
}

}  // namespace dsb::ctl
