// Placement: every variant × cluster size × DaemonSet shape × threads.
//
// Clusters: the eks profile (seed 1) at 10k nodes (in cache), 100k and 1M (out of L2). Each
// benchmark first compares the variant's placement with the reference's on the same input
// and skips with an error on any difference, then times evaluate() alone (compile and the
// per-cluster row index are done once, outside the loop; compile is timed separately).
// Counters: ns_per_node, desired (should_run count). Ratios to reference come from
// perf/variant-report over the JSON output.
#include <map>
#include <memory>
#include <string>
#include <tuple>

#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include "engine/gen/generate.hpp"
#include "engine/io/read.hpp"
#include "engine/predicates/explain.hpp"
#include "engine/predicates/row_index.hpp"
#include "engine/predicates/variants.hpp"

namespace {

// The four DaemonSet shapes of the placement issue.
const char* const SHAPES[][2] = {
    // kube-proxy: nodeSelector os=linux, tolerate every taint.
    {"tolerate_all_os", R"(kind: DaemonSet
metadata: {name: kube-proxy, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: kube-proxy}}
  template:
    metadata: {labels: {k8s-app: kube-proxy}}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      tolerations: [{operator: Exists}]
      containers: [{name: kube-proxy, image: kube-proxy}]
)"},
    // NVIDIA device plugin: three ORed NFD/GFD terms and the GPU toleration.
    {"gpu", R"(kind: DaemonSet
metadata: {name: nvidia-device-plugin, namespace: kube-system}
spec:
  selector: {matchLabels: {app: nvdp}}
  template:
    metadata: {labels: {app: nvdp}}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions: [{key: feature.node.kubernetes.io/pci-10de.present, operator: In, values: ["true"]}]
            - matchExpressions: [{key: feature.node.kubernetes.io/cpu-model.vendor_id, operator: In, values: [NVIDIA]}]
            - matchExpressions: [{key: nvidia.com/gpu.present, operator: In, values: ["true"]}]
      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
      containers: [{name: plugin, image: nvdp}]
)"},
    // Multi-term affinity with NotIn and Gt (Karpenter instance facts), no tolerations.
    {"multi_term", R"(kind: DaemonSet
metadata: {name: big-node-agent, namespace: ops}
spec:
  selector: {matchLabels: {app: big}}
  template:
    metadata: {labels: {app: big}}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: eks.amazonaws.com/compute-type, operator: NotIn, values: [fargate]}
              - {key: karpenter.k8s.aws/instance-cpu, operator: Gt, values: ["4"]}
              - {key: kubernetes.io/arch, operator: In, values: [amd64]}
            - matchExpressions:
              - {key: node.kubernetes.io/instance-type, operator: In, values: [m5.4xlarge, m5.8xlarge, c5.18xlarge]}
              - {key: topology.kubernetes.io/zone, operator: NotIn, values: [eu-west-1c]}
      containers: [{name: agent, image: agent}]
)"},
    // Control-plane only: empty-valued role label and the exact taint toleration.
    {"control_plane", R"(kind: DaemonSet
metadata: {name: cp-agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: cp}}
  template:
    metadata: {labels: {app: cp}}
    spec:
      nodeSelector: {node-role.kubernetes.io/control-plane: ""}
      tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]
      containers: [{name: agent, image: agent}]
)"},
};
constexpr int SHAPE_COUNT = 4;

struct prepared {
  dsb::cluster nodes;
  std::unique_ptr<dsb::pred::evaluation_context> ctx;
  std::map<int, dsb::pred::compiled_daemonset> compiled;
  std::map<int, dsb::pred::placement> expected;
};

prepared& cluster_for(std::size_t nodes) {
  static std::map<std::size_t, std::unique_ptr<prepared>> cache;
  auto& slot = cache[nodes];
  if (!slot) {
    slot = std::make_unique<prepared>();
    slot->nodes = dsb::gen::generate_cluster({nodes, "eks", 1}).value();
    slot->ctx = std::make_unique<dsb::pred::evaluation_context>(slot->nodes);
    slot->ctx->rows();  // build the row index outside any timing
  }
  return *slot;
}

const dsb::pred::compiled_daemonset& compiled_for(prepared& p, int shape) {
  auto found = p.compiled.find(shape);
  if (found == p.compiled.end()) {
    auto ds = dsb::io::read_daemonsets(dsb::io::input_text::from_string(SHAPES[shape][0], SHAPES[shape][1])).value();
    found = p.compiled.emplace(shape, dsb::pred::compile(ds.front(), p.nodes)).first;
  }
  return found->second;
}

