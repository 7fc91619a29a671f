// GKE Standard label sets and names (realworld-clusters.md §3 rows "GKE Standard (2022,
// e2-medium)" = 20 labels, "GKE Standard (realistic set)" = 29, "GKE spot/preemptible
// pools", "GKE GPU pool"; §8.7 case 9 for the workload-identity gate label).
//
//   cluster  region x2, private-node, container-runtime (+ logging-variant,
//            node-local-dns-ds-ready, stack-type on the newer set)
//   pool     gke-nodepool, boot-disk, os-distribution, max-pods-per-node, os x2 (+ provisioning,
//            disk-type.gke.io/* x4 on the newer set); spot/preemptible; gate label on a subset
//   zone     failure-domain, topology, topology.gke.io
//   variant  instance-type x2, arch x2, machine-family, cpu-scaling-level (+ memory-gb-scaling-level)
// Node names: gke-<cluster>-<pool>-<8 hex, one per pool-zone>-<4 base36, a bijection of the
// node's number inside its pool-zone> (unique by construction).
#include <algorithm>

#include "engine/gen/internal/draws.hpp"
#include "engine/gen/internal/platform_labels.hpp"
#include "engine/gen/internal/text.hpp"

namespace dsb::gen::internal {
namespace {

std::string pool_name(const pool_context& ctx, const pool_recipe& recipe) {
  const std::string number = to_decimal(ctx.plan.ordinal + 1);
  switch (recipe.kind) {
    case pool_kind::general: return ctx.plan.ordinal == 0 ? "default-pool" : "pool-" + number;
    case pool_kind::spot: return "spot-pool-" + number;
    case pool_kind::arm64: return "arm-pool-" + number;
    case pool_kind::dedicated: return ctx.dedicated + "-pool-" + number;
    case pool_kind::gpu: return "gpu-" + std::string(recipe.variants.front().type->gpu->short_name) + "-pool-" + number;
    case pool_kind::system: return "system-pool-" + number;
    case pool_kind::windows: return "win-pool-" + number;
    case pool_kind::virtual_node:
    case pool_kind::control_plane: break;
  }
  return "pool-" + number;
}

}  // namespace

void gke_pool(pool_context& ctx, pool_recipe& recipe) {
  const cluster_facts& facts = ctx.facts;
  label_list& labels = recipe.labels;
  const bool windows = recipe.kind == pool_kind::windows;
  const std::string os = windows ? "windows" : "linux";
  recipe.name = pool_name(ctx, recipe);
  recipe.zone_label_keys = zone_keys::gke;

  // Names: one 8-hex instance-group id per pool-zone, distinct within the pool.
  recipe.naming.style = name_style::gke;
  recipe.naming.key = ctx.rng.next();
  std::array<std::uint32_t, MAX_ZONES> group_ids{};
  for (std::size_t zone = 0; zone < facts.zones.size(); ++zone) {
    std::uint32_t id = 0;
    do {
      id = static_cast<std::uint32_t>(ctx.rng.next() >> 32);
    } while (std::find(group_ids.begin(), group_ids.begin() + static_cast<std::ptrdiff_t>(zone), id) !=
             group_ids.begin() + static_cast<std::ptrdiff_t>(zone));
    group_ids[zone] = id;
    recipe.naming.prefixes[zone] = "gke-" + facts.name + "-" + recipe.name + "-" + to_hex(id, 8) + "-";
  }

  // Spot pools: 75% spot VMs, 25% legacy preemptible (EST).
  const bool spot = recipe.kind == pool_kind::spot;
  const bool preemptible = spot && chance_ppm(ctx.rng, 250'000);
  ctx.spot_key = preemptible ? "cloud.google.com/gke-preemptible" : "cloud.google.com/gke-spot";

  add_label(labels, "topology.kubernetes.io/region", facts.region);
  add_label(labels, "failure-domain.beta.kubernetes.io/region", facts.region);
  add_label(labels, "cloud.google.com/private-node", facts.private_nodes ? "true" : "false");
  add_label(labels, "cloud.google.com/gke-container-runtime", "containerd");
  add_label(labels, "cloud.google.com/gke-nodepool", recipe.name);
  add_label(labels, "cloud.google.com/gke-boot-disk", chance_ppm(ctx.rng, 200'000) ? "pd-ssd" : "pd-balanced");
  add_label(labels, "cloud.google.com/gke-os-distribution", windows ? "windows_ltsc" : "cos");
  add_label(labels, "cloud.google.com/gke-max-pods-per-node", "110");
  add_label(labels, "kubernetes.io/os", os);
  add_label(labels, "beta.kubernetes.io/os", os);
  if (windows) add_label(labels, "node.kubernetes.io/windows-build", "10.0.20348");
  if (facts.newer_labels) {
    add_label(labels, "cloud.google.com/gke-logging-variant", "DEFAULT");
    add_label(labels, "addon.gke.io/node-local-dns-ds-ready", "true");
    add_label(labels, "cloud.google.com/gke-stack-type", "IPV4");
    add_label(labels, "cloud.google.com/gke-provisioning", spot ? (preemptible ? "preemptible" : "spot") : "standard");
    add_label(labels, "disk-type.gke.io/pd-balanced", "true");
    add_label(labels, "disk-type.gke.io/pd-extreme", "true");
    add_label(labels, "disk-type.gke.io/pd-ssd", "true");
    add_label(labels, "disk-type.gke.io/pd-standard", "true");
  }
  if (spot) add_label(labels, ctx.spot_key, "true");
  // Workload identity on a subset of pools: a gate label DaemonSets select on (§8.7 case 9;
  // EST 40% of pools).
  if (!windows && chance_ppm(ctx.rng, 400'000)) add_label(labels, "iam.gke.io/gke-metadata-server-enabled", "true");
  if (recipe.kind == pool_kind::system) add_label(labels, "node-role.kubernetes.io/infra", "");
  if (recipe.kind == pool_kind::dedicated) add_label(labels, "dedicated", ctx.dedicated);
}

void gke_variant(const pool_context& ctx, const pool_recipe&, variant_recipe& variant) {
  const instance_type& type = *variant.type;
  label_list& labels = variant.labels;
  const std::string arch(to_string(type.arch));
  add_label(labels, "node.kubernetes.io/instance-type", std::string(type.name));
  add_label(labels, "beta.kubernetes.io/instance-type", std::string(type.name));
  add_label(labels, "kubernetes.io/arch", arch);
  add_label(labels, "beta.kubernetes.io/arch", arch);
  add_label(labels, "cloud.google.com/machine-family", std::string(type.family));
  add_label(labels, "cloud.google.com/gke-cpu-scaling-level", to_decimal(type.vcpu));
  if (ctx.facts.newer_labels) add_label(labels, "cloud.google.com/gke-memory-gb-scaling-level", to_decimal(type.memory_gib));
  if (type.gpu != nullptr) {  // §3 "GKE GPU pool": +1-3
    add_label(labels, "cloud.google.com/gke-accelerator", std::string(type.gpu->gke_accelerator));
    add_label(labels, "cloud.google.com/gke-gpu-driver-version", "default");
  }
}

}  // namespace dsb::gen::internal
