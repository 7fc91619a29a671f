// The CLI's single way to report a failure: one line on stderr, exit status 2.
#pragma once

#include <cstdio>

#include "engine/cli/commands.hpp"
#include "engine/model/error.hpp"

namespace dsb::cli {

inline int report(const error& err) {
  std::fprintf(stderr, "dsbench: error: %s\n", err.describe().c_str());
  return EXIT_BAD_INPUT;
}

}  // namespace dsb::cli
