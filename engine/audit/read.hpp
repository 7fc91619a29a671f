// Reading manifests for the audit: every Pod and every pod template in a file.
//
// Accepted objects: Pod, DaemonSet, and the other pod-template workloads Pod Security
// admission also evaluates (Deployment, StatefulSet, ReplicaSet, ReplicationController, Job:
// spec.template; CronJob: spec.jobTemplate.spec.template); their typed lists (PodList,
// DaemonSetList, ...) and `List`; JSON or YAML with any number of `---` documents. Objects
// of other kinds (ConfigMap, ServiceAccount, ...) are skipped and listed in `skipped`, so a
// whole `helm template` output can be audited. An input holding no workload at all is an
// error (nothing to audit is almost always the wrong file).
//
// Errors: the first problem fails the whole input with one `error` naming the file, the
// object ("DaemonSet/kube-system/cilium (document 2)"), the field path
// ("spec.template.spec.containers[0].securityContext.privileged") and, for YAML, the line:
// malformed JSON/YAML, a field of the wrong type (Go encoding/json rules, as in engine/io),
// a missing kind or pod template, a pod without containers.
//
// The document trees, scalar typing (go-yaml v2 rules) and error context come from
// engine/io (io/internal/tree_*.hpp, decode_ctx.hpp), so errors read exactly like the
// placement readers' errors. Cost: simdjson DOM for JSON (one parser per call); yaml-cpp's
// node tree for YAML (~10x slower; fine for manifests).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/audit/workload.hpp"
#include "engine/io/read.hpp"
#include "engine/model/error.hpp"

namespace dsb::audit {

struct skipped_object {
  std::string object;  ///< "ConfigMap/kube-system/cilium-config (document 1)"
  std::string kind;
};

struct manifest_set {
  std::vector<workload> workloads;
  std::vector<skipped_object> skipped;
};

/// Reads every workload of one input (see above). Precondition: none.
result<manifest_set> read_manifests(const io::input_text& input);

/// load_file + read_manifests ("-" = standard input).
result<manifest_set> read_manifests_file(const std::string& path);

/// Whether `kind` is one the audit reads (Pod or a pod-template workload).
bool is_workload_kind(std::string_view kind) noexcept;

}  // namespace dsb::audit
