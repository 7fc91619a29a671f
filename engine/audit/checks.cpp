// The Pod Security check registry. Each function restates one upstream check of
// k8s.io/pod-security-admission/policy (check_<id>.go) at policy version v1.35 and names the
// Go function it mirrors. Upstream returns one CheckResult per check; we report one
// violation per subject (the pod, or each container) so a reviewer sees every container
// that must change. The pass/fail outcome per check is the upstream one.
#include <algorithm>
#include <array>
#include <string>

#include "engine/audit/audit.hpp"
#include "engine/audit/practices.hpp"

namespace dsb::audit {
namespace {

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& set, std::string_view value) noexcept {
  return std::find(set.begin(), set.end(), value) != set.end();
}

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string join_quoted(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += quoted(item);
  }
  return out;
}

void add(std::vector<violation>& out, std::string_view id, level lvl, std::string container, std::string field, std::string detail) {
  out.push_back(violation{id, lvl, std::move(container), std::move(field), std::move(detail)});
}

std::string pod_sc(const workload& w) { return w.spec_path + ".securityContext"; }
std::string container_sc(const workload& w, const container& c) { return w.container_path(c) + ".securityContext"; }

bool is_windows(const workload& w) noexcept { return w.os_name == "windows"; }
// relaxPolicyForUserNamespacePod (policy/helpers.go, v1.35: no longer behind a feature gate):
// spec.hostUsers explicitly false.
bool in_user_namespace(const workload& w) noexcept { return w.host_users.has_value() && !*w.host_users; }

// ---- baseline ----------------------------------------------------------------------------

// hostNamespaces_1_0: spec.hostNetwork, spec.hostPID, spec.hostIPC must be false or unset.
void host_namespaces(const workload& w, std::vector<violation>& out) {
  const std::string_view id = "hostNamespaces";
  if (w.host_network) add(out, id, level::baseline, {}, w.spec_path + ".hostNetwork", "hostNetwork=true");
  if (w.host_pid) add(out, id, level::baseline, {}, w.spec_path + ".hostPID", "hostPID=true");
  if (w.host_ipc) add(out, id, level::baseline, {}, w.spec_path + ".hostIPC", "hostIPC=true");
}

// privileged_1_0: no container (init, app, ephemeral) may set securityContext.privileged=true.
void privileged(const workload& w, std::vector<violation>& out) {
  for (const container& c : w.containers) {
    if (c.security.privileged.value_or(false)) {
      add(out, "privileged", level::baseline, c.name, container_sc(w, c) + ".privileged", "privileged=true");
    }
  }
}

// capabilitiesBaseline_1_0: capabilities.add may only name the 13 default capabilities
// (AUDIT_WRITE CHOWN DAC_OVERRIDE FOWNER FSETID KILL MKNOD NET_BIND_SERVICE SETFCAP SETGID
// SETPCAP SETUID SYS_CHROOT); exact, case-sensitive match.
void capabilities_baseline(const workload& w, std::vector<violation>& out) {
  for (const container& c : w.containers) {
    std::vector<std::string> bad;
    for (const std::string& cap : c.security.capabilities_add) {
      if (!is_baseline_capability(cap) && std::find(bad.begin(), bad.end(), cap) == bad.end()) bad.push_back(cap);
    }
    if (!bad.empty()) {
      add(out, "capabilities_baseline", level::baseline, c.name, container_sc(w, c) + ".capabilities.add",
          "non-default capabilities " + join_quoted(bad) + " added");
    }
  }
}

std::string mounted_by(const workload& w, const std::string& volume_name) {
  std::string out;
  for (const container& c : w.containers) {
    for (const volume_mount& m : c.volume_mounts) {
      if (m.name != volume_name) continue;
      if (!out.empty()) out += ", ";
      out += quoted(c.name) + (m.read_only ? " (read-only)" : " (read-write)");
      break;
    }
  }
  return out.empty() ? std::string() : "; mounted by " + out;
}

// hostPathVolumes_1_0: spec.volumes[*].hostPath must be unset.
void host_path_volumes(const workload& w, std::vector<violation>& out) {
  for (const volume& v : w.volumes) {
    if (v.source != "hostPath") continue;
    add(out, "hostPathVolumes", level::baseline, {}, w.spec_path + ".volumes[" + std::to_string(v.index) + "].hostPath",
        "hostPath volume " + quoted(v.name) + (v.host_path.empty() ? std::string() : " (" + v.host_path + ")") + mounted_by(w, v.name));
  }
}

