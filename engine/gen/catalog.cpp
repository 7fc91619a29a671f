// Instance-type tables of engine/gen/internal/catalog.hpp.
// §5 gives vCPU/memory/maxPods/GPUs for m5.*, c5.18xlarge, t3.*, g5.xlarge, p4d.24xlarge,
// e2/n2-standard-*, D2s/D8s/D16s_v5; the other rows are public vendor figures (EST here).
#include <array>

#include "engine/gen/internal/catalog.hpp"

namespace dsb::gen::internal {
namespace {

// ---- GPU models (GFD label values as the device plugin writes them; §3 "GPU node") ----
constexpr gpu_model T4{"Tesla-T4", "turing", 15360, 7, 5, false, "nvidia-tesla-t4", "t4"};
constexpr gpu_model T4G{"NVIDIA-T4G", "turing", 15360, 7, 5, false, "", "t4g"};
constexpr gpu_model A10G{"NVIDIA-A10G", "ampere", 23028, 8, 6, false, "", "a10g"};
constexpr gpu_model L4{"NVIDIA-L4", "ada-lovelace", 23034, 8, 9, false, "nvidia-l4", "l4"};
constexpr gpu_model V100{"Tesla-V100-PCIE-16GB", "volta", 16384, 7, 0, false, "nvidia-tesla-v100", "v100"};
constexpr gpu_model A100_40{"NVIDIA-A100-SXM4-40GB", "ampere", 40960, 8, 0, true, "nvidia-tesla-a100", "a100"};
constexpr gpu_model A100_80{"NVIDIA-A100-SXM4-80GB", "ampere", 81920, 8, 0, true, "nvidia-a100-80gb", "a100"};
constexpr gpu_model H100{"NVIDIA-H100-80GB-HBM3", "hopper", 81559, 9, 0, true, "nvidia-h100-80gb", "h100"};

using gen = cpu_generation;
constexpr cpu_arch AMD64 = cpu_arch::amd64;
constexpr cpu_arch ARM64 = cpu_arch::arm64;

// EC2: name, vCPU, GiB, eni-max-pods, arch, cpu, family, size, generation, manufacturer,
// sustained MHz, EBS Mbps, network Mbps, encryption in transit, GPUs, GPU model.
constexpr instance_type ec2(std::string_view name, std::uint32_t vcpu, std::uint32_t gib, std::uint32_t pods, cpu_arch arch,
                            gen cpu, std::string_view family, std::string_view size, std::uint32_t generation,
                            std::string_view manufacturer, std::uint32_t mhz, std::uint32_t ebs, std::uint32_t net, bool encryption,
                            std::uint32_t gpus = 0, const gpu_model* gpu = nullptr) {
  return instance_type{name, vcpu, gib, pods, arch, cpu, family, size, generation, manufacturer, mhz, ebs, net, encryption, gpus, gpu, {}};
}
// GKE / AKS / on-prem machines: only what their labels and reservations use.
constexpr instance_type machine(std::string_view name, std::uint32_t vcpu, std::uint32_t gib, cpu_arch arch, gen cpu,
                                std::string_view family, std::uint32_t gpus = 0, const gpu_model* gpu = nullptr,
                                std::string_view gfd_machine = {}, std::uint32_t pods = 0) {
  return instance_type{name, vcpu, gib, pods, arch, cpu, family, {}, 0, {}, 0, 0, 0, false, gpus, gpu, gfd_machine};
}

// ---- EKS (§5 table; eni-max-pods.txt values for the rows §5 lists) ----
constexpr std::array EKS_GENERAL{
    ec2("m5.large", 2, 8, 29, AMD64, gen::cascadelake, "m5", "large", 5, "intel", 3100, 4750, 750, false),
    ec2("m5.xlarge", 4, 16, 58, AMD64, gen::cascadelake, "m5", "xlarge", 5, "intel", 3100, 4750, 1250, false),
    ec2("m5.2xlarge", 8, 32, 58, AMD64, gen::cascadelake, "m5", "2xlarge", 5, "intel", 3100, 4750, 2500, false),
    ec2("m5.4xlarge", 16, 64, 234, AMD64, gen::cascadelake, "m5", "4xlarge", 5, "intel", 3100, 4750, 5000, false),
    ec2("m5.8xlarge", 32, 128, 234, AMD64, gen::cascadelake, "m5", "8xlarge", 5, "intel", 3100, 6800, 10000, false),
    ec2("m6i.xlarge", 4, 16, 58, AMD64, gen::icelake, "m6i", "xlarge", 6, "intel", 3500, 10000, 1562, true),
    ec2("m6i.2xlarge", 8, 32, 58, AMD64, gen::icelake, "m6i", "2xlarge", 6, "intel", 3500, 10000, 3125, true),
    ec2("m6a.2xlarge", 8, 32, 58, AMD64, gen::zen3, "m6a", "2xlarge", 6, "amd", 3600, 10000, 3125, true),
    ec2("c5.xlarge", 4, 8, 58, AMD64, gen::cascadelake, "c5", "xlarge", 5, "intel", 3400, 4750, 1250, false),
    ec2("c5.2xlarge", 8, 16, 58, AMD64, gen::cascadelake, "c5", "2xlarge", 5, "intel", 3400, 4750, 2500, false),
    ec2("c5.4xlarge", 16, 32, 234, AMD64, gen::cascadelake, "c5", "4xlarge", 5, "intel", 3400, 4750, 5000, false),
    ec2("t3.large", 2, 8, 35, AMD64, gen::cascadelake, "t3", "large", 3, "intel", 2500, 2780, 512, false),
};
constexpr std::array EKS_ARM64{
    ec2("m6g.xlarge", 4, 16, 58, ARM64, gen::graviton2, "m6g", "xlarge", 6, "aws", 2500, 4750, 1250, false),
    ec2("m6g.2xlarge", 8, 32, 58, ARM64, gen::graviton2, "m6g", "2xlarge", 6, "aws", 2500, 4750, 2500, false),
    ec2("c6g.2xlarge", 8, 16, 58, ARM64, gen::graviton2, "c6g", "2xlarge", 6, "aws", 2500, 4750, 2500, false),
    ec2("m7g.xlarge", 4, 16, 58, ARM64, gen::graviton3, "m7g", "xlarge", 7, "aws", 2600, 10000, 1876, true),
    ec2("m7g.4xlarge", 16, 64, 234, ARM64, gen::graviton3, "m7g", "4xlarge", 7, "aws", 2600, 10000, 7500, true),
};
constexpr std::array EKS_DEDICATED{
    ec2("r5.xlarge", 4, 32, 58, AMD64, gen::cascadelake, "r5", "xlarge", 5, "intel", 3100, 4750, 1250, false),
    ec2("r5.2xlarge", 8, 64, 58, AMD64, gen::cascadelake, "r5", "2xlarge", 5, "intel", 3100, 4750, 2500, false),
    ec2("r5.4xlarge", 16, 128, 234, AMD64, gen::cascadelake, "r5", "4xlarge", 5, "intel", 3100, 4750, 5000, false),
    ec2("c5.4xlarge", 16, 32, 234, AMD64, gen::cascadelake, "c5", "4xlarge", 5, "intel", 3400, 4750, 5000, false),
    ec2("c5.18xlarge", 72, 144, 737, AMD64, gen::cascadelake, "c5", "18xlarge", 5, "intel", 3400, 19000, 25000, true),
    ec2("m5.8xlarge", 32, 128, 234, AMD64, gen::cascadelake, "m5", "8xlarge", 5, "intel", 3100, 6800, 10000, false),
};
constexpr std::array EKS_GPU{
    ec2("g4dn.xlarge", 4, 16, 29, AMD64, gen::cascadelake, "g4dn", "xlarge", 4, "intel", 2500, 3500, 5000, true, 1, &T4),
    ec2("g4dn.12xlarge", 48, 192, 234, AMD64, gen::cascadelake, "g4dn", "12xlarge", 4, "intel", 2500, 9500, 50000, true, 4, &T4),
    ec2("g5.xlarge", 4, 16, 58, AMD64, gen::zen2, "g5", "xlarge", 5, "amd", 3300, 3500, 2500, true, 1, &A10G),
    ec2("g5.12xlarge", 48, 192, 737, AMD64, gen::zen2, "g5", "12xlarge", 5, "amd", 3300, 16000, 40000, true, 4, &A10G),
    ec2("g5.48xlarge", 192, 768, 345, AMD64, gen::zen2, "g5", "48xlarge", 5, "amd", 3300, 19000, 100000, true, 8, &A10G),
    ec2("g5g.16xlarge", 64, 128, 234, ARM64, gen::graviton2, "g5g", "16xlarge", 5, "aws", 2500, 19000, 25000, false, 2, &T4G),
    ec2("p4d.24xlarge", 96, 1152, 737, AMD64, gen::cascadelake, "p4d", "24xlarge", 4, "intel", 3000, 19000, 400000, true, 8, &A100_40),
    ec2("p5.48xlarge", 192, 2048, 100, AMD64, gen::zen3, "p5", "48xlarge", 5, "amd", 3600, 80000, 3200000, true, 8, &H100),
};
constexpr std::array EKS_SYSTEM{
    ec2("t3.large", 2, 8, 35, AMD64, gen::cascadelake, "t3", "large", 3, "intel", 2500, 2780, 512, false),
    ec2("m5.large", 2, 8, 29, AMD64, gen::cascadelake, "m5", "large", 5, "intel", 3100, 4750, 750, false),
    ec2("m5.xlarge", 4, 16, 58, AMD64, gen::cascadelake, "m5", "xlarge", 5, "intel", 3100, 4750, 1250, false),
};
// Windows pods: one ENI's secondary IPs (15 - 1) on m5.xlarge/2xlarge (EST).
constexpr std::array EKS_WINDOWS{
    ec2("m5.xlarge", 4, 16, 14, AMD64, gen::cascadelake, "m5", "xlarge", 5, "intel", 3100, 4750, 1250, false),
    ec2("m5.2xlarge", 8, 32, 14, AMD64, gen::cascadelake, "m5", "2xlarge", 5, "intel", 3100, 4750, 2500, false),
};
// Fargate: the node reports the pod's vCPU/memory size, one pod per node (EST).
constexpr std::array EKS_FARGATE{
    machine("", 1, 2, AMD64, gen::icelake, "fargate", 0, nullptr, {}, 1),
    machine("", 2, 4, AMD64, gen::icelake, "fargate", 0, nullptr, {}, 1),
    machine("", 4, 8, AMD64, gen::icelake, "fargate", 0, nullptr, {}, 1),
};

// ---- GKE (§5 GKE table, §8.5) ----
constexpr std::array GKE_GENERAL{
    machine("e2-standard-4", 4, 16, AMD64, gen::cascadelake, "e2"),
    machine("e2-standard-8", 8, 32, AMD64, gen::cascadelake, "e2"),
    machine("e2-standard-16", 16, 64, AMD64, gen::cascadelake, "e2"),
    machine("e2-standard-32", 32, 128, AMD64, gen::cascadelake, "e2"),
    machine("n2-standard-4", 4, 16, AMD64, gen::icelake, "n2"),
    machine("n2-standard-8", 8, 32, AMD64, gen::icelake, "n2"),
    machine("n2-standard-16", 16, 64, AMD64, gen::icelake, "n2"),
    machine("n2-standard-32", 32, 128, AMD64, gen::icelake, "n2"),
    machine("n2d-standard-8", 8, 32, AMD64, gen::zen3, "n2d"),
    machine("c3-standard-8", 8, 32, AMD64, gen::sapphirerapids, "c3"),
};
constexpr std::array GKE_ARM64{
    machine("t2a-standard-4", 4, 16, ARM64, gen::graviton2, "t2a"),
    machine("t2a-standard-8", 8, 32, ARM64, gen::graviton2, "t2a"),
    machine("t2a-standard-16", 16, 64, ARM64, gen::graviton2, "t2a"),
};
constexpr std::array GKE_DEDICATED{
    machine("n2-highmem-8", 8, 64, AMD64, gen::icelake, "n2"),
    machine("n2-highmem-16", 16, 128, AMD64, gen::icelake, "n2"),
    machine("c2-standard-16", 16, 64, AMD64, gen::cascadelake, "c2"),
    machine("n2-highcpu-16", 16, 16, AMD64, gen::icelake, "n2"),
};
constexpr std::array GKE_GPU{
    machine("n1-standard-8", 8, 30, AMD64, gen::cascadelake, "n1", 1, &T4),
    machine("g2-standard-8", 8, 32, AMD64, gen::cascadelake, "g2", 1, &L4),
    machine("g2-standard-48", 48, 192, AMD64, gen::cascadelake, "g2", 4, &L4),
    machine("a2-highgpu-1g", 12, 85, AMD64, gen::cascadelake, "a2", 1, &A100_40),
    machine("a2-highgpu-2g", 24, 170, AMD64, gen::cascadelake, "a2", 2, &A100_40),
    machine("a2-highgpu-8g", 96, 680, AMD64, gen::cascadelake, "a2", 8, &A100_40),
    machine("a3-highgpu-8g", 208, 1872, AMD64, gen::sapphirerapids, "a3", 8, &H100),
};
constexpr std::array GKE_SYSTEM{
    machine("e2-standard-4", 4, 16, AMD64, gen::cascadelake, "e2"),
    machine("n2-standard-4", 4, 16, AMD64, gen::icelake, "n2"),
};
constexpr std::array GKE_WINDOWS{
    machine("n2-standard-4", 4, 16, AMD64, gen::icelake, "n2"),
    machine("n2-standard-8", 8, 32, AMD64, gen::icelake, "n2"),
};

// ---- AKS (§5 AKS paragraph, §8.5) ----
constexpr std::array AKS_GENERAL{
    machine("Standard_D2s_v5", 2, 8, AMD64, gen::icelake, "Dsv5"),
    machine("Standard_D4s_v5", 4, 16, AMD64, gen::icelake, "Dsv5"),
    machine("Standard_D8s_v5", 8, 32, AMD64, gen::icelake, "Dsv5"),
    machine("Standard_D16s_v5", 16, 64, AMD64, gen::icelake, "Dsv5"),
    machine("Standard_D32s_v5", 32, 128, AMD64, gen::icelake, "Dsv5"),
    machine("Standard_D4as_v5", 4, 16, AMD64, gen::zen3, "Dasv5"),
    machine("Standard_D8as_v5", 8, 32, AMD64, gen::zen3, "Dasv5"),
};
constexpr std::array AKS_ARM64{
    machine("Standard_D4ps_v5", 4, 16, ARM64, gen::graviton2, "Dpsv5"),
    machine("Standard_D8ps_v5", 8, 32, ARM64, gen::graviton2, "Dpsv5"),
    machine("Standard_D16ps_v5", 16, 64, ARM64, gen::graviton2, "Dpsv5"),
};
constexpr std::array AKS_DEDICATED{
    machine("Standard_E8s_v5", 8, 64, AMD64, gen::icelake, "Esv5"),
    machine("Standard_E16s_v5", 16, 128, AMD64, gen::icelake, "Esv5"),
    machine("Standard_F8s_v2", 8, 16, AMD64, gen::cascadelake, "Fsv2"),
    machine("Standard_F16s_v2", 16, 32, AMD64, gen::cascadelake, "Fsv2"),
};
constexpr std::array AKS_GPU{
    machine("Standard_NC4as_T4_v3", 4, 28, AMD64, gen::zen2, "NCasT4v3", 1, &T4),
    machine("Standard_NC64as_T4_v3", 64, 440, AMD64, gen::zen2, "NCasT4v3", 4, &T4),
    machine("Standard_NC6s_v3", 6, 112, AMD64, gen::cascadelake, "NCsv3", 1, &V100),
    machine("Standard_NC12s_v3", 12, 224, AMD64, gen::cascadelake, "NCsv3", 2, &V100),
    machine("Standard_NC24ads_A100_v4", 24, 220, AMD64, gen::zen3, "NCadsA100v4", 1, &A100_80),
    machine("Standard_NC48ads_A100_v4", 48, 440, AMD64, gen::zen3, "NCadsA100v4", 2, &A100_80),
    machine("Standard_ND96asr_v4", 96, 900, AMD64, gen::zen2, "NDasrA100v4", 8, &A100_40),
};
constexpr std::array AKS_SYSTEM{
    machine("Standard_D2s_v5", 2, 8, AMD64, gen::icelake, "Dsv5"),
    machine("Standard_D4s_v5", 4, 16, AMD64, gen::icelake, "Dsv5"),
};
constexpr std::array AKS_WINDOWS{
    machine("Standard_D4s_v5", 4, 16, AMD64, gen::icelake, "Dsv5"),
    machine("Standard_D8s_v5", 8, 32, AMD64, gen::icelake, "Dsv5"),
};
// The ACI virtual node reports capacity cpu 10k, memory 4Ti, pods 5k (EST).
constexpr std::array AKS_VIRTUAL{machine("", 10'000, 4096, AMD64, gen::icelake, "aci", 0, nullptr, {}, 5000)};

// ---- kubeadm on-prem servers (EST; no instance-type label on kubeadm nodes, §3) ----
constexpr std::array ONPREM_GENERAL{
    machine("", 16, 64, AMD64, gen::icelake, "server"),
    machine("", 32, 128, AMD64, gen::icelake, "server"),
    machine("", 48, 256, AMD64, gen::zen3, "server"),
    machine("", 64, 512, AMD64, gen::zen3, "server"),
};
constexpr std::array ONPREM_DEDICATED{
    machine("", 32, 384, AMD64, gen::icelake, "server"),
    machine("", 48, 768, AMD64, gen::sapphirerapids, "server"),
};
constexpr std::array ONPREM_GPU{
    machine("", 128, 2048, AMD64, gen::zen2, "server", 8, &A100_80, "DGX-A100"),
    machine("", 64, 512, AMD64, gen::sapphirerapids, "server", 4, &L4, "PowerEdge-R760xa"),
    machine("", 64, 1024, AMD64, gen::zen3, "server", 2, &A100_80, "PowerEdge-R7525"),
    machine("", 32, 256, AMD64, gen::cascadelake, "server", 1, &T4, "PowerEdge-R740"),
};
constexpr std::array ONPREM_CONTROL_PLANE{machine("", 8, 32, AMD64, gen::icelake, "server")};

}  // namespace

std::string_view to_string(cpu_arch arch) noexcept { return arch == cpu_arch::arm64 ? "arm64" : "amd64"; }

std::span<const instance_type> types_for(platform plat, pool_kind kind) noexcept {
  switch (plat) {
    case platform::eks:
      switch (kind) {
        case pool_kind::general:
        case pool_kind::spot: return EKS_GENERAL;
        case pool_kind::arm64: return EKS_ARM64;
        case pool_kind::dedicated: return EKS_DEDICATED;
        case pool_kind::gpu: return EKS_GPU;
        case pool_kind::system: return EKS_SYSTEM;
        case pool_kind::windows: return EKS_WINDOWS;
        case pool_kind::virtual_node: return EKS_FARGATE;
        case pool_kind::control_plane: return {};
      }
      break;
    case platform::gke:
      switch (kind) {
        case pool_kind::general:
        case pool_kind::spot: return GKE_GENERAL;
        case pool_kind::arm64: return GKE_ARM64;
        case pool_kind::dedicated: return GKE_DEDICATED;
        case pool_kind::gpu: return GKE_GPU;
        case pool_kind::system: return GKE_SYSTEM;
        case pool_kind::windows: return GKE_WINDOWS;
        case pool_kind::virtual_node:
        case pool_kind::control_plane: return {};
      }
      break;
    case platform::aks:
      switch (kind) {
        case pool_kind::general:
        case pool_kind::spot: return AKS_GENERAL;
        case pool_kind::arm64: return AKS_ARM64;
        case pool_kind::dedicated: return AKS_DEDICATED;
        case pool_kind::gpu: return AKS_GPU;
        case pool_kind::system: return AKS_SYSTEM;
        case pool_kind::windows: return AKS_WINDOWS;
        case pool_kind::virtual_node: return AKS_VIRTUAL;
        case pool_kind::control_plane: return {};
      }
      break;
    case platform::onprem:
      switch (kind) {
        case pool_kind::general:
        case pool_kind::spot:
        case pool_kind::arm64:
        case pool_kind::system:
        case pool_kind::windows: return ONPREM_GENERAL;
        case pool_kind::dedicated: return ONPREM_DEDICATED;
        case pool_kind::gpu: return ONPREM_GPU;
        case pool_kind::control_plane: return ONPREM_CONTROL_PLANE;
        case pool_kind::virtual_node: return {};
      }
      break;
  }
  return {};
}

}  // namespace dsb::gen::internal
