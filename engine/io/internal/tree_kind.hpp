// The value kinds a document tree exposes to the decoders (JSON types; YAML plain scalars
// are resolved to these the way sigs.k8s.io/yaml does before Kubernetes decodes them).
#pragma once

#include <cstdint>

namespace dsb::io::internal {

enum class value_kind : std::uint8_t { null, boolean, integer, floating, string, array, object };

inline const char* to_string(value_kind kind) noexcept {
  switch (kind) {
    case value_kind::null: return "null";
    case value_kind::boolean: return "boolean";
    case value_kind::integer: return "integer";
    case value_kind::floating: return "number";
    case value_kind::string: return "string";
    case value_kind::array: return "array";
    case value_kind::object: return "object";
  }
  return "?";
}

}  // namespace dsb::io::internal