// hostPorts_1_0: every container's ports[*].hostPort must be 0 or unset.
void host_ports(const workload& w, std::vector<violation>& out) {
  for (const container& c : w.containers) {
    std::string ports;
    for (const container_port& p : c.ports) {
      if (p.host_port == 0) continue;
      ports += (ports.empty() ? "" : ", ") + std::to_string(p.host_port);
    }
    if (!ports.empty()) add(out, "hostPorts", level::baseline, c.name, w.container_path(c) + ".ports", "hostPort " + ports);
  }
}

// appArmorProfileV1Dot0 (with the v1.30 field check patched into the 1.0 function):
// metadata.annotations["container.apparmor.security.beta.kubernetes.io/*"] must be empty,
// "runtime/default" or "localhost/..."; securityContext.appArmorProfile.type (pod and every
// container) must be RuntimeDefault or Localhost when set.
void app_armor_profile(const workload& w, std::vector<violation>& out) {
  const std::string_view id = "appArmorProfile";
  constexpr std::string_view PREFIX = "container.apparmor.security.beta.kubernetes.io/";
  const auto field_ok = [](const std::string& type) { return type == "RuntimeDefault" || type == "Localhost"; };
  if (w.security.app_armor_type && !field_ok(*w.security.app_armor_type)) {
    add(out, id, level::baseline, {}, pod_sc(w) + ".appArmorProfile.type", "appArmorProfile.type=" + quoted(*w.security.app_armor_type));
  }
  for (const container& c : w.containers) {
    if (c.security.app_armor_type && !field_ok(*c.security.app_armor_type)) {
      add(out, id, level::baseline, c.name, container_sc(w, c) + ".appArmorProfile.type", "appArmorProfile.type=" + quoted(*c.security.app_armor_type));
    }
  }
  for (const auto& [key, value] : w.annotations) {
    if (!key.starts_with(PREFIX)) continue;
    if (value.empty() || value == "runtime/default" || value.starts_with("localhost/")) continue;
    add(out, id, level::baseline, key.substr(PREFIX.size()), w.meta_path + ".annotations[\"" + key + "\"]", key + "=" + quoted(value));
  }
}

// seLinuxOptions_1_31: seLinuxOptions.type (pod and containers) must be empty, container_t,
// container_init_t, container_kvm_t or container_engine_t (1.31); user and role must be empty.
void se_linux_options_check(const workload& w, std::vector<violation>& out) {
  constexpr std::array<std::string_view, 5> ALLOWED_TYPES{"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"};
  const auto problems = [&](const se_linux_options& opts) {
    std::string text;
    if (!contains(ALLOWED_TYPES, opts.type)) text += "type " + quoted(opts.type);
    if (!opts.user.empty()) text += std::string(text.empty() ? "" : "; ") + "user may not be set";
    if (!opts.role.empty()) text += std::string(text.empty() ? "" : "; ") + "role may not be set";
    return text;
  };
  if (w.security.se_linux) {
    if (std::string text = problems(*w.security.se_linux); !text.empty()) {
      add(out, "seLinuxOptions", level::baseline, {}, pod_sc(w) + ".seLinuxOptions", "forbidden seLinuxOptions: " + text);
    }
  }
  for (const container& c : w.containers) {
    if (!c.security.se_linux) continue;
    if (std::string text = problems(*c.security.se_linux); !text.empty()) {
      add(out, "seLinuxOptions", level::baseline, c.name, container_sc(w, c) + ".seLinuxOptions", "forbidden seLinuxOptions: " + text);
    }
  }
}

void proc_mount_containers(const workload& w, std::string_view id, level lvl, std::vector<violation>& out) {
  for (const container& c : w.containers) {
    if (c.security.proc_mount && *c.security.proc_mount != "Default") {
      add(out, id, lvl, c.name, container_sc(w, c) + ".procMount", "procMount=" + quoted(*c.security.proc_mount));
    }
  }
}

