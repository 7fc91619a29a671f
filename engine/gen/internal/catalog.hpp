// Machine catalogue of the generator: instance types per platform and pool kind, the GPU
// models they carry, and the CPU generation that decides their NFD cpuid labels.
//
// Sources: realworld-clusters.md §5 (vCPU, memory, EKS eni-max-pods, GPU counts for the
// types it lists) and §8.5 (which families to draw from). Types §5 does not list carry
// public vendor figures and are marked EST in datasets/profiles/README.md.
// Cost: static tables; `types_for` returns a span into them.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "engine/gen/internal/profile_def.hpp"

namespace dsb::gen::internal {

enum class cpu_arch : std::uint8_t { amd64, arm64 };
std::string_view to_string(cpu_arch arch) noexcept;

/// Decides the NFD `cpu-cpuid.*` set and `cpu-model.*` values (gpu_labels.cpp).
enum class cpu_generation : std::uint8_t { cascadelake, icelake, sapphirerapids, zen2, zen3, graviton2, graviton3 };

struct gpu_model {
  std::string_view product;          ///< GFD nvidia.com/gpu.product
  std::string_view family;           ///< GFD nvidia.com/gpu.family
  std::uint32_t memory_mib = 0;      ///< GFD nvidia.com/gpu.memory
  std::uint32_t compute_major = 0;   ///< GFD nvidia.com/gpu.compute.major
  std::uint32_t compute_minor = 0;
  bool mig_capable = false;          ///< GFD nvidia.com/mig.capable
  std::string_view gke_accelerator;  ///< cloud.google.com/gke-accelerator
  std::string_view short_name;       ///< karpenter.k8s.aws/instance-gpu-name, accelerator values
};

struct instance_type {
  std::string_view name;        ///< node.kubernetes.io/instance-type ("" on kubeadm)
  std::uint32_t vcpu = 0;
  std::uint32_t memory_gib = 0;  ///< nominal
  std::uint32_t max_pods = 0;    ///< EKS eni-max-pods (§5); 0 = the platform's default
  cpu_arch arch = cpu_arch::amd64;
  cpu_generation cpu = cpu_generation::cascadelake;
  std::string_view family;       ///< karpenter instance-family / GKE machine-family
  std::string_view size;         ///< karpenter instance-size
  std::uint32_t generation = 0;  ///< karpenter instance-generation
  std::string_view manufacturer;  ///< karpenter instance-cpu-manufacturer
  std::uint32_t clock_mhz = 0;    ///< karpenter instance-cpu-sustained-clock-speed-mhz
  std::uint32_t ebs_mbps = 0;     ///< karpenter instance-ebs-bandwidth
  std::uint32_t network_mbps = 0;  ///< karpenter instance-network-bandwidth
  bool encryption_in_transit = false;
  std::uint32_t gpus = 0;
  const gpu_model* gpu = nullptr;
  std::string_view machine;  ///< GFD nvidia.com/gpu.machine when not the platform default
};

/// Instance types a pool of `kind` on `plat` draws from (never empty for the kinds the
/// platform's profiles use; control_plane and virtual_node have their own shapes).
std::span<const instance_type> types_for(platform plat, pool_kind kind) noexcept;

}  // namespace dsb::gen::internal
