// Fleet reconcile: 30 realistic DaemonSets (datasets/manifests/fleet-30.yaml) over an eks
// cluster (seed 1) whose nodes already run the DaemonSets' pods (steady state with the
// usual noise: 0.5% of desired nodes without a pod, 0.3% with an old-revision pod, 0.1% with
// a failed pod, the pods of NotReady nodes not Ready).
//
//   BM_fleet_full/<placement>/<controller>   one full pass: compile, placements, pod
//        summaries, status, and every DaemonSet's sync plan. `reference/reference` is the
//        per-node string oracle; ratios come from the same run (perf/variant-report).
//        Pod tables and their per-node summary are built when pods change (as the
//        informer's pod index is), not per pass; BM_fleet_pod_summary times that build.
//   BM_fleet_incremental/<decider>   node edits applied one at a time (cluster edit +
//        fleet.apply): label value flips on keys DaemonSets read, taints on and off
//        (not-ready NoExecute, a GPU taint, a custom taint), cordon and Ready flips, each
//        undone later so the cluster stays near steady state. items/s = node updates per
//        second against all 30 DaemonSets. `strings` re-decides with the Kubernetes string
//        matchers (what upstream's node handlers do per DaemonSet); `tester` with node_tester.
// Before timing, each benchmark checks its fleet against a reference fleet and skips with
// an error on any difference.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <string>

#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include "engine/controller/fleet.hpp"
#include "engine/controller/revision.hpp"
#include "engine/gen/generate.hpp"
#include "engine/io/read.hpp"

namespace {

using namespace dsb;

// DSB_FLEET_MANIFESTS=<file> benchmarks another fleet (one multi-document YAML or JSON file).
std::vector<daemonset> fleet_manifests() {
  const char* override_path = std::getenv("DSB_FLEET_MANIFESTS");
  const std::string path = override_path != nullptr ? override_path : std::string(DSB_SOURCE_DIR) + "/datasets/manifests/fleet-30.yaml";
  auto text = io::load_file(path);
  if (!text) throw std::runtime_error(text.err().describe());
  auto read = io::read_daemonsets(*text);
  if (!read) throw std::runtime_error(read.err().describe());
  return std::move(*read);
}

// Steady-state pods for one DaemonSet: one current pod per desired node, with noise.
ctl::daemon_pods steady_pods(const daemonset& ds, const cluster& c, std::uint64_t seed) {
  const pred::compiled_daemonset compiled = pred::compile(ds, c);
  const pred::placement placed = pred::evaluate_column_bitmap(compiled, pred::evaluation_context(c));
  const std::string hash = ctl::revision_hash(ds.template_, ds.status.collision_count);
  const std::optional<std::int64_t> generation = ctl::template_generation(ds);
  std::mt19937_64 rng(seed);
  ctl::daemon_pods pods;
  placed.should_run.for_each([&](node_id node) {
    const auto roll = rng() % 1000;
    if (roll < 5) return;  // new node, pod not created yet
    const bool old = roll < 8;
    const bool failed = roll >= 8 && roll < 9;
    const bool ready = !failed && c.nodes.ready(node) == condition_status::true_;
    pods.add(ds.metadata.name + "-" + std::to_string(to_index(node)), node, {}, true, false, ready, failed ? pod_phase::failed : pod_phase::running, 1000,
             ready ? 1000 : 0, old ? std::string_view("0ld0ld0ld") : std::string_view(hash), old ? 0 : generation.value_or(ctl::NO_GENERATION));
  });
  pods.index(c.node_count());
  return pods;
}

struct world {
  cluster nodes;
  std::vector<daemonset> daemonsets;
  std::vector<ctl::daemon_pods> pods;
};

world& world_for(std::size_t node_count) {
  static std::map<std::size_t, std::unique_ptr<world>> cache;
  auto& slot = cache[node_count];
  if (!slot) {
    slot = std::make_unique<world>();
    slot->nodes = gen::generate_cluster({node_count, "eks", 1}).value();
    slot->daemonsets = fleet_manifests();
    for (std::size_t idx = 0; idx < slot->daemonsets.size(); ++idx) slot->pods.push_back(steady_pods(slot->daemonsets[idx], slot->nodes, idx + 1));
  }
  return *slot;
}

ctl::sync_options sync_options_now() {
  ctl::sync_options options;
  options.now = 2000 * ctl::NANOS_PER_SECOND;
  return options;
}

// Plans and status of every DaemonSet (fresh controller state each time).
std::vector<ctl::sync_outcome> plan_all(ctl::fleet& f) {
  std::vector<ctl::sync_outcome> out;
  for (std::size_t idx = 0; idx < f.size(); ++idx) {
    ctl::controller_state state;
    out.push_back(f.sync(idx, sync_options_now(), &state));
  }
  return out;
}

bool same_outcomes(const std::vector<ctl::sync_outcome>& lhs, const std::vector<ctl::sync_outcome>& rhs) {
  if (lhs.size() != rhs.size()) return false;
  for (std::size_t idx = 0; idx < lhs.size(); ++idx) {
    if (lhs[idx].plan.creates != rhs[idx].plan.creates || lhs[idx].plan.deletes != rhs[idx].plan.deletes) return false;
    const daemonset_status& a = lhs[idx].status;
    const daemonset_status& b = rhs[idx].status;
    if (std::tie(a.desired_number_scheduled, a.current_number_scheduled, a.number_misscheduled, a.number_ready, a.number_available,
                 a.updated_number_scheduled) != std::tie(b.desired_number_scheduled, b.current_number_scheduled, b.number_misscheduled,
                                                         b.number_ready, b.number_available, b.updated_number_scheduled)) {
      return false;
    }
  }
  return true;
}

ctl::fleet_options options_for(std::string_view placement, ctl::controller_variant controller) {
  ctl::fleet_options options;
  options.placement_variant = placement;
  options.controller = controller;
  options.now = sync_options_now().now;
  return options;
}

const std::vector<ctl::sync_outcome>& reference_outcomes(std::size_t node_count) {
  static std::map<std::size_t, std::vector<ctl::sync_outcome>> cache;
  auto& slot = cache[node_count];
  if (slot.empty()) {
    world& w = world_for(node_count);
    ctl::fleet reference(w.nodes, w.daemonsets, w.pods, options_for("reference", ctl::controller_variant::reference));
    slot = plan_all(reference);
  }
  return slot;
}

void BM_fleet_full(benchmark::State& state, std::string_view placement, ctl::controller_variant controller) {
  const auto node_count = static_cast<std::size_t>(state.range(0));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(state.range(1)));
  world& w = world_for(node_count);
  ctl::fleet f(w.nodes, w.daemonsets, w.pods, options_for(placement, controller));
  if (!same_outcomes(plan_all(f), reference_outcomes(node_count))) {
    state.SkipWithError("fleet plans differ from the reference");
    return;
  }
  std::size_t creates = 0;
  for (auto _ : state) {
    f.evaluate_all();
    const auto outcomes = plan_all(f);
    creates = 0;
    for (const auto& outcome : outcomes) creates += outcome.plan.creates_wanted;
    benchmark::DoNotOptimize(creates);
  }
  state.counters["daemonsets"] = static_cast<double>(f.size());
  state.counters["creates_wanted"] = static_cast<double>(creates);
  state.SetLabel(std::string(placement) + "/" + (controller == ctl::controller_variant::column ? "column" : "reference"));
}

