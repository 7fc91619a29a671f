// reference: NodeShouldRunDaemonPod per node, on strings (daemonset-controller.md §2).
//
// Independent of the set program on purpose: it reads each node's own label and taint
// strings and applies the Kubernetes matchers of k8s_matchers.hpp (selectors and
// tolerations parsed once per DaemonSet by compile()). Taint reasons are discovered per
// node, not taken from the program, so differential tests compare two derivations.
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "engine/predicates/variants.hpp"

namespace dsb::pred {
namespace {

void labels_into(const cluster& c, node_id node, label_pairs& out) {
  out.clear();
  for (label_value_id value : c.nodes.labels.row(to_index(node))) out.emplace_back(c.text(c.labels.value(value).key), c.text(value));
  std::sort(out.begin(), out.end());
}

}  // namespace

placement evaluate_reference(const compiled_daemonset& ds, const evaluation_context& ctx) {
  const cluster& c = ctx.nodes();
  const std::size_t size = c.node_count();
  placement out;
  out.should_run = node_set(size);
  out.should_continue_running = node_set(size);
  const bool has_removed = c.nodes.removed_count != 0;
  const bool has_name = !ds.node_name.empty();
  const std::size_t selector_entries = ds.affinity.node_selector.size();
  const bool has_affinity = ds.affinity.required.has_value();
  node_set name_failed(has_name ? size : 0);
  std::vector<node_set> selector_failed(selector_entries, node_set(size));
  node_set affinity_failed(has_affinity ? size : 0);
  std::vector<node_set> taint_failed(c.taints.size());
  for (std::uint32_t taint_idx = 0; taint_idx < c.taints.size(); ++taint_idx) {
    if (c.taints.def(make_id<taint_id>(taint_idx)).effect != taint_effect::prefer_no_schedule) taint_failed[taint_idx] = node_set(size);
  }

  // Blocks of whole 64-node words, so no two tasks write the same word.
  constexpr std::size_t GRAIN_NODES = 64 * 64;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, node_set::word_count_for(size), GRAIN_NODES / 64),
                    [&](const tbb::blocked_range<std::size_t>& words) {
    label_pairs labels;
    const std::size_t end = std::min(size, words.end() * 64);
    for (std::size_t node_idx = words.begin() * 64; node_idx < end; ++node_idx) {
      const auto node = make_id<node_id>(node_idx);
      if (has_removed && c.nodes.removed.test(node)) continue;  // a deleted node is in no set
      const std::string_view name = c.name(node);
      labels_into(c, node, labels);
      bool fits = true;  // name, selector and affinity: failures give (false, false)
      if (has_name && ds.node_name != name) {
        name_failed.set(node);
        fits = false;
      }
      for (std::size_t entry = 0; entry < selector_entries; ++entry) {
        const auto& [key, value] = ds.affinity.node_selector[entry];
        const auto actual = find_label(labels, key);
        if (!actual || *actual != value) {
          selector_failed[entry].set(node);
          fits = false;
        }
      }
      if (has_affinity && !matches(*ds.affinity.required, labels, name)) {
        affinity_failed.set(node);
        fits = false;
      }
      bool no_schedule_untolerated = false;
      bool no_execute_untolerated = false;
      for (taint_id taint : c.nodes.taints.row(node_idx)) {
        const taint_def& def = c.taints.def(taint);
        if (def.effect == taint_effect::prefer_no_schedule) continue;  // the controller ignores PreferNoSchedule
        if (tolerated_by_any(ds.tolerations, c.strings.view(def.key), c.strings.view(def.value), def.effect, ds.gates)) continue;
        taint_failed[to_index(taint)].set(node);
        (def.effect == taint_effect::no_execute ? no_execute_untolerated : no_schedule_untolerated) = true;
      }
      if (fits && !no_execute_untolerated) {
        out.should_continue_running.set(node);
        if (!no_schedule_untolerated) out.should_run.set(node);
      }
    }
  });

  if (has_name) out.reasons.push_back(exclusion{reason_kind::node_name, 0, {}, reason_nodes(std::move(name_failed))});
  for (std::uint32_t entry = 0; entry < selector_entries; ++entry) {
    out.reasons.push_back(exclusion{reason_kind::node_selector, entry, {}, reason_nodes(std::move(selector_failed[entry]))});
  }
  if (has_affinity) out.reasons.push_back(exclusion{reason_kind::node_affinity, 0, {}, reason_nodes(std::move(affinity_failed))});
  for (std::uint32_t taint_idx = 0; taint_idx < c.taints.size(); ++taint_idx) {
    if (taint_failed[taint_idx].size() == 0 || taint_failed[taint_idx].none()) continue;
    out.reasons.push_back(exclusion{reason_kind::untolerated_taint, 0, make_id<taint_id>(taint_idx), reason_nodes(std::move(taint_failed[taint_idx]))});
  }
  return out;
}

}  // namespace dsb::pred
