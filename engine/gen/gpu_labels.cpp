// GPU node labels (realworld-clusters.md §3 row "GPU node with NFD + GFD / GPU Operator",
// 70-110+ labels; §8.2 GPU row "+ 13 GFD + 10 operator + 30-60 NFD").
//
//   GFD       nvidia.com/{cuda.driver.major,cuda.driver.minor,cuda.driver.rev,
//             cuda.runtime.major,cuda.runtime.minor,gpu.compute.major,gpu.compute.minor,
//             gpu.count,gpu.family,gpu.machine,gpu.memory,gpu.product} (+ gfd.timestamp per
//             node = the 13) and gpu.replicas, gpu.sharing-strategy, mig.capable, mig.strategy
//   operator  nvidia.com/gpu.deploy.{container-toolkit,dcgm,dcgm-exporter,device-plugin,
//             driver,gpu-feature-discovery,node-status-exporter,operator-validator} (+ mig-manager
//             on MIG-capable GPUs) and nvidia.com/gpu.present
//   NFD       feature.node.kubernetes.io/*: cpuid flags of the CPU generation (after NFD's
//             default attribute blacklist), cpu-model, kernel, memory-numa, pci-<vendor>.present
//             (the GPU operator's NFD labels PCI by vendor: pci-10de = NVIDIA), storage,
//             system-os_release. The cpuid sets are EST from public CPU feature lists.
#include <array>
#include <span>

#include "engine/gen/internal/platform_labels.hpp"
#include "engine/gen/internal/text.hpp"

