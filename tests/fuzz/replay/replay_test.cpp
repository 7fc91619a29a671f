// Replays every kept fuzz input (tests/fuzz/regressions/<target>/*) through its target's body
// in the ordinary test build, so a fixed crash stays fixed under `make test` (and under the
// asan-ubsan preset). The bodies are the same files libFuzzer runs (tests/fuzz/<target>.cpp,
// compiled without DSB_FUZZ_ENTRY they register themselves). A broken invariant aborts.
#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "tests/fuzz/fuzz_target.hpp"
#include "tests/support/test_paths.hpp"

namespace dsb {
namespace {

const fuzz::target* find_target(const std::string& name) {
  for (const fuzz::target& t : fuzz::registry()) {
    if (name == t.name) return &t;
  }
  return nullptr;
}

TEST(FuzzRegressions, EveryTargetIsRegistered) {
  std::set<std::string> names;
  for (const fuzz::target& t : fuzz::registry()) names.insert(t.name);
  EXPECT_GE(names.size(), 12U);
  EXPECT_EQ(names.size(), fuzz::registry().size()) << "two targets share a name";
}

TEST(FuzzRegressions, KeptInputsReplayCleanly) {
  const std::filesystem::path root = test::source_path("tests/fuzz/regressions");
  std::size_t replayed = 0;
  for (const auto& folder : std::filesystem::directory_iterator(root)) {
    if (!folder.is_directory()) continue;
    const std::string name = folder.path().filename().string();
    const fuzz::target* target = find_target(name);
    ASSERT_NE(target, nullptr) << "regressions/" << name << " names no fuzz target";
    for (const auto& entry : std::filesystem::directory_iterator(folder.path())) {
      if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
      SCOPED_TRACE(entry.path().string());
      const std::string bytes = test::read_text(entry.path().string());
      EXPECT_EQ(target->run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), 0);
      ++replayed;
    }
  }
  RecordProperty("replayed", static_cast<int>(replayed));
}

// The bodies also run over every hostile file of tests/bad_inputs/ (cheap; they must fail
// cleanly, never crash) and over the empty input.
TEST(FuzzRegressions, BadInputsThroughEveryTarget) {
  const std::filesystem::path root = test::source_path("tests/bad_inputs/cases");
  std::vector<std::string> inputs{""};
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.file_size() < (1U << 20)) inputs.push_back(test::read_text(entry.path().string()));
  }
  for (const fuzz::target& t : fuzz::registry()) {
    SCOPED_TRACE(t.name);
    for (const std::string& bytes : inputs) {
      EXPECT_EQ(t.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), 0);
    }
  }
}

}  // namespace
}  // namespace dsb
