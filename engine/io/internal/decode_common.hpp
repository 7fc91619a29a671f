// Scalar and container helpers shared by every decoder. `Node` is json_node or yaml_node.
//
// Go's encoding/json rules, which Kubernetes uses, decide what is accepted: null is the
// zero value (absent) for every field; a string field takes only strings; an integer
// field takes only integral numbers in range; an object field takes objects.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "engine/io/internal/decode_ctx.hpp"
#include "engine/io/internal/tree_kind.hpp"
#include "engine/model/label_syntax.hpp"
#include "engine/model/object_meta.hpp"
#include "engine/model/quantity.hpp"
#include "engine/model/time.hpp"

namespace dsb::io::internal {

template <class Node>
[[noreturn]] void fail_type(decode_ctx& ctx, const Node& node, const char* expected) {
  ctx.fail(error_code::type, std::string("expected ") + expected + ", got " + to_string(node.kind()), node.location());
}

template <class Node>
bool is_null(const Node& node) {
  return node.kind() == value_kind::null;
}

/// Fails unless `node` is an object (null is accepted and reported as false = absent).
template <class Node>
bool expect_object(decode_ctx& ctx, const Node& node) {
  const value_kind kind = node.kind();
  if (kind == value_kind::null) return false;
  if (kind != value_kind::object) fail_type(ctx, node, "an object");
  return true;
}

template <class Node>
bool expect_array(decode_ctx& ctx, const Node& node) {
  const value_kind kind = node.kind();
  if (kind == value_kind::null) return false;
  if (kind != value_kind::array) fail_type(ctx, node, "an array");
  return true;
}

/// The string, or "" for null. Views point into the document.
template <class Node>
std::string_view read_string(decode_ctx& ctx, const Node& node) {
  const value_kind kind = node.kind();
  if (kind == value_kind::string) return node.string();
  if (kind == value_kind::null) return {};
  fail_type(ctx, node, "a string");
}

template <class Node>
bool read_bool(decode_ctx& ctx, const Node& node) {
  const value_kind kind = node.kind();
  if (kind == value_kind::boolean) return node.boolean();
  if (kind == value_kind::null) return false;
  fail_type(ctx, node, "a boolean");
}

template <class Node>
std::int64_t read_int64(decode_ctx& ctx, const Node& node) {
  const value_kind kind = node.kind();
  if (kind == value_kind::null) return 0;
  if (kind != value_kind::integer) fail_type(ctx, node, "an integer");
  const auto value = node.integer();
  if (!value) ctx.fail(error_code::invalid_value, "integer out of the int64 range", node.location());
  return *value;
}

template <class Node>
std::int32_t read_int32(decode_ctx& ctx, const Node& node) {
  const std::int64_t value = read_int64(ctx, node);
  if (value < std::numeric_limits<std::int32_t>::min() || value > std::numeric_limits<std::int32_t>::max()) {
    ctx.fail(error_code::invalid_value, "integer " + std::to_string(value) + " out of the int32 range", node.location());
  }
  return static_cast<std::int32_t>(value);
}

/// resource.Quantity accepts a JSON string or number.
template <class Node>
quantity read_quantity(decode_ctx& ctx, const Node& node) {
  const value_kind kind = node.kind();
  std::string text;
  if (kind == value_kind::string) {
    text = std::string(node.string());
  } else if (kind == value_kind::integer || kind == value_kind::floating) {
    text = node.number_text();
  } else {
    fail_type(ctx, node, "a quantity (string or number)");
  }
  result<quantity> parsed = parse_quantity(text);
  if (!parsed) ctx.fail(error_code::invalid_value, parsed.err().message, node.location());
  return *parsed;
}

/// RFC 3339 timestamp, or nullopt for null / absent.
template <class Node>
std::optional<unix_seconds> read_time(decode_ctx& ctx, const Node& node) {
  const std::string_view text = read_string(ctx, node);
  if (text.empty()) return std::nullopt;
  const auto seconds = parse_rfc3339(text);
  if (!seconds) ctx.fail(error_code::invalid_value, "not an RFC 3339 time: \"" + std::string(text) + "\"", node.location());
  return seconds;
}

template <class Node, class F>
void for_each_field(decode_ctx& ctx, const Node& node, F&& f) {
  if (!expect_object(ctx, node)) return;
  node.fields([&](std::string_view key, const Node& child) {
    path_guard guard(ctx, key);
    f(key, child);
  });
}

template <class Node, class F>
void for_each_item(decode_ctx& ctx, const Node& node, F&& f) {
  if (!expect_array(ctx, node)) return;
  node.items([&](std::size_t index, const Node& child) {
    path_guard guard(ctx, index);
    f(index, child);
  });
}

/// A list of strings (command, args, values).
template <class Node>
std::vector<std::string> read_string_list(decode_ctx& ctx, const Node& node) {
  std::vector<std::string> out;
  for_each_item(ctx, node, [&](std::size_t, const Node& child) { out.emplace_back(read_string(ctx, child)); });
  return out;
}

inline void check_label_key(decode_ctx& ctx, std::string_view key, const std::string& location, const char* what = "label key") {
  if (!ctx.strict()) return;
  if (std::string problem = label_key_problem(key); !problem.empty()) {
    ctx.fail(error_code::invalid_value, std::string("invalid ") + what + " \"" + std::string(key) + "\": " + problem, location);
  }
}

inline void check_label_value(decode_ctx& ctx, std::string_view value, const std::string& location, const char* what = "label value") {
  if (!ctx.strict()) return;
  if (std::string problem = label_value_problem(value); !problem.empty()) {
    ctx.fail(error_code::invalid_value, std::string("invalid ") + what + " \"" + std::string(value) + "\": " + problem, location);
  }
}

/// A map of strings (labels, annotations, nodeSelector). `labels` = validate as label
/// keys and values in strict mode. Duplicate keys are an error (Kubernetes' strict decoding).
template <class Node>
string_map read_string_map(decode_ctx& ctx, const Node& node, bool labels) {
  string_map out;
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    const std::string_view value = read_string(ctx, child);
    if (labels) {
      check_label_key(ctx, key, child.location());
      check_label_value(ctx, value, child.location());
    }
    if (!out.emplace(std::string(key), std::string(value)).second) {
      ctx.fail(error_code::invalid_value, "duplicate key \"" + std::string(key) + "\"", child.location());
    }
  });
  return out;
}

}  // namespace dsb::io::internal
