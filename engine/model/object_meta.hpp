// Object metadata shared by every Kubernetes object dsbench reads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/container/flat_map.hpp>

namespace dsb {

/// Small string dictionaries (labels, annotations, nodeSelector): sorted, contiguous.
using string_map = boost::container::flat_map<std::string, std::string>;

/// Seconds since the Unix epoch (metav1.Time has whole-second precision on the wire).
using unix_seconds = std::int64_t;

struct owner_reference {
  std::string api_version;
  std::string kind;
  std::string name;
  std::string uid;
  bool controller = false;
};

struct object_meta {
  std::string name;
  std::string generate_name;
  std::string namespace_;
  std::string uid;
  std::int64_t generation = 0;
  std::optional<unix_seconds> creation_timestamp;
  std::optional<unix_seconds> deletion_timestamp;
  string_map labels;
  string_map annotations;
  std::vector<owner_reference> owner_references;

  /// "namespace/name" (or "name" when the namespace is empty).
  std::string qualified_name() const { return namespace_.empty() ? name : namespace_ + "/" + name; }
  /// The owner reference with controller=true, if any.
  const owner_reference* controller_ref() const noexcept {
    for (const owner_reference& ref : owner_references) {
      if (ref.controller) return &ref;
    }
    return nullptr;
  }
};

}  // namespace dsb
