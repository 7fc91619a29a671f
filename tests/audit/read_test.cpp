// The audit's manifest reader: kinds, lists, multi-document YAML, template paths, and one
// precise error (file, object, field, line) for each kind of bad input.
#include <string>

#include <gtest/gtest.h>

#include "engine/audit/read.hpp"
#include "tests/audit/audit_support.hpp"
#include "tests/support/test_paths.hpp"

namespace dsb::audit {
namespace {

error read_error(const std::string& text, const std::string& name = "bad.yaml") {
  result<manifest_set> read = read_manifests(io::input_text::from_string(name, text));
  if (read) {
    ADD_FAILURE() << "expected an error for:\n" << text;
    return {};
  }
  return read.err();
}

TEST(AuditRead, MultiDocumentYamlSkipsNonWorkloads) {
  const std::string text = R"(apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: kube-system}
data: {a: b}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata:
      labels: {app: agent}
      annotations: {container.apparmor.security.beta.kubernetes.io/agent: unconfined}
    spec:
      initContainers:
      - {name: setup, image: x}
      - {name: sidecar, image: forwarder, restartPolicy: Always}
      containers:
      - {name: agent, image: z}
---
apiVersion: v1
kind: Pod
metadata: {name: debug}
spec:
  containers: [{name: sh, image: busybox}]
)";
  const manifest_set set = test::read_text(text, "all.yaml");
  ASSERT_EQ(set.workloads.size(), 2u);
  ASSERT_EQ(set.skipped.size(), 1u);
  EXPECT_EQ(set.skipped[0].kind, "ConfigMap");
  EXPECT_EQ(set.skipped[0].object, "ConfigMap/kube-system/cfg (document 1)");

  const workload& ds = set.workloads[0];
  EXPECT_EQ(ds.kind, "DaemonSet");
  EXPECT_EQ(ds.display_name(), "DaemonSet kube-system/agent");
  EXPECT_EQ(ds.where, "document 2");
  EXPECT_EQ(ds.file, "all.yaml");
  EXPECT_EQ(ds.spec_path, "spec.template.spec");
  EXPECT_EQ(ds.meta_path, "spec.template.metadata");
  ASSERT_EQ(ds.annotations.size(), 1u);
  ASSERT_EQ(ds.containers.size(), 3u);
  EXPECT_EQ(ds.containers[0].role, container_role::init);
  EXPECT_EQ(ds.containers[1].role, container_role::sidecar);
  EXPECT_EQ(ds.container_path(ds.containers[1]), "spec.template.spec.initContainers[1]");
  EXPECT_EQ(ds.containers[2].role, container_role::app);
  EXPECT_EQ(ds.container_path(ds.containers[2]), "spec.template.spec.containers[0]");

  const workload& pod = set.workloads[1];
  EXPECT_EQ(pod.kind, "Pod");
  EXPECT_EQ(pod.spec_path, "spec");
  EXPECT_EQ(pod.display_name(), "Pod debug");
}

TEST(AuditRead, PodListJsonWithoutItemKinds) {
  const std::string text = R"({"kind":"PodList","items":[
    {"metadata":{"name":"a","namespace":"n"},"spec":{"hostPID":true,"containers":[{"name":"c","image":"x"}]}},
    {"metadata":{"name":"b","namespace":"n"},"spec":{"containers":[{"name":"c","image":"x"}]}}]})";
  const manifest_set set = test::read_text(text);
  ASSERT_EQ(set.workloads.size(), 2u);
  EXPECT_EQ(set.workloads[0].kind, "Pod");
  EXPECT_TRUE(set.workloads[0].host_pid);
  EXPECT_EQ(set.workloads[1].where, "items[1]");
  EXPECT_EQ(audit_workload(set.workloads[0]).satisfied, level::privileged);
  EXPECT_EQ(audit_workload(set.workloads[1]).satisfied, level::baseline);
}

TEST(AuditRead, ListOfMixedKindsAndOtherWorkloads) {
  const std::string text = R"({"apiVersion":"v1","kind":"List","items":[
    {"kind":"DaemonSet","metadata":{"name":"ds"},"spec":{"template":{"spec":{"containers":[{"name":"c","image":"x"}]}}}},
    {"kind":"CronJob","metadata":{"name":"cj"},"spec":{"jobTemplate":{"spec":{"template":{"spec":{"hostNetwork":true,"containers":[{"name":"c","image":"x"}]}}}}}},
    {"kind":"Service","metadata":{"name":"svc"}}]})";
  const manifest_set set = test::read_text(text);
  ASSERT_EQ(set.workloads.size(), 2u);
  EXPECT_EQ(set.workloads[1].kind, "CronJob");
  EXPECT_EQ(set.workloads[1].spec_path, "spec.jobTemplate.spec.template.spec");
  const workload_audit r = audit_workload(set.workloads[1]);
  ASSERT_NE(test::find_violation(r, "hostNamespaces"), nullptr);
  EXPECT_EQ(test::find_violation(r, "hostNamespaces")->field, "spec.jobTemplate.spec.template.spec.hostNetwork");
  ASSERT_EQ(set.skipped.size(), 1u);
  EXPECT_EQ(set.skipped[0].kind, "Service");
}

