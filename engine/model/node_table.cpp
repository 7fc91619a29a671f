#include "engine/model/node_table.hpp"

namespace dsb {

std::string_view to_string(condition_status status) noexcept {
  switch (status) {
    case condition_status::absent: return "Absent";
    case condition_status::true_: return "True";
    case condition_status::false_: return "False";
    case condition_status::unknown: return "Unknown";
  }
  return "?";
}

std::string_view to_string(node_condition condition) noexcept {
  switch (condition) {
    case node_condition::ready: return "Ready";
    case node_condition::memory_pressure: return "MemoryPressure";
    case node_condition::disk_pressure: return "DiskPressure";
    case node_condition::pid_pressure: return "PIDPressure";
    case node_condition::network_unavailable: return "NetworkUnavailable";
  }
  return "?";
}

std::string_view to_string(port_protocol protocol) noexcept {
  switch (protocol) {
    case port_protocol::tcp: return "TCP";
    case port_protocol::udp: return "UDP";
    case port_protocol::sctp: return "SCTP";
  }
  return "?";
}

std::size_t node_table::memory_bytes() const noexcept {
  auto column = [](const auto& values) { return values.capacity() * sizeof(values[0]); };
  return column(names) + unschedulable.word_count() * sizeof(std::uint64_t) + column(conditions) +
         column(cpu_allocatable_milli) + column(memory_allocatable_bytes) + column(pods_allocatable) +
         column(ephemeral_storage_allocatable_bytes) + column(cpu_requested_milli) + column(memory_requested_bytes) +
         column(pods_requested) + column(ephemeral_storage_requested_bytes) + labels.memory_bytes() +
         taints.memory_bytes() + extended_allocatable.memory_bytes() + extended_requested.memory_bytes() +
         host_ports_in_use.memory_bytes();
}

}  // namespace dsb
