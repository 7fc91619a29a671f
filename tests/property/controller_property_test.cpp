// Property tests of the DaemonSet controller on random clusters, DaemonSets and pod states:
//  - the `column` controller equals the `reference` controller (plans and status);
//  - applying plans repeatedly converges to exactly one current pod per eligible node and
//    none elsewhere;
//  - a delete-first rollout never has more unavailable desired nodes than maxUnavailable
//    (besides those already unavailable when it started);
//  - a create-first rollout never surges (two pods on a node whose old pod is available)
//    on more than maxSurge nodes.
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/controller/revision.hpp"
#include "engine/controller/sync.hpp"
#include "engine/controller/sync_index.hpp"
#include "engine/gen/generate.hpp"
#include "engine/io/read.hpp"
#include "engine/predicates/variants.hpp"

namespace dsb {
namespace {

const char* const SHAPES[] = {
    R"(kind: DaemonSet
metadata: {name: everywhere, namespace: kube-system, uid: u1}
spec:
  selector: {matchLabels: {app: a}}
  template:
    metadata: {labels: {app: a}}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      tolerations: [{operator: Exists}]
      containers: [{name: c, image: img-1}]
)",
    R"(kind: DaemonSet
metadata: {name: picky, namespace: kube-system, uid: u2}
spec:
  selector: {matchLabels: {app: a}}
  template:
    metadata: {labels: {app: a}}
    spec:
      tolerations: []
      containers: [{name: c, image: img-1}]
)",
    R"(kind: DaemonSet
metadata: {name: gpu, namespace: kube-system, uid: u3}
spec:
  selector: {matchLabels: {app: a}}
  template:
    metadata: {labels: {app: a}}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions: [{key: nvidia.com/gpu.present, operator: In, values: ["true"]}]
      tolerations: [{key: nvidia.com/gpu, operator: Exists}]
      containers: [{name: c, image: img-1}]
)",
};

struct world {
  cluster nodes;
  daemonset ds;
  pred::placement placement;
  std::mt19937_64 rng;

  explicit world(std::uint64_t seed) : rng(seed) {
    static const char* const PROFILES[] = {"eks", "gke", "aks", "gpu", "onprem"};
    const std::size_t node_count = std::uniform_int_distribution<std::size_t>(20, 600)(rng);
    nodes = gen::generate_cluster({node_count, PROFILES[rng() % 5], seed}).value();
    const char* shape = SHAPES[rng() % 3];
    ds = io::read_daemonsets(io::input_text::from_string("shape.yaml", shape)).value().front();
    placement = pred::evaluate_column_bitmap(pred::compile(ds, nodes), pred::evaluation_context(nodes));
  }

  void set_strategy(bool surge, bool percent) {
    ds.strategy.type = update_strategy_type::rolling_update;
    rolling_update_params params;
    const auto amount = static_cast<std::int32_t>(1 + rng() % (percent ? 40 : 5));
    params.max_unavailable = surge ? int_or_percent{0, false} : int_or_percent{amount, percent};
    params.max_surge = surge ? int_or_percent{amount, percent} : int_or_percent{0, false};
    ds.strategy.rolling = params;
  }

  // Random pods: per node 0-3 pods of random revision, readiness, phase and deletion state;
  // a few unbound pods and pods whose target node is gone.
  // `mostly_settled`: nearly every node has one current, Ready pod (a rollout's tail or
  // steady state), the case the column controller skips through with set algebra.
  // `mid_rollout` (with mostly_settled): half the pods are still old, so a delete-first pass
  // has budget left and takes available old pods from the summary sets.
  ctl::daemon_pods random_pods(const std::string& hash, bool mostly_settled = false, bool mid_rollout = false) {
    ctl::daemon_pods pods;
    std::uniform_int_distribution<int> percent(0, 99);
    std::size_t counter = 0;
    const int empty_share = mid_rollout ? 1 : mostly_settled ? 3 : 30;
    const int single_share = mid_rollout ? 99 : mostly_settled ? 97 : 85;
    const int current_share = mid_rollout ? 50 : mostly_settled ? 92 : 40;
    const int ready_share = mid_rollout ? 99 : mostly_settled ? 95 : 70;
    const int deleting_share = mid_rollout ? 1 : 5;
    for (std::uint32_t node_idx = 0; node_idx < nodes.node_count(); ++node_idx) {
      const int roll = percent(rng);
      const int count = roll < empty_share ? 0 : roll < single_share ? 1 : roll < 95 ? 2 : 3;
      for (int pod_idx = 0; pod_idx < count; ++pod_idx) {
        const int kind = percent(rng);
        const int failed_share = mid_rollout ? 0 : mostly_settled ? 1 : 5;
        const int succeeded_share = mid_rollout ? 0 : mostly_settled ? 2 : 8;
        const pod_phase phase = kind < failed_share ? pod_phase::failed : kind < succeeded_share ? pod_phase::succeeded : pod_phase::running;
        const bool current = percent(rng) < current_share;
        pods.add("p-" + std::to_string(counter++), make_id<node_id>(node_idx), {}, percent(rng) < 90, percent(rng) < deleting_share, percent(rng) < ready_share,
                 phase, static_cast<unix_seconds>(percent(rng)), 1, current ? hash : std::string_view("old"), ctl::NO_GENERATION);
      }
    }
    for (int extra = 0; extra < 3; ++extra) {
      pods.add("gone-" + std::to_string(extra), NO_ID<node_id>, "deleted-node-" + std::to_string(extra), extra == 0, false, false,
               pod_phase::pending, 5, 0, "old", ctl::NO_GENERATION);
    }
    pods.index(nodes.node_count());
    return pods;
  }

