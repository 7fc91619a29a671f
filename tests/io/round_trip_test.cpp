// generate -> NodeList JSON -> ingest gives back the same model (every profile, both
// kubectl's indented form and compact JSON, and through the DOM path for single nodes).
#include <gtest/gtest.h>

#include "engine/gen/generate.hpp"
#include "engine/io/read.hpp"
#include "engine/io/write.hpp"

namespace dsb {
namespace {

class RoundTrip : public ::testing::TestWithParam<std::string_view> {};

TEST_P(RoundTrip, GenerateWriteReadEqualsTheGeneratedModel) {
  const cluster generated = gen::generate_cluster({3000, std::string(GetParam()), 7}).value();
  for (int indent : {4, 0}) {
    std::string json;
    io::write_node_list_json(generated, json, io::node_list_options{indent});
    const auto read = io::read_nodes(io::input_text::from_string("round-trip.json", json));
    ASSERT_TRUE(read.ok()) << read.err().describe();
    EXPECT_EQ(first_difference(generated, *read), "") << "profile " << GetParam() << ", indent " << indent;
    EXPECT_EQ(cluster_digest(generated), cluster_digest(*read));
  }
}

INSTANTIATE_TEST_SUITE_P(Profiles, RoundTrip, ::testing::Values("eks", "gke", "aks", "gpu", "onprem"));

TEST(RoundTrip, WrittenJsonIsAKubectlList) {
  const cluster generated = gen::generate_cluster({20, "eks", 1}).value();
  std::string json;
  io::write_node_list_json(generated, json);
  EXPECT_EQ(json.rfind("{\n    \"apiVersion\": \"v1\",\n    \"items\": [", 0), 0U) << json.substr(0, 80);
  EXPECT_NE(json.find("\"kind\": \"List\""), std::string::npos);
  EXPECT_NE(json.find("\"kubeletVersion\""), std::string::npos);
}

TEST(RoundTrip, FileWritesAreAtomic) {
  const std::string path = ::testing::TempDir() + "dsb-atomic.json";
  ASSERT_TRUE(io::write_file_atomically(path, "{\"kind\": \"NodeList\", \"items\": []}").ok());
  const auto read = io::read_nodes_file(path);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->node_count(), 0U);
  EXPECT_FALSE(io::write_file_atomically("/nonexistent-dir/x.json", "{}").ok());
}

}  // namespace
}  // namespace dsb
