#include "engine/io/internal/decode_ctx.hpp"

#include <algorithm>

namespace dsb::io::internal {
namespace {
bool is_identifier(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}
}  // namespace

std::string decode_ctx::path() const {
  std::string out;
  for (const segment& part : path_) {
    if (part.index != NOT_INDEX) {
      out += '[';
      out += std::to_string(part.index);
      out += ']';
    } else if (is_identifier(part.name)) {
      if (!out.empty()) out += '.';
      out += part.name;
    } else {
      out += "[\"";
      out += part.name;
      out += "\"]";
    }
  }
  return out;
}

std::string decode_ctx::object() const {
  if (!object_.empty() || kind_.empty()) return object_;
  if (name_.empty()) return where_;
  std::string out(kind_);
  out += '/';
  out += name_;
  if (!where_.empty()) out += " (" + where_ + ")";
  return out;
}

void decode_ctx::fail(error_code code, std::string message, std::string location) const {
  throw decode_failure{error{code, file_, object(), path(), std::move(location), std::move(message)}};
}

}  // namespace dsb::io::internal
