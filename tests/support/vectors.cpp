#include "tests/support/vectors.hpp"

#include <map>
#include <memory>

#include <gtest/gtest.h>

#include "tests/support/test_paths.hpp"

namespace dsb::test {
namespace {
struct loaded_file {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
};
}  // namespace

std::vector<simdjson::dom::element> vectors(const std::string& file, std::string_view field, std::string_view value) {
  static std::map<std::string, std::unique_ptr<loaded_file>> cache;
  auto& slot = cache[file];
  if (!slot) {
    slot = std::make_unique<loaded_file>();
    const auto error = slot->parser.load(source_path("tests/conformance/data/" + file)).get(slot->root);
    if (error) ADD_FAILURE() << "cannot load " << file << ": " << simdjson::error_message(error);
  }
  std::vector<simdjson::dom::element> out;
  simdjson::dom::array items;
  if (slot->root.get_array().get(items)) return out;
  for (simdjson::dom::element item : items) {
    std::string_view text;
    if (!item[field].get_string().get(text) && text == value) out.push_back(item);
  }
  return out;
}

std::string to_json(simdjson::dom::element element) { return simdjson::minify(element); }

std::string get_string(simdjson::dom::element element, std::string_view key) {
  std::string_view text;
  if (element[key].get_string().get(text)) return {};
  return std::string(text);
}

}  // namespace dsb::test
