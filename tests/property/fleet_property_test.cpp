// Incremental reconcile equals a full pass: a fleet of the realistic DaemonSets on a random
// cluster takes random node edits (labels copied, new values and keys, taints on and off,
// new taint kinds, removals and re-additions, including nodes that pods still target) and
// after each batch every DaemonSet's placement, status counters and sync plan equal those of
// a fleet built from scratch on the edited cluster with the reference variants. Both
// deciders (node tester and string matchers) are checked.
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/controller/fleet.hpp"
#include "engine/controller/revision.hpp"
#include "engine/gen/generate.hpp"
#include "engine/io/read.hpp"
#include "tests/support/test_paths.hpp"

namespace dsb {
namespace {

struct pod_entry {
  std::string name;
  std::string target;
  bool bound = true;
  bool deleting = false;
  bool ready = true;
  pod_phase phase = pod_phase::running;
  unix_seconds created = 0;
  bool current = true;
};

ctl::daemon_pods table_of(const cluster& c, const std::vector<pod_entry>& entries, const std::string& hash) {
  ctl::daemon_pods pods;
  for (const pod_entry& entry : entries) {
    const auto node = c.find_node(entry.target);
    pods.add(entry.name, node.value_or(NO_ID<node_id>), node ? std::string() : entry.target, entry.bound, entry.deleting, entry.ready,
             entry.phase, entry.created, entry.ready ? 5 : 0, entry.current ? std::string_view(hash) : std::string_view("old"), ctl::NO_GENERATION);
  }
  pods.index(c.node_count());
  return pods;
}

std::vector<daemonset> manifests() {
  std::vector<daemonset> out;
  for (const char* name : {"node-exporter", "kube-proxy", "cilium-agent", "ebs-csi-node", "nvidia-device-plugin", "fluent-bit",
                           "control-plane-agent", "node-agent"}) {
    auto read = io::read_daemonsets(io::load_file(test::source_path("datasets/manifests/" + std::string(name) + ".yaml")).value());
    EXPECT_TRUE(read) << name;
    for (daemonset& ds : *read) out.push_back(std::move(ds));
  }
  return out;
}

struct editor {
  std::mt19937_64 rng;
  std::vector<node_spec> pool;  // specs to copy labels and taints from
  int added = 0;

  std::size_t pick(std::size_t count) { return static_cast<std::size_t>(rng() % count); }

