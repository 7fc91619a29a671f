// Quantity rules beyond the conformance vectors (predicates.md §9).
#include "engine/model/quantity.hpp"

#include <limits>

#include <gtest/gtest.h>

namespace dsb {
namespace {

std::int64_t value_of(std::string_view text) {
  const result<quantity> parsed = parse_quantity(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? parsed->value() : -1;
}

std::int64_t milli_of(std::string_view text) {
  const result<quantity> parsed = parse_quantity(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? parsed->milli_value() : -1;
}

TEST(Quantity, HandyValuesFromTheSpecTable) {
  EXPECT_EQ(value_of("100m"), 1);
  EXPECT_EQ(milli_of("100m"), 100);
  EXPECT_EQ(value_of("1"), 1);
  EXPECT_EQ(milli_of("1"), 1000);
  EXPECT_EQ(value_of("1.5"), 2);
  EXPECT_EQ(milli_of("1e3"), 1'000'000);
  EXPECT_EQ(value_of("1k"), 1000);
  EXPECT_EQ(value_of("1Ki"), 1024);
  EXPECT_EQ(value_of("500Mi"), 524'288'000);
  EXPECT_EQ(value_of("1Ei"), std::int64_t{1} << 60);
  EXPECT_EQ(value_of("100.035Ki"), 102'436);
  EXPECT_EQ(value_of("0.5Mi"), 524'288);
}

TEST(Quantity, ScannerQuirksMirrorUpstream) {
  // parseQuantityString: a lone sign or zeros is 0; "." is 0; "1." and ".5" are numbers.
  EXPECT_EQ(value_of("+"), 0);
  EXPECT_EQ(value_of("-"), 0);
  EXPECT_EQ(value_of("000"), 0);
  EXPECT_EQ(value_of("."), 0);
  EXPECT_EQ(milli_of(".5"), 500);
  EXPECT_EQ(value_of("1.G"), 1'000'000'000);
  EXPECT_EQ(value_of("1e+3"), 1000);
  EXPECT_EQ(value_of("1E"), 1'000'000'000'000'000'000);  // "E" alone is exa
  EXPECT_EQ(value_of("e3"), 0);  // no digits: the numerator is "0", the suffix an exponent
}

TEST(Quantity, RejectsWhatUpstreamRejects) {
  for (const char* bad : {"", " 1", "1 ", "1.1.M", "1K", "1ki", "1KB", "1Gb", "1mi", "1i", "1e", "1e-", "1Ee3", "--1", "1,000"}) {
    EXPECT_FALSE(parse_quantity(bad).ok()) << '"' << bad << '"';
  }
}

TEST(Quantity, RoundsUpBelowNanoAndAwayFromZero) {
  EXPECT_EQ(parse_quantity("0.0000000001")->nano, 1);
  EXPECT_EQ(parse_quantity("3.001n")->nano, 4);
  EXPECT_EQ(parse_quantity("-1.5")->value(), -2);
  EXPECT_EQ(parse_quantity("-0.1m")->milli_value(), -1);
  EXPECT_EQ(parse_quantity("1e-100")->nano, 1);
}

TEST(Quantity, BinaryCapAndDecimalLimit) {
  EXPECT_EQ(value_of("9Ei"), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(value_of("100000000000000000000Ei"), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(parse_quantity("-9Ei")->value(), -std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(parse_quantity("12E")->value(), std::numeric_limits<std::int64_t>::max());  // 1.2e19 saturates
  EXPECT_FALSE(parse_quantity("1e40").ok());
  EXPECT_FALSE(parse_quantity("1e2147483648").ok());
}

TEST(Quantity, FormatRoundTrips) {
  for (const char* text : {"0", "100m", "1", "1Ki", "1536Mi", "7820m", "1500u", "3n", "12345", "2Gi"}) {
    const quantity parsed = *parse_quantity(text);
    const result<quantity> again = parse_quantity(format_quantity(parsed));
    ASSERT_TRUE(again.ok()) << format_quantity(parsed);
    EXPECT_EQ(again->nano, parsed.nano) << text << " -> " << format_quantity(parsed);
  }
  EXPECT_EQ(format_quantity(*parse_quantity("1536Mi")), "1536Mi");
  EXPECT_EQ(format_quantity(*parse_quantity("0.5")), "500m");
}

}  // namespace
}  // namespace dsb
