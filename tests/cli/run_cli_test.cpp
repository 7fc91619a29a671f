// dsbench run: the summary, results JSON with its context, the timeline CSV, sweeps, exit
// codes for violations and bad input, and no partial output files.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>

#include <simdjson.h>

#include "tests/support/test_paths.hpp"

namespace dsb {
namespace {

std::string scenario() { return test::source_path("tests/sim/data/small.yaml"); }
test::command_result dsbench(const std::string& args) { return test::run_command(test::dsbench_binary() + " " + args); }

TEST(RunCli, SummaryJsonAndTimeline) {
  const std::string dir = testing::TempDir();
  const std::string json = dir + "/run-results.json";
  const std::string csv = dir + "/run-timeline.csv";
  const auto run = dsbench("run " + scenario() + " --quiet --threads 1 --out " + json + " --timeline " + csv);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("scenario small: 10 nodes, 1 DaemonSets"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("ops/agent"), std::string::npos);
  EXPECT_NE(run.out.find("0 violations"), std::string::npos);
  EXPECT_NE(run.out.find("events/s"), std::string::npos);

  simdjson::dom::parser parser;
  const std::string text = test::read_text(json);
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS);
  for (const char* field : {"version", "gitCommit", "cpuModel", "threads", "variant", "scenarioChecksum"}) {
    EXPECT_EQ(doc["context"][field].error(), simdjson::SUCCESS) << field;
  }
  EXPECT_EQ(doc["context"]["threads"].get_uint64().value(), 1U);
  const auto ds = doc["daemonsets"].at(0);
  EXPECT_EQ(std::string(ds["daemonset"].get_string().value()), "ops/agent");
  EXPECT_EQ(ds["status"]["updatedNumberScheduled"].get_int64().value(), 10);
  EXPECT_EQ(ds["peakUnavailable"].get_int64().value(), 1);
  EXPECT_EQ(doc["invariants"]["violations"].get_uint64().value(), 0U);

  const std::string timeline = test::read_text(csv);
  EXPECT_EQ(timeline.rfind("t_seconds,daemonset,desired,current,updated,available,unavailable,pending\n", 0), 0U);
  EXPECT_NE(timeline.find("\n0.000,ops/agent,10,10,10,10,0,0\n"), std::string::npos) << timeline.substr(0, 300);
}

TEST(RunCli, SameSeedSameResultsWhateverTheVariantOrThreads) {
  const std::string dir = testing::TempDir();
  std::string first;
  for (const char* extra : {"--threads 1", "--threads 2", "--threads 2 --variant reference", "--threads 1 --variant incremental"}) {
    const std::string csv = dir + "/det-timeline.csv";
    const auto run = dsbench("run " + scenario() + " --quiet --timeline " + csv + " " + extra);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const std::string timeline = test::read_text(csv);
    if (first.empty()) first = timeline;
    EXPECT_EQ(timeline, first) << extra;
  }
}

TEST(RunCli, SweepPrintsOneRowPerValue) {
  const auto run = dsbench("run " + scenario() + " --quiet --sweep maxUnavailable=1,50%,100%");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("sweep maxUnavailable over 3 values"), std::string::npos) << run.out;
  for (const char* value : {"\n1 ", "\n50%", "\n100%"}) EXPECT_NE(run.out.find(value), std::string::npos) << value << run.out;
}

TEST(RunCli, ViolationsExitOne) {
  const std::string dir = testing::TempDir();
  const std::string broken = dir + "/broken.yaml";
  std::string text = test::read_text(scenario());
  text += "  faults: {ignoreMaxUnavailable: true}\n";
  // `run:` is the last mapping of small.yaml: the appended line belongs to it.
  {
    FILE* f = std::fopen(broken.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs(text.c_str(), f);
    std::fclose(f);
  }
  // Relative paths of the copy resolve beside it: point them back at the fixtures.
  std::filesystem::copy_file(test::source_path("tests/sim/data/nodes-10.yaml"), dir + "/nodes-10.yaml", std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(test::source_path("tests/sim/data/agent.yaml"), dir + "/agent.yaml", std::filesystem::copy_options::overwrite_existing);
  const auto bad = dsbench("run " + broken + " --quiet");
  EXPECT_EQ(bad.exit_code, 1) << bad.out << bad.err;
  EXPECT_NE(bad.out.find("VIOLATION"), std::string::npos) << bad.out;
}

TEST(RunCli, BadInputExitsTwoAndWritesNothing) {
  const std::string dir = testing::TempDir();
  const std::string json = dir + "/never.json";
  std::filesystem::remove(json);
  auto run = dsbench("run /nonexistent.yaml --quiet --out " + json);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("/nonexistent.yaml"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(json));
  run = dsbench("run " + scenario() + " --quiet --set maxUnavailable=lots");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("maxUnavailable"), std::string::npos) << run.err;
  run = dsbench("run " + scenario() + " --quiet --variant nope --out " + json);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("run.variant"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(json));
  run = dsbench("run " + scenario() + " --quiet --sweep maxUnavailable");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
}

}  // namespace
}  // namespace dsb
