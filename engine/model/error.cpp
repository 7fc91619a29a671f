#include "engine/model/error.hpp"

namespace dsb {

const char* to_string(error_code code) noexcept {
  switch (code) {
    case error_code::io: return "io";
    case error_code::syntax: return "syntax";
    case error_code::type: return "type";
    case error_code::invalid_value: return "invalid value";
    case error_code::missing_field: return "missing field";
    case error_code::unsupported: return "unsupported";
    case error_code::limit: return "limit";
    case error_code::usage: return "usage";
  }
  return "unknown";
}

std::string error::describe() const {
  std::string out;
  auto append = [&out](const std::string& part) {
    if (part.empty()) return;
    if (!out.empty()) out += ": ";
    out += part;
  };
  append(file);
  append(object);
  if (!field.empty()) append("field " + field);
  if (!location.empty()) out += " (" + location + ")";
  append(message);
  return out;
}

}  // namespace dsb
