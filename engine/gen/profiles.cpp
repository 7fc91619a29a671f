// The built-in profiles (engine/gen/internal/profile_def.hpp) and dsb::gen::profiles().
// Numbers: realworld-clusters.md §8.2 (kind shares: a point inside each range), §8.4
// (transient states: the middle of each range), §4 and §8.2 (taint shares). All EST.
#include <algorithm>

#include "engine/gen/generate.hpp"
#include "engine/gen/internal/profile_def.hpp"

namespace dsb::gen {
namespace internal {
namespace {

using kinds = std::array<std::uint32_t, POOL_KIND_COUNT>;
using states = std::array<std::uint32_t, NODE_STATE_COUNT>;

// Kind shares, in pool_kind order:
//   general, spot, arm64, dedicated, gpu, system, windows, virtual_node, control_plane
// §8.2 "General cluster": general 55-70%, spot 10-25%, arm64 0-20%, dedicated 5-15%,
// GPU 0-10%, system 2-5%, Windows 0-3%, virtual 0-3%.
constexpr kinds EKS_KINDS{600'000, 150'000, 80'000, 80'000, 50'000, 20'000, 10'000, 10'000, 0};
constexpr kinds GKE_KINDS{620'000, 160'000, 50'000, 80'000, 50'000, 30'000, 10'000, 0, 0};
constexpr kinds AKS_KINDS{590'000, 150'000, 50'000, 80'000, 50'000, 50'000, 30'000, 0, 0};
// §8.2 "AI/GPU cluster": general 10-20%, spot 0-10%, arm64 0-5%, dedicated 5%, GPU 60-85%,
// system 2-5%, no Windows, no virtual.
constexpr kinds GPU_KINDS{120'000, 50'000, 20'000, 50'000, 730'000, 30'000, 0, 0, 0};
// kubeadm on-prem: workers only (plus the fixed control plane); a small dedicated and GPU
// share so that gated DaemonSets have something to select (EST, no row of §8.2).
constexpr kinds ONPREM_KINDS{850'000, 0, 0, 100'000, 50'000, 0, 0, 0, 0};

// State shares, in node_state order:
//   healthy (rest), not_ready, unreachable, cordoned, memory_pressure, disk_pressure,
//   pid_pressure, uninitialized, deletion_candidate, to_be_deleted
// §8.4: NotReady 0.5-2% -> 1%; unreachable 0.1-0.5% -> 0.3%; cordoned 0.5-3% -> 1.5%;
// pressure 0.1-0.5% -> 0.3% (split 40/50/10 memory/disk/pid, EST); uninitialized 0.1-1% ->
// 0.3%; autoscaler candidates 0-2% -> 1% (split 70/30 soft/hard, EST).
constexpr states CLOUD_STATES{0, 10'000, 3'000, 15'000, 1'200, 1'500, 300, 3'000, 7'000, 3'000};
// kubeadm: no cloud controller (no uninitialized taint) and no cluster autoscaler.
constexpr states ONPREM_STATES{0, 10'000, 3'000, 15'000, 1'200, 1'500, 300, 0, 0, 0};

constexpr std::array<profile_def, 5> PROFILES{{
    {"eks",
     "General-purpose EKS: managed node groups (eksctl or terraform) and ~30% Karpenter node pools; "
     "on-demand, spot, arm64, dedicated, GPU, system and Windows pools, plus Fargate",
     platform::eks, EKS_KINDS, CLOUD_STATES,
     /*karpenter*/ 300'000, /*spot taint*/ 300'000, /*dedicated*/ 500'000, /*gpu*/ 600'000, /*system*/ 300'000,
     /*windows*/ 500'000, /*virtual node*/ 0, /*control plane*/ false, /*label budget*/ 35},
    {"gke",
     "GKE Standard: GKE label set and names, spot/preemptible pools, GPU pools with gke-accelerator and "
     "the automatic nvidia.com/gpu=present:NoSchedule taint, workload-identity gate labels on a subset",
     platform::gke, GKE_KINDS, CLOUD_STATES, 0, 300'000, 500'000, 1'000'000, 300'000, 500'000, 0, false, 35},
    {"aks",
     "AKS: system/user mode pools, spot pools with the automatic scalesetpriority=spot:NoSchedule taint, "
     "Windows pools, an optional virtual-kubelet (ACI) node",
     platform::aks, AKS_KINDS, CLOUD_STATES, 0, 1'000'000, 500'000, 600'000, 300'000, 500'000, 300'000, false, 35},
    {"gpu",
     "AI/GPU cluster on EKS-style labels: ~73% GPU nodes with GFD, GPU-operator and NFD labels and "
     "nvidia.com/gpu 1/2/4/8",
     platform::eks, GPU_KINDS, CLOUD_STATES, 300'000, 300'000, 500'000, 600'000, 300'000, 500'000, 0, false, 35},
    {"onprem",
     "kubeadm on-prem: 5 labels per worker plus rack/team labels, 3 control-plane nodes (5 from 1,000 "
     "nodes) with the control-plane NoSchedule taint",
     platform::onprem, ONPREM_KINDS, ONPREM_STATES, 0, 0, 500'000, 600'000, 0, 0, 0, true, 16},
}};

constexpr bool shares_sum_to_one(const profile_def& profile) {
  std::uint64_t kind_total = 0;
  for (std::uint32_t share : profile.kind_ppm) kind_total += share;
  std::uint64_t state_total = 0;
  for (std::uint32_t share : profile.state_ppm) state_total += share;
  return kind_total == 1'000'000 && state_total < 1'000'000;
}
static_assert(std::all_of(PROFILES.begin(), PROFILES.end(), shares_sum_to_one));

constexpr std::array<profile_info, PROFILES.size()> make_infos() {
  std::array<profile_info, PROFILES.size()> infos{};
  for (std::size_t idx = 0; idx < PROFILES.size(); ++idx) infos[idx] = {PROFILES[idx].name, PROFILES[idx].description};
  return infos;
}
constexpr std::array<profile_info, PROFILES.size()> INFOS = make_infos();
static_assert(INFOS[0].name == DEFAULT_PROFILE);

}  // namespace

std::span<const profile_def> profile_defs() noexcept { return PROFILES; }

const profile_def* find_profile(std::string_view name) noexcept {
  for (const profile_def& profile : PROFILES) {
    if (profile.name == name) return &profile;
  }
  return nullptr;
}

std::string_view to_string(pool_kind kind) noexcept {
  switch (kind) {
    case pool_kind::general: return "general";
    case pool_kind::spot: return "spot";
    case pool_kind::arm64: return "arm64";
    case pool_kind::dedicated: return "dedicated";
    case pool_kind::gpu: return "gpu";
    case pool_kind::system: return "system";
    case pool_kind::windows: return "windows";
    case pool_kind::virtual_node: return "virtual";
    case pool_kind::control_plane: return "control-plane";
  }
  return "?";
}

std::string_view to_string(node_state state) noexcept {
  switch (state) {
    case node_state::healthy: return "healthy";
    case node_state::not_ready: return "not-ready";
    case node_state::unreachable: return "unreachable";
    case node_state::cordoned: return "cordoned";
    case node_state::memory_pressure: return "memory-pressure";
    case node_state::disk_pressure: return "disk-pressure";
    case node_state::pid_pressure: return "pid-pressure";
    case node_state::uninitialized: return "uninitialized";
    case node_state::deletion_candidate: return "deletion-candidate";
    case node_state::to_be_deleted: return "to-be-deleted";
  }
  return "?";
}

}  // namespace internal

std::span<const profile_info> profiles() noexcept { return internal::INFOS; }

}  // namespace dsb::gen