namespace dsb::gen::internal {
namespace {

using flags = std::span<const std::string_view>;

// NFD cpuid label keys per CPU generation (value "true"). x86: after NFD's default
// attribute blacklist (BMI1, CMOV, SSE*, ... are not labelled).
constexpr std::array<std::string_view, 22> X86_BASE{
    "feature.node.kubernetes.io/cpu-cpuid.ADX", "feature.node.kubernetes.io/cpu-cpuid.AESNI",
    "feature.node.kubernetes.io/cpu-cpuid.AVX", "feature.node.kubernetes.io/cpu-cpuid.AVX2",
    "feature.node.kubernetes.io/cpu-cpuid.FMA3", "feature.node.kubernetes.io/cpu-cpuid.FXSR",
    "feature.node.kubernetes.io/cpu-cpuid.FXSROPT", "feature.node.kubernetes.io/cpu-cpuid.HYPERVISOR",
    "feature.node.kubernetes.io/cpu-cpuid.IBPB", "feature.node.kubernetes.io/cpu-cpuid.LAHF",
    "feature.node.kubernetes.io/cpu-cpuid.MOVBE", "feature.node.kubernetes.io/cpu-cpuid.OSXSAVE",
    "feature.node.kubernetes.io/cpu-cpuid.SPEC_CTRL_SSBD", "feature.node.kubernetes.io/cpu-cpuid.STIBP",
    "feature.node.kubernetes.io/cpu-cpuid.SYSCALL", "feature.node.kubernetes.io/cpu-cpuid.SYSEE",
    "feature.node.kubernetes.io/cpu-cpuid.X87", "feature.node.kubernetes.io/cpu-cpuid.XGETBV1",
    "feature.node.kubernetes.io/cpu-cpuid.XSAVE", "feature.node.kubernetes.io/cpu-cpuid.XSAVEC",
    "feature.node.kubernetes.io/cpu-cpuid.XSAVEOPT", "feature.node.kubernetes.io/cpu-cpuid.XSAVES"
};
constexpr std::array<std::string_view, 6> AVX512_CASCADELAKE{
    "feature.node.kubernetes.io/cpu-cpuid.AVX512BW", "feature.node.kubernetes.io/cpu-cpuid.AVX512CD",
    "feature.node.kubernetes.io/cpu-cpuid.AVX512DQ", "feature.node.kubernetes.io/cpu-cpuid.AVX512F",
    "feature.node.kubernetes.io/cpu-cpuid.AVX512VL", "feature.node.kubernetes.io/cpu-cpuid.AVX512VNNI"
};
constexpr std::array<std::string_view, 10> ICELAKE_EXTRA{
    "feature.node.kubernetes.io/cpu-cpuid.AVX512BITALG", "feature.node.kubernetes.io/cpu-cpuid.AVX512IFMA",
    "feature.node.kubernetes.io/cpu-cpuid.AVX512VBMI", "feature.node.kubernetes.io/cpu-cpuid.AVX512VBMI2",
    "feature.node.kubernetes.io/cpu-cpuid.AVX512VPOPCNTDQ", "feature.node.kubernetes.io/cpu-cpuid.GFNI",
    "feature.node.kubernetes.io/cpu-cpuid.SHA", "feature.node.kubernetes.io/cpu-cpuid.VAES",
    "feature.node.kubernetes.io/cpu-cpuid.VPCLMULQDQ", "feature.node.kubernetes.io/cpu-cpuid.WBNOINVD"
};
constexpr std::array<std::string_view, 6> SAPPHIRE_EXTRA{
    "feature.node.kubernetes.io/cpu-cpuid.AMXBF16", "feature.node.kubernetes.io/cpu-cpuid.AMXINT8",
    "feature.node.kubernetes.io/cpu-cpuid.AMXTILE", "feature.node.kubernetes.io/cpu-cpuid.AVX512BF16",
    "feature.node.kubernetes.io/cpu-cpuid.AVX512FP16", "feature.node.kubernetes.io/cpu-cpuid.AVXVNNI"
};
constexpr std::array<std::string_view, 6> ZEN2_EXTRA{
    "feature.node.kubernetes.io/cpu-cpuid.CLZERO", "feature.node.kubernetes.io/cpu-cpuid.RDPRU",
    "feature.node.kubernetes.io/cpu-cpuid.SHA", "feature.node.kubernetes.io/cpu-cpuid.SSE4A",
    "feature.node.kubernetes.io/cpu-cpuid.SUCCOR", "feature.node.kubernetes.io/cpu-cpuid.WBNOINVD"
};
constexpr std::array<std::string_view, 3> ZEN3_EXTRA{
    "feature.node.kubernetes.io/cpu-cpuid.FSRM", "feature.node.kubernetes.io/cpu-cpuid.VAES",
    "feature.node.kubernetes.io/cpu-cpuid.VPCLMULQDQ"
};
constexpr std::array<std::string_view, 17> GRAVITON2{
    "feature.node.kubernetes.io/cpu-cpuid.AES", "feature.node.kubernetes.io/cpu-cpuid.ASIMD",
    "feature.node.kubernetes.io/cpu-cpuid.ASIMDDP", "feature.node.kubernetes.io/cpu-cpuid.ASIMDHP",
    "feature.node.kubernetes.io/cpu-cpuid.ASIMDRDM", "feature.node.kubernetes.io/cpu-cpuid.ATOMICS",
    "feature.node.kubernetes.io/cpu-cpuid.CPUID", "feature.node.kubernetes.io/cpu-cpuid.CRC32",
    "feature.node.kubernetes.io/cpu-cpuid.DCPOP", "feature.node.kubernetes.io/cpu-cpuid.EVTSTRM",
    "feature.node.kubernetes.io/cpu-cpuid.FP", "feature.node.kubernetes.io/cpu-cpuid.FPHP",
    "feature.node.kubernetes.io/cpu-cpuid.LRCPC", "feature.node.kubernetes.io/cpu-cpuid.PMULL",
    "feature.node.kubernetes.io/cpu-cpuid.SHA1", "feature.node.kubernetes.io/cpu-cpuid.SHA2",
    "feature.node.kubernetes.io/cpu-cpuid.SSBS"
};
constexpr std::array<std::string_view, 12> GRAVITON3_EXTRA{
    "feature.node.kubernetes.io/cpu-cpuid.BF16", "feature.node.kubernetes.io/cpu-cpuid.DCPODP",
    "feature.node.kubernetes.io/cpu-cpuid.DGH", "feature.node.kubernetes.io/cpu-cpuid.FLAGM",
    "feature.node.kubernetes.io/cpu-cpuid.I8MM", "feature.node.kubernetes.io/cpu-cpuid.ILRCPC",
    "feature.node.kubernetes.io/cpu-cpuid.JSCVT", "feature.node.kubernetes.io/cpu-cpuid.PACA",
    "feature.node.kubernetes.io/cpu-cpuid.PACG", "feature.node.kubernetes.io/cpu-cpuid.RNG",
    "feature.node.kubernetes.io/cpu-cpuid.SVE", "feature.node.kubernetes.io/cpu-cpuid.SVEBF16"
};
constexpr std::string_view HYPERVISOR_KEY = "feature.node.kubernetes.io/cpu-cpuid.HYPERVISOR";

void add_cpuid_flags(label_list& labels, flags keys, bool bare_metal) {
  for (std::string_view key : keys) {
    if (!(bare_metal && key == HYPERVISOR_KEY)) labels.push_back(label_text{key, "true"});
  }
}

struct cpu_model {
  std::string_view vendor;
  std::string_view family;  ///< empty on arm64
  std::string_view id;
};

cpu_model model_of(cpu_generation generation) {
  switch (generation) {
    case cpu_generation::cascadelake: return {"Intel", "6", "85"};
    case cpu_generation::icelake: return {"Intel", "6", "106"};
    case cpu_generation::sapphirerapids: return {"Intel", "6", "143"};
    case cpu_generation::zen2: return {"AMD", "23", "49"};
    case cpu_generation::zen3: return {"AMD", "25", "1"};
    case cpu_generation::graviton2:
    case cpu_generation::graviton3: return {"ARM", {}, {}};
  }
  return {"Intel", "6", "85"};
}

struct os_facts {
  std::string_view id;
  std::string_view version;
  std::string_view version_major;
  std::string_view version_minor;  ///< empty when VERSION_ID has no dot
  std::string_view kernel_amd64;
  std::string_view kernel_arm64;
  std::string_view kernel_major;
  std::string_view kernel_minor;
  std::string_view kernel_revision;
  std::string_view nic_vendor_key;  ///< pci-<vendor>.present of the platform's NIC
  std::string_view gpu_machine;     ///< GFD gpu.machine when the type does not name one
};

os_facts os_of(platform plat) {
  switch (plat) {
    case platform::eks:
      return {"amzn", "2", "2", {}, "5.10.210-201.852.amzn2.x86_64", "5.10.210-201.852.amzn2.aarch64", "5", "10", "210",
              "feature.node.kubernetes.io/pci-1d0f.present", {}};
    case platform::gke:
      return {"cos", "109", "109", {}, "6.1.75", "6.1.75", "6", "1", "75", "feature.node.kubernetes.io/pci-1af4.present",
              "Google-Compute-Engine"};
    case platform::aks:
      return {"ubuntu", "22.04", "22", "04", "5.15.0-1061-azure", "5.15.0-1061-azure", "5", "15", "0",
              "feature.node.kubernetes.io/pci-1414.present", "Virtual-Machine"};
    case platform::onprem:
      return {"ubuntu", "22.04", "22", "04", "5.15.0-105-generic", "5.15.0-105-generic", "5", "15", "0",
              "feature.node.kubernetes.io/pci-15b3.present", {}};
  }
  return {};
}

void split_version(std::string_view text, std::array<std::string, 3>& parts) {
  std::size_t part = 0;
  for (char c : text) {
    if (c == '.' && part < 2) {
      ++part;
    } else {
      parts[part] += c;
    }
  }
}

void nfd_labels(platform plat, const instance_type& type, label_list& labels) {
  const os_facts os = os_of(plat);
  const cpu_model model = model_of(type.cpu);
  const bool arm = type.arch == cpu_arch::arm64;
  const bool bare_metal = plat == platform::onprem;  // no HYPERVISOR flag
  switch (type.cpu) {
    case cpu_generation::cascadelake:
      add_cpuid_flags(labels, X86_BASE, bare_metal);
      add_cpuid_flags(labels, AVX512_CASCADELAKE, bare_metal);
      break;
    case cpu_generation::icelake:
      add_cpuid_flags(labels, X86_BASE, bare_metal);
      add_cpuid_flags(labels, AVX512_CASCADELAKE, bare_metal);
      add_cpuid_flags(labels, ICELAKE_EXTRA, bare_metal);
      break;
    case cpu_generation::sapphirerapids:
      add_cpuid_flags(labels, X86_BASE, bare_metal);
      add_cpuid_flags(labels, AVX512_CASCADELAKE, bare_metal);
      add_cpuid_flags(labels, ICELAKE_EXTRA, bare_metal);
      add_cpuid_flags(labels, SAPPHIRE_EXTRA, bare_metal);
      break;
    case cpu_generation::zen2:
      add_cpuid_flags(labels, X86_BASE, bare_metal);
      add_cpuid_flags(labels, ZEN2_EXTRA, bare_metal);
      break;
    case cpu_generation::zen3:
      add_cpuid_flags(labels, X86_BASE, bare_metal);
      add_cpuid_flags(labels, ZEN2_EXTRA, bare_metal);
      add_cpuid_flags(labels, ZEN3_EXTRA, bare_metal);
      break;
    case cpu_generation::graviton2: add_cpuid_flags(labels, GRAVITON2, bare_metal); break;
    case cpu_generation::graviton3:
      add_cpuid_flags(labels, GRAVITON2, bare_metal);
      add_cpuid_flags(labels, GRAVITON3_EXTRA, bare_metal);
      break;
  }
  add_label(labels, "feature.node.kubernetes.io/cpu-hardware_multithreading", arm ? "false" : "true");
  add_label(labels, "feature.node.kubernetes.io/cpu-model.vendor_id", std::string(model.vendor));
  if (!model.family.empty()) {
    add_label(labels, "feature.node.kubernetes.io/cpu-model.family", std::string(model.family));
    add_label(labels, "feature.node.kubernetes.io/cpu-model.id", std::string(model.id));
  }
  add_label(labels, "feature.node.kubernetes.io/kernel-config.NO_HZ", "true");
  add_label(labels, "feature.node.kubernetes.io/kernel-config.NO_HZ_IDLE", "true");
  add_label(labels, "feature.node.kubernetes.io/kernel-version.full", std::string(arm ? os.kernel_arm64 : os.kernel_amd64));
  add_label(labels, "feature.node.kubernetes.io/kernel-version.major", std::string(os.kernel_major));
  add_label(labels, "feature.node.kubernetes.io/kernel-version.minor", std::string(os.kernel_minor));
  add_label(labels, "feature.node.kubernetes.io/kernel-version.revision", std::string(os.kernel_revision));
  if (type.vcpu >= 48) add_label(labels, "feature.node.kubernetes.io/memory-numa", "true");
  add_label(labels, "feature.node.kubernetes.io/pci-10de.present", "true");
  add_label(labels, os.nic_vendor_key, "true");
  add_label(labels, "feature.node.kubernetes.io/storage-nonrotationaldisk", "true");
  add_label(labels, "feature.node.kubernetes.io/system-os_release.ID", std::string(os.id));
  add_label(labels, "feature.node.kubernetes.io/system-os_release.VERSION_ID", std::string(os.version));
  add_label(labels, "feature.node.kubernetes.io/system-os_release.VERSION_ID.major", std::string(os.version_major));
  if (!os.version_minor.empty()) {
    add_label(labels, "feature.node.kubernetes.io/system-os_release.VERSION_ID.minor", std::string(os.version_minor));
  }
}

}  // namespace

void gpu_variant_labels(const cluster_facts& facts, const instance_type& type, bool older_driver, label_list& labels) {
  const gpu_model& gpu = *type.gpu;
  std::array<std::string, 3> driver;
  split_version(older_driver ? facts.cuda_driver_older : facts.cuda_driver, driver);
  std::array<std::string, 3> runtime;
  split_version(older_driver ? facts.cuda_runtime_older : facts.cuda_runtime, runtime);
  std::string machine(type.machine);
  if (machine.empty()) machine = std::string(os_of(facts.plat).gpu_machine);
  if (machine.empty()) machine = std::string(type.name);

  add_label(labels, "nvidia.com/cuda.driver.major", driver[0]);
  add_label(labels, "nvidia.com/cuda.driver.minor", driver[1]);
  add_label(labels, "nvidia.com/cuda.driver.rev", driver[2]);
  add_label(labels, "nvidia.com/cuda.runtime.major", runtime[0]);
  add_label(labels, "nvidia.com/cuda.runtime.minor", runtime[1]);
  add_label(labels, "nvidia.com/gpu.compute.major", to_decimal(gpu.compute_major));
  add_label(labels, "nvidia.com/gpu.compute.minor", to_decimal(gpu.compute_minor));
  add_label(labels, "nvidia.com/gpu.count", to_decimal(type.gpus));
  add_label(labels, "nvidia.com/gpu.family", std::string(gpu.family));
  add_label(labels, "nvidia.com/gpu.machine", machine);
  add_label(labels, "nvidia.com/gpu.memory", to_decimal(gpu.memory_mib));
  add_label(labels, "nvidia.com/gpu.product", std::string(gpu.product));
  add_label(labels, "nvidia.com/gpu.replicas", "1");
  add_label(labels, "nvidia.com/gpu.sharing-strategy", "none");
  add_label(labels, "nvidia.com/mig.capable", gpu.mig_capable ? "true" : "false");
  add_label(labels, "nvidia.com/mig.strategy", gpu.mig_capable ? "single" : "none");

  add_label(labels, "nvidia.com/gpu.deploy.container-toolkit", "true");
  add_label(labels, "nvidia.com/gpu.deploy.dcgm", "true");
  add_label(labels, "nvidia.com/gpu.deploy.dcgm-exporter", "true");
  add_label(labels, "nvidia.com/gpu.deploy.device-plugin", "true");
  add_label(labels, "nvidia.com/gpu.deploy.driver", "true");
  add_label(labels, "nvidia.com/gpu.deploy.gpu-feature-discovery", "true");
  if (gpu.mig_capable) add_label(labels, "nvidia.com/gpu.deploy.mig-manager", "true");
  add_label(labels, "nvidia.com/gpu.deploy.node-status-exporter", "true");
  add_label(labels, "nvidia.com/gpu.deploy.operator-validator", "true");
  add_label(labels, "nvidia.com/gpu.present", "true");

  nfd_labels(facts.plat, type, labels);
}

}  // namespace dsb::gen::internal