const dsb::pred::placement& expected_for(prepared& p, int shape) {
  auto found = p.expected.find(shape);
  if (found == p.expected.end()) found = p.expected.emplace(shape, dsb::pred::evaluate_reference(compiled_for(p, shape), *p.ctx)).first;
  return found->second;
}

// Measures: evaluate() of one compiled DaemonSet over the whole cluster with the given
// variant and thread count (the steady-state cost of a placement question).
void BM_place(benchmark::State& state, const dsb::pred::variant* variant, int shape) {
  const auto nodes = static_cast<std::size_t>(state.range(0));
  const auto threads = static_cast<std::size_t>(state.range(1));
  prepared& p = cluster_for(nodes);
  const dsb::pred::compiled_daemonset& ds = compiled_for(p, shape);
  const dsb::pred::placement& expected = expected_for(p, shape);
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  if (variant->evaluate(ds, *p.ctx) != expected) {
    state.SkipWithError("placement differs from the reference");
    return;
  }
  for (auto _ : state) {
    auto placed = variant->evaluate(ds, *p.ctx);
    benchmark::DoNotOptimize(placed);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * nodes));
  state.counters["ns_per_node"] = benchmark::Counter(static_cast<double>(state.iterations() * nodes),
                                                     benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["desired"] = static_cast<double>(expected.should_run.count());
  state.SetLabel(std::string(variant->name));
}

// Measures: compile() of a DaemonSet against a cluster (parse selectors, resolve values
// to postings, decide tolerated taints): paid once per DaemonSet.
void BM_compile(benchmark::State& state, int shape) {
  prepared& p = cluster_for(static_cast<std::size_t>(state.range(0)));
  auto ds = dsb::io::read_daemonsets(dsb::io::input_text::from_string(SHAPES[shape][0], SHAPES[shape][1])).value();
  for (auto _ : state) {
    auto compiled = dsb::pred::compile(ds.front(), p.nodes);
    benchmark::DoNotOptimize(compiled);
  }
}

// Measures: explain() of one node (every check with its text): the cost of answering
// "why not node X" without evaluating the cluster.
void BM_explain(benchmark::State& state, int shape) {
  prepared& p = cluster_for(static_cast<std::size_t>(state.range(0)));
  const dsb::pred::compiled_daemonset& ds = compiled_for(p, shape);
  const std::string node(p.nodes.name(dsb::make_id<dsb::node_id>(p.nodes.node_count() / 2)));
  for (auto _ : state) {
    auto explained = dsb::pred::explain(ds, p.nodes, node);
    benchmark::DoNotOptimize(explained);
  }
}

// Measures: building row_bitset's per-cluster node-major rows (paid once per cluster).
void BM_row_index_build(benchmark::State& state) {
  prepared& p = cluster_for(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    auto rows = dsb::pred::build_row_index(p.nodes);
    benchmark::DoNotOptimize(rows);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * p.nodes.node_count()));
}

const int REGISTERED = [] {
  for (int shape = 0; shape < SHAPE_COUNT; ++shape) {
    for (const dsb::pred::variant& variant : dsb::pred::variants()) {
      const std::string name = "BM_place/" + std::string(variant.name) + "/ds:" + SHAPES[shape][0];
      auto* bench = benchmark::RegisterBenchmark(name.c_str(), BM_place, &variant, shape);
      bench->ArgNames({"nodes", "threads"})->ArgsProduct({{10'000, 100'000, 1'000'000}, {1, 2}})->UseRealTime()->Unit(benchmark::kMicrosecond);
    }
    const std::string compile_name = std::string("BM_compile/ds:") + SHAPES[shape][0];
    benchmark::RegisterBenchmark(compile_name.c_str(), BM_compile, shape)->ArgNames({"nodes"})->Arg(100'000)->Unit(benchmark::kMicrosecond);
    const std::string explain_name = std::string("BM_explain/ds:") + SHAPES[shape][0];
    benchmark::RegisterBenchmark(explain_name.c_str(), BM_explain, shape)->ArgNames({"nodes"})->Arg(100'000)->Unit(benchmark::kMicrosecond);
  }
  benchmark::RegisterBenchmark("BM_row_index_build", BM_row_index_build)->ArgNames({"nodes"})->Arg(100'000)->Unit(benchmark::kMillisecond);
  return 0;
}();

}  // namespace
