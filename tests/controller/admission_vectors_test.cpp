// Conformance vectors of kinds resourceFit, nodePorts and podRequests (predicates.md §7-§8).
#include <algorithm>

#include <gtest/gtest.h>

#include "engine/controller/admission.hpp"
#include "engine/io/read.hpp"
#include "engine/model/pod_requests.hpp"
#include "tests/support/vectors.hpp"

namespace dsb {
namespace {

io::read_options lenient() { return io::read_options{io::validation::lenient, io::input_format::json}; }

pod read_pod(simdjson::dom::element fragment) {
  std::string json = test::to_json(fragment);
  json = R"({"kind":"Pod","metadata":{"name":"p"},)" + json.substr(1);
  auto read = io::read_pods(io::input_text::from_string("vector-pod", json), lenient());
  EXPECT_TRUE(read.ok()) << read.err().describe();
  return read.ok() ? read->front() : pod{};
}

cluster read_node(simdjson::dom::element fragment) {
  std::string json = test::to_json(fragment);
  json = "{\"kind\":\"Node\"," + json.substr(1);
  auto read = io::read_nodes(io::input_text::from_string("vector-node", json), lenient());
  EXPECT_TRUE(read.ok()) << read.err().describe();
  return read.ok() ? std::move(*read) : cluster{};
}

ctl::node_usage usage_of(simdjson::dom::element vector) {
  ctl::node_usage usage;
  simdjson::dom::array existing;
  if (vector["existingPods"].get(existing) == simdjson::SUCCESS) {
    for (simdjson::dom::element entry : existing) usage.add(read_pod(entry).spec);
  }
  return usage;
}

TEST(ConformanceAdmission, NodePorts) {
  const auto cases = test::vectors("predicates.json", "check", "nodePorts");
  ASSERT_EQ(cases.size(), 14U);
  for (simdjson::dom::element vector : cases) {
    const std::string id = test::get_string(vector, "id");
    const pod wanted = read_pod(vector["pod"]);
    const ctl::node_usage usage = usage_of(vector);
    const ctl::ports_result result = ctl::check_node_ports(ctl::host_ports_of(wanted.spec), usage.ports);
    EXPECT_EQ(ctl::to_string(result.status), test::get_string(vector["expect"], "status")) << id;
    if (result.status == ctl::filter_status::unschedulable) {
      EXPECT_EQ(result.reason, test::get_string(vector["expect"], "reason")) << id;
    }
  }
}

TEST(ConformanceAdmission, ResourceFit) {
  const auto cases = test::vectors("predicates.json", "check", "resourceFit");
  ASSERT_EQ(cases.size(), 24U);
  for (simdjson::dom::element vector : cases) {
    const std::string id = test::get_string(vector, "id");
    const cluster node = read_node(vector["node"]);
    const pod wanted = read_pod(vector["pod"]);
    ctl::fit_args args;
    simdjson::dom::array list;
    if (vector["pluginArgs"]["ignoredResources"].get(list) == simdjson::SUCCESS) {
      for (simdjson::dom::element name : list) args.ignored_resources.emplace_back(name.get_string().value());
    }
    if (vector["pluginArgs"]["ignoredResourceGroups"].get(list) == simdjson::SUCCESS) {
      for (simdjson::dom::element name : list) args.ignored_resource_groups.emplace_back(name.get_string().value());
    }
    const ctl::fit_result fit = ctl::check_resource_fit(to_scheduler_requests(effective_requests(wanted.spec)),
                                                        ctl::node_capacity::of(node, make_id<node_id>(0)), usage_of(vector), args);
    EXPECT_EQ(ctl::to_string(fit.status), test::get_string(vector["expect"], "status")) << id;
    std::vector<std::string> expected_reasons;
    simdjson::dom::array reasons;
    if (vector["expect"]["reasons"].get(reasons) == simdjson::SUCCESS) {
      for (simdjson::dom::element reason : reasons) expected_reasons.emplace_back(reason.get_string().value());
    }
    // pods, cpu, memory, ephemeral-storage come in that order; scalars' mutual order is Go map order.
    std::vector<std::string> got = fit.reasons;
    std::sort(got.begin(), got.end());
    std::sort(expected_reasons.begin(), expected_reasons.end());
    EXPECT_EQ(got, expected_reasons) << id;
    simdjson::dom::array insufficient;
    ASSERT_EQ(vector["expect"]["insufficient"].get(insufficient), simdjson::SUCCESS) << id;
    ASSERT_EQ(fit.insufficient.size(), insufficient.size()) << id;
    for (simdjson::dom::element entry : insufficient) {
      const std::string name(entry["resourceName"].get_string().value());
      const auto found = std::find_if(fit.insufficient.begin(), fit.insufficient.end(), [&](const auto& item) { return item.name == name; });
      ASSERT_NE(found, fit.insufficient.end()) << id << " " << name;
      EXPECT_EQ(found->requested, entry["requested"].get_int64().value()) << id << " " << name;
      EXPECT_EQ(found->used, entry["used"].get_int64().value()) << id << " " << name;
      EXPECT_EQ(found->capacity, entry["capacity"].get_int64().value()) << id << " " << name;
    }
  }
}

TEST(ConformanceAdmission, PodRequests) {
  const auto cases = test::vectors("predicates.json", "check", "podRequests");
  ASSERT_EQ(cases.size(), 5U);
  for (simdjson::dom::element vector : cases) {
    const std::string id = test::get_string(vector, "id");
    const resource_list requests = effective_requests(read_pod(vector["pod"]).spec);
    simdjson::dom::object expected;
    ASSERT_EQ(vector["expect"]["requests"].get(expected), simdjson::SUCCESS);
    std::size_t nonzero = 0;
    for (const auto& [name, amount] : requests) nonzero += amount.is_zero() ? 0 : 1;
    EXPECT_EQ(nonzero, expected.size()) << id;
    for (auto field : expected) {
      const quantity want = parse_quantity(field.value.get_string().value()).value();
      const auto found = requests.find(std::string(field.key));
      ASSERT_NE(found, requests.end()) << id << " " << field.key;
      EXPECT_EQ(found->second, want) << id << " " << field.key;
    }
  }
}

}  // namespace
}  // namespace dsb
