// Paths the tests need: the source tree (data files) and the dsbench binary.
#pragma once

#include <string>

namespace dsb::test {

/// Absolute path of a file in the source tree, e.g. source_path("tests/conformance/data/predicates.json").
std::string source_path(const std::string& relative);
/// Absolute path of the built dsbench binary.
std::string dsbench_binary();
/// Reads a whole file (test fails on error via an empty string and ADD_FAILURE).
std::string read_text(const std::string& path);

/// Runs a command, capturing stdout and stderr separately; returns the exit status.
struct command_result {
  int exit_code = -1;
  std::string out;
  std::string err;
};
command_result run_command(const std::string& command_line);

}  // namespace dsb::test
