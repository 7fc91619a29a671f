// The serial last step of the generator: nodes in name order through the cluster_builder.
//
// Per node: the shared (pool, zone, variant) label row (label_rows.hpp) plus what is unique
// to the node (hostname = name; rack, serial, gfd.timestamp when drawn), the pool's taints
// followed by the state's taints, the state's conditions and unschedulable flag, and the
// variant's allocatable and extended resources. Taints and resource ids are interned once
// per distinct value (cached here), label values once per distinct text (label_rows and
// the builder's own value table).
// Cost: O(N x labels per node) inside add_node/finish; ~0.3-0.5 us per node here.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/gen/internal/cluster_facts.hpp"
#include "engine/gen/internal/node_draws.hpp"
#include "engine/gen/internal/pool_recipe.hpp"
#include "engine/model/cluster.hpp"
#include "engine/model/error.hpp"

namespace dsb::gen::internal {

result<cluster> assemble_cluster(const cluster_facts& facts, const std::vector<pool_recipe>& recipes, const node_draws& drawn,
                                 std::uint64_t seed);

}  // namespace dsb::gen::internal
