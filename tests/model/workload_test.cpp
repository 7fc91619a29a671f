#include <gtest/gtest.h>

#include "engine/model/daemonset.hpp"
#include "engine/model/defaults.hpp"
#include "engine/model/resources.hpp"
#include "engine/model/time.hpp"

namespace dsb {
namespace {

TEST(IntOrPercent, ScaledRoundsUpLikeTheDaemonSetController) {
  EXPECT_EQ((int_or_percent{50, true}.scaled(2, true)), 1);
  EXPECT_EQ((int_or_percent{50, true}.scaled(3, true)), 2);
  EXPECT_EQ((int_or_percent{100, true}.scaled(2, true)), 2);
  EXPECT_EQ((int_or_percent{10, true}.scaled(5001, true)), 501);  // realworld §8.7 case 11
  EXPECT_EQ((int_or_percent{10, true}.scaled(5001, false)), 500);
  EXPECT_EQ((int_or_percent{3, false}.scaled(100, true)), 3);
  EXPECT_EQ((int_or_percent{0, true}.scaled(7, true)), 0);
}

TEST(Rfc3339, ParsesAndFormats) {
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339("2024-02-29T12:00:00Z"), 1709208000);
  EXPECT_EQ(parse_rfc3339("2024-02-29T14:00:00+02:00"), 1709208000);
  EXPECT_EQ(parse_rfc3339("2024-02-29T12:00:00.123456Z"), 1709208000);
  EXPECT_FALSE(parse_rfc3339("2023-02-29T12:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2024-02-29 12:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2024-02-29T12:00:00").has_value());
  EXPECT_EQ(format_rfc3339(1709208000), "2024-02-29T12:00:00Z");
}

TEST(PodDefaults, RequestsFromLimitsAndHostNetworkPorts) {
  pod_spec spec;
  spec.host_network = true;
  container ctr;
  ctr.resources.limits.emplace("cpu", quantity::from_milli(200));
  ctr.resources.limits.emplace("memory", quantity::from_value(1 << 20));
  ctr.resources.requests.emplace("memory", quantity::from_value(1 << 10));
  ctr.ports.push_back(container_port{"metrics", 9100, 0, port_protocol::tcp, ""});
  ctr.ports.push_back(container_port{"dns", 53, 5353, port_protocol::udp, ""});
  spec.containers.push_back(ctr);
  apply_pod_defaults(spec);
  const container& out = spec.containers[0];
  EXPECT_EQ(out.resources.requests.at("cpu").milli_value(), 200);
  EXPECT_EQ(out.resources.requests.at("memory").value(), 1 << 10) << "an explicit request is kept";
  EXPECT_EQ(out.ports[0].host_port, 9100);
  EXPECT_EQ(out.ports[1].host_port, 5353);
}

TEST(Resources, ClassifiesLikeTheScheduler) {
  EXPECT_EQ(classify_resource("cpu"), resource_kind::cpu);
  EXPECT_EQ(classify_resource("nvidia.com/gpu"), resource_kind::scalar);
  EXPECT_EQ(classify_resource("hugepages-2Mi"), resource_kind::scalar);
  EXPECT_EQ(classify_resource("attachable-volumes-aws-ebs"), resource_kind::scalar);
  EXPECT_EQ(classify_resource("kubernetes.io/batch-cpu"), resource_kind::scalar);
  EXPECT_EQ(classify_resource("foo"), resource_kind::ignored);
  EXPECT_TRUE(is_extended_resource("example.com/aaa"));
  EXPECT_FALSE(is_extended_resource("kubernetes.io/foo"));
  EXPECT_FALSE(is_extended_resource("requests.example.com/x"));
}

}  // namespace
}  // namespace dsb
