// dsbench command line: argument parsing, dispatch, exit codes. The engine never prints;
// everything a user sees is written here or in the command files.
#include <cstdio>
#include <exception>
#include <map>
#include <string>

#include <CLI/CLI.hpp>

#include "engine/cli/commands.hpp"
#include "engine/platform/huge_pages.hpp"
#include "engine/version.hpp"

int main(int argc, char** argv) {
  dsb::platform::enable_huge_pages_or_reexec(argv);
  CLI::App app{"dsbench: where DaemonSet pods must run, what the controller does next, and how fast that can be known"};
  app.set_version_flag("--version", std::string(dsb::VERSION) + " (" + dsb::GIT_COMMIT + ")");
  app.require_subcommand(1);
  std::map<CLI::App*, dsb::cli::runner> runners;
  auto add = [&](dsb::cli::runner (*make)(CLI::App&)) {
    const std::size_t before = app.get_subcommands({}).size();
    dsb::cli::runner run = make(app);
    runners.emplace(app.get_subcommands({})[before], std::move(run));
  };
  add(dsb::cli::add_generate);
  add(dsb::cli::add_inspect);
  add(dsb::cli::add_place);
  add(dsb::cli::add_variants);
  add(dsb::cli::add_lifecycle);
  add(dsb::cli::add_reconcile);
  add(dsb::cli::add_run);
  add(dsb::cli::add_audit);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& parse_error) {
    std::fprintf(stderr, "dsbench: usage error: %s\nRun 'dsbench --help' for the commands.\n", parse_error.what());
    return dsb::cli::EXIT_BAD_INPUT;
  }
  try {
    for (const auto& [command, run] : runners) {
      if (command->parsed()) return run();
    }
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "dsbench: error: out of memory\n");
    return dsb::cli::EXIT_BAD_INPUT;
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "dsbench: internal error: %s\n", ex.what());
    return 3;
  }
  return dsb::cli::EXIT_BAD_INPUT;
}
