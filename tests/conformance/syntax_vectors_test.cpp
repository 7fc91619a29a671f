// Conformance vectors of kinds quantity, labelKey and labelValue (predicates.md §9, §10).
#include <gtest/gtest.h>

#include "engine/model/label_syntax.hpp"
#include "engine/model/quantity.hpp"
#include "tests/support/vectors.hpp"

namespace dsb {
namespace {

TEST(ConformanceQuantity, AllVectorsPass) {
  const auto cases = test::vectors("predicates.json", "check", "quantity");
  ASSERT_EQ(cases.size(), 43U);
  for (simdjson::dom::element vector : cases) {
    const std::string id = test::get_string(vector, "id");
    const std::string text = test::get_string(vector, "quantity");
    const result<quantity> parsed = parse_quantity(text);
    bool expect_error = false;
    if (vector["expect"]["error"].get_bool().get(expect_error) == simdjson::SUCCESS && expect_error) {
      EXPECT_FALSE(parsed.ok()) << id << " \"" << text << "\" should be rejected";
      continue;
    }
    ASSERT_TRUE(parsed.ok()) << id << " \"" << text << "\": " << parsed.err().message;
    std::int64_t value = 0;
    ASSERT_EQ(vector["expect"]["value"].get_int64().get(value), simdjson::SUCCESS) << id;
    EXPECT_EQ(parsed->value(), value) << id << " Value() of \"" << text << "\"";
    std::int64_t milli = 0;
    if (vector["expect"]["milliValue"].get_int64().get(milli) == simdjson::SUCCESS) {
      EXPECT_EQ(parsed->milli_value(), milli) << id << " MilliValue() of \"" << text << "\"";
    }
  }
}

TEST(ConformanceLabelSyntax, LabelKeyVectors) {
  const auto cases = test::vectors("predicates.json", "check", "labelKey");
  ASSERT_EQ(cases.size(), 15U);
  for (simdjson::dom::element vector : cases) {
    const std::string key = test::get_string(vector, "key");
    bool valid = false;
    ASSERT_EQ(vector["expect"]["valid"].get_bool().get(valid), simdjson::SUCCESS);
    EXPECT_EQ(is_label_key(key), valid) << test::get_string(vector, "id") << " key \"" << key << "\": " << label_key_problem(key);
  }
}

TEST(ConformanceLabelSyntax, LabelValueVectors) {
  const auto cases = test::vectors("predicates.json", "check", "labelValue");
  ASSERT_EQ(cases.size(), 13U);
  for (simdjson::dom::element vector : cases) {
    const std::string value = test::get_string(vector, "value");
    bool valid = false;
    ASSERT_EQ(vector["expect"]["valid"].get_bool().get(valid), simdjson::SUCCESS);
    EXPECT_EQ(is_label_value(value), valid) << test::get_string(vector, "id") << " value \"" << value << "\"";
  }
}

}  // namespace
}  // namespace dsb
