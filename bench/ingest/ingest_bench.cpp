// Ingest of `kubectl get nodes -o json` output into the cluster model.
//
// Input: a NodeList written by dsbench's writer from the eks profile (seed 1), the shape and
// weight of real kubectl dumps (4-space indentation, conditions, addresses, nodeInfo; no
// images). Each benchmark first reads the input once and checks that the model equals the
// generated one (cluster_digest) before timing anything.
#include <map>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>
#include <simdjson.h>

#include "engine/gen/generate.hpp"
#include "engine/io/read.hpp"
#include "engine/io/write.hpp"

namespace {

struct nodelist_input {
  dsb::io::input_text text;
  std::uint64_t digest = 0;
};

// One input per (nodes, indent), built once and shared by every benchmark.
const nodelist_input& input_for(std::size_t nodes, int indent) {
  static std::map<std::pair<std::size_t, int>, std::unique_ptr<nodelist_input>> cache;
  auto& slot = cache[{nodes, indent}];
  if (!slot) {
    const dsb::cluster c = dsb::gen::generate_cluster({nodes, "eks", 1}).value();
    std::string json;
    dsb::io::write_node_list_json(c, json, dsb::io::node_list_options{indent});
    slot = std::make_unique<nodelist_input>();
    slot->text = dsb::io::input_text::from_string("bench.json", json);
    slot->digest = dsb::cluster_digest(c);
  }
  return *slot;
}

// Measures: JSON bytes -> model (parse + decode + intern + index build), the end-to-end cost
// of `dsbench inspect nodes.json` minus file I/O. Counters: MB/s of JSON, nodes/s, bytes of
// model per node.
void BM_ingest_nodelist_json(benchmark::State& state) {
  const auto nodes = static_cast<std::size_t>(state.range(0));
  const int indent = static_cast<int>(state.range(1));
  const nodelist_input& input = input_for(nodes, indent);
  {
    const auto check = dsb::io::read_nodes(input.text);
    if (!check.ok() || dsb::cluster_digest(*check) != input.digest) {
      state.SkipWithError("ingested model differs from the generated cluster");
      return;
    }
    state.counters["model_bytes_per_node"] = static_cast<double>(check->memory().model()) / static_cast<double>(nodes);
    state.counters["json_bytes_per_node"] = static_cast<double>(input.text.bytes().size()) / static_cast<double>(nodes);
  }
  for (auto _ : state) {
    auto read = dsb::io::read_nodes(input.text);
    benchmark::DoNotOptimize(read);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input.text.bytes().size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * nodes));
  state.counters["ns_per_node"] = benchmark::Counter(static_cast<double>(state.iterations() * nodes),
                                                     benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_ingest_nodelist_json)
    ->ArgNames({"nodes", "indent"})
    ->Args({10'000, 4})
    ->Args({100'000, 4})
    ->Args({100'000, 0})
    ->Unit(benchmark::kMillisecond);

// Measures: simdjson's DOM parse of the same bytes alone, the floor under ingest (a named
// peer: the parser dsbench uses; everything above this is decode + model building).
void BM_simdjson_dom_parse_only(benchmark::State& state) {
  const nodelist_input& input = input_for(static_cast<std::size_t>(state.range(0)), static_cast<int>(state.range(1)));
  simdjson::dom::parser parser;
  for (auto _ : state) {
    simdjson::dom::element root;
    if (parser.parse(input.text.bytes().data(), input.text.bytes().size(), false).get(root) != simdjson::SUCCESS) {
      state.SkipWithError("parse failed");
      return;
    }
    benchmark::DoNotOptimize(root);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input.text.bytes().size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * static_cast<std::size_t>(state.range(0))));
}
BENCHMARK(BM_simdjson_dom_parse_only)->ArgNames({"nodes", "indent"})->Args({100'000, 4})->Unit(benchmark::kMillisecond);

// Measures: model -> kubectl-style JSON (what `dsbench generate -o` spends after generating).
void BM_write_nodelist_json(benchmark::State& state) {
  const auto nodes = static_cast<std::size_t>(state.range(0));
  const dsb::cluster c = dsb::gen::generate_cluster({nodes, "eks", 1}).value();
  std::string json;
  for (auto _ : state) {
    json.clear();
    dsb::io::write_node_list_json(c, json);
    benchmark::DoNotOptimize(json.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * json.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * nodes));
}
BENCHMARK(BM_write_nodelist_json)->ArgNames({"nodes"})->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace
