// The audit's input: a workload's pod template reduced to what Pod Security admission and the
// init-container practice checks read (security contexts, volumes, ports, probe hosts,
// commands). Deliberately separate from the placement model (model/pod_spec.hpp): placement
// never needs capabilities or volumes, and the audit never needs affinity or resources.
//
// Pointer-ness matters to the Kubernetes checks (an unset `allowPrivilegeEscalation` fails
// restricted, an explicit `false` passes), so every field Go holds as a pointer is a
// std::optional here. Field paths for reports are rebuilt from `spec_path`, the container's
// list and index (container_path()).
//
// Cost: one heap string per name/value; ~1 KB per typical workload.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dsb::audit {

struct se_linux_options {
  std::string user;
  std::string role;
  std::string type;
  std::string mls_level;  ///< seLinuxOptions.level (never restricted by the standard)
};

/// securityContext fields shared by the pod and container levels.
struct common_security {
  std::optional<bool> run_as_non_root;
  std::optional<std::int64_t> run_as_user;
  std::optional<se_linux_options> se_linux;
  std::optional<std::string> seccomp_type;    ///< seccompProfile.type (set when seccompProfile is)
  std::optional<std::string> app_armor_type;  ///< appArmorProfile.type (set when appArmorProfile is)
  std::optional<bool> windows_host_process;   ///< windowsOptions.hostProcess
};

struct pod_security : common_security {
  std::vector<std::string> sysctl_names;  ///< securityContext.sysctls[*].name, in order
};

struct container_security : common_security {
  std::optional<bool> privileged;
  std::optional<bool> allow_privilege_escalation;
  std::optional<bool> read_only_root_filesystem;
  std::optional<std::string> proc_mount;
  bool has_capabilities = false;  ///< securityContext.capabilities present
  std::vector<std::string> capabilities_add;
  std::vector<std::string> capabilities_drop;
};

/// Where a container is declared. `sidecar` = an init container with restartPolicy: Always.
enum class container_role : std::uint8_t { init, sidecar, app, ephemeral };

struct container_port {
  std::int32_t container_port = 0;
  std::int32_t host_port = 0;
  std::uint32_t index = 0;  ///< position in ports[]
};

struct volume_mount {
  std::string name;
  std::string mount_path;
  bool read_only = false;
};

/// A non-empty probe or lifecycle-handler host: `field` is relative to the container
/// ("livenessProbe.httpGet.host").
struct host_field {
  std::string field;
  std::string host;
};

struct container {
  std::string name;
  std::string image;
  container_role role = container_role::app;
  std::uint32_t index = 0;  ///< position in its list (initContainers, containers, ephemeralContainers)
  std::vector<std::string> command;
  std::vector<std::string> args;
  std::vector<std::string> env_values;  ///< env[*].value (literal values only)
  std::vector<container_port> ports;
  std::vector<volume_mount> volume_mounts;
  std::vector<host_field> probe_hosts;
  container_security security;

  bool is_init_like() const noexcept { return role == container_role::init || role == container_role::sidecar; }
  /// "initContainers", "containers" or "ephemeralContainers".
  std::string_view list_name() const noexcept;
};

struct volume {
  std::string name;
  std::string source;     ///< the volume source's field name: "hostPath", "emptyDir", "configMap", ...
  std::string host_path;  ///< hostPath.path when source == "hostPath"
  std::uint32_t index = 0;
};

/// One Pod or one workload's pod template.
struct workload {
  std::string file;        ///< input name (path or "<stdin>")
  std::string where;       ///< "document 2 items[3]", or empty
  std::string kind;        ///< "DaemonSet", "Pod", "Deployment", ...
  std::string namespace_;  ///< metadata.namespace of the object (empty = not given)
  std::string name;
  std::string meta_path;  ///< "metadata" (Pod) or "spec.template.metadata"
  std::string spec_path;  ///< "spec" (Pod) or "spec.template.spec"

  /// Annotations of the pod (template) metadata whose keys Pod Security reads (AppArmor).
  std::vector<std::pair<std::string, std::string>> annotations;

  bool host_network = false;
  bool host_pid = false;
  bool host_ipc = false;
  std::optional<bool> host_users;
  std::string os_name;  ///< spec.os.name ("linux", "windows" or empty)
  std::optional<std::int64_t> active_deadline_seconds;
  pod_security security;
  std::vector<volume> volumes;
  /// Every container in Pod Security's visiting order: initContainers (plain and sidecar),
  /// then containers, then ephemeralContainers (policy/visitor.go visitContainers).
  std::vector<container> containers;

  /// "DaemonSet kube-system/cilium".
  std::string display_name() const;
  /// "spec.template.spec.containers[0]".
  std::string container_path(const container& c) const;
};

}  // namespace dsb::audit
