// Decoders for the audit's workload view, written once over engine/io's document-tree
// interface (json_node / yaml_node) and its decode_ctx, which throws decode_failure on the
// first problem; read_manifests() catches it at the boundary and returns it as an error.
#include "engine/audit/read.hpp"

#include <array>
#include <map>
#include <new>

#include <simdjson.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include "engine/io/internal/decode_common.hpp"
#include "engine/io/internal/decode_document.hpp"
#include "engine/io/internal/json_error_offset.hpp"
#include "engine/io/internal/yaml_load.hpp"
#include "engine/io/internal/tree_json.hpp"
#include "engine/io/internal/tree_yaml.hpp"

namespace dsb::audit {
namespace {

using io::internal::decode_ctx;
using io::internal::decode_failure;
using io::internal::expect_object;
using io::internal::fail_type;
using io::internal::for_each_field;
using io::internal::for_each_item;
using io::internal::is_null;
using io::internal::path_guard;
using io::internal::read_bool;
using io::internal::read_int32;
using io::internal::read_int64;
using io::internal::read_string;
using io::internal::read_string_list;
using io::internal::value_kind;

constexpr std::string_view APPARMOR_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

/// A pointer-typed Go bool: null and absent are "unset".
template <class Node>
std::optional<bool> read_optional_bool(decode_ctx& ctx, const Node& node) {
  if (is_null(node)) return std::nullopt;
  return read_bool(ctx, node);
}

template <class Node>
std::optional<std::int64_t> read_optional_int64(decode_ctx& ctx, const Node& node) {
  if (is_null(node)) return std::nullopt;
  return read_int64(ctx, node);
}

/// The `type` of a seccompProfile / appArmorProfile object; nullopt when the object is null.
template <class Node>
std::optional<std::string> read_profile_type(decode_ctx& ctx, const Node& node) {
  if (!expect_object(ctx, node)) return std::nullopt;
  std::string type;
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "type") type = std::string(read_string(ctx, child));
  });
  return type;
}

template <class Node>
std::optional<se_linux_options> read_se_linux(decode_ctx& ctx, const Node& node) {
  if (!expect_object(ctx, node)) return std::nullopt;
  se_linux_options opts;
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "user") opts.user = read_string(ctx, child);
    else if (key == "role") opts.role = read_string(ctx, child);
    else if (key == "type") opts.type = read_string(ctx, child);
    else if (key == "level") opts.mls_level = read_string(ctx, child);
  });
  return opts;
}

/// Fields both securityContext levels share. Returns false when `key` is not one of them.
template <class Node>
bool decode_common_security(decode_ctx& ctx, std::string_view key, const Node& child, common_security& out) {
  if (key == "runAsNonRoot") out.run_as_non_root = read_optional_bool(ctx, child);
  else if (key == "runAsUser") out.run_as_user = read_optional_int64(ctx, child);
  else if (key == "seLinuxOptions") out.se_linux = read_se_linux(ctx, child);
  else if (key == "seccompProfile") out.seccomp_type = read_profile_type(ctx, child);
  else if (key == "appArmorProfile") out.app_armor_type = read_profile_type(ctx, child);
  else if (key == "windowsOptions") {
    for_each_field(ctx, child, [&](std::string_view field, const Node& value) {
      if (field == "hostProcess") out.windows_host_process = read_optional_bool(ctx, value);
    });
  } else {
    return false;
  }
  return true;
}

template <class Node>
void decode_pod_security(decode_ctx& ctx, const Node& node, pod_security& out) {
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (decode_common_security(ctx, key, child, out)) return;
    if (key == "sysctls") {
      for_each_item(ctx, child, [&](std::size_t, const Node& item) {
        std::string name;
        for_each_field(ctx, item, [&](std::string_view field, const Node& value) {
          if (field == "name") name = read_string(ctx, value);
        });
        out.sysctl_names.push_back(std::move(name));
      });
    }
  });
}

