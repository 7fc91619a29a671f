// Conformance vector files (tests/conformance/data/*.json) as simdjson DOM elements.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

namespace dsb::test {

/// The vectors of one file whose `field` (e.g. "check" or "kind") equals `value`.
/// The returned elements stay valid for the life of the process.
std::vector<simdjson::dom::element> vectors(const std::string& file, std::string_view field, std::string_view value);

/// Compact JSON text of an element (to feed a fragment to the engine's readers).
std::string to_json(simdjson::dom::element element);

/// element[key] as a string ("" when absent or not a string).
std::string get_string(simdjson::dom::element element, std::string_view key);

}  // namespace dsb::test
