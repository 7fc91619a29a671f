// yaml_node: the document-tree interface the decoders use, over yaml-cpp.
//
// Kubernetes reads YAML by converting it to JSON (sigs.k8s.io/yaml, go-yaml v2 rules),
// so a plain (unquoted) scalar is typed by its text: `true`/`yes`/`on`/`y` are booleans,
// `80` an integer, `0.5` or `1e3` a number, `~`/`null`/empty are null; quoted scalars and
// `!!str` are strings. A label value written `version: 1.0` is therefore a number, and
// Kubernetes rejects it; so do we.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "engine/io/internal/tree_kind.hpp"

namespace dsb::io::internal {

/// go-yaml v2 resolution of a plain scalar's text.
value_kind resolve_plain_scalar(std::string_view text) noexcept;
/// Integer value of a plain scalar resolved as integer (decimal or 0x hex, '_' allowed).
std::optional<std::int64_t> plain_scalar_integer(std::string_view text) noexcept;
/// Boolean value of a plain scalar resolved as boolean.
bool plain_scalar_boolean(std::string_view text) noexcept;

class yaml_node {
 public:
  explicit yaml_node(YAML::Node node) : node_(std::move(node)) {}

  value_kind kind() const noexcept {
    switch (node_.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null: return value_kind::null;
      case YAML::NodeType::Sequence: return value_kind::array;
      case YAML::NodeType::Map: return value_kind::object;
      case YAML::NodeType::Scalar: break;
    }
    const std::string& tag = node_.Tag();
    if (tag == "!" || tag == "tag:yaml.org,2002:str") return value_kind::string;
    return resolve_plain_scalar(node_.Scalar());
  }

  std::string_view string() const noexcept { return node_.Scalar(); }
  bool boolean() const noexcept { return plain_scalar_boolean(node_.Scalar()); }
  std::optional<std::int64_t> integer() const noexcept { return plain_scalar_integer(node_.Scalar()); }
  std::string number_text() const {
    if (kind() == value_kind::integer) {
      if (const auto value = integer()) return std::to_string(*value);
    }
    return node_.Scalar();
  }
  /// "line N" (1-based) where the node starts.
  std::string location() const {
    const YAML::Mark mark = node_.Mark();
    if (mark.is_null()) return {};
    return "line " + std::to_string(mark.line + 1);
  }

  template <class F>
  void fields(F&& f) const {
    for (const auto& member : node_) {
      const std::string& key = member.first.Scalar();
      f(std::string_view(key), yaml_node(member.second));
    }
  }
  template <class F>
  void items(F&& f) const {
    std::size_t index = 0;
    for (const auto& child : node_) f(index++, yaml_node(child));
  }
  std::optional<yaml_node> field(std::string_view key) const {
    for (const auto& member : node_) {
      if (member.first.Scalar() == key) return yaml_node(member.second);
    }
    return std::nullopt;
  }
  /// Whether a map key is a scalar (YAML allows sequences as keys; Kubernetes does not).
  const YAML::Node& raw() const noexcept { return node_; }

 private:
  YAML::Node node_;
};

}  // namespace dsb::io::internal
