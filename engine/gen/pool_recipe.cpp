// describe_pools(): one pool_recipe per planned pool (internal/pool_recipe.hpp).
//
// Per pool, in this order, all from the pool's own stream (stream::pool, pool number):
//   1. Karpenter or not (EKS-style profiles; §3 "EKS + Karpenter", profile share)
//   2. dedicated=<x> value (dedicated pools)
//   3. variants: instance types from the catalogue (§8.5); EKS spot node groups take 2-4
//      types of one vCPU size, Karpenter pools 3-8 types, others one; 10% of EKS managed
//      node groups are mid-rollout (two AMIs, §3.1 "1-3 live values during rollouts")
//   4. the platform's pool and variant labels (labels_<platform>.cpp), GPU labels
//   5. allocatable per variant (allocatable.cpp) and extended resources
//   6. the kind's taints with the profile's shares (§4, §8.2)
//   7. custom pool labels: Poisson(2.4) keys (80% of §8.3's Poisson(3)), capped so that an
//      ordinary node stays within the profile's label budget (§8.3: 15-35)
#include <algorithm>
#include <array>
#include <cassert>

#include "engine/gen/internal/draws.hpp"
#include "engine/gen/internal/platform_labels.hpp"
#include "engine/gen/internal/pool_recipe.hpp"
#include "engine/gen/internal/text.hpp"

