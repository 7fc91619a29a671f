// Writers: a cluster as the NodeList `kubectl get nodes -o json` prints, and atomic files.
#pragma once

#include <string>
#include <string_view>

#include "engine/model/cluster.hpp"
#include "engine/model/error.hpp"

namespace dsb::io {

struct node_list_options {
  int indent = 4;  ///< kubectl's indentation; 0 = compact
};

/// Appends a v1 List of Nodes (kind "List", as `kubectl get nodes -o json`) to `out`.
/// Every fact of the model is written (name, labels, taints, unschedulable, conditions,
/// allocatable and extended resources); the fields a real kubelet adds and the model does
/// not keep (uid, capacity, addresses, nodeInfo, timestamps) are filled deterministically
/// from the node's name, so files look and weigh like real dumps and reading them back
/// gives the same model (cluster_digest).
void write_node_list_json(const cluster& c, std::string& out, const node_list_options& options = {});

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename,
/// so readers never see a half-written file; "-" writes to standard output.
status write_file_atomically(const std::string& path, std::string_view bytes);

}  // namespace dsb::io
