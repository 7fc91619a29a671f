// NODES arguments: a file (kubectl -o json|yaml, a Node, a List) or gen:N[:PROFILE[:SEED]].
#pragma once

#include <string>

#include "engine/io/read.hpp"
#include "engine/model/cluster.hpp"
#include "engine/model/error.hpp"

namespace dsb::cli {

struct loaded_cluster {
  cluster nodes;
  std::string source;          ///< the argument as given
  double seconds = 0;          ///< time to read or generate
  std::size_t input_bytes = 0; ///< 0 for generated clusters
};

/// Loads NODES. Errors name the argument ("gen:abc: N must be a positive integer").
result<loaded_cluster> load_nodes(const std::string& argument, io::validation mode);

}  // namespace dsb::cli
