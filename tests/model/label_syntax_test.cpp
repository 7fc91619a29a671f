// Label syntax edges beyond the vectors (predicates.md §10).
#include "engine/model/label_syntax.hpp"

#include <string>

#include <gtest/gtest.h>

namespace dsb {
namespace {

TEST(LabelSyntax, KeyPrefixRules) {
  EXPECT_TRUE(is_label_key("kubernetes.io/os"));
  EXPECT_TRUE(is_label_key("a.b-c.d/Name_With.Dots-1"));
  EXPECT_FALSE(is_label_key("Example.com/abc")) << "prefix must be lowercase";
  EXPECT_FALSE(is_label_key("ex_ample.com/abc")) << "no underscore in the prefix";
  EXPECT_FALSE(is_label_key("a/b/c")) << "at most one slash";
  EXPECT_FALSE(is_label_key("example..com/abc"));
  EXPECT_FALSE(is_label_key("-example.com/abc"));
  EXPECT_TRUE(is_label_key(std::string(253, 'a') + "/b")) << "per-label 63 limit is not enforced on prefixes";
  EXPECT_FALSE(is_label_key(std::string(254, 'a') + "/b"));
  EXPECT_TRUE(is_label_key(std::string(63, 'n')));
  EXPECT_FALSE(is_label_key(std::string(64, 'n')));
  EXPECT_FALSE(is_label_key(""));
}

TEST(LabelSyntax, Values) {
  EXPECT_TRUE(is_label_value(""));
  EXPECT_TRUE(is_label_value("0206"));
  EXPECT_FALSE(is_label_value("-1")) << "a sign cannot start a value";
  EXPECT_FALSE(is_label_value("+1"));
  EXPECT_FALSE(is_label_value("a b"));
  EXPECT_FALSE(is_label_value("a/b"));
  EXPECT_FALSE(is_label_value("caf\xc3\xa9")) << "ASCII only";
  EXPECT_TRUE(is_label_value(std::string(63, 'v')));
  EXPECT_FALSE(is_label_value(std::string(64, 'v')));
}

TEST(LabelSyntax, Dns1123Subdomain) {
  EXPECT_TRUE(is_dns1123_subdomain("ip-10-0-0-1.ec2.internal"));
  EXPECT_FALSE(is_dns1123_subdomain("host_1"));
  EXPECT_FALSE(is_dns1123_subdomain("Node1"));
  EXPECT_FALSE(is_dns1123_subdomain(""));
  EXPECT_FALSE(is_dns1123_subdomain(std::string(254, 'a')));
}

}  // namespace
}  // namespace dsb
