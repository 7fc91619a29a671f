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
  // Counting sort by node (off-cluster rows last), then each node's few rows in controller order.
  node_offsets.assign(node_count + 1, 0);
  for (node_id node : nodes) {
    if (node != NO_ID<node_id>) ++node_offsets[to_index(node) + 1];
  }
  std::partial_sum(node_offsets.begin(), node_offsets.end(), node_offsets.begin());
  by_node.resize(size());
  std::vector<std::uint32_t> cursor(node_offsets.begin(), node_offsets.end() - 1);
  std::size_t tail = node_offsets.back();
  for (std::uint32_t row = 0; row < size(); ++row) {
    const node_id node = nodes[row];
    by_node[node != NO_ID<node_id> ? cursor[to_index(node)]++ : tail++] = row;
  }
  const auto before = [this](std::uint32_t lhs, std::uint32_t rhs) { return comes_before(lhs, rhs); };
  for (std::size_t n = 0; n < node_count; ++n) {
    if (node_offsets[n + 1] - node_offsets[n] > 1) std::sort(by_node.begin() + node_offsets[n], by_node.begin() + node_offsets[n + 1], before);
  }
  std::sort(by_node.begin() + node_offsets.back(), by_node.end(), before);
}

void daemon_pods::set_state(std::uint32_t row, bool is_bound, bool is_deleting, bool is_ready, pod_phase phase, unix_seconds ready_at) {
  const bool was_bound = bound(row);
  flags[row] = static_cast<std::uint8_t>((is_bound ? BOUND : 0) | (is_deleting ? DELETING : 0) | (is_ready ? READY : 0));
  phases[row] = phase;
  ready_since[row] = ready_at;
  if (was_bound == is_bound || node_offsets.empty()) return;
  // Binding changes the row's place among its node's rows.
  const auto before = [this](std::uint32_t lhs, std::uint32_t rhs) { return comes_before(lhs, rhs); };
  if (nodes[row] == NO_ID<node_id>) {
    std::sort(by_node.begin() + node_offsets.back(), by_node.end(), before);
  } else {
    const std::size_t idx = to_index(nodes[row]);
    std::sort(by_node.begin() + node_offsets[idx], by_node.begin() + node_offsets[idx + 1], before);
  }
}