  // Time passes: terminating pods finish terminating and disappear, the pod GC controller
  // removes pods bound to nodes that no longer exist (until then they stop a create-first
  // rollout, as upstream), and every other pod is scheduled, running and Ready.
  static ctl::daemon_pods all_ready(const ctl::daemon_pods& pods, std::size_t node_count) {
    ctl::daemon_pods out;
    for (std::uint32_t row = 0; row < pods.size(); ++row) {
      if (pods.deleting(row) || (pods.nodes[row] == NO_ID<node_id> && pods.bound(row))) continue;
      const pod_phase phase = pods.phases[row] == pod_phase::pending ? pod_phase::running : pods.phases[row];
      out.add(pods.names[row], pods.nodes[row], pods.missing_targets[row], true, false, true, phase, pods.created[row], 1, pods.hash_text(row),
              pods.generations[row]);
    }
    out.index(node_count);
    return out;
  }
};

ctl::sync_outcome sync(world& w, const ctl::daemon_pods& pods, ctl::controller_variant variant, ctl::nanos now, std::uint32_t burst = 100'000) {
  ctl::controller_state state;
  ctl::sync_options options;
  options.now = now;
  options.variant = variant;
  options.burst_replicas = burst;  // properties are about decisions, not pacing (unless a test says so)
  return ctl::sync_daemonset(w.ds, w.nodes, w.placement, pods, options, state);
}

// The column controller over the summary sets of `pods`, without and with a prebuilt
// sync_index (f(outcome, label) per run, label naming the seed and the run).
template <class F>
void for_each_column_sync(world& w, const ctl::daemon_pods& pods, const std::string& hash, ctl::nanos now, std::uint32_t burst, std::uint64_t seed,
                          F&& f) {
  const ctl::pod_sets sets = ctl::summarize_pods(pods, w.nodes.node_count(), hash, ctl::template_generation(w.ds), w.ds.min_ready_seconds, now);
  const ctl::sync_index index = ctl::build_sync_index(w.placement, sets, ctl::allows_surge(w.ds));
  for (const ctl::sync_index* with_index : {static_cast<const ctl::sync_index*>(nullptr), &index}) {
    ctl::controller_state state;
    ctl::sync_options options;
    options.now = now;
    options.burst_replicas = burst;
    f(ctl::sync_daemonset(w.ds, w.nodes, w.placement, pods, &sets, hash, options, state, nullptr, with_index),
      "seed " + std::to_string(seed) + (with_index != nullptr ? " with index" : ""));
  }
}

TEST(ControllerProperty, ColumnEqualsReference) {
  for (std::uint64_t seed = 1; seed <= 360; ++seed) {
    world w(seed);
    if (seed % 3 != 0) w.set_strategy(seed % 2 == 0, seed % 5 == 0);
    if (seed % 7 == 0) {
      w.ds.strategy.type = update_strategy_type::on_delete;
      w.ds.strategy.rolling.reset();
    }
    w.ds.min_ready_seconds = static_cast<std::int32_t>(seed % 4 == 0 ? 30 : 0);
    const std::string hash = ctl::revision_hash(w.ds.template_, std::nullopt);
    const ctl::daemon_pods pods = w.random_pods(hash, seed > 120, seed > 240);
    const ctl::nanos now = 60 * ctl::NANOS_PER_SECOND;
    // The burst limit truncates in plan order (and leaves nodes manage would delete to the rolling pass).
    const std::uint32_t burst = seed % 8 == 1 ? 5 : seed % 8 == 3 ? 1 : 100'000;
    const ctl::sync_outcome reference = sync(w, pods, ctl::controller_variant::reference, now, burst);
    for_each_column_sync(w, pods, hash, now, burst, seed, [&](const ctl::sync_outcome& column, const std::string& what) {
      ASSERT_EQ(column.plan.creates, reference.plan.creates) << what;
      ASSERT_EQ(column.plan.deletes, reference.plan.deletes) << what;
      ASSERT_EQ(column.plan.creates_wanted, reference.plan.creates_wanted) << what;
      ASSERT_EQ(column.plan.deletes_wanted, reference.plan.deletes_wanted) << what;
      ASSERT_EQ(column.plan.failed_pod_events, reference.plan.failed_pod_events) << what;
      const daemonset_status& lhs = column.status;
      const daemonset_status& rhs = reference.status;
      ASSERT_EQ(std::tie(lhs.desired_number_scheduled, lhs.current_number_scheduled, lhs.number_misscheduled, lhs.number_ready,
                         lhs.number_available, lhs.number_unavailable, lhs.updated_number_scheduled),
                std::tie(rhs.desired_number_scheduled, rhs.current_number_scheduled, rhs.number_misscheduled, rhs.number_ready,
                         rhs.number_available, rhs.number_unavailable, rhs.updated_number_scheduled))
          << what;
    });
    if (HasFatalFailure()) return;
  }
}

