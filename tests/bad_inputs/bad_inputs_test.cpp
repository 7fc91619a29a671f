// tests/bad_inputs/: hostile and malformed files, each with the error it must produce.
//
// EXPECTED.tsv lists every file under cases/ with the field path the error must name and
// a phrase its message must contain. The reader is chosen by the folder (nodes/,
// daemonsets/, pods/). Every error must name the file; errors inside an object must also
// name the object and the field. A file in cases/ that EXPECTED.tsv does not list fails
// the suite, so no case is silently skipped. A sample also goes through the CLI: exit
// status 2, one line on stderr, nothing on stdout.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/io/read.hpp"
#include "tests/support/test_paths.hpp"

namespace dsb {
namespace {

struct bad_case {
  std::string file;
  std::string field;
  std::string message;
};

std::vector<bad_case> load_cases() {
  std::vector<bad_case> out;
  std::istringstream lines(test::read_text(test::source_path("tests/bad_inputs/EXPECTED.tsv")));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto first = line.find('\t');
    const auto second = line.find('\t', first + 1);
    out.push_back({line.substr(0, first), line.substr(first + 1, second - first - 1), line.substr(second + 1)});
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
  auto read = io::read_pods_file(path);
  return read.ok() ? error{} : std::move(read).err();
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
      EXPECT_FALSE(err.object.empty()) << "error inside an object must name it: " << text;
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

TEST(BadInputs, MissingFile) {
  const auto read = io::read_nodes_file("/nonexistent/nodes.json");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.err().code, error_code::io);
  EXPECT_NE(read.err().describe().find("/nonexistent/nodes.json: cannot open"), std::string::npos);
}

TEST(BadInputs, CliExitsWithStatusTwoAndOneLine) {
  for (const char* relative : {"nodes/truncated.json", "nodes/label-key-invalid.json", "nodes/yaml-label-bool.yaml"}) {
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
