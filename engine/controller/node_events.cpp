#include "engine/controller/node_events.hpp"

#include <algorithm>
#include <tuple>
#include <vector>

#include "engine/predicates/k8s_matchers.hpp"

namespace dsb::ctl {
namespace {

struct node_facts {
  pred::label_pairs labels;
  std::vector<std::tuple<std::string_view, std::string_view, taint_effect>> taints;
  bool unschedulable = false;
  node_resources allocatable;
  std::vector<std::pair<std::string_view, std::int64_t>> extended;
  std::vector<std::size_t> true_conditions;
};

node_facts facts_of(const cluster& c, node_id node) {
  node_facts out;
  out.labels = pred::labels_of(c, node);
  for (taint_id taint : c.nodes.taints.row(to_index(node))) {
    const taint_def& def = c.taints.def(taint);
    out.taints.emplace_back(c.strings.view(def.key), c.strings.view(def.value), def.effect);
  }
  out.unschedulable = c.nodes.unschedulable.test(node);
  out.allocatable = c.nodes.allocatable(node);
  for (const extended_amount& amount : c.nodes.extended_allocatable.row(to_index(node))) {
    out.extended.emplace_back(c.strings.view(c.resource_names[to_index(amount.resource)]), amount.amount);
  }
  std::sort(out.extended.begin(), out.extended.end());
  for (std::size_t cond = 0; cond < NODE_CONDITION_COUNT; ++cond) {
    if (c.nodes.conditions[to_index(node)][cond] == condition_status::true_) out.true_conditions.push_back(cond);
  }
  return out;
}

}  // namespace

std::pair<bool, bool> node_decision(const pred::compiled_daemonset& ds, const cluster& c, node_id node) {
  const pred::label_pairs labels = pred::labels_of(c, node);
  const std::string_view name = c.name(node);
  const bool fits = (ds.node_name.empty() || ds.node_name == name) && pred::matches(ds.affinity, labels, name);
  bool no_schedule = false;
  bool no_execute = false;
  for (taint_id taint : c.nodes.taints.row(to_index(node))) {
    const taint_def& def = c.taints.def(taint);
    if (def.effect == taint_effect::prefer_no_schedule) continue;
    if (pred::tolerated_by_any(ds.tolerations, c.strings.view(def.key), c.strings.view(def.value), def.effect, ds.gates)) continue;
    (def.effect == taint_effect::no_execute ? no_execute : no_schedule) = true;
  }
  const bool may_continue = fits && !no_execute;
  return {may_continue && !no_schedule, may_continue};
}

bool should_ignore_node_update(const cluster& old_cluster, node_id old_node, const cluster& new_cluster, node_id new_node) {
  const node_facts before = facts_of(old_cluster, old_node);
  const node_facts after = facts_of(new_cluster, new_node);
  return before.labels == after.labels && before.taints == after.taints && before.unschedulable == after.unschedulable &&
         before.allocatable == after.allocatable && before.extended == after.extended && before.true_conditions == after.true_conditions &&
         old_cluster.name(old_node) == new_cluster.name(new_node);
}

bool node_update_enqueues(const pred::compiled_daemonset& ds, const cluster& old_cluster, node_id old_node, const cluster& new_cluster,
                          node_id new_node) {
  if (should_ignore_node_update(old_cluster, old_node, new_cluster, new_node)) return false;
  return node_decision(ds, old_cluster, old_node) != node_decision(ds, new_cluster, new_node);
}

bool node_add_enqueues(const pred::compiled_daemonset& ds, const cluster& c, node_id node) { return node_decision(ds, c, node).first; }

}  // namespace dsb::ctl
