// The built-in generator profiles as data: which platform's labels and names, what share
// of nodes each pool kind gets, how often each transient node state occurs, and which share
// of pools carries each optional taint. Every number names its section of
// ../shared/spec/realworld-clusters.md; all of §8 is EST there, and so is everything here.
// datasets/profiles/README.md explains each profile in prose.
// Cost: a static table; lookups are a linear scan over 5 entries.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace dsb::gen::internal {

/// Whose label set, node names, instance types and reservations a profile uses (§3, §5).
enum class platform : std::uint8_t { eks, gke, aks, onprem };

/// Pool kinds of §8.2 (rows of its table).
enum class pool_kind : std::uint8_t {
  general,        ///< general-purpose on-demand amd64
  spot,           ///< spot / preemptible capacity
  arm64,          ///< arm64 (Graviton, Tau T2A, Ampere)
  dedicated,      ///< memory/compute optimised, dedicated to a team or app
  gpu,            ///< NVIDIA GPUs (GFD + GPU operator + NFD labels)
  system,         ///< system / infra add-ons
  windows,        ///< Windows Server
  virtual_node,   ///< EKS Fargate / AKS virtual-kubelet (ACI)
  control_plane,  ///< kubeadm control plane (onprem only)
};
inline constexpr std::size_t POOL_KIND_COUNT = 9;

/// Transient node states of §8.4; a node is in exactly one per snapshot.
enum class node_state : std::uint8_t {
  healthy,
  not_ready,           ///< Ready=False; not-ready NoSchedule + NoExecute
  unreachable,         ///< Ready=Unknown; unreachable NoSchedule + NoExecute
  cordoned,            ///< spec.unschedulable; unschedulable NoSchedule
  memory_pressure,     ///< MemoryPressure=True; memory-pressure NoSchedule
  disk_pressure,       ///< DiskPressure=True; disk-pressure NoSchedule
  pid_pressure,        ///< PIDPressure=True; pid-pressure NoSchedule
  uninitialized,       ///< node.cloudprovider.kubernetes.io/uninitialized=true:NoSchedule
  deletion_candidate,  ///< DeletionCandidateOfClusterAutoscaler=<unix time>:PreferNoSchedule
  to_be_deleted,       ///< ToBeDeletedByClusterAutoscaler=<unix time>:NoSchedule
};
inline constexpr std::size_t NODE_STATE_COUNT = 10;

struct profile_def {
  std::string_view name;
  std::string_view description;
  platform plat = platform::eks;
  /// Share of nodes per pool kind in parts per million (§8.2); sums to 1,000,000.
  /// control_plane is a fixed count instead (kubeadm: 3, or 5 from 1,000 nodes; §4).
  std::array<std::uint32_t, POOL_KIND_COUNT> kind_ppm{};
  /// Share of nodes per transient state in ppm (§8.4); healthy takes the rest.
  std::array<std::uint32_t, NODE_STATE_COUNT> state_ppm{};
  /// Share of eligible pools managed by Karpenter (EKS-style only; §3 "EKS + Karpenter").
  std::uint32_t karpenter_pool_ppm = 0;
  /// Share of pools of each kind carrying the kind's optional taint (§8.2 "Taints").
  std::uint32_t spot_taint_ppm = 0;
  std::uint32_t dedicated_taint_ppm = 0;
  std::uint32_t gpu_taint_ppm = 0;
  std::uint32_t system_taint_ppm = 0;
  std::uint32_t windows_taint_ppm = 0;
  /// Chance that the cluster has one virtual-kubelet node (AKS virtual nodes / ACI).
  std::uint32_t single_virtual_node_ppm = 0;
  /// Whether the cluster has kubeadm control-plane Nodes (onprem).
  bool control_plane_nodes = false;
  /// Most labels an ordinary (non-GPU, non-virtual) node carries (§8.3: 15-35; kubeadm 5-16).
  std::uint32_t label_budget = 35;
};

/// Every profile, default (eks) first.
std::span<const profile_def> profile_defs() noexcept;
/// The profile named `name`, or nullptr.
const profile_def* find_profile(std::string_view name) noexcept;

std::string_view to_string(pool_kind kind) noexcept;
std::string_view to_string(node_state state) noexcept;

}  // namespace dsb::gen::internal