// The burst limit leaves some pods manage wants gone (nodes that may not continue) to the
// rolling pass, where they count like any other single pod: updated and unavailable ones use
// up maxUnavailable, old ones are candidates. Nodes whose only pod is terminating count as
// unavailable for delete-first and, with surge, get a create beside it. The column
// controller, with and without a sync_index (whose attention set holds the first kind and
// whose terminating counter the second), equals the reference.
TEST(ControllerProperty, ColumnEqualsReferenceWhenTheBurstHoldsDeletesBack) {
  std::size_t held_back_worlds = 0;
  for (std::uint64_t seed = 1; seed <= 80; ++seed) {
    world w(seed * 104729);
    w.ds.strategy.type = update_strategy_type::rolling_update;
    const int_or_percent amount{static_cast<std::int32_t>(10 + seed % 40), true};
    const bool surge = seed % 4 == 0;
    w.ds.strategy.rolling = surge ? rolling_update_params{int_or_percent{0, false}, amount} : rolling_update_params{amount, int_or_percent{0, false}};
    const std::string hash = ctl::revision_hash(w.ds.template_, std::nullopt);
    std::mt19937_64 rng(seed);
    ctl::daemon_pods pods;
    std::size_t may_not_continue = 0;
    for (std::uint32_t node_idx = 0; node_idx < w.nodes.node_count(); ++node_idx) {
      const auto node = make_id<node_id>(node_idx);
      const bool leaving = !w.placement.should_continue_running.test(node);
      may_not_continue += leaving ? 1 : 0;
      // Leaving nodes: a current pod, Ready half the time; the others an old pod, mostly Ready.
      // One in eight keeps only a terminating pod.
      const bool ready = leaving ? rng() % 2 == 0 : rng() % 20 != 0;
      const bool terminating = rng() % 8 == 0;
      pods.add("p-" + std::to_string(node_idx), node, {}, true, terminating, ready, pod_phase::running, 1, 1, leaving ? std::string_view(hash) : "old",
               ctl::NO_GENERATION);
    }
    pods.index(w.nodes.node_count());
    const std::uint32_t burst = seed % 3 == 0 ? 100'000 : 1 + static_cast<std::uint32_t>(seed % 5);  // small: manage holds deletes back
    held_back_worlds += may_not_continue > burst ? 1 : 0;
    const ctl::nanos now = 60 * ctl::NANOS_PER_SECOND;
    const ctl::sync_outcome reference = sync(w, pods, ctl::controller_variant::reference, now, burst);
    for_each_column_sync(w, pods, hash, now, burst, seed, [&](const ctl::sync_outcome& column, const std::string& what) {
      ASSERT_EQ(column.plan.creates, reference.plan.creates) << what;
      ASSERT_EQ(column.plan.deletes, reference.plan.deletes) << what;
      ASSERT_EQ(column.plan.deletes_wanted, reference.plan.deletes_wanted) << what;
    });
    if (HasFatalFailure()) return;
  }
  EXPECT_GE(held_back_worlds, 15U);  // the case is exercised
}

