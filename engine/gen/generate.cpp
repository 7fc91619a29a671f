// generate_cluster(): validate the spec, then the pipeline of engine/gen/internal/:
//
//   describe_cluster  region, zones, cluster-wide flags              (cluster_facts.cpp)
//   plan_cluster      pools per kind, pool sizes, pool-zone counts   (plan.cpp)
//   describe_pools    per pool: types, labels, taints, names         (pool_recipe.cpp, labels_*.cpp)
//   draw_nodes        per node: draws and name, in parallel; sort    (node_draws.cpp)
//   assemble_cluster  cluster_builder in name order                  (assemble.cpp)
//
// Every step is a function of (nodes, profile, seed) alone; only draw_nodes runs in
// parallel, and its result does not depend on the thread count.
#include "engine/gen/generate.hpp"

#include <string>

#include "engine/gen/internal/assemble.hpp"
#include "engine/gen/internal/cluster_facts.hpp"
#include "engine/gen/internal/node_draws.hpp"
#include "engine/gen/internal/plan.hpp"
#include "engine/gen/internal/pool_recipe.hpp"
#include "engine/gen/internal/profile_def.hpp"

namespace dsb::gen {
namespace {

std::string known_profiles() {
  std::string names;
  for (const profile_info& info : profiles()) names += (names.empty() ? "" : ", ") + std::string(info.name);
  return names;
}

}  // namespace

result<cluster> generate_cluster(const cluster_spec& spec) {
  const std::string source = "gen:" + std::to_string(spec.nodes) + ":" + spec.profile + ":" + std::to_string(spec.seed);
  const internal::profile_def* profile = internal::find_profile(spec.profile);
  if (profile == nullptr) {
    return error{error_code::invalid_value, source, {}, "profile", {},
                 "unknown profile \"" + spec.profile + "\" (profiles: " + known_profiles() + ")"};
  }
  if (spec.nodes < 1 || spec.nodes > MAX_NODES) {
    return error{spec.nodes < 1 ? error_code::invalid_value : error_code::limit, source, {}, "nodes", {},
                 "node count " + std::to_string(spec.nodes) + " is outside [1, " + std::to_string(MAX_NODES) + "]"};
  }
  const auto nodes = static_cast<std::uint32_t>(spec.nodes);
  const internal::cluster_facts facts = internal::describe_cluster(*profile, nodes, spec.seed);
  const internal::cluster_plan plan = internal::plan_cluster(*profile, facts, nodes, spec.seed);
  const std::vector<internal::pool_recipe> recipes = internal::describe_pools(*profile, facts, plan, spec.seed);
  const internal::node_draws drawn = internal::draw_nodes(*profile, plan, recipes, spec.seed);
  if (!drawn.names_fit) {
    return error{error_code::limit, source, {}, "metadata.name", {},
                 "a generated node name exceeds " + std::to_string(internal::NAME_CAPACITY) + " characters (generator bug)"};
  }
  return internal::assemble_cluster(facts, recipes, drawn, spec.seed);
}

}  // namespace dsb::gen
