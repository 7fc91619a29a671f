// Cluster-wide facts of a generated cluster: name, region, zones and the platform flags
// every pool shares (EKS built by eksctl or terraform, the GKE/AKS label-set vintage, AKS CNI
// max pods, the GPU driver, the snapshot time). Drawn once from stream::cluster.
// Sources: realworld-clusters.md §3 (label sets and their vintages), §3.1 (per-cluster
// cardinality 1 keys), §5 (AKS max pods), §8.1 (zones: 3, sometimes 4 at XL).
// Cost: O(zones); a few hundred bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/gen/internal/profile_def.hpp"

namespace dsb::gen::internal {

/// Most zones a cluster spans (§8.1 XL: 3-4).
inline constexpr std::uint32_t MAX_ZONES = 4;

struct zone_fact {
  std::string name;  ///< topology.kubernetes.io/zone value ("us-east-1a", "us-central1-f", "eastus-2", "0")
  std::string id;    ///< EKS topology.k8s.aws/zone-id ("use1-az4"); empty elsewhere
};

struct cluster_facts {
  platform plat = platform::eks;
  std::string name;    ///< cluster name (GKE node names embed it)
  std::string region;  ///< empty on-prem
  std::vector<zone_fact> zones;  ///< 1..MAX_ZONES; on-prem: one unlabelled zone

  // EKS
  bool eksctl = false;           ///< managed node groups carry alpha.eksctl.io/* (§3: 21 vs 17-19 labels)
  std::string aws_cluster_tag;   ///< k8s.io/cloud-provider-aws (32 hex, one per cluster; §3.1)
  std::string dns_suffix;        ///< ".ec2.internal" (us-east-1) or ".<region>.compute.internal"
  std::uint32_t ip_bits = 16;    ///< private addresses are ip_base + a permutation of [0, 2^ip_bits)
  std::uint32_t ip_base = 0;     ///< 192.168.0.0 (eksctl default VPC) or 10.0.0.0
  std::uint64_t ip_key = 0;

  // GKE / AKS
  bool newer_labels = false;     ///< GKE 29-label "realistic" set; AKS 2025 set (~33); §3
  bool private_nodes = false;    ///< GKE cloud.google.com/private-node
  std::string aks_node_group;    ///< kubernetes.azure.com/cluster ("MC_<rg>_<cluster>_<region>")
  std::string aks_kubelet_identity;  ///< kubernetes.azure.com/kubelet-identity-client-id
  std::string aks_vnet_guid;     ///< kubernetes.azure.com/nodenetwork-vnetguid
  std::uint32_t aks_max_pods = 110;  ///< 30 (Azure CNI), 110 (kubenet), 250 (CNI Overlay); §5
  std::vector<std::string> aks_node_images;  ///< 1-3 live node-image versions (§3.1)
  bool virtual_node = false;     ///< AKS: one virtual-kubelet (ACI) node

  // GPU software stack (GFD labels, §3)
  std::string cuda_driver;        ///< "535.104.05"
  std::string cuda_driver_older;  ///< a second live driver on some GPU pools
  std::string cuda_runtime;       ///< "12.2"
  std::string cuda_runtime_older;

  std::uint64_t snapshot_unix = 0;         ///< "now" of the snapshot (autoscaler taint values)
  std::uint32_t control_plane_nodes = 0;   ///< kubeadm control plane (3, or 5 from 1,000 nodes)
};

cluster_facts describe_cluster(const profile_def& profile, std::uint32_t nodes, std::uint64_t seed);

}  // namespace dsb::gen::internal
