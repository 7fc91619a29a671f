// tests/bad_inputs/: hostile and malformed files, each with the error it must produce.
//
// EXPECTED.tsv lists every file under cases/ with the field path the error must name and
// a phrase its message must contain, and optionally where the error must point (a prefix of
// its location: "byte N" for JSON, "line N" for YAML and traces). The reader is chosen by the
// folder (nodes/, daemonsets/, pods/, scenarios/, traces/). Every error must name the file;
// errors inside an object must also name the object (or at least its line) and the field;
// every JSON syntax error names a byte offset and every YAML syntax error a line. A file in
// cases/ that EXPECTED.tsv does not list fails the suite, so no case is silently skipped.
// Large generated inputs (10,000 labels, 1,000 terms, 1,000,000 nodes) are in limits_test.cpp. A sample also goes through the CLI: exit
// status 2, one line on stderr, nothing on stdout.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/io/read.hpp"
#include "engine/lifecycle/trace_reader.hpp"
#include "engine/sim/scenario.hpp"
#include "tests/support/test_paths.hpp"

namespace dsb {
namespace {

struct bad_case {
  std::string file;
  std::string field;
  std::string message;
  std::string location;  ///< prefix of error::location, or empty (not checked)
};

std::vector<bad_case> load_cases() {
  std::vector<bad_case> out;
  std::istringstream lines(test::read_text(test::source_path("tests/bad_inputs/EXPECTED.tsv")));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto first = line.find('\t');
    const auto second = line.find('\t', first + 1);
    const auto third = line.find('\t', second + 1);
    out.push_back({line.substr(0, first), line.substr(first + 1, second - first - 1),
                   line.substr(second + 1, third == std::string::npos ? std::string::npos : third - second - 1),
                   third == std::string::npos ? std::string() : line.substr(third + 1)});
  }
  return out;
}

error read_error(const std::string& relative) {
  const std::string path = test::source_path("tests/bad_inputs/cases/" + relative);
  if (relative.rfind("nodes/", 0) == 0) {
    auto read = io::read_nodes_file(path);
    return read.ok() ? error{} : std::move(read).err();
  }
  if (relative.rfind("daemonsets/", 0) == 0) {
    auto read = io::read_daemonsets_file(path);
    return read.ok() ? error{} : std::move(read).err();
  }
  if (relative.rfind("scenarios/", 0) == 0) {
    auto read = sim::read_scenario_file(path);
    return read.ok() ? error{} : std::move(read).err();
  }
  if (relative.rfind("traces/", 0) == 0) {
    auto read = lifecycle::read_trace_text(path, test::read_text(path));
    return read.ok() ? error{} : std::move(read).err();
  }
  auto read = io::read_pods_file(path);
  return read.ok() ? error{} : std::move(read).err();
}

// "line 6" matches "line 6" and "line 6, column 3", not "line 61".
bool location_matches(const std::string& location, const std::string& prefix) {
  if (location.rfind(prefix, 0) != 0) return false;
  return location.size() == prefix.size() || !std::isdigit(static_cast<unsigned char>(location[prefix.size()])) ||
         !std::isdigit(static_cast<unsigned char>(prefix.back()));
}

TEST(BadInputs, EveryCaseFailsWithItsError) {
  const std::vector<bad_case> cases = load_cases();
  ASSERT_GE(cases.size(), 60U);
  for (const bad_case& bad : cases) {
    SCOPED_TRACE(bad.file);
    const error err = read_error(bad.file);
    ASSERT_FALSE(err.message.empty()) << bad.file << " was accepted";
    const std::string text = err.describe();
    EXPECT_NE(err.file.find(bad.file), std::string::npos) << "error must name the file: " << text;
    EXPECT_EQ(err.field, bad.field) << text;
    EXPECT_NE(err.message.find(bad.message), std::string::npos) << "expected \"" << bad.message << "\" in: " << text;
    if (!bad.field.empty()) {
      // Inside an object: name it, or (a trace line before its pod is known, a kind that is
      // not a string) at least the line that holds it.
      EXPECT_FALSE(err.object.empty() && err.location.empty()) << "error inside an object must name it or its line: " << text;
    }
    if (!bad.location.empty()) {
      EXPECT_TRUE(location_matches(err.location, bad.location)) << "expected location \"" << bad.location << "\" in: " << text;
    }
    if (err.message.rfind("malformed JSON", 0) == 0 && err.message.find("parsing a number") == std::string::npos) {
      EXPECT_FALSE(err.location.empty()) << "a JSON syntax error must name a byte offset or line: " << text;
    }
    if (err.message.rfind("malformed YAML", 0) == 0) {
      EXPECT_EQ(err.location.rfind("line ", 0), 0U) << "a YAML syntax error must name a line: " << text;
    }
  }
}

TEST(BadInputs, EveryFileIsListed) {
  std::set<std::string> listed;
  for (const bad_case& bad : load_cases()) listed.insert(bad.file);
  const std::filesystem::path root = test::source_path("tests/bad_inputs/cases");
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const std::string relative = std::filesystem::relative(entry.path(), root).string();
    EXPECT_TRUE(listed.contains(relative)) << relative << " is not in EXPECTED.tsv";
  }
}

