// Manifest audit: the Pod Security Standards level a workload satisfies, every check it
// fails (per container, named as the standard names it), and the init-container practice
// findings. Pure functions over `workload` (workload.hpp); nothing here reads files, prints
// or exits.
//
// Standard version: the checks mirror k8s.io/pod-security-admission/policy at policy version
// v1.35, which is what `latest` resolves to on Kubernetes 1.35 and 1.36 API servers (the
// newest revisions are procMount/procMount_restricted/runAsNonRoot/runAsUser at 1.35; the
// 1.34 hostProbesAndHostLifecycle check and the 1.32 sysctls are included). Each check
// names the Go function it mirrors (checks.cpp).
//
// Level semantics (policy/registry.go): restricted = every baseline check, minus those a
// restricted check overrides (hostPathVolumes, seccompProfile_baseline, capabilities_baseline,
// procMount), plus the restricted checks. A workload satisfies `restricted` when no check
// fails, `baseline` when no baseline-level check fails, else only `privileged`. Overridden
// baseline checks are still run and reported: their restricted replacements are stricter,
// so they never change the level.
//
// Cost: a few hundred string comparisons per workload; no allocation unless something fails.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/audit/workload.hpp"

namespace dsb::audit {

/// Pod Security Standards levels, from least to most restrictive.
enum class level : std::uint8_t { privileged, baseline, restricted };

const char* to_string(level value) noexcept;
/// "privileged", "baseline" or "restricted" (exact, lower case).
std::optional<level> parse_level(std::string_view text) noexcept;

/// The standard's name and the policy version the checks follow, as printed.
inline constexpr std::string_view STANDARD_NAME = "Pod Security Standards";
inline constexpr std::string_view POLICY_VERSION = "v1.35";

/// One failing check for one subject (the pod, or one container).
struct violation {
  std::string_view check;  ///< check ID as Pod Security names it: "hostNamespaces", "runAsNonRoot", ...
  level check_level = level::baseline;  ///< the level the check belongs to (baseline or restricted)
  std::string container;   ///< container name; empty when the pod (template) itself is the subject
  std::string field;       ///< field path in the object: "spec.template.spec.containers[0].securityContext.privileged"
  std::string detail;      ///< what is set and what is allowed
};

/// One init-container practice finding (advice; never changes the level).
struct finding {
  std::string_view practice;  ///< practice ID (practices.hpp)
  std::string container;
  std::string detail;
};

struct workload_audit {
  level satisfied = level::restricted;  ///< the most restrictive level whose checks all pass
  std::vector<violation> violations;    ///< baseline checks first, then restricted, in registry order
  std::vector<finding> findings;
};

/// A Pod Security check: one entry of the registry (checks.cpp).
struct check {
  std::string_view id;       ///< the upstream check ID
  level check_level;         ///< baseline or restricted
  std::string_view mirrors;  ///< the Go function it mirrors, e.g. "hostNamespaces_1_0"
  std::string_view summary;  ///< one line: what it forbids
  void (*run)(const workload& w, std::vector<violation>& out);
};

/// The registry, baseline checks first, in upstream ID order within a level.
std::span<const check> pod_security_checks() noexcept;

/// Runs every check and practice on one workload.
workload_audit audit_workload(const workload& w);

/// Level counts over a batch.
struct level_counts {
  std::size_t privileged = 0;
  std::size_t baseline = 0;
  std::size_t restricted = 0;
};

/// Audits every workload (serial; ~µs each). results[i] belongs to workloads[i].
std::vector<workload_audit> audit_all(std::span<const workload> workloads);

/// Whether every result satisfies at least `required`.
bool meets(std::span<const workload_audit> results, level required) noexcept;
level_counts count_levels(std::span<const workload_audit> results) noexcept;

}  // namespace dsb::audit
