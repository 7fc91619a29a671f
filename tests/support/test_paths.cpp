#include "tests/support/test_paths.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace dsb::test {

std::string source_path(const std::string& relative) { return std::string(DSB_SOURCE_DIR) + "/" + relative; }

std::string dsbench_binary() { return DSB_DSBENCH_BINARY; }

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return {};
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

command_result run_command(const std::string& command_line) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string stem = (dir / ("dsb-test-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()))).string();
  const std::string out_path = stem + ".out";
  const std::string err_path = stem + ".err";
  const std::string full = command_line + " >" + out_path + " 2>" + err_path;
  const int status = std::system(full.c_str());
  command_result result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_text(out_path);
  result.err = read_text(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return result;
}

}  // namespace dsb::test
