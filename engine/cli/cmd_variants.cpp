// dsbench variants: the placement variant registry.
#include <cstdio>
#include <memory>
#include <string>

#include "engine/cli/commands.hpp"
#include "engine/io/json_writer.hpp"
#include "engine/predicates/variants.hpp"

namespace dsb::cli {

runner add_variants(CLI::App& app) {
  auto format = std::make_shared<std::string>("text");
  CLI::App* cmd = app.add_subcommand("variants", "List the placement variants (reference is the oracle)");
  cmd->add_option("--format", *format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  return [format]() {
    if (*format == "json") {
      std::string out;
      io::json_writer w(out, 2);
      w.begin_array();
      for (const pred::variant& entry : pred::variants()) w.begin_object().field("name", entry.name).field("description", entry.description).end_object();
      w.end_array();
      std::printf("%s\n", out.c_str());
      return EXIT_OK;
    }
    for (const pred::variant& entry : pred::variants()) {
      std::printf("%-14s %s\n", std::string(entry.name).c_str(), std::string(entry.description).c_str());
    }
    return EXIT_OK;
  };
}

}  // namespace dsb::cli
