// AKS label sets and names (realworld-clusters.md §3 rows "AKS" (~26 in 2024, ~33 in 2025)
// and "AKS spot pool"; §3.1; §5 for max pods).
//
//   cluster  kubernetes.azure.com/{cluster,kubelet-identity-client-id,role,nodepool-type,
//            storageprofile}, storageprofile, region x2 (+ nodenetwork-vnetguid, podnetwork-type)
//   pool     agentpool, kubernetes.azure.com/{agentpool,mode,node-image-version,
//            consolidated-additional-properties,os-sku,storagetier}, storagetier, os x2
//            (+ os-sku-effective, os-sku-requested); spot: scalesetpriority=spot
//   zone     failure-domain, topology, topology.disk.csi.azure.com ("0" without zones)
//   variant  instance-type x2, arch x2 (+ sku-cpu, sku-memory)
// Node names: aks-<pool>-<8 digits>-vmss<6 base36 instance id> (Linux),
// aks<pool><6 base36> (Windows computer names), virtual-node-aci-linux.
#include "engine/gen/internal/draws.hpp"
#include "engine/gen/internal/platform_labels.hpp"
#include "engine/gen/internal/text.hpp"

namespace dsb::gen::internal {
namespace {

// Pool names: lowercase alphanumeric, <= 12 characters (Windows: <= 6).
std::string pool_name(const pool_context& ctx, const pool_recipe& recipe) {
  const std::string number = to_decimal(ctx.plan.ordinal + 1);
  switch (recipe.kind) {
    case pool_kind::general: return "user" + number;
    case pool_kind::spot: return "spot" + number;
    case pool_kind::arm64: return "arm" + number;
    case pool_kind::dedicated: {
      std::string word;
      for (char c : ctx.dedicated) {
        if (c != '-' && word.size() < 7) word += c;
      }
      return word + number;
    }
    case pool_kind::gpu: return "gpu" + number;
    case pool_kind::system: return ctx.plan.ordinal == 0 ? "nodepool1" : "system" + number;
    case pool_kind::windows: return "win" + number;
    case pool_kind::virtual_node: return "virtual-node-aci-linux";
    case pool_kind::control_plane: break;
  }
  return "pool" + number;
}

std::string_view pod_network_type(std::uint32_t max_pods) {
  return max_pods == 250 ? "overlay" : max_pods == 30 ? "vnet" : "kubenet";  // EST
}

}  // namespace

void aks_pool(pool_context& ctx, pool_recipe& recipe) {
  const cluster_facts& facts = ctx.facts;
  label_list& labels = recipe.labels;
  recipe.name = pool_name(ctx, recipe);
  ctx.spot_key = "kubernetes.azure.com/scalesetpriority";

  if (recipe.kind == pool_kind::virtual_node) {  // virtual-kubelet ACI connector node (EST set)
    recipe.naming.style = name_style::fixed;
    recipe.naming.prefixes[0] = recipe.name;
    recipe.zone_label_keys = zone_keys::none;
    add_label(labels, "alpha.service-controller.kubernetes.io/exclude-balancer", "true");
    add_label(labels, "beta.kubernetes.io/os", "linux");
    add_label(labels, "kubernetes.azure.com/managed", "false");
    add_label(labels, "kubernetes.azure.com/role", "agent");
    add_label(labels, "kubernetes.io/os", "linux");
    add_label(labels, "kubernetes.io/role", "agent");
    add_label(labels, "node.kubernetes.io/exclude-from-external-load-balancers", "true");
    add_label(labels, "type", "virtual-kubelet");
    return;
  }

  const bool windows = recipe.kind == pool_kind::windows;
  const std::string os = windows ? "windows" : "linux";
  recipe.zone_label_keys = zone_keys::aks;
  recipe.naming.style = windows ? name_style::aks_windows : name_style::aks_vmss;
  const std::string vmss_id = to_decimal(uniform_between(ctx.rng, 10'000'000, 99'999'999));
  recipe.naming.prefixes[0] = windows ? "aks" + recipe.name : "aks-" + recipe.name + "-" + vmss_id + "-vmss";
  recipe.naming.first_instance = static_cast<std::uint32_t>(uniform_below(ctx.rng, 36ULL * 36 * 36));

  const std::string os_sku = windows ? "Windows2022" : chance_ppm(ctx.rng, 200'000) ? "AzureLinux" : "Ubuntu";
  const std::string image = windows ? "AKSWindows-2022-containerd-20348.2527.240612"
                                    : facts.aks_node_images[uniform_below(ctx.rng, facts.aks_node_images.size())];
  add_label(labels, "kubernetes.azure.com/cluster", facts.aks_node_group);
  add_label(labels, "kubernetes.azure.com/kubelet-identity-client-id", facts.aks_kubelet_identity);
  add_label(labels, "kubernetes.azure.com/role", "agent");
  add_label(labels, "kubernetes.azure.com/nodepool-type", "VirtualMachineScaleSets");
  add_label(labels, "kubernetes.azure.com/storageprofile", "managed");
  add_label(labels, "storageprofile", "managed");
  add_label(labels, "topology.kubernetes.io/region", facts.region);
  add_label(labels, "failure-domain.beta.kubernetes.io/region", facts.region);
  add_label(labels, "agentpool", recipe.name);
  add_label(labels, "kubernetes.azure.com/agentpool", recipe.name);
  add_label(labels, "kubernetes.azure.com/mode", recipe.kind == pool_kind::system ? "system" : "user");
  add_label(labels, "kubernetes.azure.com/node-image-version", image);
  add_label(labels, "kubernetes.azure.com/consolidated-additional-properties", to_guid(ctx.rng.next(), ctx.rng.next()));
  add_label(labels, "kubernetes.azure.com/os-sku", os_sku);
  add_label(labels, "kubernetes.azure.com/storagetier", "Premium_LRS");
  add_label(labels, "storagetier", "Premium_LRS");
  add_label(labels, "kubernetes.io/os", os);
  add_label(labels, "beta.kubernetes.io/os", os);
  if (windows) add_label(labels, "node.kubernetes.io/windows-build", "10.0.20348");
  if (facts.newer_labels) {
    add_label(labels, "kubernetes.azure.com/nodenetwork-vnetguid", facts.aks_vnet_guid);
    add_label(labels, "kubernetes.azure.com/podnetwork-type", std::string(pod_network_type(facts.aks_max_pods)));
    add_label(labels, "kubernetes.azure.com/os-sku-effective", os_sku == "Ubuntu" ? "Ubuntu2204" : os_sku);
    add_label(labels, "kubernetes.azure.com/os-sku-requested", os_sku);
  }
  if (recipe.kind == pool_kind::spot) add_label(labels, ctx.spot_key, "spot");
  if (recipe.kind == pool_kind::dedicated) add_label(labels, "dedicated", ctx.dedicated);
  if (recipe.kind == pool_kind::gpu) add_label(labels, "accelerator", "nvidia");
}

void aks_variant(const pool_context& ctx, const pool_recipe& recipe, variant_recipe& variant) {
  if (recipe.kind == pool_kind::virtual_node) return;
  const instance_type& type = *variant.type;
  label_list& labels = variant.labels;
  const std::string arch(to_string(type.arch));
  add_label(labels, "node.kubernetes.io/instance-type", std::string(type.name));
  add_label(labels, "beta.kubernetes.io/instance-type", std::string(type.name));
  add_label(labels, "kubernetes.io/arch", arch);
  add_label(labels, "beta.kubernetes.io/arch", arch);
  if (ctx.facts.newer_labels) {
    add_label(labels, "kubernetes.azure.com/sku-cpu", to_decimal(type.vcpu));
    add_label(labels, "kubernetes.azure.com/sku-memory", to_decimal(std::uint64_t{type.memory_gib} * 1024));
  }
}

}  // namespace dsb::gen::internal
