// Audit: Pod Security level + practice findings for a platform team's pile of manifests.
//
// Input: 10,000 generated DaemonSets (seed 1), four shapes in fixed proportions that cover
// every check family: a restricted plain agent (30%), a baseline agent without a security
// context (30%), a CNI-like privileged agent with init containers, capabilities, SELinux
// options, host ports and hostPath volumes (25%), a log shipper with read-only hostPath
// volumes and a plain-container sidecar (15%). Names, container counts, ports and volume
// counts vary per manifest. The generator knows each manifest's intended level; every
// benchmark first checks that the audit reproduces those levels (SkipWithError otherwise).
//
// Variants: `checks` (audit of already-read workloads: the engine's cost alone),
// `json` (read one 10,000-item List with simdjson + audit), `yaml` (read 10,000 `---`
// documents with yaml-cpp + audit; flow-style YAML, so the same bytes as the JSON items).
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "engine/audit/audit.hpp"
#include "engine/audit/read.hpp"

namespace {

using namespace dsb::audit;

struct generated {
  std::vector<std::string> manifests;  // one JSON object each
  std::vector<level> expected;
  std::string json_list;
  std::string yaml_stream;
  std::vector<workload> workloads;  // read from json_list
};

std::string container_json(const std::string& name, const std::string& image, const std::string& security, const std::string& extra) {
  return R"({"name":")" + name + R"(","image":")" + image + R"(",)" + extra + R"("securityContext":{)" + security + "}}";
}

// One manifest of shape `shape` (0..3), varied by `rng`.
std::string make_manifest(std::size_t idx, int shape, std::mt19937_64& rng, level& expected) {
  const std::string name = "agent-" + std::to_string(idx);
  const int extra_containers = static_cast<int>(rng() % 3);
  const int port = 9000 + static_cast<int>(rng() % 1000);
  std::string spec;
  std::string containers;
  std::string init;
  std::string volumes;
  const std::string restricted_sc = R"("allowPrivilegeEscalation":false,"readOnlyRootFilesystem":true,"capabilities":{"drop":["ALL"]})";
  switch (shape) {
    case 0: {  // restricted
      expected = level::restricted;
      spec = R"("securityContext":{"runAsNonRoot":true,"runAsUser":65534,"seccompProfile":{"type":"RuntimeDefault"}},)";
      containers = container_json("agent", "registry.example.com/agent:1", restricted_sc,
                                  R"("ports":[{"containerPort":)" + std::to_string(port) + R"(}],"volumeMounts":[{"name":"tmp","mountPath":"/tmp"}],)");
      for (int extra = 0; extra < extra_containers; ++extra) {
        containers += "," + container_json("helper-" + std::to_string(extra), "registry.example.com/helper:1", restricted_sc, "");
      }
      volumes = R"([{"name":"tmp","emptyDir":{}},{"name":"token","projected":{"sources":[]}}])";
      break;
    }
    case 1: {  // baseline: defaults everywhere
      expected = level::baseline;
      containers = container_json("agent", "registry.example.com/agent:1", "", R"("ports":[{"containerPort":)" + std::to_string(port) + "}],");
      for (int extra = 0; extra < extra_containers; ++extra) {
        containers += "," + container_json("helper-" + std::to_string(extra), "registry.example.com/helper:1", "", "");
      }
      volumes = R"([{"name":"cfg","configMap":{"name":"cfg"}}])";
      break;
    }
    case 2: {  // CNI-like privileged agent
      expected = level::privileged;
      spec = R"("hostNetwork":true,)";
      init = "[" + container_json("mount-bpf-fs", "quay.io/cni/agent:1", R"("privileged":true)", R"("command":["sh","-c","mount -t bpf bpf /sys/fs/bpf"],"volumeMounts":[{"name":"bpf","mountPath":"/sys/fs/bpf"}],)") +
             "," + container_json("wait-api", "busybox:1.36", "", R"("command":["sh","-c","until nc -z kubernetes.default 443; do sleep 1; done"],)") + "]";
      containers = container_json("cni-agent", "quay.io/cni/agent:1",
                                  R"("seLinuxOptions":{"type":"spc_t","level":"s0"},"capabilities":{"add":["NET_ADMIN","SYS_ADMIN","SYS_MODULE"],"drop":["ALL"]})",
                                  R"("ports":[{"containerPort":)" + std::to_string(port) + R"(,"hostPort":)" + std::to_string(port) +
                                      R"(}],"startupProbe":{"httpGet":{"host":"127.0.0.1","path":"/healthz","port":9879}},"volumeMounts":[{"name":"bpf","mountPath":"/sys/fs/bpf"},{"name":"run","mountPath":"/var/run/cni"}],)");
      volumes = R"([{"name":"bpf","hostPath":{"path":"/sys/fs/bpf"}},{"name":"run","hostPath":{"path":"/var/run/cni"}},{"name":"lib-modules","hostPath":{"path":"/lib/modules"}}])";
      break;
    }
    default: {  // log shipper with hostPath and a plain-container sidecar
      expected = level::privileged;
      containers = container_json("app", "registry.example.com/app:1", "", R"("volumeMounts":[{"name":"logs","mountPath":"/var/log/app"}],)") + "," +
                   container_json("log-shipper", "cr.fluentbit.io/fluent/fluent-bit:3.1.9", "",
                                  R"("volumeMounts":[{"name":"logs","mountPath":"/logs","readOnly":true},{"name":"varlog","mountPath":"/var/log","readOnly":true}],)");
      volumes = R"([{"name":"logs","emptyDir":{}},{"name":"varlog","hostPath":{"path":"/var/log"}}])";
      break;
    }
  }
  return R"({"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":")" + name +
         R"(","namespace":"kube-system"},"spec":{"selector":{"matchLabels":{"app":")" + name + R"("}},"template":{"metadata":{"labels":{"app":")" + name +
         R"("}},"spec":{)" + spec + (init.empty() ? std::string() : R"("initContainers":)" + init + ",") + R"("containers":[)" + containers +
         R"(],"volumes":)" + volumes + "}}}}";
}

const generated& input_for(std::size_t count) {
  static generated cached;
  if (cached.manifests.size() == count) return cached;
  cached = generated{};
  std::mt19937_64 rng(1);
  for (std::size_t idx = 0; idx < count; ++idx) {
    const std::uint64_t draw = rng() % 100;
    const int shape = draw < 30 ? 0 : draw < 60 ? 1 : draw < 85 ? 2 : 3;
    level expected = level::privileged;
    cached.manifests.push_back(make_manifest(idx, shape, rng, expected));
    cached.expected.push_back(expected);
  }
  cached.json_list = R"({"apiVersion":"v1","kind":"List","items":[)";
  cached.yaml_stream = "# generated by bench/audit\n";
  for (std::size_t idx = 0; idx < count; ++idx) {
    cached.json_list += (idx == 0 ? "" : ",") + cached.manifests[idx];
    cached.yaml_stream += "---\n" + cached.manifests[idx] + "\n";
  }
  cached.json_list += "]}";
  dsb::result<manifest_set> read = read_manifests(dsb::io::input_text::from_string("bench.json", cached.json_list));
  if (read) cached.workloads = std::move(read->workloads);
  return cached;
}

// The oracle: every audited level equals the generator's intended level.
bool levels_match(const std::vector<workload_audit>& results, const generated& input) {
  if (results.size() != input.expected.size()) return false;
  for (std::size_t idx = 0; idx < results.size(); ++idx) {
    if (results[idx].satisfied != input.expected[idx]) return false;
  }
  return true;
}

constexpr std::size_t MANIFESTS = 10'000;

void BM_audit_checks(benchmark::State& state) {
  const generated& input = input_for(MANIFESTS);
  if (!levels_match(audit_all(input.workloads), input)) {
    state.SkipWithError("audit levels differ from the generator's intended levels");
    return;
  }
  for (auto _ : state) {
    std::vector<workload_audit> results = audit_all(input.workloads);
    benchmark::DoNotOptimize(results.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * MANIFESTS));
  state.counters["ns_per_manifest"] =
      benchmark::Counter(static_cast<double>(MANIFESTS), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

template <bool YAML>
void BM_audit_read(benchmark::State& state) {
  const generated& input = input_for(MANIFESTS);
  const std::string& text = YAML ? input.yaml_stream : input.json_list;
  const dsb::io::input_text bytes = dsb::io::input_text::from_string(YAML ? "bench.yaml" : "bench.json", text);
  auto run = [&]() -> std::vector<workload_audit> {
    dsb::result<manifest_set> read = read_manifests(bytes);
    if (!read) return {};
    return audit_all(read->workloads);
  };
  if (!levels_match(run(), input)) {
    state.SkipWithError("read + audit does not reproduce the generator's intended levels");
    return;
  }
  for (auto _ : state) {
    std::vector<workload_audit> results = run();
    benchmark::DoNotOptimize(results.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * MANIFESTS));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

BENCHMARK(BM_audit_checks)->Name("BM_audit/checks/manifests:10000")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_audit_read<false>)->Name("BM_audit/json/manifests:10000")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_audit_read<true>)->Name("BM_audit/yaml/manifests:10000")->Unit(benchmark::kMillisecond);

}  // namespace
