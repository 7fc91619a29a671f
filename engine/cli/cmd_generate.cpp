// dsbench generate --nodes N [--profile P] [--seed S] [-o FILE] [--indent K]
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "engine/cli/commands.hpp"
#include "engine/cli/format.hpp"
#include "engine/cli/report_error.hpp"
#include "engine/gen/generate.hpp"
#include "engine/io/write.hpp"

namespace dsb::cli {

runner add_generate(CLI::App& app) {
  struct options {
    gen::cluster_spec spec;
    std::string output = "-";
    int indent = 4;
  };
  auto opts = std::make_shared<options>();
  std::string profiles;
  for (const gen::profile_info& info : gen::profiles()) profiles += (profiles.empty() ? "" : ", ") + std::string(info.name);
  CLI::App* cmd = app.add_subcommand("generate", "Write a seeded synthetic cluster as NodeList JSON (kubectl get nodes -o json)");
  cmd->add_option("--nodes", opts->spec.nodes, "Number of nodes")->required()->check(CLI::Range(std::size_t{1}, gen::MAX_NODES));
  cmd->add_option("--profile", opts->spec.profile, "Cluster profile: " + profiles)->capture_default_str();
  cmd->add_option("--seed", opts->spec.seed, "Random seed (same seed, same cluster)")->capture_default_str();
  cmd->add_option("-o,--output", opts->output, "Output file ('-' = standard output)")->capture_default_str();
  cmd->add_option("--indent", opts->indent, "Spaces per JSON level (kubectl: 4; 0 = compact)")->capture_default_str()->check(CLI::Range(0, 8));
  return [opts]() {
    const auto start = std::chrono::steady_clock::now();
    result<cluster> made = gen::generate_cluster(opts->spec);
    if (!made) return report(made.err());
    const double generated = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::string json;
    io::write_node_list_json(*made, json, io::node_list_options{opts->indent});
    if (const status written = io::write_file_atomically(opts->output, json); !written) return report(written.err());
    if (opts->output != "-") {
      const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::fprintf(stderr, "generated %s nodes (profile %s, seed %llu) in %s; wrote %s to %s in %s\n",
                   with_commas(static_cast<std::int64_t>(made->node_count())).c_str(), opts->spec.profile.c_str(),
                   static_cast<unsigned long long>(opts->spec.seed), human_seconds(generated).c_str(),
                   human_bytes(static_cast<double>(json.size())).c_str(), opts->output.c_str(), human_seconds(total).c_str());
    }
    return EXIT_OK;
  };
}

}  // namespace dsb::cli
