// What every node of one pool shares, as texts, before anything is interned: the pool's
// label texts by scope, its taints, its variants (instance type x node image, each with its
// own labels and allocatable) and how its nodes are named.
//
// Label scopes of a node (realworld-clusters.md §3.1 cardinalities):
//   cluster + pool   pool_recipe::labels        one value per pool (region, pool name, os,
//                                               capacity type, custom team/env/...)
//   zone             zone_labels(keys, zone)    the 2-4 correlated zone keys
//   variant          variant_recipe::labels     instance type (x2), arch (x2), Karpenter
//                                               instance-*, node image, GPU/GFD/NFD labels
//   node             drawn per node             hostname, rack, serial, gfd.timestamp
// The generator interns each scope once (label_rows.hpp) and per node only the last one.
// Cost: a few KB per pool; describe_pools is O(P x labels per pool).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/gen/internal/catalog.hpp"
#include "engine/gen/internal/cluster_facts.hpp"
#include "engine/gen/internal/plan.hpp"
#include "engine/gen/internal/profile_def.hpp"
#include "engine/model/node_table.hpp"
#include "engine/model/taint.hpp"

namespace dsb::gen::internal {

/// A label as text. Keys are string literals (static storage); values are owned.
struct label_text {
  std::string_view key;
  std::string value;
};
using label_list = std::vector<label_text>;

struct taint_text {
  std::string_view key;
  std::string value;
  taint_effect effect = taint_effect::no_schedule;
};

struct extended_text {
  std::string_view resource;  ///< "nvidia.com/gpu", "attachable-volumes-aws-ebs"
  std::int64_t amount = 0;
};

/// Which correlated zone keys a pool's nodes carry (§3.1: 4-6 keys hold one zone fact).
enum class zone_keys : std::uint8_t {
  none,         ///< kubeadm, AKS virtual node
  eks,          ///< failure-domain, topology, topology.k8s.aws/zone-id, topology.ebs.csi.aws.com
  eks_fargate,  ///< failure-domain, topology
  gke,          ///< failure-domain, topology, topology.gke.io
  aks,          ///< failure-domain, topology, topology.disk.csi.azure.com
};
label_list zone_labels(const cluster_facts& facts, zone_keys keys, std::uint32_t zone);

/// One node shape of a pool: an instance type (and node image) with its share of nodes.
struct variant_recipe {
  const instance_type* type = nullptr;
  std::uint32_t weight = 1;
  std::uint32_t image = 0;  ///< node image generation (EKS MNG rollouts: 0 new, 1 old)
  label_list labels;
  node_resources allocatable;
  std::vector<extended_text> extended;
};

/// How a pool's nodes are named (node_names.hpp writes them).
enum class name_style : std::uint8_t {
  eks_ip,          ///< ip-10-1-2-3.<region>.compute.internal
  eks_fargate,     ///< fargate-ip-10-1-2-3.<region>.compute.internal
  gke,             ///< gke-<cluster>-<pool>-<8 hex per zone>-<4 base36>
  aks_vmss,        ///< aks-<pool>-<8 digits>-vmss<6 base36>
  aks_windows,     ///< aks<pool><6 base36> (Windows computer names, <= 15 chars)
  fixed,           ///< prefixes[0] as is (virtual-node-aci-linux)
  onprem_worker,   ///< worker-r<rack>-<worker number, 4+ digits>
  onprem_control,  ///< cp-<n>
};

struct name_scheme {
  name_style style = name_style::fixed;
  std::array<std::string, MAX_ZONES> prefixes;  ///< GKE: one per zone; otherwise prefixes[0]
  std::string suffix;                           ///< EKS DNS suffix
  std::uint64_t key = 0;                        ///< bijection key (EKS addresses, GKE suffixes)
  std::uint32_t ip_bits = 16;
  std::uint32_t ip_base = 0;
  std::uint32_t first_instance = 0;  ///< AKS VMSS instance id of the pool's first node
};

struct pool_recipe {
  pool_kind kind = pool_kind::general;
  bool karpenter = false;
  std::string name;
  label_list labels;  ///< cluster + pool scope, custom pool labels included
  zone_keys zone_label_keys = zone_keys::none;
  std::vector<taint_text> taints;        ///< spec.taints order
  std::vector<variant_recipe> variants;  ///< >= 1
  name_scheme naming;
  bool per_node_custom = true;   ///< rack / serial labels drawn per node (§8.3 20% per-node)
  std::uint32_t per_node_custom_max = 2;  ///< fewer when the pool's own labels fill the budget
  bool rack_from_name = false;   ///< kubeadm: rack label always, equal to the name's rack
  bool gfd_timestamp = false;    ///< GPU: nvidia.com/gfd.timestamp per node
  std::uint64_t gfd_base = 0;    ///< earliest gfd.timestamp of the pool (unix seconds)
  bool transient_states = true;  ///< virtual and control-plane nodes stay healthy
  bool karpenter_disruption = false;  ///< autoscaler states use karpenter.sh/disruption
};

/// Per-node custom keys (§8.3: "20% per-node (e.g. rack, serial)").
inline constexpr std::string_view RACK_KEY = "rack";
inline constexpr std::string_view SERIAL_KEY = "serial";
/// At most this many per-node custom labels per node (rack, serial).
inline constexpr std::uint32_t MAX_PER_NODE_CUSTOM = 2;
/// Rack values of cloud profiles ("tens of values", §8.3); kubeadm racks hold 40 workers.
inline constexpr std::uint32_t CLOUD_RACKS = 48;
inline constexpr std::uint32_t WORKERS_PER_RACK = 40;

std::vector<pool_recipe> describe_pools(const profile_def& profile, const cluster_facts& facts, const cluster_plan& plan,
                                        std::uint64_t seed);

}  // namespace dsb::gen::internal
