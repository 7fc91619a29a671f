// dsbench lifecycle simulate / verify: exit codes (0 clean, 1 violations, 2 bad input or
// usage), the JSON fields of DESIGN.md's contract, determinism of the written trace.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "tests/support/test_paths.hpp"

namespace dsb {
namespace {

test::command_result dsbench(const std::string& args) { return test::run_command(test::dsbench_binary() + " " + args); }

std::string fixture(const char* name) { return test::source_path(std::string("datasets/traces/") + name); }

std::string temp_path(const char* name) { return ::testing::TempDir() + name; }

TEST(LifecycleCli, SimulateThenVerifyIsClean) {
  const std::string path = temp_path("dsb-lifecycle-cli.jsonl");
  const auto simulated = dsbench("lifecycle simulate --pods 3000 --seed 11 --fail-rate 0.2 --sidecars 2 -o " + path);
  ASSERT_EQ(simulated.exit_code, 0) << simulated.err;
  EXPECT_NE(simulated.err.find("simulated 3,000 pods"), std::string::npos) << simulated.err;
  const auto verified = dsbench("lifecycle verify " + path + " --format json");
  ASSERT_EQ(verified.exit_code, 0) << verified.err << verified.out;
  simdjson::dom::parser parser;
  const auto doc = parser.parse(verified.out).value();
  EXPECT_EQ(std::string(doc["kind"].get_string().value()), "trace");
  EXPECT_EQ(doc["pods"].get_uint64().value(), 3000U);
  EXPECT_EQ(doc["containers"].get_uint64().value(), 3000U * 6);
  EXPECT_EQ(doc["violations"].get_array().size(), 0U);
  EXPECT_GE(doc["seconds"]["total"].get_double().value(), 0.0);
  const auto text = dsbench("lifecycle verify " + path + " --threads 1");
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("no violations"), std::string::npos) << text.out;
  std::filesystem::remove(path);
}

TEST(LifecycleCli, SimulateIsDeterministicAndWritesStdout) {
  const auto first = dsbench("lifecycle simulate --pods 500 --seed 3 -o -");
  const auto second = dsbench("lifecycle simulate --pods 500 --seed 3 --threads 1 -o -");
  const auto other = dsbench("lifecycle simulate --pods 500 --seed 4 -o -");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_FALSE(first.out.empty());
  EXPECT_EQ(first.out, second.out);
  EXPECT_NE(first.out, other.out);
  EXPECT_EQ(first.out.rfind("{\"pod\":\"sim/pod-0\",\"uid\":", 0), 0U) << first.out.substr(0, 100);
}

TEST(LifecycleCli, ViolationsExitOneWithTheContractFields) {
  const auto run = dsbench("lifecycle verify " + fixture("ordering-violations.jsonl") + " --format json");
  ASSERT_EQ(run.exit_code, 1) << run.err;
  simdjson::dom::parser parser;
  const auto doc = parser.parse(run.out).value();
  EXPECT_EQ(doc["pods"].get_uint64().value(), 4U);
  EXPECT_EQ(doc["containers"].get_uint64().value(), 10U);
  const auto violations = doc["violations"].get_array().value();
  ASSERT_EQ(violations.size(), 5U);
  const auto first = violations.at(0).value();
  EXPECT_EQ(std::string(first["pod"].get_string().value()), "demo/init-overlap");
  EXPECT_EQ(std::string(first["container"].get_string().value()), "init2");
  EXPECT_EQ(std::string(first["invariant"].get_string().value()), "ORD-1");
  EXPECT_FALSE(std::string_view(first["detail"].get_string().value()).empty());
  EXPECT_EQ(doc["counts"]["SC-4"].get_uint64().value(), 1U);
  const auto text = dsbench("lifecycle verify " + fixture("ordering-violations.jsonl"));
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_NE(text.out.find("BO-1    demo/early-restart app:"), std::string::npos) << text.out;
}

TEST(LifecycleCli, PodListsAreVerifiedAsSnapshots) {
  const auto run = dsbench("lifecycle verify " + fixture("pods-snapshot.json") + " --format json");
  ASSERT_EQ(run.exit_code, 1) << run.err;
  simdjson::dom::parser parser;
  const auto doc = parser.parse(run.out).value();
  EXPECT_EQ(std::string(doc["kind"].get_string().value()), "pods");
  EXPECT_EQ(doc["pods"].get_uint64().value(), 3U);
  EXPECT_EQ(doc["violations"].get_array().size(), 4U);
  EXPECT_EQ(doc["counts"]["ORD-2"].get_uint64().value(), 1U);
}

TEST(LifecycleCli, BadInputExitsTwoNamingFileLineAndField) {
  const std::string path = temp_path("dsb-lifecycle-bad.jsonl");
  {
    std::ofstream out(path);
    out << R"({"pod":"ns/a","spec":{"containers":[{"name":"app"}]}})" << "\n"
        << R"({"pod":"ns/a","t":1,"ev":"SandboxReady","sandbox":0})" << "\n"
        << R"({"pod":"ns/a","t":0.5,"ev":"ContainerCreated","c":"app","instance":0})" << "\n";
  }
  const auto run = dsbench("lifecycle verify " + path);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(path), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("line 3"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("field t"), std::string::npos) << run.err;
  EXPECT_TRUE(run.out.empty());
  std::filesystem::remove(path);

  const auto missing = dsbench("lifecycle verify " + temp_path("no-such-trace.jsonl"));
  EXPECT_EQ(missing.exit_code, 2);
  const auto usage = dsbench("lifecycle simulate --pods 10 --fail-rate 2 -o -");
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_NE(usage.err.find("--fail-rate"), std::string::npos) << usage.err;
  const auto no_output = dsbench("lifecycle simulate --pods 10");
  EXPECT_EQ(no_output.exit_code, 2);
  const auto bad_policy = dsbench("lifecycle simulate --pods 10 --restart-policy Sometimes -o -");
  EXPECT_EQ(bad_policy.exit_code, 2);
}

TEST(LifecycleCli, FailedWritesLeaveNoFile) {
  const std::string dir = temp_path("dsb-no-such-dir/");
  const auto run = dsbench("lifecycle simulate --pods 10 -o " + dir + "trace.jsonl");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir + "trace.jsonl"));
}

}  // namespace
}  // namespace dsb