template <class Node>
void decode_container_security(decode_ctx& ctx, const Node& node, container_security& out) {
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (decode_common_security(ctx, key, child, out)) return;
    if (key == "privileged") out.privileged = read_optional_bool(ctx, child);
    else if (key == "allowPrivilegeEscalation") out.allow_privilege_escalation = read_optional_bool(ctx, child);
    else if (key == "readOnlyRootFilesystem") out.read_only_root_filesystem = read_optional_bool(ctx, child);
    else if (key == "procMount") {
      if (!is_null(child)) out.proc_mount = std::string(read_string(ctx, child));
    } else if (key == "capabilities") {
      if (!expect_object(ctx, child)) return;
      out.has_capabilities = true;
      for_each_field(ctx, child, [&](std::string_view field, const Node& value) {
        if (field == "add") out.capabilities_add = read_string_list(ctx, value);
        else if (field == "drop") out.capabilities_drop = read_string_list(ctx, value);
      });
    }
  });
}

/// httpGet.host / tcpSocket.host of a probe or lifecycle handler; non-empty ones are kept
/// with their path relative to the container ("livenessProbe.httpGet.host").
template <class Node>
void decode_handler_hosts(decode_ctx& ctx, const Node& node, const std::string& prefix, std::vector<host_field>& out) {
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key != "httpGet" && key != "tcpSocket") return;
    for_each_field(ctx, child, [&](std::string_view field, const Node& value) {
      if (field != "host") return;
      const std::string_view host = read_string(ctx, value);
      if (!host.empty()) out.push_back(host_field{prefix + "." + std::string(key) + ".host", std::string(host)});
    });
  });
}

template <class Node>
container decode_container(decode_ctx& ctx, const Node& node, container_role role, std::uint32_t index) {
  container c;
  c.role = role;
  c.index = index;
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "name") c.name = read_string(ctx, child);
    else if (key == "image") c.image = read_string(ctx, child);
    else if (key == "command") c.command = read_string_list(ctx, child);
    else if (key == "args") c.args = read_string_list(ctx, child);
    else if (key == "restartPolicy") {
      // A restartable init container (KEP-753 sidecar). Other values are left to API
      // validation; they do not make a sidecar.
      if (read_string(ctx, child) == "Always" && role == container_role::init) c.role = container_role::sidecar;
    } else if (key == "env") {
      for_each_item(ctx, child, [&](std::size_t, const Node& item) {
        for_each_field(ctx, item, [&](std::string_view field, const Node& value) {
          if (field == "value") {
            const std::string_view text = read_string(ctx, value);
            if (!text.empty()) c.env_values.emplace_back(text);
          }
        });
      });
    } else if (key == "ports") {
      for_each_item(ctx, child, [&](std::size_t item_idx, const Node& item) {
        container_port port;
        port.index = static_cast<std::uint32_t>(item_idx);
        for_each_field(ctx, item, [&](std::string_view field, const Node& value) {
          if (field == "containerPort") port.container_port = read_int32(ctx, value);
          else if (field == "hostPort") port.host_port = read_int32(ctx, value);
        });
        c.ports.push_back(port);
      });
    } else if (key == "volumeMounts") {
      for_each_item(ctx, child, [&](std::size_t, const Node& item) {
        volume_mount mount;
        for_each_field(ctx, item, [&](std::string_view field, const Node& value) {
          if (field == "name") mount.name = read_string(ctx, value);
          else if (field == "mountPath") mount.mount_path = read_string(ctx, value);
          else if (field == "readOnly") mount.read_only = read_bool(ctx, value);
        });
        c.volume_mounts.push_back(std::move(mount));
      });
    } else if (key == "securityContext") {
      decode_container_security(ctx, child, c.security);
    } else if (key == "livenessProbe" || key == "readinessProbe" || key == "startupProbe") {
      decode_handler_hosts(ctx, child, std::string(key), c.probe_hosts);
    } else if (key == "lifecycle") {
      for_each_field(ctx, child, [&](std::string_view hook, const Node& handler) {
        if (hook == "postStart" || hook == "preStop") decode_handler_hosts(ctx, handler, "lifecycle." + std::string(hook), c.probe_hosts);
      });
    }
  });
  return c;
}

