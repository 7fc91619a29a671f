#include "engine/controller/daemon_pods.hpp"

#include <algorithm>
#include <numeric>

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

void daemon_pods::add(std::string name, node_id node, std::string missing_target, bool is_bound, bool is_deleting, bool is_ready,
                      pod_phase phase, unix_seconds created_at, unix_seconds ready_at, std::string_view hash, std::int64_t generation) {
  names.push_back(std::move(name));
  nodes.push_back(node);
  missing_targets.push_back(std::move(missing_target));
  flags.push_back(static_cast<std::uint8_t>((is_bound ? BOUND : 0) | (is_deleting ? DELETING : 0) | (is_ready ? READY : 0)));
  phases.push_back(phase);
  created.push_back(created_at);
  ready_since.push_back(ready_at);
  hashes.push_back(hash.empty() && hash.data() == nullptr ? NO_HASH : intern_hash(hash));
  generations.push_back(generation);
}

void daemon_pods::index(std::size_t node_count) {
  by_node.resize(size());
  std::iota(by_node.begin(), by_node.end(), 0U);
  // podByCreationTimestampAndPhase within a node: bound first, then creationTimestamp, then name.
  std::sort(by_node.begin(), by_node.end(), [this](std::uint32_t lhs, std::uint32_t rhs) {
    const std::uint32_t lhs_node = to_index(nodes[lhs]);
    const std::uint32_t rhs_node = to_index(nodes[rhs]);
    if (lhs_node != rhs_node) return lhs_node < rhs_node;  // NO_ID (max) sorts last
    if (bound(lhs) != bound(rhs)) return bound(lhs);
    if (created[lhs] != created[rhs]) return created[lhs] < created[rhs];
    return names[lhs] < names[rhs];
  });
  node_offsets.assign(node_count + 1, 0);
  for (node_id node : nodes) {
    if (node != NO_ID<node_id>) ++node_offsets[to_index(node) + 1];
  }
  std::partial_sum(node_offsets.begin(), node_offsets.end(), node_offsets.begin());
}

bool daemon_pods::retarget(const cluster& c, node_id node) {
  bool moved = false;
  if (node_offsets.size() < c.node_count() + 1) {
    node_offsets.resize(c.node_count() + 1, node_offsets.empty() ? 0 : node_offsets.back());  // added nodes start empty
  }
  if (c.nodes.removed.test(node)) {
    for (std::uint32_t row : on_node(node)) {
      missing_targets[row] = std::string(c.name(node));
      nodes[row] = NO_ID<node_id>;
      moved = true;
    }
  } else {
    const std::string_view name = c.name(node);
    for (std::uint32_t row : off_cluster()) {
      if (missing_targets[row] != name) continue;
      nodes[row] = node;
      missing_targets[row].clear();
      moved = true;
    }
  }
  if (moved) index(c.node_count());
  return moved;
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