// A failing run writes nothing: no results file appears and an existing one is left as it was
// (the CLI writes results to a temporary file and renames it).
TEST(BadInputs, FailedRunLeavesOutputUntouched) {
  const std::string dir = ::testing::TempDir();
  const std::string fresh = dir + "/dsb-bad-inputs-fresh.json";
  const std::string kept = dir + "/dsb-bad-inputs-kept.json";
  std::filesystem::remove(fresh);
  { std::ofstream(kept) << "previous"; }
  for (const char* relative : {"scenarios/nodes-zero.yaml", "scenarios/timeline-unknown-action.yaml"}) {
    const std::string path = test::source_path(std::string("tests/bad_inputs/cases/") + relative);
    const test::command_result run = test::run_command(test::dsbench_binary() + " run " + path + " --out " + fresh + " --timeline " + kept);
    EXPECT_EQ(run.exit_code, 2) << run.err;
    EXPECT_FALSE(std::filesystem::exists(fresh)) << relative;
    EXPECT_EQ(test::read_text(kept), "previous") << relative;
  }
}

TEST(BadInputs, MissingFile) {
  const auto read = io::read_nodes_file("/nonexistent/nodes.json");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.err().code, error_code::io);
  EXPECT_NE(read.err().describe().find("/nonexistent/nodes.json: cannot open"), std::string::npos);
}

TEST(BadInputs, CliExitsWithStatusTwoAndOneLine) {
  for (const char* relative : {"nodes/truncated.json", "nodes/label-key-invalid.json", "nodes/yaml-label-bool.yaml",
                               "nodes/deep-nesting.json", "nodes/deep-nesting.yaml", "nodes/utf8-overlong.json",
                               "nodes/bom-then-garbage.json"}) {
    const std::string path = test::source_path(std::string("tests/bad_inputs/cases/") + relative);
    const test::command_result run = test::run_command(test::dsbench_binary() + " inspect " + path);
    EXPECT_EQ(run.exit_code, 2) << relative;
    EXPECT_TRUE(run.out.empty()) << "no partial output: " << run.out;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
    EXPECT_NE(run.err.find(path), std::string::npos) << run.err;
  }
  const test::command_result missing = test::run_command(test::dsbench_binary() + " inspect /nonexistent.json");
  EXPECT_EQ(missing.exit_code, 2);
  const test::command_result usage = test::run_command(test::dsbench_binary() + " inspect");
  EXPECT_EQ(usage.exit_code, 2) << "missing NODES is a usage error";
  const test::command_result bad_gen = test::run_command(test::dsbench_binary() + " inspect gen:abc");
  EXPECT_EQ(bad_gen.exit_code, 2);
  EXPECT_NE(bad_gen.err.find("gen:abc"), std::string::npos);
}

}  // namespace
}  // namespace dsb
