// The dsbench command line: the DESIGN.md contract (commands, JSON fields, exit codes).
#include <cstdio>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "tests/support/test_paths.hpp"

namespace dsb {
namespace {

test::command_result dsbench(const std::string& args) { return test::run_command(test::dsbench_binary() + " " + args); }

std::string manifest(const char* name) { return test::source_path(std::string("datasets/manifests/") + name); }

TEST(Cli, GenerateThenInspectAgreeOnTheCluster) {
  const std::string path = ::testing::TempDir() + "dsb-cli-nodes.json";
  const auto generated = dsbench("generate --nodes 500 --profile gke --seed 3 -o " + path);
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  const auto from_file = dsbench("inspect " + path + " --format json");
  const auto in_memory = dsbench("inspect gen:500:gke:3 --format json");
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  ASSERT_EQ(in_memory.exit_code, 0) << in_memory.err;
  simdjson::dom::parser file_parser;
  simdjson::dom::parser memory_parser;
  const auto file_doc = file_parser.parse(from_file.out).value();
  const auto memory_doc = memory_parser.parse(in_memory.out).value();
  EXPECT_EQ(file_doc["nodes"].get_uint64().value(), 500U);
  EXPECT_EQ(std::string(file_doc["clusterDigest"].get_string().value()), std::string(memory_doc["clusterDigest"].get_string().value()))
      << "ingest of the written file must equal the in-memory cluster";
}

TEST(Cli, GenerateIsDeterministic) {
  const auto first = dsbench("generate --nodes 300 --seed 9 --indent 0");
  const auto second = dsbench("generate --nodes 300 --seed 9 --indent 0");
  const auto other = dsbench("generate --nodes 300 --seed 10 --indent 0");
  ASSERT_EQ(first.exit_code, 0);
  EXPECT_EQ(first.out, second.out);
  EXPECT_NE(first.out, other.out);
}

TEST(Cli, PlaceJsonHasTheContractFields) {
  const auto run = dsbench("place --nodes gen:2000:onprem:1 --daemonset " + manifest("control-plane-agent.yaml") +
                           " --format json --explain cp-1 --explain worker-r01-0001");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  simdjson::dom::parser parser;
  const auto doc = parser.parse(run.out).value();
  EXPECT_EQ(std::string(doc["daemonset"].get_string().value()), "kube-system/control-plane-agent");
  EXPECT_EQ(std::string(doc["variant"].get_string().value()), "column_bitmap");
  EXPECT_EQ(doc["nodes"].get_uint64().value(), 2000U);
  EXPECT_EQ(doc["desired"].get_uint64().value(), 5U);
  EXPECT_EQ(doc["should_run"].get_array().size(), 5U);
  EXPECT_GE(doc["should_continue_running"].get_array().size(), 5U);
  EXPECT_GT(doc["excluded"]["nodeSelector node-role.kubernetes.io/control-plane=\"\""].get_uint64().value(), 1900U);
  EXPECT_EQ(doc["explain"].get_array().size(), 2U);
  EXPECT_TRUE(doc["explain"].at(0)["should_run"].get_bool().value());
  EXPECT_FALSE(doc["explain"].at(1)["should_run"].get_bool().value());
  EXPECT_GE(doc["seconds"]["evaluate"].get_double().value(), 0.0);
}

TEST(Cli, EveryVariantGivesTheSameAnswer) {
  std::string first;
  for (const char* variant : {"reference", "row_bitset", "column_bitmap"}) {
    for (const char* threads : {"1", "2"}) {
      const auto run = dsbench(std::string("place --nodes gen:3000:eks:2 --daemonset ") + manifest("node-exporter.yaml") +
                               " --daemonset " + manifest("fluent-bit.yaml") + " --format json --variant " + variant + " --threads " + threads);
      ASSERT_EQ(run.exit_code, 0) << run.err;
      // Strip timings and the variant name before comparing.
      simdjson::dom::parser parser;
      const auto doc = parser.parse(run.out).value();
      std::string normalized;
      for (auto placed : doc["placements"].get_array()) {
        normalized += simdjson::minify(placed["should_run"]) + simdjson::minify(placed["should_continue_running"]) + simdjson::minify(placed["excluded"]);
      }
      if (first.empty()) first = normalized;
      EXPECT_EQ(normalized, first) << variant << " with " << threads << " threads";
    }
  }
}

TEST(Cli, UsageAndInputErrorsExitTwo) {
  EXPECT_EQ(dsbench("").exit_code, 2);
  EXPECT_EQ(dsbench("frobnicate").exit_code, 2);
  EXPECT_EQ(dsbench("generate").exit_code, 2) << "--nodes is required";
  EXPECT_EQ(dsbench("generate --nodes 0").exit_code, 2);
  EXPECT_EQ(dsbench("generate --nodes 10 --profile nope").exit_code, 2);
  const auto variant = dsbench("place --nodes gen:10 --daemonset " + manifest("kube-proxy.yaml") + " --variant fastest");
  EXPECT_EQ(variant.exit_code, 2);
  EXPECT_NE(variant.err.find("unknown variant"), std::string::npos);
  const auto explain = dsbench("place --nodes gen:10 --daemonset " + manifest("kube-proxy.yaml") + " --explain no-such-node");
  EXPECT_EQ(explain.exit_code, 2);
  EXPECT_NE(explain.err.find("no node named"), std::string::npos);
  const auto missing = dsbench("place --nodes gen:10 --daemonset /nonexistent.yaml");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(missing.out.empty());
  EXPECT_EQ(dsbench("variants").exit_code, 0);
  EXPECT_EQ(dsbench("--help").exit_code, 0);
}

TEST(Cli, FailedGenerateLeavesNoPartialFile) {
  const std::string path = ::testing::TempDir() + "dsb-cli-partial.json";
  std::remove(path.c_str());
  EXPECT_EQ(dsbench("generate --nodes 10 --profile nope -o " + path).exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(path)) << "no file may be written on failure";
}

}  // namespace
}  // namespace dsb