// What the full pass does not redo: summarising the 30 pod tables per node (done when pods
// change, like the pod index itself).
void BM_fleet_pod_summary(benchmark::State& state) {
  world& w = world_for(static_cast<std::size_t>(state.range(0)));
  std::vector<std::string> hashes;
  for (const daemonset& ds : w.daemonsets) hashes.push_back(ctl::revision_hash(ds.template_, ds.status.collision_count));
  for (auto _ : state) {
    for (std::size_t idx = 0; idx < w.daemonsets.size(); ++idx) {
      auto sets = ctl::summarize_pods(w.pods[idx], w.nodes.node_count(), hashes[idx], ctl::template_generation(w.daemonsets[idx]),
                                      w.daemonsets[idx].min_ready_seconds, sync_options_now().now);
      benchmark::DoNotOptimize(sets);
    }
  }
}

// A reversible node edit: apply `to`, later restore `from`.
struct edit_pair {
  node_id node;
  node_row to;
  node_row from;
};

std::vector<edit_pair> edit_stream(cluster& c, std::size_t count) {
  std::mt19937_64 rng(42);
  std::vector<edit_pair> out;
  auto key_value = [&](std::string_view key, std::string_view value) {
    node_spec probe;
    probe.labels.emplace_back(std::string(key), std::string(value));
    return cluster_editor::resolve(c, probe).labels.front();
  };
  auto taint = [&](std::string_view key, std::string_view value, taint_effect effect) {
    node_spec probe;
    probe.taints.emplace_back(std::string(key), std::string(value), effect);
    return cluster_editor::resolve(c, probe).taints.front();
  };
  const label_value_id label_choices[] = {key_value("kubernetes.io/os", "windows"), key_value("kubernetes.io/arch", "arm64"),
                                          key_value("team", "payments"), key_value("nvidia.com/gpu.present", "true"),
                                          key_value("karpenter.sh/capacity-type", "spot"), key_value("env", "staging")};
  const taint_id taint_choices[] = {taint("node.kubernetes.io/not-ready", "", taint_effect::no_execute), taint("nvidia.com/gpu", "", taint_effect::no_schedule),
                                    taint("dedicated", "infra", taint_effect::no_schedule), taint("node.kubernetes.io/unschedulable", "", taint_effect::no_schedule)};
  for (std::size_t idx = 0; idx < count; ++idx) {
    const auto node = make_id<node_id>(static_cast<std::uint32_t>(rng() % c.node_count()));
    const node_row from = node_row::of(c, node);
    node_row to = from;
    const auto kind = rng() % 100;
    if (kind < 40) {  // a label value changes (or appears)
      const label_value_id value = label_choices[rng() % std::size(label_choices)];
      const label_key_id key = c.labels.value(value).key;
      std::erase_if(to.labels, [&](label_value_id existing) { return c.labels.value(existing).key == key; });
      to.labels.push_back(value);
    } else if (kind < 70) {  // a taint goes on
      const taint_id t = taint_choices[rng() % std::size(taint_choices)];
      if (std::find(to.taints.begin(), to.taints.end(), t) == to.taints.end()) to.taints.push_back(t);
    } else if (kind < 85) {
      to.unschedulable = !to.unschedulable;
    } else {
      to.conditions[0] = to.conditions[0] == condition_status::true_ ? condition_status::false_ : condition_status::true_;
    }
    std::sort(to.labels.begin(), to.labels.end(), [&c](label_value_id lhs, label_value_id rhs) { return c.labels.value(lhs).key < c.labels.value(rhs).key; });
    out.push_back(edit_pair{node, std::move(to), from});
  }
  return out;
}

