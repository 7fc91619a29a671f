#include "engine/controller/pod_sets.hpp"

#include <algorithm>

namespace dsb::ctl {
namespace {

struct node_bits {
  bool has_pod = false;
  bool irregular = false;
  bool first_ready = false;
  bool first_updated = false;
  bool first_available = false;
  bool terminating = false;
};

// The pod table's id of the current hash text (NO_HASH when no pod carries it), so that the
// per-pod test is an integer compare.
std::uint32_t hash_id_of(const daemon_pods& pods, std::string_view hash) {
  if (hash.empty()) return NO_HASH - 1;  // an empty hash never marks a pod updated (IsPodUpdated)
  for (std::uint32_t idx = 0; idx < pods.hash_texts.size(); ++idx) {
    if (pods.hash_texts[idx] == hash) return idx;
  }
  return NO_HASH - 1;
}

node_bits bits_of(const daemon_pods& pods, node_id node, std::uint32_t hash_id, std::optional<std::int64_t> generation, std::int32_t min_ready,
                  nanos now) {
  node_bits out;
  const auto rows = pods.on_node(node);
  if (rows.empty()) return out;
  const std::uint32_t first = rows.front();
  out.has_pod = true;
  out.irregular = rows.size() > 1 || pods.deleting(first) || pods.phases[first] == pod_phase::failed || pods.phases[first] == pod_phase::succeeded;
  out.first_ready = pods.ready(first);
  out.first_updated = pods.hashes[first] == hash_id || (generation && pods.generations[first] == *generation);
  out.first_available = available_at(pods, first, min_ready, now);
  out.terminating = std::all_of(rows.begin(), rows.end(), [&pods](std::uint32_t row) { return pods.deleting(row); });
  return out;
}

}  // namespace

bool available_at(const daemon_pods& pods, std::uint32_t row, std::int32_t min_ready_seconds, nanos now) {
  if (!pods.ready(row)) return false;
  if (min_ready_seconds == 0) return true;
  return pods.ready_since[row] != 0 && (pods.ready_since[row] + min_ready_seconds) * NANOS_PER_SECOND < now;
}

pod_sets summarize_pods(const daemon_pods& pods, std::size_t node_count, std::string_view hash, std::optional<std::int64_t> generation,
                        std::int32_t min_ready_seconds, nanos now) {
  pod_sets out{node_set(node_count), node_set(node_count), node_set(node_count), node_set(node_count), node_set(node_count), node_set(node_count)};
  const std::uint32_t hash_id = hash_id_of(pods, hash);
  // Whole words at a time: one store per set per 64 nodes.
  const std::size_t word_count = node_set::word_count_for(node_count);
  for (std::size_t word_idx = 0; word_idx < word_count; ++word_idx) {
    std::uint64_t has = 0, irregular = 0, ready = 0, updated = 0, available = 0, terminating = 0;
    const std::size_t end = std::min(node_count, (word_idx + 1) * 64);
    for (std::size_t node_idx = word_idx * 64; node_idx < end; ++node_idx) {
      if (pods.on_node(make_id<node_id>(node_idx)).empty()) continue;
      const node_bits bits = bits_of(pods, make_id<node_id>(node_idx), hash_id, generation, min_ready_seconds, now);
      const std::uint64_t bit = std::uint64_t{1} << (node_idx % 64);
      has |= bit;
      if (bits.irregular) irregular |= bit;
      if (bits.first_ready) ready |= bit;
      if (bits.first_updated) updated |= bit;
      if (bits.first_available) available |= bit;
      if (bits.terminating) terminating |= bit;
    }
    out.has_pod.mutable_words()[word_idx] = has;
    out.irregular.mutable_words()[word_idx] = irregular;
    out.first_ready.mutable_words()[word_idx] = ready;
    out.first_updated.mutable_words()[word_idx] = updated;
    out.first_available.mutable_words()[word_idx] = available;
    out.terminating.mutable_words()[word_idx] = terminating;
  }
  return out;
}

void summarize_node(pod_sets& sets, const daemon_pods& pods, node_id node, std::string_view hash, std::optional<std::int64_t> generation,
                    std::int32_t min_ready_seconds, nanos now) {
  const node_bits bits = bits_of(pods, node, hash_id_of(pods, hash), generation, min_ready_seconds, now);
  sets.has_pod.assign(node, bits.has_pod);
  sets.irregular.assign(node, bits.irregular);
  sets.first_ready.assign(node, bits.first_ready);
  sets.first_updated.assign(node, bits.first_updated);
  sets.first_available.assign(node, bits.first_available);
  sets.terminating.assign(node, bits.terminating);
}

}  // namespace dsb::ctl
