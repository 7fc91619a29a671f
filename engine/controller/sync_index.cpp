#include "engine/controller/sync_index.hpp"

#include <bit>

namespace dsb::ctl {

node_class classify(const pred::placement& placement, const pod_sets& sets, node_id node, bool surge) noexcept {
  const bool run = placement.should_run.test(node);
  const bool has = sets.has_pod.test(node);
  const bool cont = placement.should_continue_running.test(node);
  if (sets.terminating.test(node) && !(surge && run && cont)) return node_class::terminating;
  if ((run && !has) || (has && !cont) || sets.irregular.test(node)) return node_class::attention;
  if (!has) return node_class::none;
  const bool available = sets.first_available.test(node);
  if (sets.first_updated.test(node)) return available ? node_class::settled_available : node_class::settled;
  return available ? node_class::stale_available : node_class::stale_unavailable;
}

namespace {
void enter(sync_index& index, node_id node, node_class cls, bool in) noexcept {
  const std::int64_t sign = in ? 1 : -1;
  switch (cls) {
    case node_class::none: break;
    case node_class::attention: index.attention.assign(node, in); break;
    case node_class::terminating: index.terminating += sign; break;
    case node_class::settled: index.settled += sign; break;
    case node_class::settled_available:
      index.settled += sign;
      index.settled_available += sign;
      break;
    case node_class::stale_available: index.stale_available.assign(node, in); break;
    case node_class::stale_unavailable: index.stale_unavailable.assign(node, in); break;
  }
}
}  // namespace

void move_class(sync_index& index, node_id node, node_class from, node_class to) noexcept {
  if (from == to) return;
  enter(index, node, from, false);
  enter(index, node, to, true);
}

sync_index build_sync_index(const pred::placement& placement, const pod_sets& sets, bool surge) {
  const std::size_t node_count = placement.should_run.size();
  node_set attention(node_count), stale_available(node_count), stale_unavailable(node_count);
  sync_index out;
  const auto run = placement.should_run.words();
  const auto cont = placement.should_continue_running.words();
  const auto has = sets.has_pod.words();
  const auto irregular = sets.irregular.words();
  const auto updated = sets.first_updated.words();
  const auto available = sets.first_available.words();
  const auto terminating = sets.terminating.words();
  for (std::size_t w = 0; w < run.size(); ++w) {
    const std::uint64_t idle = terminating[w] & ~(surge ? run[w] & cont[w] : 0);
    out.terminating += std::popcount(idle);
    const std::uint64_t att = ((run[w] & ~has[w]) | (has[w] & ~cont[w]) | irregular[w]) & ~idle;
    const std::uint64_t regular = has[w] & ~att & ~idle;
    attention.mutable_words()[w] = att;
    stale_available.mutable_words()[w] = regular & ~updated[w] & available[w];
    stale_unavailable.mutable_words()[w] = regular & ~updated[w] & ~available[w];
    out.settled += std::popcount(regular & updated[w]);
    out.settled_available += std::popcount(regular & updated[w] & available[w]);
  }
  out.attention = summarized_set::of(std::move(attention));
  out.stale_available = summarized_set::of(std::move(stale_available));
  out.stale_unavailable = summarized_set::of(std::move(stale_unavailable));
  return out;
}

void resize_sync_index(sync_index& index, std::size_t node_count) {
  index.attention.resize(node_count);
  index.stale_available.resize(node_count);
  index.stale_unavailable.resize(node_count);
}

}  // namespace dsb::ctl
