// Revisions and the pods the controller creates (daemonset-controller.md §1, §3, §12).
//
//   revision_hash          the `controller-revision-hash` value new pods get: an opaque FNV-1a
//                          32-bit hash of the pod template (every modelled field plus the
//                          template's source digest), salted by collisionCount, encoded with
//                          rand.SafeEncodeString. Not byte-compatible with Go's spew dump
//                          (§12 says that is impractical); equal templates give equal hashes.
//   is_pod_updated         util.IsPodUpdated: hash label OR pod-template-generation label
//   create_daemon_pod      CreatePodTemplate + AddOrUpdateDaemonPodTolerations +
//                          ReplaceDaemonSetPodNodeNameNodeAffinity, as syncNodes composes a pod
//   target_node_name       GetTargetNodeName: spec.nodeName, else the one matchFields name
//   history_to_delete      cleanupHistory: which old ControllerRevisions go
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <span>
#include <string_view>
#include <vector>

#include "engine/model/daemonset.hpp"
#include "engine/model/pod.hpp"

namespace dsb::ctl {

inline constexpr std::string_view REVISION_HASH_LABEL = "controller-revision-hash";
inline constexpr std::string_view TEMPLATE_GENERATION_LABEL = "pod-template-generation";
inline constexpr std::string_view TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";

/// rand.SafeEncodeString: each byte mapped to "bcdfghjklmnpqrstvwxz2456789"[byte % 27].
std::string safe_encode(std::string_view text);

std::string revision_hash(const pod_template& tmpl, std::optional<std::int32_t> collision_count);

/// The DaemonSet's template generation from its annotation (nullopt if absent or unparsable).
std::optional<std::int64_t> template_generation(const daemonset& ds);

bool is_pod_updated(const string_map& pod_labels, std::string_view hash, std::optional<std::int64_t> generation);

/// Replaces the required node affinity with the single term
/// matchFields metadata.name In [node_name]; preferred terms and pod (anti-)affinity stay.
void replace_node_name_affinity(std::optional<affinity>& target, std::string_view node_name);

/// The pod the controller creates for `ds` on `node_name` (generateName "<ds>-", namespace,
/// controller ownerRef, template labels + generation and hash labels, default tolerations,
/// node-name affinity; spec.nodeName stays as the template has it). Pod defaulting applied.
pod create_daemon_pod(const daemonset& ds, std::string_view hash, std::optional<std::int64_t> generation, std::string_view node_name);

/// nullopt when the pod names no node (neither spec.nodeName nor exactly one matchFields
/// metadata.name In value in its first such term).
std::optional<std::string> target_node_name(const pod& p);

/// One old ControllerRevision of a DaemonSet (the current one is never a candidate).
struct old_revision {
  std::string name;
  std::string hash;            ///< its controller-revision-hash label
  std::int64_t revision = 0;   ///< ControllerRevision.revision
};

/// cleanupHistory (daemonset-controller.md §12, dsc.cleanupHistory in update.go): with
/// toKill = len(old) - revisionHistoryLimit > 0, walk the old revisions by ascending revision
/// number (stable on ties), skip each whose hash some pod of the DaemonSet still carries
/// (`pod_hashes`: every claimed pod, deleted terminal pods included), and delete until toKill
/// reaches 0. Returns the names to delete, in that order.
std::vector<std::string> history_to_delete(std::span<const old_revision> old, std::int32_t revision_history_limit,
                                           std::span<const std::string> pod_hashes);

}  // namespace dsb::ctl
