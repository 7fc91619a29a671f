// json_error_offset(): the byte offset named by JSON syntax errors (io/internal/json_error_offset.hpp).
#include "engine/io/internal/json_error_offset.hpp"

#include <string>

#include <gtest/gtest.h>

#include "engine/io/read.hpp"

namespace dsb::io::internal {
namespace {

TEST(JsonErrorOffset, ValidDocumentsHaveNone) {
  for (const char* ok : {"{}", "[]", " { \"a\" : [1, -2.5e+3, true, false, null, \"x\\u00e9\\n\"] } ", "0", "\"s\"", "[[[]]]", "{\"a\":{}}"}) {
    EXPECT_EQ(json_error_offset(ok), std::nullopt) << ok;
  }
}

TEST(JsonErrorOffset, PointsAtTheFirstBadByte) {
  const std::pair<std::string, std::size_t> cases[] = {
      {"{\"a\":1,}", 7},          // trailing comma: the '}'
      {"[1,]", 3},
      {"{\"a\" 1}", 5},           // missing colon
      {"{\"a\":1} x", 8},         // content after the document
      {"{\"a\":tru}", 8},
      {"{\"a\":01}", 6},          // leading zero: the second digit starts content after the value
      {"{\"a\":\"\x01\"}", 6},     // control character in a string
      {"{\"a\":\"\\q\"}", 7},     // bad escape
      {"{\"a\":\"\\u12g4\"}", 10},
      {"{\"a\":[1,2", 9},         // truncated: the end of the input
      {"{\"a\":\"open", 10},
      {"", 0},
      {"{\"k\":\"\xC0\xAF\"}", 6},  // overlong '/'
      {"{\"k\":\"\xED\xA0\x80\"}", 6},  // UTF-16 surrogate
      {"{\"k\":\"\xF4\x90\x80\x80\"}", 6},  // above U+10FFFF
      {"{\"k\":\"\xE2\x82\"}", 6},  // cut sequence
      {"\xEF\xBB\xBF{}", 0},      // a BOM is not JSON
  };
  for (const auto& [text, offset] : cases) {
    EXPECT_EQ(json_error_offset(text), std::optional<std::size_t>(offset)) << text;
  }
}

TEST(JsonErrorOffset, DepthLimit) {
  const std::string deep = std::string(2000, '[') + std::string(2000, ']');
  EXPECT_EQ(json_error_offset(deep, 1024), std::optional<std::size_t>(1024));
  EXPECT_EQ(json_error_offset(deep, 4096), std::nullopt);
}

TEST(JsonErrorOffset, ValidUtf8Passes) {
  EXPECT_EQ(first_invalid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), std::nullopt);
  EXPECT_EQ(first_invalid_utf8("ab\xFF"), std::optional<std::size_t>(2));
}

TEST(JsonErrorOffset, ReadersNameTheByte) {
  // The DOM path (a single object) and the NodeList stream path both name the byte.
  const auto single = read_nodes(input_text::from_string("y.json", "{\"kind\":\"Node\",\"metadata\":{\"name\":\"a\",}}"));
  ASSERT_FALSE(single.ok());
  EXPECT_EQ(single.err().location, "byte 38") << single.err().describe();
  const auto read = read_nodes(input_text::from_string("x.json", "{\"kind\":\"NodeList\",\"items\":[{\"metadata\":{\"name\":\"a\"}},]}"));
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.err().location, "byte 54");
  EXPECT_NE(read.err().describe().find("(byte 54): malformed JSON"), std::string::npos) << read.err().describe();
}

}  // namespace
}  // namespace dsb::io::internal
