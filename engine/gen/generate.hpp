// Seeded synthetic clusters whose label, taint, resource and state distributions follow
// ../shared/spec/realworld-clusters.md §8 (see datasets/profiles/README.md for each profile).
//
// Contract: the same (nodes, profile, seed) gives the same cluster, byte for byte, on any
// machine and for any thread count. Nodes are ordered by name, as the API server lists them.
// Cost: O(nodes × labels per node); 100,000 nodes in well under a second on 2 cores.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "engine/model/cluster.hpp"
#include "engine/model/error.hpp"

namespace dsb::gen {

struct profile_info {
  std::string_view name;
  std::string_view description;
};

/// Every built-in profile, default first.
std::span<const profile_info> profiles() noexcept;
inline constexpr std::string_view DEFAULT_PROFILE = "eks";

struct cluster_spec {
  std::size_t nodes = 1000;
  std::string profile = std::string(DEFAULT_PROFILE);
  std::uint64_t seed = 1;
};

/// Largest cluster the generator makes (node ids and posting offsets are 32-bit).
inline constexpr std::size_t MAX_NODES = 16'000'000;

/// Builds the cluster. Errors: unknown profile, nodes outside [1, MAX_NODES].
result<cluster> generate_cluster(const cluster_spec& spec);

}  // namespace dsb::gen
