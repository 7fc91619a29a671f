// json_stream_node: the document-tree interface over simdjson's On-Demand API, for the
// streaming NodeList reader (read.cpp). Forward-only: each value is read at most once, in
// document order, which is exactly how the node decoder walks (fields in order, no lookups
// by key); it has no `field()`.
//
// Why On-Demand for nodes: it builds no tape. For a 626 MB kubectl NodeList the DOM needs
// ~1.2 GB of tape and string buffers, whose first touch alone costs more than parsing;
// On-Demand keeps only the structural index and parses values as the decoder asks.
//
// Lifetime: string_views (values and keys) point into the parser's string buffer and the
// input; valid until the parser iterates another document. Errors (malformed JSON found
// lazily) are raised through decode_ctx with the byte offset of the parser's position.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "engine/io/internal/decode_ctx.hpp"
#include "engine/io/internal/tree_kind.hpp"

namespace dsb::io::internal {

/// What every node of one document shares: the document (for positions) and the context.
struct json_stream_document {
  simdjson::ondemand::document* doc = nullptr;
  const char* base = nullptr;
  decode_ctx* ctx = nullptr;

  std::string location() const {
    const char* position = nullptr;
    if (doc == nullptr || doc->current_location().get(position) != simdjson::SUCCESS || position == nullptr) return {};
    return "byte " + std::to_string(position - base);
  }
  [[noreturn]] void fail(simdjson::error_code code) const {
    ctx->fail(error_code::syntax, std::string("malformed JSON: ") + simdjson::error_message(code), location());
  }
};

class json_stream_node {
 public:
  json_stream_node(simdjson::ondemand::value value, const json_stream_document* doc) : value_(value), doc_(doc) {}

  value_kind kind() const {
    simdjson::ondemand::json_type type{};
    if (auto code = value_.type().get(type)) doc_->fail(code);
    switch (type) {
      case simdjson::ondemand::json_type::array: return value_kind::array;
      case simdjson::ondemand::json_type::object: return value_kind::object;
      case simdjson::ondemand::json_type::string: return value_kind::string;
      case simdjson::ondemand::json_type::boolean: return value_kind::boolean;
      case simdjson::ondemand::json_type::null: return value_kind::null;
      case simdjson::ondemand::json_type::number: {
        simdjson::ondemand::number_type number{};
        if (auto code = value_.get_number_type().get(number)) doc_->fail(code);
        return number == simdjson::ondemand::number_type::floating_point_number ? value_kind::floating : value_kind::integer;
      }
    }
    return value_kind::null;
  }

  std::string_view string() const {
    std::string_view text;
    if (auto code = value_.get_string().get(text)) doc_->fail(code);
    return text;
  }
  bool boolean() const {
    bool flag = false;
    if (auto code = value_.get_bool().get(flag)) doc_->fail(code);
    return flag;
  }
  std::optional<std::int64_t> integer() const {
    std::int64_t number = 0;
    if (value_.get_int64().get(number) != simdjson::SUCCESS) return std::nullopt;
    return number;
  }
  /// The number exactly as written (quantities keep their text).
  std::string number_text() const {
    std::string_view token = value_.raw_json_token();
    while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r' || token.back() == '\t')) token.remove_suffix(1);
    return std::string(token);
  }
  std::string location() const { return doc_->location(); }

  template <class F>
  void fields(F&& f) const {
    simdjson::ondemand::object object;
    if (auto code = value_.get_object().get(object)) doc_->fail(code);
    for (auto member : object) {
      simdjson::ondemand::field field;
      if (auto code = std::move(member).get(field)) doc_->fail(code);
      std::string_view key;
      if (auto code = field.unescaped_key().get(key)) doc_->fail(code);
      f(key, json_stream_node(field.value(), doc_));
    }
  }
  template <class F>
  void items(F&& f) const {
    simdjson::ondemand::array array;
    if (auto code = value_.get_array().get(array)) doc_->fail(code);
    std::size_t index = 0;
    for (auto element : array) {
      simdjson::ondemand::value child;
      if (auto code = std::move(element).get(child)) doc_->fail(code);
      f(index++, json_stream_node(child, doc_));
    }
  }

 private:
  mutable simdjson::ondemand::value value_;
  const json_stream_document* doc_;
};

}  // namespace dsb::io::internal
