// kubeadm on-prem label sets and names (realworld-clusters.md §3 row "kubeadm / on-prem":
// 5 labels per worker, 7 per control-plane node; §4 control-plane taint).
//
//   worker         kubernetes.io/{arch,hostname,os}, beta.kubernetes.io/{arch,os}
//                  + rack (always, equal to the rack in the name) + custom pool labels
//   control plane  the 5 + node-role.kubernetes.io/control-plane="" and
//                  node.kubernetes.io/exclude-from-external-load-balancers=""
// Node names: worker-r<rack, 2+ digits>-<worker number, 4+ digits>, cp-<n>. A rack holds
// WORKERS_PER_RACK consecutive workers, so the pools (hardware generations) fill racks.
#include "engine/gen/internal/platform_labels.hpp"
#include "engine/gen/internal/text.hpp"

namespace dsb::gen::internal {

void onprem_pool(pool_context& ctx, pool_recipe& recipe) {
  label_list& labels = recipe.labels;
  recipe.zone_label_keys = zone_keys::none;
  add_label(labels, "kubernetes.io/os", "linux");
  add_label(labels, "beta.kubernetes.io/os", "linux");
  if (recipe.kind == pool_kind::control_plane) {
    recipe.name = "control-plane";
    recipe.naming.style = name_style::onprem_control;
    recipe.naming.prefixes[0] = "cp-";
    add_label(labels, "node-role.kubernetes.io/control-plane", "");
    add_label(labels, "node.kubernetes.io/exclude-from-external-load-balancers", "");
    return;
  }
  recipe.name = std::string(to_string(recipe.kind)) + "-" + to_decimal(ctx.plan.ordinal + 1);
  recipe.naming.style = name_style::onprem_worker;
  recipe.naming.prefixes[0] = "worker-r";
  recipe.naming.first_instance = 0;  // workers are numbered first (control_plane is the last kind)
  recipe.rack_from_name = true;
  if (recipe.kind == pool_kind::dedicated) add_label(labels, "dedicated", ctx.dedicated);
}

void onprem_variant(const pool_context&, const pool_recipe&, variant_recipe& variant) {
  const std::string arch(to_string(variant.type->arch));
  add_label(variant.labels, "kubernetes.io/arch", arch);
  add_label(variant.labels, "beta.kubernetes.io/arch", arch);
}

}  // namespace dsb::gen::internal
