#include "engine/model/resources.hpp"

#include "engine/model/label_syntax.hpp"

namespace dsb {

bool is_hugepages_resource(std::string_view name) noexcept { return name.starts_with("hugepages-"); }

// IsExtendedResourceName: not a native resource (no kubernetes.io/ and has a '/'), not
// "requests."-prefixed, and "requests.<name>" is a qualified name.
bool is_extended_resource(std::string_view name) noexcept {
  if (name.find("kubernetes.io/") != std::string_view::npos || name.find('/') == std::string_view::npos) return false;
  if (name.starts_with("requests.")) return false;
  std::string quota_name = "requests.";
  quota_name += name;
  return is_label_key(quota_name);
}

resource_kind classify_resource(std::string_view name) noexcept {
  if (name == "cpu") return resource_kind::cpu;
  if (name == "memory") return resource_kind::memory;
  if (name == "ephemeral-storage") return resource_kind::ephemeral_storage;
  if (name == "pods") return resource_kind::pods;
  if (is_extended_resource(name) || is_hugepages_resource(name) || name.starts_with("attachable-volumes-") ||
      name.find("kubernetes.io/") != std::string_view::npos) {
    return resource_kind::scalar;
  }
  return resource_kind::ignored;
}

}  // namespace dsb
