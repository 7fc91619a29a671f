// The dsbench subcommands. Each registers its options on the CLI11 app and returns a
// runner; runners return the process exit code (0 ok, 1 violations found, 2 bad input).
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace dsb::cli {

using runner = std::function<int()>;

/// Exit codes (DESIGN.md "Command-line contract").
inline constexpr int EXIT_OK = 0;
inline constexpr int EXIT_VIOLATIONS = 1;
inline constexpr int EXIT_BAD_INPUT = 2;

runner add_generate(CLI::App& app);
runner add_inspect(CLI::App& app);
runner add_place(CLI::App& app);
runner add_variants(CLI::App& app);
runner add_lifecycle(CLI::App& app);   // engine/cli/cmd_lifecycle.cpp
runner add_reconcile(CLI::App& app);   // engine/cli/cmd_reconcile.cpp
runner add_run(CLI::App& app);         // engine/cli/cmd_run.cpp
runner add_audit(CLI::App& app);       // engine/cli/cmd_audit.cpp

}  // namespace dsb::cli
