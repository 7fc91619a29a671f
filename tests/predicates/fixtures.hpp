// Building engine inputs from conformance-vector fragments (lenient reading, as stored
// objects that predate validation).
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "engine/io/read.hpp"
#include "engine/predicates/compile.hpp"
#include "engine/predicates/variants.hpp"
#include "tests/support/vectors.hpp"

namespace dsb::test {

inline io::read_options lenient() { return io::read_options{io::validation::lenient, io::input_format::json}; }

/// A one-node cluster from a vector's Node fragment (kind added).
inline cluster node_cluster(simdjson::dom::element node) {
  std::string json = to_json(node);
  json = "{\"kind\":\"Node\"," + json.substr(1);
  auto read = io::read_nodes(io::input_text::from_string("vector-node", json), lenient());
  EXPECT_TRUE(read.ok()) << read.err().describe();
  return read.ok() ? std::move(*read) : cluster{};
}

/// A DaemonSet whose template spec is a vector's Pod spec fragment.
inline daemonset daemonset_with_pod_spec(simdjson::dom::element pod) {
  simdjson::dom::element spec;
  std::string spec_json = pod["spec"].get(spec) == simdjson::SUCCESS ? to_json(spec) : std::string("{}");
  const std::string json = R"({"kind":"DaemonSet","metadata":{"name":"vector","namespace":"default"},"spec":{"template":{"spec":)" + spec_json + "}}}";
  auto read = io::read_daemonsets(io::input_text::from_string("vector-ds", json), lenient());
  EXPECT_TRUE(read.ok()) << read.err().describe();
  return read.ok() ? std::move(read->front()) : daemonset{};
}

/// The placement of `ds` on a cluster with every variant; all must agree (checked here).
inline pred::placement place_all_variants(const daemonset& ds, const cluster& c, const std::string& id) {
  const pred::compiled_daemonset compiled = pred::compile(ds, c);
  const pred::evaluation_context ctx(c);
  const pred::placement expected = pred::evaluate_reference(compiled, ctx);
  for (const pred::variant& entry : pred::variants()) {
    EXPECT_EQ(entry.evaluate(compiled, ctx), expected) << id << ": variant " << entry.name << " differs from reference";
  }
  return expected;
}

}  // namespace dsb::test
