// load_yaml_documents(): YAML::LoadAll without yaml-cpp 0.7's endless loop.
//
// yaml-cpp 0.7 (Debian 12) never returns from LoadAll when a ',' stands where a document-level
// node may start ("," alone, "[a] ,", "- a\n,", "--- ,"): the parser does not consume the
// token and appends a null document per turn until memory runs out (jbeder/yaml-cpp#1040,
// fixed upstream in 0.8.x by #1319). Inputs that contain a ',' first go through the parser's
// event interface, which stops at the first document that starts where the previous one did
// and throws a YAML::ParserException there; then LoadAll builds the nodes.
// Cost: inputs without ',' none; others one extra event pass (~0.75x of LoadAll).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace dsb::io::internal {

/// Every document of `text`. Throws YAML::Exception on malformed YAML, as LoadAll does.
std::vector<YAML::Node> load_yaml_documents(std::string_view text);

/// The message every YAML reader gives for yaml-cpp's nesting limit (YAML::DeepRecursion,
/// which yaml-cpp itself words "bad file"); catch DeepRecursion before YAML::Exception.
inline constexpr std::string_view yaml_too_deep_message = "malformed YAML: nested too deeply (yaml-cpp stops at about 500 levels)";

/// "line L, column C" (1-based) of a yaml-cpp mark, or empty for a null mark.
inline std::string yaml_mark_location(const YAML::Mark& mark) {
  if (mark.is_null()) return {};
  return "line " + std::to_string(mark.line + 1) + ", column " + std::to_string(mark.column + 1);
}

}  // namespace dsb::io::internal
