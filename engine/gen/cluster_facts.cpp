// describe_cluster(): region, zones and cluster-wide flags (internal/cluster_facts.hpp).
#include <algorithm>
#include <array>
#include <string_view>

#include "engine/gen/internal/bijection.hpp"
#include "engine/gen/internal/cluster_facts.hpp"
#include "engine/gen/internal/draws.hpp"
#include "engine/gen/internal/text.hpp"
#include "engine/gen/rng.hpp"

namespace dsb::gen::internal {
namespace {

struct region_def {
  std::string_view name;
  std::string_view zone_letters;  ///< EKS/GKE zone suffixes; AKS uses 1..3
  std::string_view zone_id_prefix;  ///< EKS zone ids ("use1" -> "use1-az1")
};

constexpr std::array EKS_REGIONS{
    region_def{"us-east-1", "abcdef", "use1"}, region_def{"us-west-2", "abcd", "usw2"},
    region_def{"eu-west-1", "abc", "euw1"},    region_def{"eu-central-1", "abc", "euc1"},
    region_def{"ap-southeast-2", "abc", "apse2"},
};
constexpr std::array GKE_REGIONS{
    region_def{"us-central1", "abcf", ""}, region_def{"europe-west4", "abc", ""},
    region_def{"us-east4", "abc", ""},     region_def{"asia-northeast1", "abc", ""},
};
constexpr std::array AKS_REGIONS{
    region_def{"eastus", "123", ""}, region_def{"westeurope", "123", ""},
    region_def{"eastus2", "123", ""}, region_def{"northeurope", "123", ""},
};

constexpr std::array<std::string_view, 6> EKS_NAMES{"prod-main",     "platform-prod", "shared-services",
                                                    "payments-prod", "eks-prod-01",   "web-prod"};
constexpr std::array<std::string_view, 4> GPU_NAMES{"ml-training", "genai-prod", "inference-prod", "research-gpu"};
constexpr std::array<std::string_view, 5> GKE_NAMES{"prod-cluster", "gke-prod-1", "main", "platform", "web-prod"};
constexpr std::array<std::string_view, 4> AKS_NAMES{"aks-prod", "prod-weu", "platform", "shared-aks"};
constexpr std::array<std::string_view, 3> ONPREM_NAMES{"dc1-prod", "k8s-onprem", "metal-prod"};

// (driver, CUDA runtime) pairs seen on GPU nodes (GFD cuda.driver.* / cuda.runtime.*; EST).
constexpr std::array<std::array<std::string_view, 2>, 4> DRIVERS{{
    {"470.182.03", "11.4"}, {"535.104.05", "12.2"}, {"535.183.01", "12.2"}, {"550.90.07", "12.4"}}};

template <class Names>
std::string pick_name(xoshiro256ss& rng, const Names& names) {
  return std::string(names[uniform_below(rng, names.size())]);
}

// Z of the region's zones, chosen at random and listed in the region's order.
std::vector<std::size_t> pick_zones(xoshiro256ss& rng, std::size_t available, std::size_t wanted) {
  std::vector<std::size_t> all(available);
  for (std::size_t idx = 0; idx < available; ++idx) all[idx] = idx;
  for (std::size_t idx = 0; idx < wanted; ++idx) std::swap(all[idx], all[idx + uniform_below(rng, available - idx)]);
  all.resize(wanted);
  std::sort(all.begin(), all.end());
  return all;
}

// §8.1: 3 zones; XL clusters (>= 15,000 nodes) sometimes 4 (EST: one in four, when the
// region has a fourth zone).
std::size_t zone_count(xoshiro256ss& rng, std::uint32_t nodes, std::size_t available) {
  const bool four = nodes >= 15'000 && chance_ppm(rng, 250'000);
  return std::min<std::size_t>(available, four ? 4 : 3);
}

void describe_eks(xoshiro256ss& rng, const profile_def& profile, std::uint32_t nodes, cluster_facts& facts) {
  const bool gpu_cluster = profile.kind_ppm[static_cast<std::size_t>(pool_kind::gpu)] > 500'000;
  facts.name = gpu_cluster ? pick_name(rng, GPU_NAMES) : pick_name(rng, EKS_NAMES);
  const region_def& region = EKS_REGIONS[uniform_below(rng, EKS_REGIONS.size())];
  facts.region = std::string(region.name);
  const std::size_t available = region.zone_letters.size();
  const auto chosen = pick_zones(rng, available, zone_count(rng, nodes, available));
  // Zone ids are mapped per AWS account: a random permutation of az1..azN.
  const std::uint64_t id_key = rng.next();
  for (std::size_t zone : chosen) {
    const std::uint32_t id = permute_below(static_cast<std::uint32_t>(zone), available, id_key) + 1;
    facts.zones.push_back({facts.region + region.zone_letters[zone], std::string(region.zone_id_prefix) + "-az" + to_decimal(id)});
  }
  facts.eksctl = chance_ppm(rng, 600'000);  // EST: eksctl vs terraform-built node groups
  facts.aws_cluster_tag = to_hex(rng.next(), 16) + to_hex(rng.next(), 16);
  facts.dns_suffix = facts.region == "us-east-1" ? ".ec2.internal" : "." + facts.region + ".compute.internal";
  // Private addresses: 4x more addresses than nodes, in eksctl's default 192.168.0.0/16
  // when that holds them, else in 10.0.0.0/8.
  facts.ip_bits = std::max<std::uint32_t>(16, std::min<std::uint32_t>(24, bits_for(std::uint64_t{nodes} * 4)));
  facts.ip_base = facts.ip_bits == 16 && facts.eksctl ? (192U << 24) | (168U << 16) : 10U << 24;
  facts.ip_key = rng.next();
}

void describe_gke(xoshiro256ss& rng, std::uint32_t nodes, cluster_facts& facts) {
  facts.name = pick_name(rng, GKE_NAMES);
  const region_def& region = GKE_REGIONS[uniform_below(rng, GKE_REGIONS.size())];
  facts.region = std::string(region.name);
  const std::size_t available = region.zone_letters.size();
  for (std::size_t zone : pick_zones(rng, available, zone_count(rng, nodes, available))) {
    facts.zones.push_back({facts.region + "-" + region.zone_letters[zone], {}});
  }
  facts.newer_labels = chance_ppm(rng, 700'000);  // EST: share of clusters on the 29-label set
  facts.private_nodes = chance_ppm(rng, 600'000);
}

void describe_aks(xoshiro256ss& rng, const profile_def& profile, std::uint32_t nodes, cluster_facts& facts) {
  facts.name = pick_name(rng, AKS_NAMES);
  const region_def& region = AKS_REGIONS[uniform_below(rng, AKS_REGIONS.size())];
  facts.region = std::string(region.name);
  // §3.1: topology.kubernetes.io/zone = "0" when the cluster has no availability zones
  // (EST: 15% of clusters). Without zones an AKS pool holds at most 1,000 nodes (§7).
  if (chance_ppm(rng, 150'000)) {
    facts.zones.push_back({"0", {}});
  } else {
    const std::size_t count = zone_count(rng, nodes, 3);
    for (std::size_t zone = 0; zone < count; ++zone) facts.zones.push_back({facts.region + "-" + to_decimal(zone + 1), {}});
  }
  facts.newer_labels = chance_ppm(rng, 500'000);  // EST: 2024 (~26 labels) vs 2025 (~33) set
  facts.aks_node_group = "MC_rg-" + facts.name + "_" + facts.name + "_" + facts.region;
  facts.aks_kubelet_identity = to_guid(rng.next(), rng.next());
  facts.aks_vnet_guid = to_guid(rng.next(), rng.next());
  // §5: default max pods 30 (Azure CNI node subnet), 110 (kubenet), 250 (CNI Overlay); EST shares.
  constexpr std::array<std::uint32_t, 3> MAX_PODS{30, 110, 250};
  constexpr std::array<std::uint32_t, 3> MAX_PODS_WEIGHTS{25, 35, 40};
  facts.aks_max_pods = MAX_PODS[pick_weighted(rng, MAX_PODS_WEIGHTS)];
  // 1-3 live node images during an upgrade wave (§3.1).
  const std::uint64_t images = uniform_between(rng, 1, 3);
  const std::uint64_t newest = uniform_between(rng, 0, 8);
  for (std::uint64_t image = 0; image < images; ++image) {
    facts.aks_node_images.push_back("AKSUbuntu-2204gen2containerd-2024" + to_decimal(12 - newest - image, 2) + "." +
                                    to_decimal(uniform_between(rng, 1, 28), 2) + ".0");
  }
  facts.virtual_node = nodes >= 10 && chance_ppm(rng, profile.single_virtual_node_ppm);
}

void describe_onprem(xoshiro256ss& rng, std::uint32_t nodes, cluster_facts& facts) {
  facts.name = pick_name(rng, ONPREM_NAMES);
  facts.zones.push_back({});
  // §4: 3 control-plane nodes, 5 in large clusters (the brief: from 1,000 nodes); a 1-3 node
  // cluster has a single control-plane node.
  facts.control_plane_nodes = nodes >= 1000 ? 5 : nodes >= 4 ? 3 : 1;
}

}  // namespace

cluster_facts describe_cluster(const profile_def& profile, std::uint32_t nodes, std::uint64_t seed) {
  xoshiro256ss rng = counter_rng(seed, stream::cluster, 0);
  cluster_facts facts;
  facts.plat = profile.plat;
  switch (profile.plat) {
    case platform::eks: describe_eks(rng, profile, nodes, facts); break;
    case platform::gke: describe_gke(rng, nodes, facts); break;
    case platform::aks: describe_aks(rng, profile, nodes, facts); break;
    case platform::onprem: describe_onprem(rng, nodes, facts); break;
  }
  const std::size_t driver = 1 + uniform_below(rng, DRIVERS.size() - 1);
  facts.cuda_driver = std::string(DRIVERS[driver][0]);
  facts.cuda_runtime = std::string(DRIVERS[driver][1]);
  facts.cuda_driver_older = std::string(DRIVERS[driver - 1][0]);
  facts.cuda_runtime_older = std::string(DRIVERS[driver - 1][1]);
  // Snapshot time: some second of 2025 (autoscaler taint values, GFD timestamps).
  facts.snapshot_unix = 1'735'689'600 + uniform_below(rng, 365ULL * 86'400);
  return facts;
}

}  // namespace dsb::gen::internal
