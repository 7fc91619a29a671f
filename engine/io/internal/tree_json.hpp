// json_node: the document-tree interface the decoders use, over simdjson's DOM.
//
// Lifetime: a json_node and every string_view it hands out point into the parser's
// tape and string buffer; they are valid until the parser parses again or dies. The
// readers keep one parser per call and copy what outlives it (workload strings) or
// intern it (cluster strings).
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "engine/io/internal/tree_kind.hpp"

namespace dsb::io::internal {

class json_node {
 public:
  explicit json_node(simdjson::dom::element element) : element_(element) {}

  value_kind kind() const noexcept {
    switch (element_.type()) {
      case simdjson::dom::element_type::ARRAY: return value_kind::array;
      case simdjson::dom::element_type::OBJECT: return value_kind::object;
      case simdjson::dom::element_type::INT64:
      case simdjson::dom::element_type::UINT64: return value_kind::integer;
      case simdjson::dom::element_type::DOUBLE: return value_kind::floating;
      case simdjson::dom::element_type::STRING: return value_kind::string;
      case simdjson::dom::element_type::BOOL: return value_kind::boolean;
      case simdjson::dom::element_type::NULL_VALUE: return value_kind::null;
    }
    return value_kind::null;
  }

  /// Precondition: kind() == string.
  std::string_view string() const noexcept {
    std::string_view text;
    if (element_.get_string().get(text) != simdjson::SUCCESS) return {};
    return text;
  }
  /// Precondition: kind() == boolean.
  bool boolean() const noexcept {
    bool value = false;
    if (element_.get_bool().get(value) != simdjson::SUCCESS) return false;
    return value;
  }
  /// Precondition: kind() == integer. nullopt when outside int64.
  std::optional<std::int64_t> integer() const noexcept {
    std::int64_t value = 0;
    if (element_.get_int64().get(value) == simdjson::SUCCESS) return value;
    return std::nullopt;
  }
  /// Precondition: kind() is integer or floating. The number as text (shortest round-trip
  /// form for doubles), for quantities written as JSON numbers.
  std::string number_text() const {
    std::int64_t signed_value = 0;
    if (element_.get_int64().get(signed_value) == simdjson::SUCCESS) return std::to_string(signed_value);
    std::uint64_t unsigned_value = 0;
    if (element_.get_uint64().get(unsigned_value) == simdjson::SUCCESS) return std::to_string(unsigned_value);
    double value = 0;
    if (element_.get_double().get(value) != simdjson::SUCCESS) return "0";
    char buffer[64];
    const auto written = std::to_chars(buffer, buffer + sizeof(buffer), value);
    return std::string(buffer, written.ptr);
  }
  /// JSON carries no line numbers through the DOM; the field path locates errors.
  std::string location() const { return {}; }

  /// f(std::string_view key, json_node value) for each member, in document order.
  /// Precondition: kind() == object.
  template <class F>
  void fields(F&& f) const {
    simdjson::dom::object object;
    if (element_.get_object().get(object) != simdjson::SUCCESS) return;
    for (simdjson::dom::key_value_pair member : object) f(member.key, json_node(member.value));
  }
  /// f(std::size_t index, json_node value). Precondition: kind() == array.
  template <class F>
  void items(F&& f) const {
    std::size_t index = 0;
    simdjson::dom::array array;
    if (element_.get_array().get(array) != simdjson::SUCCESS) return;
    for (simdjson::dom::element child : array) f(index++, json_node(child));
  }
  /// Member `key` of an object (first match), if present. Precondition: kind() == object.
  std::optional<json_node> field(std::string_view key) const {
    simdjson::dom::object object;
    simdjson::dom::element child;
    if (element_.get_object().get(object) != simdjson::SUCCESS || object.at_key(key).get(child) != simdjson::SUCCESS) return std::nullopt;
    return json_node(child);
  }

 private:
  simdjson::dom::element element_;
};

}  // namespace dsb::io::internal