// procMount_1_35_baseline: allowed outright for a user-namespace pod (hostUsers: false);
// otherwise securityContext.procMount must be unset or "Default".
void proc_mount_baseline(const workload& w, std::vector<violation>& out) {
  if (in_user_namespace(w)) return;
  proc_mount_containers(w, "procMount", level::baseline, out);
}

bool valid_seccomp(const std::string& type) noexcept { return type == "RuntimeDefault" || type == "Localhost"; }

// seccompProfileBaseline_1_19: seccompProfile.type (pod and containers), when seccompProfile
// is set, must be RuntimeDefault or Localhost (Unconfined is forbidden). The 1.0 annotation
// form applies only to policy versions below 1.19.
void seccomp_profile_baseline(const workload& w, std::vector<violation>& out) {
  if (w.security.seccomp_type && !valid_seccomp(*w.security.seccomp_type)) {
    add(out, "seccompProfile_baseline", level::baseline, {}, pod_sc(w) + ".seccompProfile.type", "seccompProfile.type=" + quoted(*w.security.seccomp_type));
  }
  for (const container& c : w.containers) {
    if (c.security.seccomp_type && !valid_seccomp(*c.security.seccomp_type)) {
      add(out, "seccompProfile_baseline", level::baseline, c.name, container_sc(w, c) + ".seccompProfile.type",
          "seccompProfile.type=" + quoted(*c.security.seccomp_type));
    }
  }
}

// sysctlsV1Dot32: spec.securityContext.sysctls[*].name must be in the safe set (1.0: five;
// 1.27: ip_local_reserved_ports; 1.29: tcp_keepalive_*, tcp_fin_timeout; 1.32: tcp_rmem,
// tcp_wmem). Exact name match.
void sysctls(const workload& w, std::vector<violation>& out) {
  constexpr std::array<std::string_view, 12> SAFE{
      "kernel.shm_rmid_forced",         "net.ipv4.ip_local_port_range",   "net.ipv4.tcp_syncookies",
      "net.ipv4.ping_group_range",      "net.ipv4.ip_unprivileged_port_start", "net.ipv4.ip_local_reserved_ports",
      "net.ipv4.tcp_keepalive_time",    "net.ipv4.tcp_fin_timeout",       "net.ipv4.tcp_keepalive_intvl",
      "net.ipv4.tcp_keepalive_probes",  "net.ipv4.tcp_rmem",              "net.ipv4.tcp_wmem"};
  for (std::size_t idx = 0; idx < w.security.sysctl_names.size(); ++idx) {
    const std::string& name = w.security.sysctl_names[idx];
    if (contains(SAFE, name)) continue;
    add(out, "sysctls", level::baseline, {}, pod_sc(w) + ".sysctls[" + std::to_string(idx) + "].name", "forbidden sysctl " + quoted(name));
  }
}

// windowsHostProcess_1_0: securityContext.windowsOptions.hostProcess (pod and containers)
// must be false or unset.
void windows_host_process(const workload& w, std::vector<violation>& out) {
  if (w.security.windows_host_process.value_or(false)) {
    add(out, "windowsHostProcess", level::baseline, {}, pod_sc(w) + ".windowsOptions.hostProcess", "hostProcess=true");
  }
  for (const container& c : w.containers) {
    if (c.security.windows_host_process.value_or(false)) {
      add(out, "windowsHostProcess", level::baseline, c.name, container_sc(w, c) + ".windowsOptions.hostProcess", "hostProcess=true");
    }
  }
}

// hostProbesAndHostLifecycleV1Dot34: liveness/readiness/startup probes and postStart/preStop
// handlers must not set httpGet.host or tcpSocket.host (every container kind).
void host_probes_and_lifecycle(const workload& w, std::vector<violation>& out) {
  for (const container& c : w.containers) {
    for (const host_field& h : c.probe_hosts) {
      add(out, "hostProbesAndHostLifecycle", level::baseline, c.name, w.container_path(c) + "." + h.field, "probe or lifecycle host " + quoted(h.host));
    }
  }
}

// ---- restricted --------------------------------------------------------------------------