void daemon_pods::remove_rows(std::vector<std::uint32_t> rows) {
  std::sort(rows.begin(), rows.end(), std::greater<>());
  for (std::uint32_t row : rows) {
    const std::size_t last = size() - 1;
    if (row != last) {
      names.copy_row(last, row);
      nodes[row] = nodes[last];
      missing_targets.copy_row(last, row);
      flags[row] = flags[last];
      phases[row] = phases[last];
      created[row] = created[last];
      ready_since[row] = ready_since[last];
      hashes[row] = hashes[last];
      generations[row] = generations[last];
    }
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
}

std::size_t daemon_pods::segment_begin(node_id node) const noexcept {
  return node == NO_ID<node_id> ? node_offsets.back() : node_offsets[to_index(node)];
}
std::size_t daemon_pods::segment_end(node_id node) const noexcept {
  return node == NO_ID<node_id> ? by_node.size() : node_offsets[to_index(node) + 1];
}

void daemon_pods::edit_indexed(std::vector<std::uint32_t> removed, const daemon_pods& added) {
  // Cost: the edited segments, plus sequential moves of by_node between them and one add per
  // node offset after the first edited node; no pass touches the rows' columns at random.
  const std::size_t node_count = node_offsets.size() - 1;
  const auto at = [this](std::size_t pos) { return by_node.begin() + static_cast<std::ptrdiff_t>(pos); };
  if (!removed.empty()) {
    // 1. Out of the index: the removed rows' by_node positions, ascending; the runs between
    //    them slide down; each offset drops by the removed positions before it.
    std::vector<std::uint32_t> positions;
    positions.reserve(removed.size());
    for (std::uint32_t row : removed) {
      const node_id node = nodes[row];
      positions.push_back(static_cast<std::uint32_t>(std::find(at(segment_begin(node)), at(segment_end(node)), row) - by_node.begin()));
    }
    std::sort(positions.begin(), positions.end());
    std::size_t write = positions.front();
    for (std::size_t k = 0; k < positions.size(); ++k) {
      const std::size_t next = k + 1 < positions.size() ? positions[k + 1] : by_node.size();
      write = static_cast<std::size_t>(std::copy(at(positions[k] + 1), at(next), at(write)) - by_node.begin());
    }
    by_node.resize(write);
    // Offsets past positions[k] (and up to positions[k + 1]) drop by k + 1: one vectorised
    // subtraction per range, found by binary search (offsets never decrease).
    auto offset_after = [this](std::uint32_t pos) { return std::upper_bound(node_offsets.begin(), node_offsets.end(), pos); };
    auto from = offset_after(positions.front());
    for (std::size_t k = 0; k < positions.size(); ++k) {
      const auto to = k + 1 < positions.size() ? offset_after(positions[k + 1]) : node_offsets.end();
      const auto drop = static_cast<std::uint32_t>(k + 1);
      for (auto it = from; it < to; ++it) *it -= drop;
      from = to;
    }
    // remove_rows moves the current last row into each hole, largest hole first (a row can
    // move twice); the index follows each moved row to its final number.
    std::sort(removed.begin(), removed.end(), std::greater<>());
    std::vector<std::pair<std::uint32_t, std::uint32_t>> moved;  // (final row, original row)
    auto original_at = [&moved](std::uint32_t row) {
      for (const auto& [now, orig] : moved) {
        if (now == row) return orig;
      }
      return row;
    };
    auto last = static_cast<std::uint32_t>(size() - 1);
    for (std::uint32_t row : removed) {
      if (row != last) {
        const std::uint32_t orig = original_at(last);
        std::erase_if(moved, [last](const auto& entry) { return entry.first == last; });
        moved.emplace_back(row, orig);
      }
      --last;
    }
    for (const auto& [row, orig] : moved) *std::find(at(segment_begin(nodes[orig])), at(segment_end(nodes[orig])), orig) = row;
    remove_rows(std::move(removed));
  }
  if (added.size() == 0) return;
  // 2. Into the columns, then into the index: the new rows sorted by (node, controller
  //    order); off-cluster ones join the tail (re-sorted); the others merge into their
  //    nodes' segments from the last node down, the runs between sliding up.
  const auto first_new = static_cast<std::uint32_t>(size());
  for (std::uint32_t row = 0; row < added.size(); ++row) add_copy(added, row);
  const auto before = [this](std::uint32_t lhs, std::uint32_t rhs) { return comes_before(lhs, rhs); };
  std::vector<std::uint32_t> fresh(added.size());
  std::iota(fresh.begin(), fresh.end(), first_new);
  std::sort(fresh.begin(), fresh.end(), [&](std::uint32_t lhs, std::uint32_t rhs) {
    return nodes[lhs] != nodes[rhs] ? nodes[lhs] < nodes[rhs] : before(lhs, rhs);  // NO_ID sorts last
  });
  const auto on_nodes = static_cast<std::size_t>(
      std::find_if(fresh.begin(), fresh.end(), [this](std::uint32_t row) { return nodes[row] == NO_ID<node_id>; }) - fresh.begin());
  const std::size_t old_tail = node_offsets[node_count];
  const std::size_t old_size = by_node.size();
  by_node.resize(old_size + fresh.size());
  std::copy_backward(at(old_tail), at(old_size), at(old_size + on_nodes));
  std::copy(fresh.begin() + static_cast<std::ptrdiff_t>(on_nodes), fresh.end(), at(old_size + on_nodes));
  if (on_nodes != fresh.size()) std::sort(at(old_tail + on_nodes), by_node.end(), before);
  std::size_t pending = on_nodes;         // fresh[0, pending) not placed yet: on nodes <= the next n
  std::size_t shifted_from = node_count;  // offsets (n, shifted_from] move up by `pending` at node n
  std::size_t run_end = old_tail;         // old by_node positions [off[n + 1], run_end) slide up by `pending`
  while (pending > 0) {
    const std::size_t n = to_index(nodes[fresh[pending - 1]]);
    std::size_t mine = 1;
    while (mine < pending && to_index(nodes[fresh[pending - mine - 1]]) == n) ++mine;
    const std::size_t seg_begin = node_offsets[n];
    const std::size_t seg_end = node_offsets[n + 1];
    std::copy_backward(at(seg_end), at(run_end), at(run_end + pending));
    for (std::size_t j = n + 1; j <= shifted_from; ++j) node_offsets[j] += static_cast<std::uint32_t>(pending);
    // Merge the node's old rows and its new ones into [seg_begin + pending - mine, seg_end + pending).
    std::size_t out = seg_end + pending;
    std::size_t old_pos = seg_end;
    std::size_t new_pos = pending;
    const std::size_t new_stop = pending - mine;
    while (new_pos > new_stop) {
      if (old_pos > seg_begin && before(fresh[new_pos - 1], by_node[old_pos - 1])) by_node[--out] = by_node[--old_pos];
      else by_node[--out] = fresh[--new_pos];
    }
    if (new_stop > 0) std::copy_backward(at(seg_begin), at(old_pos), at(out));
    pending = new_stop;
    shifted_from = n;
    run_end = seg_begin;
  }
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
  const std::size_t node_count = c.node_count();
  if (node_offsets.size() < node_count + 1) {
    node_offsets.resize(node_count + 1, node_offsets.empty() ? 0 : node_offsets.back());  // added nodes start empty
  }
  const auto before = [this](std::uint32_t lhs, std::uint32_t rhs) { return comes_before(lhs, rhs); };
  const std::size_t idx = to_index(node);
  if (c.nodes.removed.test(node)) {
    // The node's rows join the off-cluster tail: rotate its segment to the end, shift the
    // offsets of the later nodes down, keep the tail in controller order.
    const std::uint32_t first = node_offsets[idx];
    const std::uint32_t count = node_offsets[idx + 1] - first;
    if (count == 0) return false;
    for (std::uint32_t pos = first; pos < first + count; ++pos) {
      const std::uint32_t row = by_node[pos];
      missing_targets.set(row, c.name(node));
      nodes[row] = NO_ID<node_id>;
    }
    // A rotation by a few rows: save them, slide the rest down (a memmove), append them.
    const boost::container::small_vector<std::uint32_t, 8> leaving(by_node.begin() + first, by_node.begin() + first + count);
    std::copy(by_node.begin() + first + count, by_node.end(), by_node.begin() + first);
    std::copy(leaving.begin(), leaving.end(), by_node.end() - count);
    for (std::size_t n = idx + 1; n < node_offsets.size(); ++n) node_offsets[n] -= count;
    std::sort(by_node.begin() + node_offsets.back(), by_node.end(), before);
    return true;
  }
  // Off-cluster rows that target the node's name move onto it.
  const std::string_view name = c.name(node);
  std::vector<std::uint32_t> moving;
  for (std::uint32_t row : off_cluster()) {
    if (missing_targets[row] == name) moving.push_back(row);
  }
  if (moving.empty()) return false;
  for (std::uint32_t row : moving) {
    nodes[row] = node;
    missing_targets.set(row, {});
  }
  if (idx + 1 != node_count) {
    index(node_count);  // only the newest node sits next to the tail
    return true;
  }
  // The newest node's segment is right before the tail: move the rows there.
  const std::uint32_t tail = node_offsets[idx + 1];
  std::stable_partition(by_node.begin() + tail, by_node.end(), [this](std::uint32_t row) { return nodes[row] != NO_ID<node_id>; });
  node_offsets[idx + 1] = tail + static_cast<std::uint32_t>(moving.size());
  std::sort(by_node.begin() + node_offsets[idx], by_node.begin() + node_offsets[idx + 1], before);
  return true;
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
