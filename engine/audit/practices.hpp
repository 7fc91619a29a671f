// Init-container practice findings: advice from the task's seed on how node agents should use
// init containers, reported per container. They never change the Pod Security level.
//
// Roles: a "regular init container" is an initContainers entry without restartPolicy: Always;
// a "sidecar" is one with it (it keeps running beside the app); "app containers" are
// `containers` entries. Ephemeral containers are ignored here.
//
// privileged-app-container
//   An app container (or sidecar) runs privileged while a regular init container also does.
//   "Runs privileged" = securityContext.privileged: true, or capabilities.add names a
//   capability outside the baseline set (capabilities_baseline). The init container already
//   prepares the host, so privilege in the long-running container is usually not needed.
// unused-init-volume
//   A regular init container mounts a volume read-write, and no later container (app
//   container, sidecar or later init container) mounts it: the hand-off goes nowhere.
//   Volumes that cannot be written (configMap, secret, downwardAPI, projected, image) and
//   hostPath volumes (the hand-off goes to the node, e.g. CNI binaries) are exempt.
// init-wait-loop-without-timeout
//   A regular init container's command + args (joined with spaces) contain a waiting loop,
//   `until ...`, `while ! ...`, `while [ ! ...`, `while test ! ...`, and nothing bounds it:
//   no `timeout` word (coreutils timeout, --timeout flags), no counter arithmetic (`$((`),
//   no numeric comparison (-gt, -ge, -lt, -le) and no spec.activeDeadlineSeconds. Such a
//   pod waits forever in Init:0/N, which the controller cannot tell from a slow start.
// sidecar-as-app-container
//   An app container that looks like a sidecar, while another app container depends on it,
//   should be a restartable init container (restartPolicy: Always) so that it starts, and
//   passes its startup probe, before the app (KEP-753 ordering). Looks like a sidecar: a
//   token of its name or image repository (split at - _ . /) is one of proxy, envoy,
//   sidecar, forwarder, shipper, fluent, fluentd, fluentbit, filebeat, promtail, vector,
//   logshipper. Dependency evidence: another app container mounts a volume it mounts, or
//   refers to `localhost:PORT` / `127.0.0.1:PORT` (command, args or env values) for a
//   containerPort it declares, or its name itself contains "sidecar".
#pragma once

#include <string_view>
#include <vector>

#include "engine/audit/audit.hpp"
#include "engine/audit/workload.hpp"

namespace dsb::audit {

inline constexpr std::string_view PRACTICE_PRIVILEGED_APP = "privileged-app-container";
inline constexpr std::string_view PRACTICE_UNUSED_INIT_VOLUME = "unused-init-volume";
inline constexpr std::string_view PRACTICE_WAIT_LOOP = "init-wait-loop-without-timeout";
inline constexpr std::string_view PRACTICE_SIDECAR_AS_APP = "sidecar-as-app-container";

/// Appends the practice findings of `w` to `out`, in the order above, containers in order.
void find_practices(const workload& w, std::vector<finding>& out);

/// Whether a shell text holds a waiting loop (`until`, `while !`, ...) with nothing bounding
/// it (see init-wait-loop-without-timeout). Exposed for tests.
bool has_unbounded_wait_loop(std::string_view script) noexcept;

/// Whether a capability is in the baseline set (capabilities_baseline's allowed list).
bool is_baseline_capability(std::string_view capability) noexcept;

}  // namespace dsb::audit