// restrictedVolumes_1_0 (image volumes allowed since 1.33, patched into the 1.0 function):
// every volume must be configMap, csi, downwardAPI, emptyDir, ephemeral, image,
// persistentVolumeClaim, projected or secret. Overrides hostPathVolumes.
void restricted_volumes(const workload& w, std::vector<violation>& out) {
  constexpr std::array<std::string_view, 9> ALLOWED{"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
                                                    "image", "persistentVolumeClaim", "projected", "secret"};
  for (const volume& v : w.volumes) {
    if (contains(ALLOWED, v.source)) continue;
    add(out, "restrictedVolumes", level::restricted, {}, w.spec_path + ".volumes[" + std::to_string(v.index) + "]." + v.source,
        "volume " + quoted(v.name) + " has restricted type " + v.source);
  }
}

// allowPrivilegeEscalation_1_25: pods with spec.os.name=windows pass; otherwise every
// container must set securityContext.allowPrivilegeEscalation=false explicitly.
void allow_privilege_escalation(const workload& w, std::vector<violation>& out) {
  if (is_windows(w)) return;
  for (const container& c : w.containers) {
    const auto& value = c.security.allow_privilege_escalation;
    if (value && !*value) continue;
    add(out, "allowPrivilegeEscalation", level::restricted, c.name, container_sc(w, c) + ".allowPrivilegeEscalation",
        value ? "allowPrivilegeEscalation=true; must be false" : "allowPrivilegeEscalation unset; must be false");
  }
}

// runAsNonRoot_1_35: passes for a user-namespace pod (hostUsers: false). Otherwise the pod
// must not set runAsNonRoot=false, no container may set it false, and every container
// without its own setting needs pod-level runAsNonRoot=true.
void run_as_non_root(const workload& w, std::vector<violation>& out) {
  if (in_user_namespace(w)) return;
  const std::string_view id = "runAsNonRoot";
  const bool pod_true = w.security.run_as_non_root.value_or(false);
  if (w.security.run_as_non_root && !*w.security.run_as_non_root) {
    add(out, id, level::restricted, {}, pod_sc(w) + ".runAsNonRoot", "runAsNonRoot=false; must be true");
  }
  for (const container& c : w.containers) {
    if (c.security.run_as_non_root) {
      if (!*c.security.run_as_non_root) add(out, id, level::restricted, c.name, container_sc(w, c) + ".runAsNonRoot", "runAsNonRoot=false; must be true");
    } else if (!pod_true) {
      add(out, id, level::restricted, c.name, container_sc(w, c) + ".runAsNonRoot", "pod or container must set runAsNonRoot=true");
    }
  }
}

// runAsUser_1_35: passes for a user-namespace pod; otherwise runAsUser (pod and containers)
// must not be 0.
void run_as_user(const workload& w, std::vector<violation>& out) {
  if (in_user_namespace(w)) return;
  if (w.security.run_as_user && *w.security.run_as_user == 0) add(out, "runAsUser", level::restricted, {}, pod_sc(w) + ".runAsUser", "runAsUser=0");
  for (const container& c : w.containers) {
    if (c.security.run_as_user && *c.security.run_as_user == 0) {
      add(out, "runAsUser", level::restricted, c.name, container_sc(w, c) + ".runAsUser", "runAsUser=0");
    }
  }
}

// seccompProfileRestrictedV1Dot25: windows pods pass; otherwise seccompProfile.type must be
// RuntimeDefault or Localhost on the pod, or on every container (a container may leave it
// unset only when the pod sets a valid one); an explicit bad value fails anywhere.
// Overrides seccompProfile_baseline.
void seccomp_profile_restricted(const workload& w, std::vector<violation>& out) {
  if (is_windows(w)) return;
  const std::string_view id = "seccompProfile_restricted";
  bool pod_set = false;
  if (w.security.seccomp_type) {
    if (valid_seccomp(*w.security.seccomp_type)) pod_set = true;
    else add(out, id, level::restricted, {}, pod_sc(w) + ".seccompProfile.type", "seccompProfile.type=" + quoted(*w.security.seccomp_type));
  }
  for (const container& c : w.containers) {
    if (c.security.seccomp_type) {
      if (!valid_seccomp(*c.security.seccomp_type)) {
        add(out, id, level::restricted, c.name, container_sc(w, c) + ".seccompProfile.type", "seccompProfile.type=" + quoted(*c.security.seccomp_type));
      }
    } else if (!pod_set) {
      add(out, id, level::restricted, c.name, container_sc(w, c) + ".seccompProfile.type",
          "pod or container must set seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");
    }
  }
}

