// scenario: what `dsbench run` simulates, read from a YAML file (datasets/scenarios/README.md
// documents every field).
//
//   cluster      generated (profile, nodes, seed) or a NodeList file; a fraction NotReady at t=0
//   daemonsets   manifest files (multi-document YAML / Lists), optionally the first N of them
//   controller   work-queue timing and the controller's limits (burst, observation delay)
//   kubelet      pod start-up distributions (lifecycle simulator options), bind and stop times
//   timeline     events at virtual times: DaemonSet updates, taints, NotReady, zone loss, node churn
//   run          variant, threads, repetitions, horizon, timeline interval, injected faults
//
// Paths inside a scenario are relative to the scenario file. Durations are "90s", "15m",
// "2h", "500ms" or plain seconds; fractions are "1%" or 0.01.
// Errors name the file, the field path and the YAML line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lifecycle/simulate.hpp"
#include "engine/model/daemonset.hpp"
#include "engine/model/error.hpp"
#include "engine/model/taint.hpp"

namespace dsb::sim {

struct cluster_source {
  std::string file;             ///< NodeList path; empty = generated
  std::size_t nodes = 100'000;  ///< generated
  std::string profile = "eks";  ///< generated
  std::uint64_t seed = 1;       ///< generated
  double not_ready = 0;         ///< fraction of nodes NotReady at t=0 (chosen by seed)
};

struct controller_timing {
  std::uint32_t burst_replicas = 250;  ///< BurstReplicas
  double sync_seconds = 0.2;           ///< a DaemonSet is synced at most once per this (work queue + sync)
  double observe_seconds = 0.1;        ///< informer latency: the next sync waits for its creates/deletes
  std::uint32_t workers = 2;           ///< ConcurrentDaemonSetSyncs
  double sync_base_seconds = 0.005;    ///< a sync occupies a worker for base + per pod x the DaemonSet's pods
  double sync_per_pod_seconds = 1e-6;
};

struct kubelet_timing {
  lifecycle::simulate_options startup;  ///< per-pod distributions; container counts come from each DaemonSet
  double bind_seconds = 0.05;           ///< create -> bound to its node (scheduler)
  double stop_median_seconds = 2;       ///< graceful stop after a delete, lognormal, capped by the grace period
  double pod_horizon_seconds = 600;     ///< a pod's kubelet events are simulated this far past its start
  double ready_report_seconds = 10;     ///< a node back to Ready re-reports its running pods after this
};

enum class action_kind : std::uint8_t {
  update,      ///< change a DaemonSet's image (a new revision) and optionally its strategy
  taint,       ///< put a taint on the selected nodes
  untaint,     ///< take it off
  not_ready,   ///< selected nodes go NotReady (node lifecycle taint not-ready:NoExecute)
  ready,       ///< selected nodes come back
  lose_zone,   ///< every node of a zone becomes unreachable (Ready=Unknown, taint unreachable:NoExecute)
  cordon,      ///< spec.unschedulable on the selected nodes
  uncordon,
  add_nodes,   ///< copies of randomly chosen nodes (of the selected pool) with new names
  remove_nodes,///< randomly chosen nodes (of the selected pool) leave; their pods are garbage-collected
  churn,       ///< over `over` seconds, `count` nodes leave and as many join, spread evenly
};

struct node_selection {
  std::string label_key;     ///< empty = every node
  std::string label_value;   ///< empty with a key = nodes having the key
  double fraction = 1;       ///< of the matching nodes, chosen by the scenario seed
};

struct timeline_action {
  double at = 0;  ///< seconds
  action_kind kind = action_kind::update;
  std::string object;  ///< "timeline[3].update": for errors and reports
  // update
  std::string daemonset;  ///< namespace/name
  std::string image;      ///< new image of every container (empty = ":next" appended)
  std::optional<update_strategy> strategy;
  std::optional<int_or_percent> max_unavailable;
  std::optional<int_or_percent> max_surge;
  // node actions
  node_selection nodes;
  std::string taint_key, taint_value;
  taint_effect effect = taint_effect::no_schedule;
  std::string zone;
  double count_fraction = 0;  ///< add/remove: of the selected nodes (all nodes at t=0 without a selector); churn: of the nodes at t=0
  double over = 0;            ///< churn period
  std::vector<std::pair<std::string, std::string>> set_labels;  ///< addNodes: labels set on the copies (a new pool version)
};

struct faults {
  bool ignore_max_unavailable = false;  ///< the rolling update deletes every old pod at once (breaks the invariant)
  bool duplicate_creates = false;       ///< every create makes two pods (breaks one pod per node)
};

struct scenario {
  std::string file;  ///< where it was read from
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  cluster_source cluster;
  std::vector<std::string> daemonset_files;
  std::size_t daemonset_limit = 0;  ///< 0 = all
  controller_timing controller;
  kubelet_timing kubelet;
  std::vector<timeline_action> timeline;  ///< sorted by `at` (stable)
  std::string variant = "column_bitmap";
  std::size_t threads = 0;  ///< 0 = all cores
  std::size_t repetitions = 1;
  double horizon = 3600;              ///< seconds of virtual time
  double timeline_interval = 10;      ///< seconds per timeline row
  bool verify_lifecycle = true;       ///< run the lifecycle verifier on every simulated pod
  faults inject;
};

result<scenario> read_scenario_file(const std::string& path);
result<scenario> read_scenario_text(std::string_view yaml, const std::string& file_label, const std::string& base_dir);

/// "90s", "15m", "2h", "500ms", "20us", "1.5" -> seconds.
std::optional<double> parse_duration(std::string_view text);
/// "1%", "0.5%", "0.01" -> fraction.
std::optional<double> parse_fraction(std::string_view text);

/// --sweep / --set: KEY=VALUE applied to a scenario. Keys: maxUnavailable, maxSurge (every
/// update action), nodes, notReady, failRate, pullRate, burstReplicas, syncInterval, seed,
/// variant, threads, horizon. Errors name the key.
status apply_override(scenario& s, std::string_view key, std::string_view value);

}  // namespace dsb::sim