template <class Node>
volume decode_volume(decode_ctx& ctx, const Node& node, std::uint32_t index) {
  volume v;
  v.index = index;
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "name") {
      v.name = read_string(ctx, child);
      return;
    }
    if (is_null(child) || !v.source.empty()) return;
    if (child.kind() != value_kind::object) fail_type(ctx, child, "an object (a volume source)");
    v.source = key;
    if (key == "hostPath") {
      for_each_field(ctx, child, [&](std::string_view field, const Node& value) {
        if (field == "path") v.host_path = read_string(ctx, value);
      });
    }
  });
  // SetDefaults_Volume: a volume without a source is an emptyDir.
  if (v.source.empty()) v.source = "emptyDir";
  return v;
}

template <class Node>
void decode_pod_spec(decode_ctx& ctx, const Node& node, workload& w) {
  std::vector<container> init;
  std::vector<container> apps;
  std::vector<container> ephemeral;
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "hostNetwork") w.host_network = read_bool(ctx, child);
    else if (key == "hostPID") w.host_pid = read_bool(ctx, child);
    else if (key == "hostIPC") w.host_ipc = read_bool(ctx, child);
    else if (key == "hostUsers") w.host_users = read_optional_bool(ctx, child);
    else if (key == "activeDeadlineSeconds") w.active_deadline_seconds = read_optional_int64(ctx, child);
    else if (key == "os") {
      for_each_field(ctx, child, [&](std::string_view field, const Node& value) {
        if (field == "name") w.os_name = read_string(ctx, value);
      });
    } else if (key == "securityContext") {
      decode_pod_security(ctx, child, w.security);
    } else if (key == "volumes") {
      for_each_item(ctx, child, [&](std::size_t idx, const Node& item) { w.volumes.push_back(decode_volume(ctx, item, static_cast<std::uint32_t>(idx))); });
    } else if (key == "initContainers" || key == "containers" || key == "ephemeralContainers") {
      const container_role role = key == "initContainers" ? container_role::init : key == "containers" ? container_role::app : container_role::ephemeral;
      std::vector<container>& list = role == container_role::init ? init : role == container_role::app ? apps : ephemeral;
      for_each_item(ctx, child, [&](std::size_t idx, const Node& item) {
        if (item.kind() != value_kind::object) fail_type(ctx, item, "an object (a container)");
        list.push_back(decode_container(ctx, item, role, static_cast<std::uint32_t>(idx)));
      });
    }
  });
  if (apps.empty()) {
    path_guard guard(ctx, "containers");
    ctx.fail(error_code::missing_field, "a pod needs at least one container", node.location());
  }
  w.containers.reserve(init.size() + apps.size() + ephemeral.size());
  for (auto* list : {&init, &apps, &ephemeral}) {
    for (container& c : *list) w.containers.push_back(std::move(c));
  }
}

/// Member `key` of `parent`, which must be present and an object; pushes `key` onto the
/// path (the caller pops it).
template <class Node>
Node required_object(decode_ctx& ctx, const Node& parent, std::string_view key) {
  ctx.push(key);
  const auto child = parent.field(key);
  if (!child || is_null(*child)) ctx.fail(error_code::missing_field, "required to audit the pod template", parent.location());
  if (child->kind() != value_kind::object) fail_type(ctx, *child, "an object");
  return *child;
}

/// The path from the object to its pod template, per kind (empty for a Pod).
std::vector<std::string_view> template_path(std::string_view kind) {
  if (kind == "Pod") return {};
  if (kind == "CronJob") return {"spec", "jobTemplate", "spec", "template"};
  return {"spec", "template"};
}

std::string join_path(const std::vector<std::string_view>& parts, std::string_view last) {
  std::string out;
  for (std::string_view part : parts) {
    out += part;
    out += '.';
  }
  out += last;
  return out;
}

