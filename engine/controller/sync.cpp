#include "engine/controller/sync.hpp"

#include <algorithm>
#include <cassert>
#include <bit>
#include <cstdint>
#include <map>

#include <boost/container/small_vector.hpp>

#include "engine/controller/internal_view.hpp"
#include "engine/controller/pod_sets.hpp"
#include "engine/controller/revision.hpp"
#include "engine/controller/status_store.hpp"
#include "engine/controller/sync_index.hpp"

namespace dsb::ctl {
namespace {

using internal::pod_fact;
using internal::post_manage_view;

nanos seconds(std::int64_t value) { return value * NANOS_PER_SECOND; }

struct sync_context {
  const daemonset& ds;
  const cluster& c;
  const pred::placement& placement;
  const daemon_pods& pods;
  const sync_options& options;
  controller_state& state;
  std::string hash;
  std::optional<std::int64_t> generation;
  const pod_sets* sets = nullptr;  ///< column variant only
  const sync_index* index = nullptr;  ///< column variant: the caller's or one built for this sync
};

// ---- manage (§6) ------------------------------------------------------------------------

struct manage_result {
  std::vector<node_id> creates;
  std::vector<std::uint32_t> deletes;
  std::uint32_t failed_events = 0;
  std::uint32_t succeeded_events = 0;
  std::optional<nanos> requeue_after;
};

void note_requeue(std::optional<nanos>& requeue, nanos after) {
  if (!requeue || after < *requeue) requeue = after;
}

// podsShouldBeOnNode for one node.
void manage_node(const sync_context& ctx, node_id node, bool should_run, bool should_continue, bool allow_surge, manage_result& out) {
  const daemon_pods& pods = ctx.pods;
  const auto rows = pods.on_node(node);
  const bool exists = !rows.empty();
  if (should_run && !exists) {
    out.creates.push_back(node);
    return;
  }
  if (should_continue) {
    boost::container::small_vector<std::uint32_t, 4> running;
    for (std::uint32_t row : rows) {
      if (pods.deleting(row)) continue;
      if (pods.phases[row] == pod_phase::failed) {
        const std::string key = failed_pod_backoff::key(ctx.ds.metadata.uid, ctx.ds.status.observed_generation, std::string(ctx.c.name(node)));
        if (ctx.state.backoff.in_backoff(key, ctx.options.now)) {
          note_requeue(out.requeue_after, ctx.state.backoff.delay(key));
          continue;
        }
        ctx.state.backoff.next(key, ctx.options.now);
        ++out.failed_events;
        out.deletes.push_back(row);
        continue;
      }
      if (pods.phases[row] == pod_phase::succeeded) {
        ++out.succeeded_events;
        out.deletes.push_back(row);
        continue;
      }
      running.push_back(row);  // rows are already in podByCreationTimestampAndPhase order
    }
    if (!allow_surge) {
      for (std::size_t idx = 1; idx < running.size(); ++idx) out.deletes.push_back(running[idx]);
      return;
    }
    if (running.empty()) {
      if (should_run) out.creates.push_back(node);
      return;
    }
    if (running.size() == 1) return;
    // Surge: keep the oldest pod with the current hash label and the oldest without.
    std::optional<std::uint32_t> oldest_new;
    std::optional<std::uint32_t> oldest_old;
    for (std::uint32_t row : running) {
      const bool is_new = pods.hash_text(row) == ctx.hash;
      std::optional<std::uint32_t>& keeper = is_new ? oldest_new : oldest_old;
      if (!keeper) keeper = row;
      else out.deletes.push_back(row);
    }
    if (oldest_new && oldest_old) {
      if (!pods.ready(*oldest_old) || available_at(pods, *oldest_new, ctx.ds.min_ready_seconds, ctx.options.now)) out.deletes.push_back(*oldest_old);
    }
    return;
  }
  if (exists) {
    for (std::uint32_t row : rows) {
      if (!pods.deleting(row)) out.deletes.push_back(row);
    }
  }
}

void manage_off_cluster(const daemon_pods& pods, manage_result& out) {
  // Unscheduled pods whose target node is gone; bound ones are left to pod GC.
  for (std::uint32_t row : pods.off_cluster()) {
    if (!pods.bound(row)) out.deletes.push_back(row);
  }
}

manage_result manage_reference(const sync_context& ctx, bool allow_surge) {
  manage_result out;
  const std::size_t node_count = ctx.c.node_count();
  for (std::uint32_t node_idx = 0; node_idx < node_count; ++node_idx) {
    const auto node = make_id<node_id>(node_idx);
    manage_node(ctx, node, ctx.placement.should_run.test(node), ctx.placement.should_continue_running.test(node), allow_surge, out);
  }
  manage_off_cluster(ctx.pods, out);
  return out;
}

// The column variant: manage visits the index's attention set, which is the union of
// should_run & ~has_pod (creates), has_pod & ~should_continue (whole-node deletes) and the
// irregular nodes (per-pod walk), less the nodes whose pods all terminate (nothing to do).
manage_result manage_column(const sync_context& ctx, bool allow_surge) {
  manage_result out;
  ctx.index->attention.for_each_while([&](node_id node) {
    manage_node(ctx, node, ctx.placement.should_run.test(node), ctx.placement.should_continue_running.test(node), allow_surge, out);
    return true;
  });
  manage_off_cluster(ctx.pods, out);
  return out;
}

// ---- rolling update (§11) ----------------------------------------------------------------

// findUpdatedPodsOnNode over the post-manage view of one node's pods.
struct node_split {
  bool ok = true;
  std::optional<pod_fact> fresh;  // the new pod
  std::optional<pod_fact> stale;  // the old pod
};

template <class Facts>
node_split split_node(const Facts& facts) {
  node_split out;
  for (const pod_fact& fact : facts) {
    if (fact.deleting) continue;
    std::optional<pod_fact>& slot = fact.updated ? out.fresh : out.stale;
    if (slot) {
      out.ok = false;
      return out;
    }
    slot = fact;
  }
  return out;
}

using pod_facts = boost::container::small_vector<pod_fact, 4>;

pod_facts facts_on(const sync_context& ctx, const post_manage_view& view, std::span<const std::uint32_t> rows, bool created) {
  pod_facts facts;
  for (std::uint32_t row : rows) {
    if (view.deleted(row)) continue;
    facts.push_back(pod_fact{row, ctx.pods.updated(row, ctx.hash, ctx.generation),
                             available_at(ctx.pods, row, ctx.ds.min_ready_seconds, ctx.options.now), ctx.pods.deleting(row)});
  }
  if (created) facts.push_back(pod_fact{internal::CREATED_POD, true, false, false});
  return facts;
}

// Visits the rolling pass's map: every node with pods or a desired node (empty entries
// added), in node order, then off-cluster targets by name. f(node or NO_ID, facts).
//
// Column variant: entries whose pods the sync_index already classified need no visit when
// the pass only counts them:
//   - settled (one regular pod, updated): both passes only add its availability to a
//     counter, returned as (settled, settled and available);
//   - terminating (every pod terminating): no pod in the map's view, returned as a count;
//   - stale (one regular pod, not updated), when `lean_stale`: the delete-first pass's
//     verdict depends only on the pod's availability: unavailable ones are returned as
//     (node, row) in node order, available ones as the index's set plus a few extra nodes.
// Only the words holding attention nodes (or stale ones that must be walked) are visited.
// Attention nodes that are not special (has_pod & ~should_continue whose delete manage's
// burst limit held back) are split like regular ones. Manage's deleted nodes are attention
// nodes, so every special node lies in a visited word. Every other entry is visited in node
// order, so the passes' outputs are the reference's.
struct skipped_entries {
  std::int64_t settled = 0;
  std::int64_t settled_available = 0;
  std::int64_t terminating = 0;  // entries whose pods all terminate (no pod in the map's view)
  // lean_stale only: the stale available nodes are those of `stale_available` plus
  // `stale_available_extra` (both in node order).
  const summarized_set* stale_available = nullptr;
  std::vector<node_id> stale_available_extra;
  std::int64_t stale_available_count = 0;
  std::vector<std::pair<node_id, std::uint32_t>> stale_unavailable;  // (node, row)
};

// The first `limit` stale available nodes of a lean pass, in node order, with their one row.
std::vector<std::pair<node_id, std::uint32_t>> first_stale_available(const sync_context& ctx, const skipped_entries& skipped, std::size_t limit) {
  std::vector<std::pair<node_id, std::uint32_t>> out;
  if (limit == 0) return out;
  const auto take = [&](node_id node) {
    out.emplace_back(node, ctx.pods.on_node(node).front());
    return out.size() < limit;
  };
  const auto& extra = skipped.stale_available_extra;
  std::size_t next_extra = 0;
  bool more = true;
  if (skipped.stale_available != nullptr) {
    skipped.stale_available->for_each_while([&](node_id node) {
      for (; more && next_extra < extra.size() && extra[next_extra] < node; ++next_extra) more = take(extra[next_extra]);
      if (more) more = take(node);
      return more;
    });
  }
  for (; more && next_extra < extra.size(); ++next_extra) more = take(extra[next_extra]);
  return out;
}

template <class F>
skipped_entries for_each_map_entry(const sync_context& ctx, const post_manage_view& view, bool lean_stale, F&& f) {
  skipped_entries skipped;
  if (ctx.sets == nullptr) {
    const std::size_t node_count = ctx.c.node_count();
    for (std::uint32_t node_idx = 0; node_idx < node_count; ++node_idx) {
      const auto node = make_id<node_id>(node_idx);
      const auto rows = ctx.pods.on_node(node);
      const bool created = view.has_created(node);
      if (rows.empty() && !created && !ctx.placement.should_run.test(node)) continue;
      f(node, facts_on(ctx, view, rows, created));
    }
  } else {
    const pod_sets& sets = *ctx.sets;
    const sync_index& index = *ctx.index;
    std::vector<std::uint32_t> deleted_nodes;
    for (std::uint32_t row : view.deleted_rows()) {
      if (ctx.pods.nodes[row] != NO_ID<node_id>) deleted_nodes.push_back(to_index(ctx.pods.nodes[row]));
    }
    std::sort(deleted_nodes.begin(), deleted_nodes.end());
    const auto run = ctx.placement.should_run.words();
    const auto has = sets.has_pod.words();
    const auto irregular = sets.irregular.words();
    const auto updated = sets.first_updated.words();
    const auto available = sets.first_available.words();
    skipped.settled = index.settled;
    skipped.settled_available = index.settled_available;
    skipped.terminating = index.terminating;
    if (lean_stale) {
      skipped.stale_available = &index.stale_available;
      skipped.stale_available_count = static_cast<std::int64_t>(index.stale_available.count());
    }
    std::size_t next_deleted = 0;
    const auto visit_word = [&](std::size_t word_idx) {
      std::uint64_t deleted = 0;
      for (; next_deleted < deleted_nodes.size() && deleted_nodes[next_deleted] / 64 <= word_idx; ++next_deleted) {
        assert(deleted_nodes[next_deleted] / 64 == word_idx && "manage deletes only on attention nodes");
        deleted |= std::uint64_t{1} << (deleted_nodes[next_deleted] % 64);
      }
      const std::uint64_t attention = index.attention.word(word_idx);
      const std::uint64_t special = attention & (irregular[word_idx] | (run[word_idx] & ~has[word_idx]) | deleted);
      const std::uint64_t regular = attention & ~special;
      const std::uint64_t settled = regular & updated[word_idx];
      skipped.settled += std::popcount(settled);
      skipped.settled_available += std::popcount(settled & available[word_idx]);
      const std::uint64_t stale = regular & ~updated[word_idx];
      std::uint64_t visit = special;
      if (lean_stale) {
        for (std::uint64_t fresh = stale & available[word_idx]; fresh != 0; fresh &= fresh - 1) {
          skipped.stale_available_extra.push_back(make_id<node_id>(word_idx * 64 + static_cast<std::size_t>(std::countr_zero(fresh))));
          ++skipped.stale_available_count;
        }
        for (std::uint64_t gone = (stale & ~available[word_idx]) | index.stale_unavailable.word(word_idx); gone != 0; gone &= gone - 1) {
          const auto node = make_id<node_id>(word_idx * 64 + static_cast<std::size_t>(std::countr_zero(gone)));
          skipped.stale_unavailable.emplace_back(node, ctx.pods.on_node(node).front());
        }
      } else {
        visit |= stale | index.stale_available.word(word_idx) | index.stale_unavailable.word(word_idx);
      }
      for (; visit != 0; visit &= visit - 1) {
        const auto node = make_id<node_id>(word_idx * 64 + static_cast<std::size_t>(std::countr_zero(visit)));
        f(node, facts_on(ctx, view, ctx.pods.on_node(node), view.has_created(node)));
      }
    };
    if (lean_stale) for_each_nonzero_word({&index.attention, &index.stale_unavailable}, visit_word);
    else for_each_nonzero_word({&index.attention, &index.stale_available, &index.stale_unavailable}, visit_word);
  }
  std::map<std::string_view, std::vector<std::uint32_t>> off_cluster;
  for (std::uint32_t row : ctx.pods.off_cluster()) off_cluster[ctx.pods.missing_targets[row]].push_back(row);
  for (const auto& [target, rows] : off_cluster) f(NO_ID<node_id>, facts_on(ctx, view, rows, false));
  return skipped;
}

struct rolling_result {
  std::vector<node_id> creates;
  std::vector<std::uint32_t> deletes;  // a prefix of the pass's deletes: at least `limit` of them when there are that many
  std::size_t deletes_wanted = 0;      // all the pass's deletes
  bool error = false;
};

// Merges (node, row) lists sorted by node (NO_ID last, kept in order) into rows.
void merge_by_node(const std::vector<std::pair<node_id, std::uint32_t>>& lhs, const std::vector<std::pair<node_id, std::uint32_t>>& rhs,
                   std::size_t limit, std::vector<std::uint32_t>& out) {
  std::size_t i = 0, j = 0;
  while ((i < lhs.size() || j < rhs.size()) && limit > 0) {
    const bool take_lhs = j == rhs.size() || (i < lhs.size() && lhs[i].first <= rhs[j].first);
    out.push_back(take_lhs ? lhs[i++].second : rhs[j++].second);
    --limit;
  }
}

// §11.3: delete first (maxSurge == 0). Walking the map in node order, an unavailable old pod
// is deleted at once and an available one becomes a candidate while fewer than
// maxUnavailable entries were unavailable so far; then the first (maxUnavailable -
// unavailable) candidates go. That equals taking the first (maxUnavailable - unavailable)
// available old pods in node order: if the total stays under the budget every prefix does,
// and otherwise none are taken. So regular stale nodes are counted from the summary sets.
// Only the first `limit` deletes are listed (syncNodes issues no more than the burst); the
// rest are counted.
rolling_result rolling_delete_first(const sync_context& ctx, const post_manage_view& view, const rolling_budget& budget, std::size_t limit) {
  std::int64_t unavailable = 0;
  std::vector<std::pair<node_id, std::uint32_t>> visited_deletes;
  std::vector<std::pair<node_id, std::uint32_t>> visited_candidates;
  const skipped_entries skipped = for_each_map_entry(ctx, view, true, [&](node_id node, const pod_facts& facts) {
    const node_split split = split_node(facts);
    if (!split.ok || (!split.fresh && !split.stale) || (split.fresh && split.stale)) {
      ++unavailable;
      return;
    }
    if (split.fresh) {
      if (!split.fresh->available) ++unavailable;
      return;
    }
    if (!split.stale->available) {
      visited_deletes.emplace_back(node, split.stale->row);  // unavailable old pods go regardless of budget
      ++unavailable;
      return;
    }
    visited_candidates.emplace_back(node, split.stale->row);
  });
  // Settled entries (updated, one pod) count when unavailable; entries whose pods all
  // terminate have neither a new nor an old pod: unavailable.
  unavailable += skipped.settled - skipped.settled_available + skipped.terminating;
  const auto& lean_deletes = skipped.stale_unavailable;
  unavailable += static_cast<std::int64_t>(lean_deletes.size());
  rolling_result out;
  const std::size_t unavailable_deletes = visited_deletes.size() + lean_deletes.size();
  merge_by_node(visited_deletes, lean_deletes, std::min(unavailable_deletes, limit), out.deletes);
  const auto remaining = static_cast<std::size_t>(std::clamp<std::int64_t>(
      budget.max_unavailable - unavailable, 0, static_cast<std::int64_t>(visited_candidates.size()) + skipped.stale_available_count));
  out.deletes_wanted = unavailable_deletes + remaining;
  const std::size_t listed = std::min(remaining, limit - out.deletes.size());
  if (listed == 0) return out;
  // Only the first `listed` can be taken: stop the walk there.
  const std::vector<std::pair<node_id, std::uint32_t>> lean_candidates = first_stale_available(ctx, skipped, listed);
  merge_by_node(visited_candidates, lean_candidates, listed, out.deletes);
  return out;
}

// §11.4: create first (maxSurge > 0).
rolling_result rolling_create_first(const sync_context& ctx, const post_manage_view& view, const rolling_budget& budget) {
  rolling_result out;
  std::vector<std::uint32_t> not_run_to_delete;
  std::vector<node_id> candidate_nodes;
  std::vector<node_id> allowed_nodes;
  std::int64_t surge = 0;
  std::int64_t available = 0;
  const skipped_entries settled = for_each_map_entry(ctx, view, false, [&](node_id node, const pod_facts& facts) {
    const node_split split = split_node(facts);
    if (!split.ok) {
      ++surge;
      return;
    }
    if (split.stale) available += split.stale->available ? 1 : 0;
    else if (split.fresh) available += split.fresh->available ? 1 : 0;
    if (!split.stale) return;
    if (!split.fresh) {
      if (node == NO_ID<node_id>) {
        out.error = true;  // the node is not in the cache: the pass fails
        return;
      }
      const bool should_run = ctx.placement.should_run.test(node);
      if (!split.stale->available) {
        if (!should_run) out.deletes.push_back(split.stale->row);
        else allowed_nodes.push_back(node);
      } else if (!should_run) {
        not_run_to_delete.push_back(split.stale->row);
      } else if (surge < budget.max_surge) {
        candidate_nodes.push_back(node);
      }
      return;
    }
    if (!split.fresh->available) ++surge;
    else out.deletes.push_back(split.stale->row);
  });
  if (out.error) return rolling_result{{}, {}, 0, true};
  available += settled.settled_available;  // settled entries have no old pod: they only count as available (terminating ones not at all)
  const std::int64_t excess = available - budget.desired;
  if (excess > 0) {
    const auto take = std::min<std::size_t>(static_cast<std::size_t>(excess), not_run_to_delete.size());
    out.deletes.insert(out.deletes.end(), not_run_to_delete.begin(), not_run_to_delete.begin() + static_cast<std::ptrdiff_t>(take));
  }
  const std::int64_t remaining = std::clamp<std::int64_t>(budget.max_surge - surge, 0, static_cast<std::int64_t>(candidate_nodes.size()));
  out.creates = allowed_nodes;
  out.creates.insert(out.creates.end(), candidate_nodes.begin(), candidate_nodes.begin() + remaining);
  out.deletes_wanted = out.deletes.size();
  return out;
}

// ---- syncNodes (§7) ------------------------------------------------------------------------

// `wanted` lists the first of `wanted_count` items (at least `burst` of them when there are that many).
template <class T>
void append_limited(std::vector<T>& out, std::vector<T> wanted, std::size_t wanted_count, std::uint32_t burst, std::size_t& wanted_total) {
  assert(wanted.size() <= wanted_count && (wanted.size() == wanted_count || wanted.size() >= burst));
  wanted_total += wanted_count;
  if (wanted.size() > burst) wanted.resize(burst);
  out.insert(out.end(), wanted.begin(), wanted.end());
}
template <class T>
void append_limited(std::vector<T>& out, std::vector<T> wanted, std::uint32_t burst, std::size_t& wanted_total) {
  const std::size_t count = wanted.size();
  append_limited(out, std::move(wanted), count, burst, wanted_total);
}

}  // namespace

daemon_pods apply_plan(const daemon_pods& pods, const sync_plan& plan, const daemonset& ds, std::string_view hash, unix_seconds now,
                       const cluster& c) {
  daemon_pods out;
  std::vector<bool> deleted(pods.size(), false);
  for (std::uint32_t row : plan.deletes) deleted[row] = true;
  for (std::uint32_t row = 0; row < pods.size(); ++row) {
    if (deleted[row]) continue;
    out.add_copy(pods, row);
  }
  const std::optional<std::int64_t> generation = template_generation(ds);
  for (node_id node : plan.creates) {
    out.add(ds.metadata.name + "-" + std::string(c.name(node)), node, {}, false, false, false, pod_phase::pending, now, 0, hash,
            generation.value_or(NO_GENERATION));
  }
  out.index(c.node_count());
  return out;
}

std::vector<std::uint32_t> slow_start_batches(std::size_t count) {
  std::vector<std::uint32_t> batches;
  std::size_t batch = 1;
  while (count > 0) {
    const std::size_t size = std::min(batch, count);
    batches.push_back(static_cast<std::uint32_t>(size));
    count -= size;
    batch *= 2;
  }
  return batches;
}

rolling_budget resolve_budget(const daemonset& ds, std::int64_t desired) {
  rolling_budget out;
  out.desired = desired;
  if (ds.strategy.type == update_strategy_type::rolling_update && ds.strategy.rolling) {
    out.max_unavailable = ds.strategy.rolling->max_unavailable.scaled(desired, true);
    out.max_surge = ds.strategy.rolling->max_surge.scaled(desired, true);
  }
  if (desired > 0 && out.max_unavailable == 0 && out.max_surge == 0) out.max_unavailable = 1;  // safety fallback
  return out;
}

bool allows_surge(const daemonset& ds) {
  return ds.strategy.type == update_strategy_type::rolling_update && ds.strategy.rolling &&
         ds.strategy.rolling->max_surge.scaled(1, true) > 0;
}

namespace {

daemonset_status with_counts(const daemonset& ds, const status_counts& counts) {
  daemonset_status status = ds.status;
  status.desired_number_scheduled = static_cast<std::int32_t>(counts.desired);
  status.current_number_scheduled = static_cast<std::int32_t>(counts.current);
  status.number_misscheduled = static_cast<std::int32_t>(counts.misscheduled);
  status.number_ready = static_cast<std::int32_t>(counts.ready);
  status.number_available = static_cast<std::int32_t>(counts.available);
  status.number_unavailable = static_cast<std::int32_t>(counts.desired - counts.available);
  status.updated_number_scheduled = static_cast<std::int32_t>(counts.updated);
  return status;
}

}  // namespace

status_counts count_status(const pred::placement& placement, const pod_sets& sets) {
  // One pass over the words for all six counters (each a popcount of a set expression).
  const auto run = placement.should_run.words();
  const auto has = sets.has_pod.words();
  const auto ready = sets.first_ready.words();
  const auto available = sets.first_available.words();
  const auto updated = sets.first_updated.words();
  std::int64_t desired = 0, current = 0, with_pod = 0, ready_n = 0, available_n = 0, updated_n = 0;
  for (std::size_t idx = 0; idx < run.size(); ++idx) {
    const std::uint64_t r = run[idx];
    desired += std::popcount(r);
    current += std::popcount(r & has[idx]);
    with_pod += std::popcount(has[idx]);
    ready_n += std::popcount(r & ready[idx]);
    available_n += std::popcount(r & available[idx]);
    updated_n += std::popcount(r & updated[idx]);
  }
  status_counts out;
  out.desired = desired;
  out.current = current;
  out.misscheduled = with_pod - current;
  out.ready = ready_n;
  out.available = available_n;
  out.updated = updated_n;
  return out;
}

daemonset_status status_from_counts(const daemonset& ds, const status_counts& counts) { return with_counts(ds, counts); }

daemonset_status compute_status(const daemonset& ds, const pred::placement& placement, const daemon_pods& pods, std::string_view hash,
                                nanos now, controller_variant variant) {
  const std::optional<std::int64_t> generation = template_generation(ds);
  if (variant == controller_variant::column) {
    return with_counts(ds, count_status(placement, summarize_pods(pods, placement.should_run.size(), hash, generation, ds.min_ready_seconds, now)));
  }
  status_counts counts;
  const std::size_t node_count = placement.should_run.size();
  for (std::uint32_t node_idx = 0; node_idx < node_count; ++node_idx) {
    const auto node = make_id<node_id>(node_idx);
    const auto rows = pods.on_node(node);
    if (placement.should_run.test(node)) {
      ++counts.desired;
      if (rows.empty()) continue;
      ++counts.current;
      const std::uint32_t first = rows.front();  // updateDaemonSetStatus reads daemonPods[0]
      if (pods.ready(first)) {
        ++counts.ready;
        if (available_at(pods, first, ds.min_ready_seconds, now)) ++counts.available;
      }
      if (pods.updated(first, hash, generation)) ++counts.updated;
    } else if (!rows.empty()) {
      ++counts.misscheduled;
    }
  }
  return with_counts(ds, counts);
}

sync_outcome sync_daemonset(const daemonset& ds, const cluster& c, const pred::placement& placement, const daemon_pods& pods,
                            const sync_options& options, controller_state& state) {
  const std::string hash = revision_hash(ds.template_, ds.status.collision_count);
  if (options.variant == controller_variant::reference) return sync_daemonset(ds, c, placement, pods, nullptr, hash, options, state);
  const pod_sets sets = summarize_pods(pods, c.node_count(), hash, template_generation(ds), ds.min_ready_seconds, options.now);
  return sync_daemonset(ds, c, placement, pods, &sets, hash, options, state);
}

sync_outcome sync_daemonset(const daemonset& ds, const cluster& c, const pred::placement& placement, const daemon_pods& pods, const pod_sets* sets,
                            std::string_view hash, const sync_options& options, controller_state& state, const status_counts* counts,
                            const sync_index* index) {
  sync_outcome out;
  out.hash = std::string(hash);
  out.status = ds.status;
  // §4 steps 3-4: an empty selector selects everything and is refused; a deleting DaemonSet is left alone.
  if (ds.selector && ds.selector->match_labels.empty() && ds.selector->match_expressions.empty()) {
    out.kind = sync_kind::selects_all;
    return out;
  }
  if (ds.metadata.deletion_timestamp) {
    out.kind = sync_kind::being_deleted;
    return out;
  }
  const daemonset_status computed =
      sets != nullptr ? with_counts(ds, counts != nullptr ? *counts : count_status(placement, *sets)) : compute_status(ds, placement, pods, out.hash, options.now, controller_variant::reference);
  if (!state.expected.satisfied(options.now)) {
    out.kind = sync_kind::awaiting_expectations;
    out.status = computed;
    out.status.observed_generation = ds.status.observed_generation;
    return out;
  }
  // The column variant reads a sync_index: the caller's (kept incrementally) or one built
  // here in one pass over the words.
  const bool surge = allows_surge(ds);
  std::optional<sync_index> built;
  if (sets != nullptr && index == nullptr) index = &built.emplace(build_sync_index(placement, *sets, surge));
  const sync_context ctx{ds, c, placement, pods, options, state, out.hash, template_generation(ds), sets, sets != nullptr ? index : nullptr};
  out.status_write_skipped = false;
  manage_result managed;
  managed = sets == nullptr ? manage_reference(ctx, surge) : manage_column(ctx, surge);
  sync_plan& plan = out.plan;
  plan.failed_pod_events = managed.failed_events;
  plan.succeeded_pod_events = managed.succeeded_events;
  plan.requeue_after = managed.requeue_after;
  std::sort(managed.deletes.begin(), managed.deletes.end(), [&pods](std::uint32_t lhs, std::uint32_t rhs) { return pods.names[lhs] < pods.names[rhs]; });
  append_limited(plan.creates, managed.creates, options.burst_replicas, plan.creates_wanted);
  append_limited(plan.deletes, managed.deletes, options.burst_replicas, plan.deletes_wanted);
  plan.create_batches = slow_start_batches(plan.creates.size());
  plan.create_calls = plan.creates.size();
  if (options.create_quota && *options.create_quota < plan.creates.size()) {
    // Slow start with failures: batches run until one has a failed create; the creates
    // left are dropped (and subtracted from the expectations).
    std::size_t attempted = 0;
    std::vector<std::uint32_t> issued;
    for (std::uint32_t batch : plan.create_batches) {
      issued.push_back(batch);
      attempted += batch;
      if (attempted > *options.create_quota) break;
    }
    plan.create_batches = std::move(issued);
    plan.create_calls = attempted;
    plan.creates.resize(*options.create_quota);
  }
  state.expected = expectations{true, static_cast<std::int64_t>(plan.creates.size()), static_cast<std::int64_t>(plan.deletes.size()), options.now};
  if (options.synchronous_observation) state.expected = expectations{};

  if (state.expected.satisfied(options.now) && ds.strategy.type == update_strategy_type::rolling_update) {
    const post_manage_view view(pods, plan.deletes, plan.creates);
    const rolling_budget budget = resolve_budget(ds, computed.desired_number_scheduled);
    // The reference lists every delete (the burst limit truncates it below, as syncNodes does).
    const std::size_t listed = sets != nullptr ? options.burst_replicas : SIZE_MAX;
    rolling_result rolled = budget.max_surge == 0 ? rolling_delete_first(ctx, view, budget, listed) : rolling_create_first(ctx, view, budget);
    plan.rolling_error = rolled.error;
    std::size_t rolling_creates_wanted = 0;
    std::size_t rolling_deletes_wanted = 0;
    const std::size_t manage_creates = plan.creates.size();
    append_limited(plan.creates, std::move(rolled.creates), options.burst_replicas, rolling_creates_wanted);
    append_limited(plan.deletes, std::move(rolled.deletes), rolled.deletes_wanted, options.burst_replicas, rolling_deletes_wanted);
    plan.creates_wanted += rolling_creates_wanted;
    plan.deletes_wanted += rolling_deletes_wanted;
    const auto rolling_batches = slow_start_batches(plan.creates.size() - manage_creates);
    plan.create_batches.insert(plan.create_batches.end(), rolling_batches.begin(), rolling_batches.end());
  }
  // minReadySeconds: requeue while some ready pod is not yet available (§8).
  if (ds.min_ready_seconds > 0 && computed.number_ready != computed.number_available) {
    note_requeue(plan.requeue_after, seconds(ds.min_ready_seconds));
  }
  out.kind = sync_kind::reconciled;
  out.status = options.status_after_plan
                   ? compute_status(ds, placement, apply_plan(pods, plan, ds, out.hash, options.now / NANOS_PER_SECOND, c), out.hash, options.now,
                                    sets != nullptr ? controller_variant::column : controller_variant::reference)
                   : computed;
  out.status.observed_generation = ds.metadata.generation;
  out.status_write_skipped = status_unchanged(ds.status, out.status, ds.metadata.generation);
  return out;
}

}  // namespace dsb::ctl