// capabilitiesRestrictedV1Dot25: windows pods pass; otherwise every container must drop
// "ALL" and may add only "NET_BIND_SERVICE". Overrides capabilities_baseline.
void capabilities_restricted(const workload& w, std::vector<violation>& out) {
  if (is_windows(w)) return;
  for (const container& c : w.containers) {
    const auto& drop = c.security.capabilities_drop;
    const bool dropped_all = std::find(drop.begin(), drop.end(), "ALL") != drop.end();
    std::vector<std::string> bad;
    for (const std::string& cap : c.security.capabilities_add) {
      if (cap != "NET_BIND_SERVICE" && std::find(bad.begin(), bad.end(), cap) == bad.end()) bad.push_back(cap);
    }
    std::string detail;
    if (!dropped_all) detail = "must set capabilities.drop=[\"ALL\"]";
    if (!bad.empty()) detail += std::string(detail.empty() ? "" : "; ") + "must not add " + join_quoted(bad);
    if (detail.empty()) continue;
    add(out, "capabilities_restricted", level::restricted, c.name, container_sc(w, c) + ".capabilities", std::move(detail));
  }
}

// procMount_1_35_restricted: securityContext.procMount must be unset or "Default", user
// namespace or not. Overrides procMount.
void proc_mount_restricted(const workload& w, std::vector<violation>& out) {
  proc_mount_containers(w, "procMount_restricted", level::restricted, out);
}

constexpr std::array<check, 19> REGISTRY{{
    {"hostNamespaces", level::baseline, "hostNamespaces_1_0", "hostNetwork, hostPID, hostIPC", host_namespaces},
    {"privileged", level::baseline, "privileged_1_0", "privileged containers", privileged},
    {"capabilities_baseline", level::baseline, "capabilitiesBaseline_1_0", "capabilities added beyond the default set", capabilities_baseline},
    {"hostPathVolumes", level::baseline, "hostPathVolumes_1_0", "hostPath volumes", host_path_volumes},
    {"hostPorts", level::baseline, "hostPorts_1_0", "host ports", host_ports},
    {"appArmorProfile", level::baseline, "appArmorProfileV1Dot0", "AppArmor profile other than RuntimeDefault/Localhost", app_armor_profile},
    {"seLinuxOptions", level::baseline, "seLinuxOptions_1_31", "custom SELinux type, user or role", se_linux_options_check},
    {"procMount", level::baseline, "procMount_1_35_baseline", "/proc mount type other than Default", proc_mount_baseline},
    {"seccompProfile_baseline", level::baseline, "seccompProfileBaseline_1_19", "seccomp profile Unconfined", seccomp_profile_baseline},
    {"sysctls", level::baseline, "sysctlsV1Dot32", "unsafe sysctls", sysctls},
    {"windowsHostProcess", level::baseline, "windowsHostProcess_1_0", "Windows HostProcess", windows_host_process},
    {"hostProbesAndHostLifecycle", level::baseline, "hostProbesAndHostLifecycleV1Dot34", "host in probes and lifecycle handlers", host_probes_and_lifecycle},
    {"restrictedVolumes", level::restricted, "restrictedVolumes_1_0", "volume types other than the nine allowed", restricted_volumes},
    {"allowPrivilegeEscalation", level::restricted, "allowPrivilegeEscalation_1_25", "allowPrivilegeEscalation not false", allow_privilege_escalation},
    {"runAsNonRoot", level::restricted, "runAsNonRoot_1_35", "runAsNonRoot not true", run_as_non_root},
    {"runAsUser", level::restricted, "runAsUser_1_35", "runAsUser=0", run_as_user},
    {"seccompProfile_restricted", level::restricted, "seccompProfileRestrictedV1Dot25", "seccomp not RuntimeDefault/Localhost", seccomp_profile_restricted},
    {"capabilities_restricted", level::restricted, "capabilitiesRestrictedV1Dot25", "capabilities not dropped to ALL (+NET_BIND_SERVICE)", capabilities_restricted},
    {"procMount_restricted", level::restricted, "procMount_1_35_restricted", "/proc mount type other than Default", proc_mount_restricted},
}};

}  // namespace

std::span<const check> pod_security_checks() noexcept { return REGISTRY; }

}  // namespace dsb::audit