template <class Node>
void decode_metadata_names(decode_ctx& ctx, const Node& object, workload& w) {
  const auto meta = object.field("metadata");
  if (!meta) return;
  path_guard guard(ctx, "metadata");
  for_each_field(ctx, *meta, [&](std::string_view key, const Node& child) {
    if (key == "name") w.name = read_string(ctx, child);
    else if (key == "namespace") w.namespace_ = read_string(ctx, child);
  });
}

template <class Node>
void decode_template_annotations(decode_ctx& ctx, const Node& pod_template, workload& w) {
  const auto meta = pod_template.field("metadata");
  if (!meta) return;
  path_guard guard(ctx, "metadata");
  for_each_field(ctx, *meta, [&](std::string_view key, const Node& child) {
    if (key != "annotations") return;
    for_each_field(ctx, child, [&](std::string_view name, const Node& value) {
      const std::string_view text = read_string(ctx, value);
      if (name.starts_with(APPARMOR_PREFIX)) w.annotations.emplace_back(std::string(name), std::string(text));
    });
  });
}

class document_reader {
 public:
  document_reader(decode_ctx& ctx, manifest_set& out, std::string file) : ctx_(ctx), out_(out), file_(std::move(file)) {}

  template <class Node>
  void document(const Node& doc, const std::string& where) {
    ctx_.set_object(where);
    if (doc.kind() != value_kind::object) fail_type(ctx_, doc, "a Kubernetes object");
    const std::string kind(io::internal::kind_of(ctx_, doc));
    const bool is_list = kind == "List" || (kind.size() > 4 && kind.ends_with("List")) || (kind.empty() && doc.field("items"));
    if (!is_list) {
      if (kind.empty()) {
        ctx_.set_object(io::internal::describe_object(doc, "object", where));
        path_guard guard(ctx_, "kind");
        ctx_.fail(error_code::missing_field, "every object needs a kind (Pod, DaemonSet, ...)", doc.location());
      }
      object(doc, kind, where);
      return;
    }
    const std::string list_kind = kind.empty() ? std::string("List") : kind;
    const std::string item_default = list_kind == "List" ? std::string() : list_kind.substr(0, list_kind.size() - 4);
    ctx_.set_object(where.empty() ? list_kind : list_kind + " (" + where + ")");
    const auto items = doc.field("items");
    if (!items || is_null(*items)) return;
    if (items->kind() != value_kind::array) {
      path_guard guard(ctx_, "items");
      fail_type(ctx_, *items, "an array");
    }
    items->items([&](std::size_t index, const Node& item) {
      const std::string item_where = (where.empty() ? std::string() : where + " ") + "items[" + std::to_string(index) + "]";
      ctx_.set_object(item_where);
      if (item.kind() != value_kind::object) fail_type(ctx_, item, "a Kubernetes object");
      std::string item_kind(io::internal::kind_of(ctx_, item));
      if (item_kind.empty()) item_kind = item_default;
      if (item_kind.empty()) {
        path_guard guard(ctx_, "kind");
        ctx_.fail(error_code::missing_field, "items of a List need a kind", item.location());
      }
      object(item, item_kind, item_where);
    });
  }

 private:
  template <class Node>
  void object(const Node& obj, const std::string& kind, const std::string& where) {
    ctx_.set_object(io::internal::describe_object(obj, kind, where));
    if (!is_workload_kind(kind)) {
      out_.skipped.push_back(skipped_object{ctx_.object(), kind});
      return;
    }
    workload w;
    w.file = file_;
    w.where = where;
    w.kind = kind;
    decode_metadata_names(ctx_, obj, w);
    const std::vector<std::string_view> path = template_path(kind);
    // Rebinding goes through std::optional::emplace: assigning one yaml-cpp node to another
    // would overwrite the document, not rebind the handle.
    std::optional<Node> current;
    current.emplace(obj);
    for (std::string_view part : path) {
      Node next = required_object(ctx_, *current, part);
      current.emplace(std::move(next));
    }
    w.meta_path = join_path(path, "metadata");
    w.spec_path = join_path(path, "spec");
    decode_template_annotations(ctx_, *current, w);
    const Node spec = required_object(ctx_, *current, "spec");
    decode_pod_spec(ctx_, spec, w);
    for (std::size_t idx = 0; idx <= path.size(); ++idx) ctx_.pop();
    out_.workloads.push_back(std::move(w));
  }