namespace dsb::gen::internal {
namespace {

// dedicated=<x> values (§4: "dedicated=<team/app>", e.g. Zalando's skipper-ingress); <= 10
// characters so that GKE node names stay short.
constexpr std::array<std::string_view, 10> DEDICATED_VALUES{"ingress", "kafka", "elastic", "monitoring", "batch",
                                                            "ci-runners", "databases", "logging", "redis", "streaming"};

// Custom pool-scoped keys and their values (§3.1 "custom ... 2-20 values, usually per pool").
struct custom_key {
  std::string_view key;
  std::span<const std::string_view> values;
};
constexpr std::array<std::string_view, 15> TEAMS{"payments", "search", "ml-platform", "data", "web", "infra", "checkout",
                                                 "identity", "ads", "analytics", "mobile-api", "risk", "media", "growth", "core"};
constexpr std::array<std::string_view, 4> ENVS{"prod", "staging", "dev", "qa"};
constexpr std::array<std::string_view, 9> WORKLOADS{"web", "batch",       "stream",       "cache",  "db",
                                                    "ci",  "ml-training", "ml-inference", "general"};
constexpr std::array<std::string_view, 4> ROLES{"worker", "app", "ingress", "batch"};
constexpr std::array<std::string_view, 4> PROFILES{"worker-default", "worker-highmem", "worker-compute", "worker-spot"};
constexpr std::array<std::string_view, 20> COST_CENTERS{"cc-1001", "cc-1002", "cc-1003", "cc-1004", "cc-1005", "cc-1006", "cc-1007",
                                                        "cc-1008", "cc-1009", "cc-1010", "cc-1011", "cc-1012", "cc-1013", "cc-1014",
                                                        "cc-1015", "cc-1016", "cc-1017", "cc-1018", "cc-1019", "cc-1020"};
constexpr std::array<std::string_view, 6> OWNERS{"sre", "platform", "data-eng", "ml-eng", "backend", "frontend"};
constexpr std::array<std::string_view, 3> TIERS{"frontend", "backend", "data"};
constexpr std::string_view TEAM_KEY = "team";
constexpr std::array<custom_key, 8> CUSTOM_KEYS{{
    {TEAM_KEY, TEAMS},
    {"env", ENVS},
    {"workload", WORKLOADS},
    {"node.kubernetes.io/role", ROLES},
    {"node.kubernetes.io/profile", PROFILES},
    {"cost-center", COST_CENTERS},
    {"owner", OWNERS},
    {"app.example.com/tier", TIERS},
}};

std::string pick(xoshiro256ss& rng, std::span<const std::string_view> values) {
  return std::string(values[uniform_below(rng, values.size())]);
}

bool karpenter_eligible(pool_kind kind) {
  return kind == pool_kind::general || kind == pool_kind::spot || kind == pool_kind::arm64 || kind == pool_kind::dedicated ||
         kind == pool_kind::gpu;
}

// Step 3: which instance types the pool's nodes use, with their weights.
void choose_variants(pool_context& ctx, pool_recipe& recipe) {
  const std::span<const instance_type> types = types_for(ctx.profile.plat, recipe.kind);
  assert(!types.empty() && "catalogue has no instance type for this platform and kind");
  xoshiro256ss& rng = ctx.rng;
  std::vector<std::size_t> chosen;
  if (recipe.kind == pool_kind::virtual_node) {
    for (std::size_t idx = 0; idx < types.size(); ++idx) chosen.push_back(idx);
  } else if (recipe.karpenter) {
    const std::size_t count = std::min<std::size_t>(types.size(), uniform_between(rng, 3, 8));
    std::vector<std::size_t> order(types.size());
    for (std::size_t idx = 0; idx < order.size(); ++idx) order[idx] = idx;
    for (std::size_t idx = 0; idx < count; ++idx) std::swap(order[idx], order[idx + uniform_below(rng, order.size() - idx)]);
    chosen.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count));
  } else {
    const std::size_t base = uniform_below(rng, types.size());
    chosen.push_back(base);
    if (recipe.kind == pool_kind::spot && ctx.profile.plat == platform::eks) {  // diversified spot node group
      const std::size_t wanted = uniform_between(rng, 2, 4);
      for (std::size_t idx = 0; idx < types.size() && chosen.size() < wanted; ++idx) {
        if (idx != base && types[idx].vcpu == types[base].vcpu) chosen.push_back(idx);
      }
    } else if (ctx.profile.plat == platform::onprem && recipe.kind != pool_kind::control_plane && chance_ppm(rng, 300'000)) {
      const std::size_t other = uniform_below(rng, types.size());  // two hardware generations
      if (other != base) chosen.push_back(other);
    }
  }
  const bool rollout = ctx.profile.plat == platform::eks && !recipe.karpenter && recipe.kind != pool_kind::virtual_node &&
                       chance_ppm(rng, 100'000);
  for (std::size_t type_idx : chosen) {
    const auto weight = static_cast<std::uint32_t>(uniform_between(rng, 1, 100));
    for (std::uint32_t image = 0; image < (rollout ? 2U : 1U); ++image) {
      variant_recipe variant;
      variant.type = &types[type_idx];
      variant.weight = weight;
      variant.image = image;
      recipe.variants.push_back(std::move(variant));
    }
  }
}

// Step 6: the kind's taints (§4 shares, §8.2 "Taints" column).
void add_kind_taints(pool_context& ctx, pool_recipe& recipe) {
  const profile_def& profile = ctx.profile;
  auto add = [&recipe](std::string_view key, std::string value, taint_effect effect) {
    recipe.taints.push_back(taint_text{key, std::move(value), effect});
  };
  switch (recipe.kind) {
    case pool_kind::spot:
      if (profile.plat == platform::aks) {
        add(ctx.spot_key, "spot", taint_effect::no_schedule);  // AKS adds it to every spot pool
      } else if (chance_ppm(ctx.rng, profile.spot_taint_ppm)) {
        add(ctx.spot_key, "true", taint_effect::no_schedule);
      }
      break;
    case pool_kind::dedicated:
      if (chance_ppm(ctx.rng, profile.dedicated_taint_ppm)) add("dedicated", ctx.dedicated, taint_effect::no_schedule);
      break;
    case pool_kind::gpu:
      if (chance_ppm(ctx.rng, profile.gpu_taint_ppm)) add("nvidia.com/gpu", "present", taint_effect::no_schedule);
      break;
    case pool_kind::system:
      if (chance_ppm(ctx.rng, profile.system_taint_ppm)) add("CriticalAddonsOnly", "true", taint_effect::no_schedule);
      break;
    case pool_kind::windows:
      if (chance_ppm(ctx.rng, profile.windows_taint_ppm)) add("node.kubernetes.io/os", "windows", taint_effect::no_schedule);
      break;
    case pool_kind::virtual_node:
      if (profile.plat == platform::aks) {
        add("virtual-kubelet.io/provider", "azure", taint_effect::no_schedule);
      } else {
        add("eks.amazonaws.com/compute-type", "fargate", taint_effect::no_schedule);
      }
      break;
    case pool_kind::control_plane: add("node-role.kubernetes.io/control-plane", "", taint_effect::no_schedule); break;
    case pool_kind::general:
    case pool_kind::arm64: break;
  }
}

// Step 7: custom pool labels (team/env/workload/...), within the label budget.
void add_custom_labels(pool_context& ctx, pool_recipe& recipe, std::size_t ordinary_variant_labels) {
  std::vector<std::size_t> keys;
  for (std::size_t idx = 0; idx < CUSTOM_KEYS.size(); ++idx) keys.push_back(idx);
  std::size_t start = 0;
  if (recipe.kind == pool_kind::dedicated) {  // §8.2: dedicated pools carry team labels
    add_label(recipe.labels, TEAM_KEY, pick(ctx.rng, TEAMS));
    start = 1;
  }
  // Room left under the budget once the platform's labels and the hostname are in; the
  // per-node labels (rack, serial) get their share first, the pool's custom keys the rest.
  const std::size_t fixed = recipe.labels.size() + zone_labels(ctx.facts, recipe.zone_label_keys, 0).size() +
                            ordinary_variant_labels + 1 /* hostname */;
  const std::size_t room = ctx.profile.label_budget > fixed ? ctx.profile.label_budget - fixed : 0;
  recipe.per_node_custom_max = static_cast<std::uint32_t>(std::min<std::size_t>(MAX_PER_NODE_CUSTOM, room));
  const std::size_t count = std::min<std::size_t>({poisson(ctx.rng, POISSON_2_4), room - recipe.per_node_custom_max, keys.size() - start});
  for (std::size_t idx = start; idx < start + count; ++idx) {
    std::swap(keys[idx], keys[idx + uniform_below(ctx.rng, keys.size() - idx)]);
    const custom_key& custom = CUSTOM_KEYS[keys[idx]];
    add_label(recipe.labels, custom.key, pick(ctx.rng, custom.values));
  }
}

pool_recipe describe_pool(const profile_def& profile, const cluster_facts& facts, const pool_plan& plan,
                          std::uint32_t pool_number, std::uint64_t seed) {
  xoshiro256ss rng = counter_rng(seed, stream::pool, pool_number);
  pool_context ctx{profile, facts, plan, pool_number, rng, {}, {}};
  pool_recipe recipe;
  recipe.kind = plan.kind;
  recipe.karpenter = profile.karpenter_pool_ppm > 0 && karpenter_eligible(plan.kind) && chance_ppm(rng, profile.karpenter_pool_ppm);
  if (plan.kind == pool_kind::dedicated) ctx.dedicated = pick(rng, DEDICATED_VALUES);
  choose_variants(ctx, recipe);

  switch (profile.plat) {
    case platform::eks: eks_pool(ctx, recipe); break;
    case platform::gke: gke_pool(ctx, recipe); break;
    case platform::aks: aks_pool(ctx, recipe); break;
    case platform::onprem: onprem_pool(ctx, recipe); break;
  }

  // Per-pool machine facts: kernel-visible memory share (§8.5 ~0.95), root disk (EST).
  resource_params params;
  params.capacity_ppm = static_cast<std::uint32_t>(uniform_between(rng, 940'000, 970'000));
  constexpr std::array<std::uint32_t, 4> EKS_DISKS{20, 50, 80, 100};
  constexpr std::array<std::uint32_t, 3> GKE_DISKS{100, 100, 200};
  constexpr std::array<std::uint32_t, 2> AKS_DISKS{128, 256};
  constexpr std::array<std::uint32_t, 3> ONPREM_DISKS{480, 960, 1920};
  switch (profile.plat) {
    case platform::eks: params.disk_gib = EKS_DISKS[uniform_below(rng, EKS_DISKS.size())]; break;
    case platform::gke: params.disk_gib = GKE_DISKS[uniform_below(rng, GKE_DISKS.size())]; break;
    case platform::aks: params.disk_gib = AKS_DISKS[uniform_below(rng, AKS_DISKS.size())]; break;
    case platform::onprem: params.disk_gib = ONPREM_DISKS[uniform_below(rng, ONPREM_DISKS.size())]; break;
  }
  params.max_pods = facts.aks_max_pods;
  // §8.5 "attachable-volumes-* on older nodes": 20% of EKS node groups and GKE pools (EST).
  const bool old_nodes = (profile.plat == platform::eks && !recipe.karpenter && plan.kind != pool_kind::virtual_node) ||
                         profile.plat == platform::gke;
  const bool attachable_volumes = old_nodes && chance_ppm(rng, 200'000);
  const bool older_driver = chance_ppm(rng, 200'000);  // EST: a second live GPU driver on 20% of GPU pools

  std::size_t ordinary_variant_labels = 0;
  for (variant_recipe& variant : recipe.variants) {
    switch (profile.plat) {
      case platform::eks: eks_variant(ctx, recipe, variant); break;
      case platform::gke: gke_variant(ctx, recipe, variant); break;
      case platform::aks: aks_variant(ctx, recipe, variant); break;
      case platform::onprem: onprem_variant(ctx, recipe, variant); break;
    }
    ordinary_variant_labels = std::max(ordinary_variant_labels, variant.labels.size());
    const instance_type& type = *variant.type;
    if (type.gpu != nullptr) {
      gpu_variant_labels(facts, type, older_driver, variant.labels);
      variant.extended.push_back(extended_text{"nvidia.com/gpu", type.gpus});
    }
    if (attachable_volumes) {
      variant.extended.push_back(profile.plat == platform::eks ? extended_text{"attachable-volumes-aws-ebs", 25}
                                                               : extended_text{"attachable-volumes-gce-pd", 127});
    }
    variant.allocatable = allocatable_for(profile.plat, plan.kind, type, params);
  }

  add_kind_taints(ctx, recipe);
  const bool special = plan.kind == pool_kind::virtual_node || plan.kind == pool_kind::control_plane;
  if (!special) add_custom_labels(ctx, recipe, ordinary_variant_labels);

  recipe.per_node_custom = !special;
  recipe.transient_states = !special;
  recipe.karpenter_disruption = recipe.karpenter;
  recipe.gfd_timestamp = plan.kind == pool_kind::gpu;
  recipe.gfd_base = facts.snapshot_unix - uniform_below(rng, 30ULL * 86'400);  // GFD (re)labelled this month
  return recipe;
}

}  // namespace

label_list zone_labels(const cluster_facts& facts, zone_keys keys, std::uint32_t zone) {
  label_list labels;
  if (keys == zone_keys::none || zone >= facts.zones.size()) return labels;
  const zone_fact& fact = facts.zones[zone];
  add_label(labels, "topology.kubernetes.io/zone", fact.name);
  add_label(labels, "failure-domain.beta.kubernetes.io/zone", fact.name);
  switch (keys) {
    case zone_keys::eks:
      add_label(labels, "topology.k8s.aws/zone-id", fact.id);
      add_label(labels, "topology.ebs.csi.aws.com/zone", fact.name);
      break;
    case zone_keys::gke: add_label(labels, "topology.gke.io/zone", fact.name); break;
    case zone_keys::aks:  // the disk CSI driver leaves it empty on clusters without zones
      add_label(labels, "topology.disk.csi.azure.com/zone", fact.name == "0" ? std::string() : fact.name);
      break;
    case zone_keys::none:
    case zone_keys::eks_fargate: break;
  }
  return labels;
}

std::vector<pool_recipe> describe_pools(const profile_def& profile, const cluster_facts& facts, const cluster_plan& plan,
                                        std::uint64_t seed) {
  std::vector<pool_recipe> recipes;
  recipes.reserve(plan.pools.size());
  for (std::size_t pool_idx = 0; pool_idx < plan.pools.size(); ++pool_idx) {
    recipes.push_back(describe_pool(profile, facts, plan.pools[pool_idx], static_cast<std::uint32_t>(pool_idx), seed));
  }
  return recipes;
}

}  // namespace dsb::gen::internal
