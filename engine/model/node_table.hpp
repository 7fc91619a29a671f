// node_table: the nodes of a cluster as struct-of-arrays columns, one row per node_id.
//
// Columns are plural and carry their units (STYLE.md 5). Fixed-size facts are plain
// vectors; variable-length facts (labels, taints, extended resources, host ports in use)
// are span_tables. Requested amounts and ports in use are not part of a Node object:
// they start at zero and are filled by whoever assigns pods (controller/admission).
//
// Bytes per node: names 4, conditions 5, resources 8 x 8, rows 5 x 8 extents plus entries
// (labels 4 B each: the value id, whose key the label index knows; taints 4 B each); see
// cluster::memory_report().
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/model/fwd.hpp"
#include "engine/model/label_index.hpp"
#include "engine/model/node_set.hpp"
#include "engine/model/span_table.hpp"

namespace dsb {

/// Node condition status: True, False, Unknown, or the condition is absent.
enum class condition_status : std::uint8_t { absent, true_, false_, unknown };
std::string_view to_string(condition_status status) noexcept;

/// The node conditions the model keeps (kubelet-reported, used by the node lifecycle
/// controller to derive taints).
enum class node_condition : std::uint8_t { ready, memory_pressure, disk_pressure, pid_pressure, network_unavailable };
inline constexpr std::size_t NODE_CONDITION_COUNT = 5;
std::string_view to_string(node_condition condition) noexcept;  ///< "Ready", "MemoryPressure", ...

using node_conditions = std::array<condition_status, NODE_CONDITION_COUNT>;

/// Allocatable (or requested) amounts of the resources the scheduler always tracks.
struct node_resources {
  std::int64_t cpu_milli = 0;
  std::int64_t memory_bytes = 0;
  std::int64_t pods = 0;
  std::int64_t ephemeral_storage_bytes = 0;
  friend bool operator==(const node_resources&, const node_resources&) = default;
};

/// An extended resource amount (nvidia.com/gpu, hugepages-2Mi, ...), Value() units.
struct extended_amount {
  resource_id resource;
  std::int64_t amount = 0;
  friend bool operator==(const extended_amount&, const extended_amount&) = default;
};

enum class port_protocol : std::uint8_t { tcp, udp, sctp };
std::string_view to_string(port_protocol protocol) noexcept;

/// A host port in use on a node: (hostIP, protocol, port); hostIP "0.0.0.0" is the wildcard.
struct host_port {
  string_id host_ip;
  std::uint16_t port = 0;
  port_protocol protocol = port_protocol::tcp;
  friend bool operator==(const host_port&, const host_port&) = default;
};

struct node_table {
  std::vector<string_id> names;
  node_set unschedulable;                              ///< spec.unschedulable (cordoned)
  node_set removed;                                    ///< deleted nodes keep their id as tombstones (cluster_edit.hpp)
  std::size_t removed_count = 0;                       ///< removed.count(), kept by cluster_editor
  std::vector<node_conditions> conditions;
  std::vector<std::int64_t> cpu_allocatable_milli;
  std::vector<std::int64_t> memory_allocatable_bytes;
  std::vector<std::int64_t> pods_allocatable;
  std::vector<std::int64_t> ephemeral_storage_allocatable_bytes;
  std::vector<std::int64_t> cpu_requested_milli;
  std::vector<std::int64_t> memory_requested_bytes;
  std::vector<std::int64_t> pods_requested;            ///< pods assigned to the node
  std::vector<std::int64_t> ephemeral_storage_requested_bytes;
  span_table<label_value_id> labels;                   ///< rows sorted by the values' key ids (label_index::value(v).key)
  span_table<taint_id> taints;                         ///< rows in spec.taints order
  span_table<extended_amount> extended_allocatable;    ///< rows sorted by resource id
  span_table<extended_amount> extended_requested;
  span_table<host_port> host_ports_in_use;

  std::size_t size() const noexcept { return names.size(); }
  /// Nodes that exist (size() minus tombstones of removed nodes).
  std::size_t live_count() const noexcept { return size() - removed_count; }
  condition_status ready(node_id node) const noexcept {
    return conditions[to_index(node)][static_cast<std::size_t>(node_condition::ready)];
  }
  node_resources allocatable(node_id node) const noexcept {
    const auto idx = to_index(node);
    return {cpu_allocatable_milli[idx], memory_allocatable_bytes[idx], pods_allocatable[idx],
            ephemeral_storage_allocatable_bytes[idx]};
  }
  std::size_t memory_bytes() const noexcept;
};

}  // namespace dsb