  decode_ctx& ctx_;
  manifest_set& out_;
  std::string file_;
};

error make_error(error_code code, const std::string& file, std::string message, std::string location = {}) {
  return error{code, file, {}, {}, std::move(location), std::move(message)};
}

std::string skipped_summary(const std::vector<skipped_object>& skipped) {
  std::map<std::string, std::size_t> kinds;
  for (const skipped_object& s : skipped) ++kinds[s.kind];
  std::string out;
  for (const auto& [kind, count] : kinds) out += (out.empty() ? "" : ", ") + kind + (count > 1 ? " x" + std::to_string(count) : "");
  return out;
}

}  // namespace

bool is_workload_kind(std::string_view kind) noexcept {
  constexpr std::array<std::string_view, 8> KINDS{"Pod", "DaemonSet", "Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"};
  for (std::string_view known : KINDS) {
    if (kind == known) return true;
  }
  return false;
}

result<manifest_set> read_manifests(const io::input_text& input) {
  const std::string_view bytes = input.bytes();
  if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return make_error(error_code::syntax, input.name, "empty input: no Kubernetes object found");
  }
  manifest_set out;
  decode_ctx ctx(input.name, io::validation::strict);
  document_reader reader(ctx, out, input.name);
  try {
    if (io::looks_like_json(bytes)) {
      simdjson::dom::parser parser;
      simdjson::dom::element root;
      const bool padded = input.capacity() - bytes.size() >= simdjson::SIMDJSON_PADDING;
      const auto code = parser.parse(bytes.data(), bytes.size(), !padded).get(root);
      if (code != simdjson::SUCCESS) {
        const auto offset = io::internal::json_error_offset(bytes);  // the DOM reports no position
        return make_error(error_code::syntax, input.name, std::string("malformed JSON: ") + simdjson::error_message(code),
                          offset ? "byte " + std::to_string(*offset) : std::string());
      }
      reader.document(io::internal::json_node(root), std::string());
    } else {
      const std::vector<YAML::Node> documents = io::internal::load_yaml_documents(bytes);
      for (std::size_t doc_idx = 0; doc_idx < documents.size(); ++doc_idx) {
        if (documents[doc_idx].IsNull()) continue;
        reader.document(io::internal::yaml_node(documents[doc_idx]), documents.size() > 1 ? "document " + std::to_string(doc_idx + 1) : std::string());
      }
    }
  } catch (const decode_failure& failure) {
    return failure.err;
  } catch (const YAML::DeepRecursion& ex) {  // yaml-cpp words it "bad file"
    return make_error(error_code::limit, input.name, "malformed YAML: nested too deeply (yaml-cpp stops at about 500 levels)",
                      "line " + std::to_string(ex.mark.line + 1) + ", column " + std::to_string(ex.mark.column + 1));
  } catch (const YAML::Exception& ex) {
    const std::string location = ex.mark.is_null() ? std::string() : "line " + std::to_string(ex.mark.line + 1) + ", column " + std::to_string(ex.mark.column + 1);
    return make_error(error_code::syntax, input.name, "malformed YAML: " + ex.msg, location);
  } catch (const std::bad_alloc&) {
    return make_error(error_code::limit, input.name, "out of memory while reading");
  }
  if (out.workloads.empty()) {
    std::string message = "no Pod, DaemonSet or other pod-template workload found";
    if (!out.skipped.empty()) message += " (only " + skipped_summary(out.skipped) + ")";
    return make_error(error_code::unsupported, input.name, std::move(message));
  }
  return out;
}

result<manifest_set> read_manifests_file(const std::string& path) {
  result<io::input_text> input = io::load_file(path);
  if (!input) return std::move(input).err();
  return read_manifests(*input);
}

}  // namespace dsb::audit