TEST(ControllerProperty, ApplyingPlansConvergesToOneCurrentPodPerEligibleNode) {
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    world w(seed * 7919);
    w.set_strategy(seed % 2 == 0, seed % 3 == 0);
    const std::string hash = ctl::revision_hash(w.ds.template_, std::nullopt);
    ctl::daemon_pods pods = w.random_pods(hash);
    bool settled = false;
    for (int round = 0; round < 200 && !settled; ++round) {
      const ctl::nanos now = (1000 + round) * ctl::NANOS_PER_SECOND;
      const ctl::sync_outcome outcome = sync(w, pods, seed % 4 == 0 ? ctl::controller_variant::reference : ctl::controller_variant::column, now);
      settled = outcome.plan.creates.empty() && outcome.plan.deletes.empty();
      pods = world::all_ready(ctl::apply_plan(pods, outcome.plan, w.ds, hash, now / ctl::NANOS_PER_SECOND, w.nodes), w.nodes.node_count());
    }
    ASSERT_TRUE(settled) << "seed " << seed << " did not converge";
    // Failed and succeeded pods were replaced; count what remains.
    for (std::uint32_t node_idx = 0; node_idx < w.nodes.node_count(); ++node_idx) {
      const auto node = make_id<node_id>(node_idx);
      std::size_t live = 0;
      bool current = false;
      for (std::uint32_t row : pods.on_node(node)) {
        if (pods.deleting(row)) continue;
        ++live;
        current = current || pods.hash_text(row) == hash;
      }
      if (w.placement.should_run.test(node)) {
        ASSERT_EQ(live, 1U) << "seed " << seed << " node " << w.nodes.name(node);
        ASSERT_TRUE(current) << "seed " << seed << " node " << w.nodes.name(node) << " keeps an old pod";
      } else if (!w.placement.should_continue_running.test(node)) {
        ASSERT_EQ(live, 0U) << "seed " << seed << " node " << w.nodes.name(node);
      }
    }
  }
}

TEST(ControllerProperty, RolloutsRespectMaxUnavailableAndMaxSurge) {
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    world w(seed * 104729);
    const bool surge = seed % 2 == 0;
    w.set_strategy(surge, seed % 3 == 0);
    // Start settled on revision 1: one ready pod per eligible node; a few of them unready.
    std::string hash = ctl::revision_hash(w.ds.template_, std::nullopt);
    ctl::daemon_pods pods;
    std::size_t counter = 0;
    std::int64_t initially_unavailable = 0;
    w.placement.should_run.for_each([&](node_id node) {
      const bool ready = (counter % 17) != 3;
      initially_unavailable += ready ? 0 : 1;
      pods.add("p-" + std::to_string(counter++), node, {}, true, false, ready, pod_phase::running, 1, 1, hash, ctl::NO_GENERATION);
    });
    pods.index(w.nodes.node_count());
    // New template: the rollout starts.
    w.ds.template_.spec.containers[0].image = "img-2";
    hash = ctl::revision_hash(w.ds.template_, std::nullopt);
    const ctl::rolling_budget budget = ctl::resolve_budget(w.ds, static_cast<std::int64_t>(w.placement.should_run.count()));
    std::mt19937_64 readiness(seed);
    for (int round = 0; round < 400; ++round) {
      const ctl::nanos now = (1000 + round) * ctl::NANOS_PER_SECOND;
      const ctl::sync_outcome outcome = sync(w, pods, ctl::controller_variant::column, now);
      pods = ctl::apply_plan(pods, outcome.plan, w.ds, hash, now / ctl::NANOS_PER_SECOND, w.nodes);
      // Check the state the plan leaves behind.
      std::int64_t unavailable = 0;
      std::int64_t surging = 0;
      w.placement.should_run.for_each([&](node_id node) {
        bool available = false;
        std::int64_t old_available = 0;
        std::int64_t fresh = 0;
        for (std::uint32_t row : pods.on_node(node)) {
          available = available || pods.available(row, w.ds.min_ready_seconds, now / ctl::NANOS_PER_SECOND);
          if (pods.hash_text(row) == hash) ++fresh;
          else if (pods.available(row, w.ds.min_ready_seconds, now / ctl::NANOS_PER_SECOND)) ++old_available;
        }
        unavailable += available ? 0 : 1;
        surging += (fresh > 0 && old_available > 0) ? 1 : 0;
      });
      if (surge) {
        ASSERT_LE(surging, budget.max_surge) << "seed " << seed << " round " << round;
      } else {
        ASSERT_LE(unavailable, budget.max_unavailable + initially_unavailable) << "seed " << seed << " round " << round;
      }
      if (outcome.plan.creates.empty() && outcome.plan.deletes.empty() && outcome.status.updated_number_scheduled == outcome.status.desired_number_scheduled &&
          outcome.status.number_available == outcome.status.desired_number_scheduled) {
        break;
      }
      // Some new pods become ready between syncs (random), the way kubelets report; old pods
      // keep their readiness (an unready old pod is replaced outside the budgets).
      for (std::uint32_t row = 0; row < pods.size(); ++row) {
        if (!pods.ready(row) && pods.hash_text(row) == hash && readiness() % 3 == 0) {
          pods.flags[row] = static_cast<std::uint8_t>(pods.flags[row] | ctl::daemon_pods::READY | ctl::daemon_pods::BOUND);
          pods.ready_since[row] = now / ctl::NANOS_PER_SECOND - 1;
        }
      }
      pods.index(w.nodes.node_count());
    }
  }
}

}  // namespace
}  // namespace dsb
