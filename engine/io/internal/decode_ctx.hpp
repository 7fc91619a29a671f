// decode_ctx: where a decoder is (file, object, field path) and how strict it must be.
//
// Decoders walk a document tree (json_node or yaml_node, see tree_*.hpp) and throw
// `decode_failure` on the first problem; the public readers (engine/io/read.hpp) catch it
// at their boundary and return it as an `error`. Nothing else in the engine throws.
// The path is a stack of segments that point into the document or into static strings,
// so pushing and popping costs nothing until an error is formatted.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/io/read.hpp"
#include "engine/model/error.hpp"

namespace dsb::io::internal {

struct decode_failure {
  error err;
};

class decode_ctx {
 public:
  decode_ctx(std::string file, validation mode) : file_(std::move(file)), mode_(mode) {}

  bool strict() const noexcept { return mode_ == validation::strict; }
  const std::string& file() const noexcept { return file_; }

  /// "Kind/namespace/name (items[3])" or "items[3]" while the name is unknown.
  void set_object(std::string description) {
    object_ = std::move(description);
    kind_ = {};
    name_ = {};
  }
  /// Streaming readers name an object as they learn it: first its kind and place, then
  /// (when metadata.name is read) its name. The views must outlive the object's decoding.
  void begin_object(std::string_view kind, std::string where) {
    object_.clear();
    kind_ = kind;
    name_ = {};
    where_ = std::move(where);
  }
  void name_object(std::string_view name) { name_ = name; }
  /// The object description as errors print it.
  std::string object() const;

  void push(std::string_view field) { path_.push_back(segment{field, NOT_INDEX}); }
  void push_index(std::size_t index) { path_.push_back(segment{{}, index}); }
  void pop() noexcept { path_.pop_back(); }

  /// "spec.template.spec.containers[0].ports[1].hostPort"; map keys that are not
  /// identifiers are quoted: metadata.labels["kubernetes.io/os"].
  std::string path() const;

  [[noreturn]] void fail(error_code code, std::string message, std::string location = {}) const;

 private:
  static constexpr std::size_t NOT_INDEX = static_cast<std::size_t>(-1);
  struct segment {
    std::string_view name;
    std::size_t index;
  };
  std::string file_;
  validation mode_;
  std::string object_;
  std::string_view kind_;
  std::string_view name_;
  std::string where_;
  std::vector<segment> path_;
};

/// Pushes a field (or index) for the lifetime of the guard.
class path_guard {
 public:
  path_guard(decode_ctx& ctx, std::string_view field) : ctx_(ctx) { ctx.push(field); }
  path_guard(decode_ctx& ctx, std::size_t index) : ctx_(ctx) { ctx.push_index(index); }
  ~path_guard() { ctx_.pop(); }
  path_guard(const path_guard&) = delete;
  path_guard& operator=(const path_guard&) = delete;

 private:
  decode_ctx& ctx_;
};

}  // namespace dsb::io::internal
