// allocatable_for(): node allocatable = kernel-reported capacity - platform reservations
// (realworld-clusters.md §5; §8.5 "allocatable = kernel capacity (~0.95 x nominal) -
// platform reservation").
//
//   EKS (AL2 bootstrap.sh)  memory: 11 x maxPods + 255 MiB kube-reserved + 100 MiB eviction;
//                           cpu: 6% of core 1 + 1% of core 2 + 0.5% of cores 3-4 + 0.25% above
//                           (m5.large 70m, m5.xlarge 80m, 8 cores 90m, 16 cores 110m ...);
//                           pods: eni-max-pods
//   GKE                     memory: 25% of the first 4 GiB, 20% of the next 4, 10% of the next 8,
//                           6% of the next 112, 2% above 128 GiB + 100 MiB eviction (of nominal);
//                           cpu: as EKS; pods 110
//   AKS (>= 1.29)           cpu: 60/100/140/180/260/420/740m at 1/2/4/8/16/32/64 cores;
//                           memory: min(20 MiB x maxPods + 50 MiB, 25% of RAM) + 100 MiB eviction;
//                           pods: cluster default 30/110/250
//   kubeadm                 no reservations: cpu = cores, memory = capacity - 100 MiB eviction
//   ephemeral-storage       capacity x 0.9 (nodefs.available<10% eviction) - 1 GiB kube-reserved
//                           (EST; matches EKS's 18242267924 for a 20 GiB root volume)
// Memory capacity = nominal x capacity_ppm (a pool draws it in [0.94, 0.97]) in whole KiB,
// which makes the numbers as unround as real ones (m5.large: 7,867,452Ki of 8 GiB).
#include <algorithm>
#include <array>

#include "engine/gen/internal/platform_labels.hpp"

namespace dsb::gen::internal {
namespace {

constexpr std::int64_t KIB = 1024;
constexpr std::int64_t MIB = 1024 * KIB;
constexpr std::int64_t GIB = 1024 * MIB;

// §5 EKS/GKE CPU reservation in millicores: 6% of the first core, 1% of the second,
// 0.5% of cores 3-4, 0.25% of each further core.
std::int64_t ladder_cpu_reserved_milli(std::int64_t cores) {
  std::int64_t quarter_milli = 0;  // in units of 1/4 millicore
  quarter_milli += 240 * std::min<std::int64_t>(cores, 1);
  quarter_milli += 40 * std::clamp<std::int64_t>(cores - 1, 0, 1);
  quarter_milli += 20 * std::clamp<std::int64_t>(cores - 2, 0, 2);
  quarter_milli += 10 * std::max<std::int64_t>(cores - 4, 0);
  return quarter_milli / 4;
}

// §5 GKE memory reservation of the nominal memory, in bytes.
std::int64_t gke_memory_reserved(std::int64_t nominal) {
  struct band {
    std::int64_t upto;
    std::int64_t percent;
  };
  constexpr std::array<band, 5> BANDS{{{4 * GIB, 25}, {8 * GIB, 20}, {16 * GIB, 10}, {128 * GIB, 6}, {INT64_MAX, 2}}};
  std::int64_t reserved = 0;
  std::int64_t lower = 0;
  for (const band& slice : BANDS) {
    if (nominal <= lower) break;
    reserved += (std::min(nominal, slice.upto) - lower) * slice.percent / 100;
    lower = slice.upto;
  }
  return reserved;
}

// §5 AKS CPU reservation (>= 1.29), linear between the listed core counts; 10m per core above 64 (EST).
std::int64_t aks_cpu_reserved_milli(std::int64_t cores) {
  constexpr std::array<std::array<std::int64_t, 2>, 7> POINTS{{{1, 60}, {2, 100}, {4, 140}, {8, 180}, {16, 260}, {32, 420}, {64, 740}}};
  if (cores <= 1) return 60;
  for (std::size_t idx = 1; idx < POINTS.size(); ++idx) {
    if (cores <= POINTS[idx][0]) {
      const auto [lo_cores, lo_milli] = POINTS[idx - 1];
      const auto [hi_cores, hi_milli] = POINTS[idx];
      return lo_milli + (hi_milli - lo_milli) * (cores - lo_cores) / (hi_cores - lo_cores);
    }
  }
  return 740 + 10 * (cores - 64);
}

std::int64_t capacity_bytes(std::int64_t nominal, std::uint32_t capacity_ppm) {
  return nominal / KIB * capacity_ppm / 1'000'000 * KIB;  // whole KiB, as the kubelet reports
}

std::int64_t ephemeral_allocatable(std::uint32_t disk_gib) {
  const std::int64_t disk = std::int64_t{disk_gib} * GIB;
  const std::int64_t capacity = (disk - disk / 1900) / KIB * KIB;  // filesystem overhead (EST)
  return capacity - capacity / 10 - GIB;
}

}  // namespace

node_resources allocatable_for(platform plat, pool_kind kind, const instance_type& type, const resource_params& params) {
  const std::int64_t cores = type.vcpu;
  const std::int64_t nominal = std::int64_t{type.memory_gib} * GIB;
  const std::int64_t capacity = capacity_bytes(nominal, params.capacity_ppm);
  node_resources alloc;
  alloc.ephemeral_storage_bytes = ephemeral_allocatable(params.disk_gib);

  if (kind == pool_kind::virtual_node) {  // Fargate / ACI report their size unreserved (EST)
    alloc.cpu_milli = cores * 1000;
    alloc.memory_bytes = plat == platform::aks ? nominal : capacity;
    alloc.pods = type.max_pods;
    return alloc;
  }
  switch (plat) {
    case platform::eks: {
      const std::int64_t pods = type.max_pods;
      alloc.cpu_milli = cores * 1000 - ladder_cpu_reserved_milli(cores);
      alloc.memory_bytes = capacity - (11 * pods + 255) * MIB - 100 * MIB;
      alloc.pods = pods;
      break;
    }
    case platform::gke:
      alloc.cpu_milli = cores * 1000 - ladder_cpu_reserved_milli(cores);
      alloc.memory_bytes = capacity - gke_memory_reserved(nominal) - 100 * MIB;
      alloc.pods = 110;
      break;
    case platform::aks: {
      const std::int64_t pods = params.max_pods;
      alloc.cpu_milli = cores * 1000 - aks_cpu_reserved_milli(cores);
      alloc.memory_bytes = capacity - std::min(20 * MIB * pods + 50 * MIB, nominal / 4) - 100 * MIB;
      alloc.pods = pods;
      break;
    }
    case platform::onprem:
      alloc.cpu_milli = cores * 1000;
      alloc.memory_bytes = capacity - 100 * MIB;
      alloc.pods = 110;
      break;
  }
  return alloc;
}

}  // namespace dsb::gen::internal