void BM_fleet_incremental(benchmark::State& state, ctl::node_decider decider) {
  const auto node_count = static_cast<std::size_t>(state.range(0));
  world& w = world_for(node_count);
  cluster edited = gen::generate_cluster({node_count, "eks", 1}).value();
  const std::vector<edit_pair> edits = edit_stream(edited, 4096);
  ctl::fleet_options options = options_for("column_bitmap", ctl::controller_variant::column);
  options.decider = decider;
  ctl::fleet f(edited, w.daemonsets, w.pods, options);
  // Check: after a window of edits, the fleet equals a full reference pass on the same cluster.
  for (std::size_t idx = 0; idx < edits.size() / 2; ++idx) f.apply(update_node_row(edited, edits[idx].node, edits[idx].to));
  {
    ctl::fleet fresh(edited, w.daemonsets, w.pods, options_for("reference", ctl::controller_variant::reference));
    for (std::size_t idx = 0; idx < f.size(); ++idx) {
      if (!(f.counts(idx) == fresh.counts(idx)) || !(f.placement(idx).should_run == fresh.placement(idx).should_run)) {
        state.SkipWithError("incremental fleet differs from a full reference pass");
        return;
      }
    }
  }
  for (std::size_t idx = edits.size() / 2; idx-- > 0;) f.apply(update_node_row(edited, edits[idx].node, edits[idx].from));
  std::size_t cursor = 0;
  std::size_t changed = 0;
  bool undo = false;
  for (auto _ : state) {
    const edit_pair& edit = edits[cursor];
    changed += f.apply(update_node_row(edited, edit.node, undo ? edit.from : edit.to));
    if (++cursor == edits.size()) {
      cursor = 0;
      undo = !undo;
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["decisions_changed_per_update"] = static_cast<double>(changed) / static_cast<double>(state.iterations());
  state.SetLabel(decider == ctl::node_decider::tester ? "tester" : "strings");
}

const int REGISTERED = [] {
  struct full_variant {
    const char* placement;
    ctl::controller_variant controller;
  };
  for (const full_variant v : {full_variant{"reference", ctl::controller_variant::reference}, full_variant{"column_bitmap", ctl::controller_variant::column},
                               full_variant{"row_bitset", ctl::controller_variant::column}, full_variant{"incremental", ctl::controller_variant::column}}) {
    const std::string name = std::string("BM_fleet_full/") + v.placement + "/" + (v.controller == ctl::controller_variant::column ? "column" : "reference");
    benchmark::RegisterBenchmark(name.c_str(), BM_fleet_full, std::string_view(v.placement), v.controller)
        ->ArgNames({"nodes", "threads"})
        ->ArgsProduct({{100'000}, {1, 2}})
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RegisterBenchmark("BM_fleet_pod_summary", BM_fleet_pod_summary)->ArgNames({"nodes"})->Arg(100'000)->Unit(benchmark::kMillisecond);
  for (const ctl::node_decider decider : {ctl::node_decider::strings, ctl::node_decider::tester}) {
    const std::string name = std::string("BM_fleet_incremental/") + (decider == ctl::node_decider::tester ? "tester" : "strings");
    benchmark::RegisterBenchmark(name.c_str(), BM_fleet_incremental, decider)->ArgNames({"nodes"})->Arg(100'000)->Unit(benchmark::kNanosecond);
  }
  return 0;
}();

}  // namespace