TEST(AuditRead, YamlBooleansFollowGoYaml) {
  // `privileged: yes` is a boolean to go-yaml v2 (and so to kubectl); a quoted "true" is not.
  const std::string text = "kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: x\n    securityContext: {privileged: yes}\n";
  const manifest_set set = test::read_text(text);
  ASSERT_EQ(set.workloads.size(), 1u);
  EXPECT_EQ(set.workloads[0].containers[0].security.privileged, true);
}

TEST(AuditReadErrors, WrongTypeNamesFileObjectFieldAndLine) {
  const std::string text = R"(apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  template:
    spec:
      containers:
      - name: agent
        image: x
        securityContext:
          privileged: "true"
)";
  const error err = read_error(text, "agent.yaml");
  EXPECT_EQ(err.code, error_code::type);
  EXPECT_EQ(err.file, "agent.yaml");
  EXPECT_EQ(err.object, "DaemonSet/kube-system/agent");
  EXPECT_EQ(err.field, "spec.template.spec.containers[0].securityContext.privileged");
  EXPECT_EQ(err.location, "line 11");
  EXPECT_NE(err.message.find("expected a boolean, got string"), std::string::npos) << err.message;
}

TEST(AuditReadErrors, HostPortAsStringInSecondDocument) {
  const std::string text = "kind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: x}]}\n---\n"
                           "kind: Pod\nmetadata: {name: b, namespace: ns}\nspec:\n  containers:\n  - name: c\n    ports: [{containerPort: 80, hostPort: \"80\"}]\n";
  const error err = read_error(text);
  EXPECT_EQ(err.code, error_code::type);
  EXPECT_EQ(err.object, "Pod/ns/b (document 2)");
  EXPECT_EQ(err.field, "spec.containers[0].ports[0].hostPort");
}

TEST(AuditReadErrors, MalformedYamlAndJson) {
  const error yaml = read_error("kind: Pod\nspec:\n  containers: [\n", "broken.yaml");
  EXPECT_EQ(yaml.code, error_code::syntax);
  EXPECT_EQ(yaml.file, "broken.yaml");
  EXPECT_NE(yaml.message.find("malformed YAML"), std::string::npos);
  EXPECT_FALSE(yaml.location.empty());

  const error json = read_error(R"({"kind":"Pod","spec":{)", "broken.json");
  EXPECT_EQ(json.code, error_code::syntax);
  EXPECT_NE(json.message.find("malformed JSON"), std::string::npos);

  EXPECT_EQ(read_error("  \n").code, error_code::syntax);
}

TEST(AuditReadErrors, MissingTemplateKindOrContainers) {
  const error no_template = read_error("kind: DaemonSet\nmetadata: {name: d}\nspec: {selector: {}}\n");
  EXPECT_EQ(no_template.code, error_code::missing_field);
  EXPECT_EQ(no_template.object, "DaemonSet/d");
  EXPECT_EQ(no_template.field, "spec.template");

  const error no_kind = read_error("metadata: {name: d}\nspec: {containers: [{name: c}]}\n");
  EXPECT_EQ(no_kind.code, error_code::missing_field);
  EXPECT_EQ(no_kind.field, "kind");

  const error no_containers = read_error("kind: Pod\nmetadata: {name: p}\nspec: {initContainers: [{name: i}]}\n");
  EXPECT_EQ(no_containers.code, error_code::missing_field);
  EXPECT_EQ(no_containers.field, "spec.containers");

  const error list_item = read_error(R"({"kind":"List","items":[{"metadata":{"name":"x"}}]})");
  EXPECT_EQ(list_item.code, error_code::missing_field);
  EXPECT_EQ(list_item.object, "items[0]");
  EXPECT_EQ(list_item.field, "kind");
}

TEST(AuditReadErrors, NoWorkloadAtAll) {
  const error err = read_error("kind: ConfigMap\nmetadata: {name: a}\n---\nkind: ConfigMap\nmetadata: {name: b}\n", "cm.yaml");
  EXPECT_EQ(err.code, error_code::unsupported);
  EXPECT_NE(err.message.find("only ConfigMap x2"), std::string::npos) << err.message;
}

TEST(AuditReadErrors, MissingFile) {
  result<manifest_set> read = read_manifests_file("/nonexistent/dir/agent.yaml");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.err().code, error_code::io);
  EXPECT_EQ(read.err().file, "/nonexistent/dir/agent.yaml");
}

TEST(AuditReadErrors, VolumeSourceOfWrongType) {
  const error err = read_error(R"({"kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c"}],"volumes":[{"name":"v","hostPath":"/var/log"}]}})");
  EXPECT_EQ(err.code, error_code::type);
  EXPECT_EQ(err.field, "spec.volumes[0].hostPath");
}

}  // namespace
}  // namespace dsb::audit
