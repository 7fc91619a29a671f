// EKS label sets and names (realworld-clusters.md §3 rows "EKS managed node group
// (eksctl)", "EKS MNG (terraform)", "EKS Fargate", "EKS + Karpenter"; §3.1 cardinalities).
//
//   MNG, eksctl     21 labels (cluster 4, pool 7, zone 4, variant 5, hostname)
//   MNG, terraform  19 (no alpha.eksctl.io/*)
//   Karpenter       31 (+4 on GPU types): karpenter.sh/* and karpenter.k8s.aws/instance-*
//   Fargate         10
// Node names: ip-<a-b-c-d><dns suffix> from a bijection of the node number (unique).
#include "engine/gen/internal/draws.hpp"
#include "engine/gen/internal/platform_labels.hpp"
#include "engine/gen/internal/text.hpp"

namespace dsb::gen::internal {
namespace {

std::string pool_word(const pool_context& ctx, const pool_recipe& recipe) {
  switch (recipe.kind) {
    case pool_kind::general: return recipe.karpenter ? "default" : "general";
    case pool_kind::spot: return "spot";
    case pool_kind::arm64: return "arm64";
    case pool_kind::dedicated: return ctx.dedicated;
    case pool_kind::gpu:  // a node group has one GPU type; a Karpenter pool mixes several
      return recipe.karpenter ? "gpu" : "gpu-" + std::string(recipe.variants.front().type->gpu->short_name);
    case pool_kind::system: return "system";
    case pool_kind::windows: return "windows";
    case pool_kind::virtual_node: return "fp";
    case pool_kind::control_plane: return "control-plane";
  }
  return "pool";
}

// An AMI id for (image family, release): the same release of the same family is the same
// AMI on every pool of the cluster, so nodegroup-image has <= P values, typically 1-3 (§3.1).
std::string ami_id(const cluster_facts& facts, std::uint64_t family, std::uint64_t release) {
  return "ami-0" + to_hex(mix64(facts.ip_key ^ (family * 0x9e3779b97f4a7c15ULL) ^ (release + 1)), 16);
}

}  // namespace

void eks_pool(pool_context& ctx, pool_recipe& recipe) {
  const cluster_facts& facts = ctx.facts;
  label_list& labels = recipe.labels;
  const bool windows = recipe.kind == pool_kind::windows;
  const std::string os = windows ? "windows" : "linux";
  recipe.naming.suffix = facts.dns_suffix;
  recipe.naming.key = facts.ip_key;
  recipe.naming.ip_bits = facts.ip_bits;
  recipe.naming.ip_base = facts.ip_base;
  ctx.spot_key = "aws.amazon.com/spot";

  if (recipe.kind == pool_kind::virtual_node) {  // Fargate profile: 10 labels (§3)
    recipe.name = "fp-" + to_decimal(ctx.plan.ordinal + 1);
    recipe.naming.style = name_style::eks_fargate;
    recipe.zone_label_keys = zone_keys::eks_fargate;
    add_label(labels, "eks.amazonaws.com/compute-type", "fargate");
    add_label(labels, "topology.kubernetes.io/region", facts.region);
    add_label(labels, "failure-domain.beta.kubernetes.io/region", facts.region);
    add_label(labels, "kubernetes.io/os", os);
    add_label(labels, "beta.kubernetes.io/os", os);
    return;
  }

  recipe.naming.style = name_style::eks_ip;
  recipe.zone_label_keys = zone_keys::eks;
  recipe.name = pool_word(ctx, recipe) + "-" + to_decimal(ctx.plan.ordinal + 1);
  const bool spot = recipe.kind == pool_kind::spot;
  add_label(labels, "k8s.io/cloud-provider-aws", facts.aws_cluster_tag);
  add_label(labels, "topology.kubernetes.io/region", facts.region);
  add_label(labels, "failure-domain.beta.kubernetes.io/region", facts.region);
  add_label(labels, "kubernetes.io/os", os);
  add_label(labels, "beta.kubernetes.io/os", os);
  if (windows) add_label(labels, "node.kubernetes.io/windows-build", "10.0.20348");

  if (recipe.karpenter) {
    add_label(labels, "karpenter.sh/nodepool", recipe.name);
    add_label(labels, "karpenter.sh/capacity-type", spot ? "spot" : "on-demand");
    add_label(labels, "karpenter.sh/initialized", "true");
    add_label(labels, "karpenter.sh/registered", "true");
    add_label(labels, "karpenter.k8s.aws/ec2nodeclass", recipe.kind == pool_kind::gpu ? "gpu" : "default");
  } else {
    if (!facts.eksctl) {  // terraform-aws-eks: name_prefix + 26-digit timestamp suffix
      recipe.name += "-2024" + to_decimal(uniform_between(ctx.rng, 1, 12), 2) + to_decimal(uniform_between(ctx.rng, 1, 28), 2) +
                     to_decimal(uniform_below(ctx.rng, 1'000'000), 6) + to_decimal(uniform_below(ctx.rng, 1'000'000'000'000ULL), 12);
    } else {
      add_label(labels, "alpha.eksctl.io/cluster-name", facts.name);
      add_label(labels, "alpha.eksctl.io/nodegroup-name", recipe.name);
    }
    add_label(labels, "eks.amazonaws.com/nodegroup", recipe.name);
    add_label(labels, "eks.amazonaws.com/capacityType", spot ? "SPOT" : "ON_DEMAND");
    add_label(labels, "eks.amazonaws.com/sourceLaunchTemplateId", "lt-0" + to_hex(ctx.rng.next(), 16));
    add_label(labels, "eks.amazonaws.com/sourceLaunchTemplateVersion", to_decimal(uniform_between(ctx.rng, 1, 12)));
  }
  if (recipe.kind == pool_kind::system) add_label(labels, "node-role.kubernetes.io/infra", "");
  if (recipe.kind == pool_kind::dedicated) add_label(labels, "dedicated", ctx.dedicated);
}

void eks_variant(const pool_context& ctx, const pool_recipe& recipe, variant_recipe& variant) {
  const instance_type& type = *variant.type;
  label_list& labels = variant.labels;
  const std::string arch(to_string(type.arch));
  add_label(labels, "kubernetes.io/arch", arch);
  add_label(labels, "beta.kubernetes.io/arch", arch);
  if (recipe.kind == pool_kind::virtual_node) return;
  add_label(labels, "node.kubernetes.io/instance-type", std::string(type.name));
  add_label(labels, "beta.kubernetes.io/instance-type", std::string(type.name));
  if (recipe.karpenter) {  // karpenter.k8s.aws labels derived from the type (§3.1: 5-40 values each)
    add_label(labels, "karpenter.k8s.aws/instance-category", std::string(type.family.substr(0, 1)));
    add_label(labels, "karpenter.k8s.aws/instance-cpu", to_decimal(type.vcpu));
    add_label(labels, "karpenter.k8s.aws/instance-cpu-manufacturer", std::string(type.manufacturer));
    add_label(labels, "karpenter.k8s.aws/instance-cpu-sustained-clock-speed-mhz", to_decimal(type.clock_mhz));
    add_label(labels, "karpenter.k8s.aws/instance-ebs-bandwidth", to_decimal(type.ebs_mbps));
    add_label(labels, "karpenter.k8s.aws/instance-encryption-in-transit-supported", type.encryption_in_transit ? "true" : "false");
    add_label(labels, "karpenter.k8s.aws/instance-family", std::string(type.family));
    add_label(labels, "karpenter.k8s.aws/instance-generation", to_decimal(type.generation));
    add_label(labels, "karpenter.k8s.aws/instance-hypervisor", "nitro");
    add_label(labels, "karpenter.k8s.aws/instance-memory", to_decimal(std::uint64_t{type.memory_gib} * 1024));
    add_label(labels, "karpenter.k8s.aws/instance-network-bandwidth", to_decimal(type.network_mbps));
    add_label(labels, "karpenter.k8s.aws/instance-size", std::string(type.size));
    if (type.gpu != nullptr) {
      add_label(labels, "karpenter.k8s.aws/instance-gpu-count", to_decimal(type.gpus));
      add_label(labels, "karpenter.k8s.aws/instance-gpu-manufacturer", "nvidia");
      add_label(labels, "karpenter.k8s.aws/instance-gpu-memory", to_decimal(type.gpu->memory_mib));
      add_label(labels, "karpenter.k8s.aws/instance-gpu-name", std::string(type.gpu->short_name));
    }
  } else {
    // Image family: arch x OS x GPU (EKS-optimised AL2 / arm64 / GPU / Windows AMIs).
    const std::uint64_t family = (type.arch == cpu_arch::arm64 ? 1 : 0) + (type.gpu != nullptr ? 2 : 0) +
                                 (recipe.kind == pool_kind::windows ? 4 : 0);
    const std::uint64_t release = (ctx.pool_number * 0x2545f491ULL + ctx.facts.ip_key) % 2 + variant.image;
    add_label(labels, "eks.amazonaws.com/nodegroup-image", ami_id(ctx.facts, family, release));
  }
  if (type.gpu != nullptr) add_label(labels, "k8s.amazonaws.com/accelerator", "nvidia-" + std::string(type.gpu->short_name));
}

}  // namespace dsb::gen::internal
