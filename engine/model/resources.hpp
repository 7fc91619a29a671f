// Resource names: which of a pod's or node's resources the scheduler compares, and how.
//
// Mirrors the resource-name classifiers of pkg/apis/core/v1/helper and the scheduler's
// `IsScalarResourceName` (predicates.md §8.2):
//   cpu                 -> millicores (MilliValue)
//   memory, ephemeral-storage, pods -> Value()
//   scalar              -> Value(): extended resources (a '/' outside kubernetes.io/),
//                          hugepages-*, attachable-volumes-*, any name containing kubernetes.io/
//   ignored             -> anything else (unknown unprefixed names)
#pragma once

#include <cstdint>
#include <string_view>

namespace dsb {

enum class resource_kind : std::uint8_t { cpu, memory, ephemeral_storage, pods, scalar, ignored };

resource_kind classify_resource(std::string_view name) noexcept;

/// An extended resource: contains '/', no "kubernetes.io/", not "requests." prefixed.
/// These must be whole numbers and request == limit (API validation).
bool is_extended_resource(std::string_view name) noexcept;
bool is_hugepages_resource(std::string_view name) noexcept;

}  // namespace dsb