  node_delta edit(cluster& c) {
    const auto node = make_id<node_id>(static_cast<std::uint32_t>(pick(c.node_count())));
    if (c.nodes.removed.test(node)) {
      node_spec spec = pool[pick(pool.size())];
      spec.name = rng() % 2 ? std::string(c.name(node)) : "fresh-" + std::to_string(added++);  // same name: re-created node
      if (c.find_node(spec.name)) spec.name = "fresh-" + std::to_string(added++);
      return add_node(c, spec);
    }
    node_spec spec = node_spec::of(c, node);
    switch (pick(9)) {
      case 0: spec.labels = pool[pick(pool.size())].labels; break;
      case 1: spec.taints = pool[pick(pool.size())].taints; break;
      case 2: spec.taints.emplace_back("node.kubernetes.io/not-ready", "", taint_effect::no_execute); break;
      case 3: spec.taints.emplace_back("edit.example.com/t" + std::to_string(pick(4)), "x", static_cast<taint_effect>(pick(3))); break;
      case 4: spec.taints.clear(); break;
      case 5: {  // a value that may be new, on a key DaemonSets read (or a key nobody had)
        static const char* const KEYS[] = {"kubernetes.io/os", "nvidia.com/gpu.present", "node-role.kubernetes.io/control-plane",
                                           "eks.amazonaws.com/compute-type", "edit.example.com/new-key", "kubernetes.io/arch"};
        const std::string key = KEYS[pick(6)];
        std::erase_if(spec.labels, [&](const auto& label) { return label.first == key; });
        if (rng() % 4 != 0) spec.labels.emplace_back(key, rng() % 2 ? "true" : "v" + std::to_string(pick(3)));
        break;
      }
      case 6: return remove_node(c, node);
      case 7:
        spec.unschedulable = !spec.unschedulable;
        spec.conditions[0] = rng() % 2 ? condition_status::true_ : condition_status::false_;
        break;
      default: spec.labels = {}; break;
    }
    return update_node(c, node, spec);
  }
};

void expect_fleets_equal(ctl::fleet& incremental, ctl::fleet& fresh, const std::string& where) {
  ASSERT_EQ(incremental.size(), fresh.size());
  ctl::sync_options options;
  options.now = 100 * ctl::NANOS_PER_SECOND;
  options.burst_replicas = 40;
  for (std::size_t idx = 0; idx < fresh.size(); ++idx) {
    const std::string what = where + ", daemonset " + incremental.daemonset_at(idx).metadata.name;
    ASSERT_EQ(incremental.placement(idx).should_run, fresh.placement(idx).should_run) << what;
    ASSERT_EQ(incremental.placement(idx).should_continue_running, fresh.placement(idx).should_continue_running) << what;
    ASSERT_EQ(incremental.summary(idx), fresh.summary(idx)) << what;
    ASSERT_EQ(incremental.counts(idx), fresh.counts(idx)) << what;
    ASSERT_TRUE(incremental.index(idx) == ctl::build_sync_index(fresh.placement(idx), fresh.summary(idx), ctl::allows_surge(fresh.daemonset_at(idx)))) << what;
    ctl::controller_state lhs_state;
    ctl::controller_state rhs_state;
    const ctl::sync_outcome lhs = incremental.sync(idx, options, &lhs_state);
    const ctl::sync_outcome rhs = fresh.sync(idx, options, &rhs_state);
    ASSERT_EQ(lhs.plan.creates, rhs.plan.creates) << what;
    ASSERT_EQ(lhs.plan.deletes, rhs.plan.deletes) << what;
    ASSERT_EQ(lhs.plan.creates_wanted, rhs.plan.creates_wanted) << what;
    ASSERT_EQ(lhs.status.number_unavailable, rhs.status.number_unavailable) << what;
    ASSERT_EQ(lhs.status.updated_number_scheduled, rhs.status.updated_number_scheduled) << what;
  }
}

TEST(FleetProperty, IncrementalEqualsFullPass) {
  const std::vector<daemonset> daemonsets = manifests();
  ASSERT_GE(daemonsets.size(), 8U);
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    static const char* const PROFILES[] = {"eks", "gke", "aks", "gpu", "onprem"};
    std::mt19937_64 rng(seed);
    cluster c = gen::generate_cluster({200 + rng() % 1800, PROFILES[seed % 5], seed}).value();
    editor edits{std::mt19937_64(seed * 31), {}, 0};
    for (std::uint32_t idx = 0; idx < c.node_count(); idx += 7) edits.pool.push_back(node_spec::of(c, make_id<node_id>(idx)));

    // Pods: per DaemonSet, most nodes one pod, some none, some two, a few failed or
    // terminating or old, and pods targeting nodes that do not exist (yet).
    std::vector<std::vector<pod_entry>> entries(daemonsets.size());
    std::vector<ctl::daemon_pods> tables;
    for (std::size_t ds_idx = 0; ds_idx < daemonsets.size(); ++ds_idx) {
      for (std::uint32_t node_idx = 0; node_idx < c.node_count(); ++node_idx) {
        const int roll = static_cast<int>(rng() % 100);
        const int count = roll < 20 ? 0 : roll < 92 ? 1 : 2;
        for (int pod_idx = 0; pod_idx < count; ++pod_idx) {
          pod_entry entry;
          entry.name = daemonsets[ds_idx].metadata.name + "-" + std::to_string(node_idx) + "-" + std::to_string(pod_idx);
          entry.target = std::string(c.name(make_id<node_id>(node_idx)));
          entry.ready = rng() % 10 != 0;
          entry.current = rng() % 4 != 0;
          entry.deleting = rng() % 40 == 0;
          entry.phase = rng() % 50 == 0 ? pod_phase::failed : pod_phase::running;
          entry.created = static_cast<unix_seconds>(rng() % 50);
          entries[ds_idx].push_back(entry);
        }
      }
      for (int extra = 0; extra < 3; ++extra) {
        pod_entry entry;
        entry.name = daemonsets[ds_idx].metadata.name + "-ghost-" + std::to_string(extra);
        entry.target = "fresh-" + std::to_string(extra);  // the editor adds nodes with these names
        entry.bound = extra != 0;
        entries[ds_idx].push_back(entry);
      }
      tables.push_back(table_of(c, entries[ds_idx], ctl::revision_hash(daemonsets[ds_idx].template_, std::nullopt)));
    }

    for (const ctl::node_decider decider : {ctl::node_decider::tester, ctl::node_decider::strings}) {
      cluster edited = gen::generate_cluster({c.node_count(), PROFILES[seed % 5], seed}).value();
      editor local = edits;
      ctl::fleet_options options;
      options.decider = decider;
      options.now = 100 * ctl::NANOS_PER_SECOND;
      ctl::fleet incremental(edited, daemonsets, tables, options);
      for (int batch = 0; batch < 6; ++batch) {
        for (int step = 0; step < 60; ++step) incremental.apply(local.edit(edited));
        std::vector<ctl::daemon_pods> fresh_tables;
        for (std::size_t ds_idx = 0; ds_idx < daemonsets.size(); ++ds_idx) {
          fresh_tables.push_back(table_of(edited, entries[ds_idx], ctl::revision_hash(daemonsets[ds_idx].template_, std::nullopt)));
        }
        ctl::fleet_options reference;
        reference.placement_variant = "reference";
        reference.controller = ctl::controller_variant::reference;
        reference.now = options.now;
        ctl::fleet fresh(edited, daemonsets, std::move(fresh_tables), reference);
        expect_fleets_equal(incremental, fresh,
                            "seed " + std::to_string(seed) + " decider " + std::to_string(static_cast<int>(decider)) + " batch " + std::to_string(batch));
        if (HasFatalFailure()) return;
      }
    }
  }
}

}  // namespace
}  // namespace dsb
