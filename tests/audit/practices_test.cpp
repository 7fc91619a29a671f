// The init-container practice findings (engine/audit/practices.hpp): each heuristic on a case
// that must fire and on the near misses that must not.
#include <string>

#include <gtest/gtest.h>

#include "engine/audit/practices.hpp"
#include "tests/audit/audit_support.hpp"
#include "tests/support/test_paths.hpp"

namespace dsb::audit {
namespace {

using test::audit_text;
using test::find_finding;

// A Pod with the given initContainers / containers / volumes arrays (JSON).
std::string pod(const std::string& init, const std::string& apps, const std::string& volumes = "[]", const std::string& extra = "") {
  return R"({"kind":"Pod","metadata":{"name":"p"},"spec":{)" + extra + R"("initContainers":)" + init + R"(,"containers":)" + apps +
         R"(,"volumes":)" + volumes + "}}";
}

TEST(AuditWaitLoop, ShellLoopsThatWaitAreFound) {
  EXPECT_TRUE(has_unbounded_wait_loop("sh -c until nslookup db.default.svc; do sleep 2; done"));
  EXPECT_TRUE(has_unbounded_wait_loop("while ! nc -z db 5432; do sleep 1; done"));
  EXPECT_TRUE(has_unbounded_wait_loop("while [ ! -f /shared/ready ]; do sleep 1; done"));
  EXPECT_TRUE(has_unbounded_wait_loop("set -e;until curl -sf http://api:8080/healthz; do sleep 5; done"));
  EXPECT_TRUE(has_unbounded_wait_loop("while test ! -S /run/agent.sock; do sleep 1; done"));
}

TEST(AuditWaitLoop, BoundedLoopsAndNonLoopsAreNot) {
  EXPECT_FALSE(has_unbounded_wait_loop("timeout 120 sh -c 'until nc -z db 5432; do sleep 1; done'"));
  EXPECT_FALSE(has_unbounded_wait_loop("i=0; until nc -z db 5432; do i=$((i+1)); [ $i -gt 30 ] && exit 1; sleep 1; done"));
  EXPECT_FALSE(has_unbounded_wait_loop("until [ $n -ge 10 ] || nc -z db 5432; do n=`expr $n + 1`; sleep 1; done"));
  EXPECT_FALSE(has_unbounded_wait_loop("wait-for-it db:5432 --timeout=60 -- echo ok; until false; do :; done"));
  EXPECT_FALSE(has_unbounded_wait_loop("for i in 1 2 3; do nc -z db 5432 && exit 0; sleep 1; done; exit 1"));
  EXPECT_FALSE(has_unbounded_wait_loop("echo run-until-ready --until=ready"));
  EXPECT_FALSE(has_unbounded_wait_loop("while true; do sleep 3600; done"));
  EXPECT_FALSE(has_unbounded_wait_loop(""));
}

TEST(AuditWaitLoop, InitContainerFindingAndItsExemptions) {
  const std::string init = R"([{"name":"wait-db","image":"busybox","command":["sh","-c"],"args":["until nc -z db 5432; do sleep 1; done"]}])";
  const std::string app = R"([{"name":"app","image":"x"}])";
  const workload_audit r = audit_text(pod(init, app));
  const finding* f = find_finding(r, PRACTICE_WAIT_LOOP, "wait-db");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->detail.find("until nc -z db 5432"), std::string::npos) << f->detail;

  EXPECT_EQ(find_finding(audit_text(pod(init, app, "[]", R"("activeDeadlineSeconds":600,)")), PRACTICE_WAIT_LOOP), nullptr);
  // App containers and sidecars may loop forever: that is their job.
  const std::string sidecar = R"([{"name":"wait-db","image":"busybox","restartPolicy":"Always","command":["sh","-c","until false; do sleep 1; done"]}])";
  EXPECT_EQ(find_finding(audit_text(pod(sidecar, app)), PRACTICE_WAIT_LOOP), nullptr);
  const std::string looping_app = R"([{"name":"app","image":"x","command":["sh","-c","while ! test -f /x; do sleep 1; done"]}])";
  EXPECT_EQ(find_finding(audit_text(pod("[]", looping_app)), PRACTICE_WAIT_LOOP), nullptr);
}

TEST(AuditPrivilegedApp, AppKeepsPrivilegeAlthoughInitHasIt) {
  const std::string init = R"([{"name":"prepare","image":"x","securityContext":{"privileged":true}}])";
  const std::string app = R"([{"name":"agent","image":"x","securityContext":{"capabilities":{"add":["SYS_ADMIN"]}}}])";
  const workload_audit r = audit_text(pod(init, app));
  const finding* f = find_finding(r, PRACTICE_PRIVILEGED_APP, "agent");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->detail.find("capability SYS_ADMIN"), std::string::npos) << f->detail;
  EXPECT_NE(f->detail.find("\"prepare\""), std::string::npos) << f->detail;

  // Only the init container privileged: the recommended shape, no finding.
  EXPECT_EQ(find_finding(audit_text(pod(init, R"([{"name":"agent","image":"x"}])")), PRACTICE_PRIVILEGED_APP), nullptr);
  // Privileged app without a privileged init container: nothing to move, no finding.
  EXPECT_EQ(find_finding(audit_text(pod(R"([{"name":"prepare","image":"x"}])", app)), PRACTICE_PRIVILEGED_APP), nullptr);
  // Baseline capabilities are not "privilege".
  EXPECT_EQ(find_finding(audit_text(pod(init, R"([{"name":"agent","image":"x","securityContext":{"capabilities":{"add":["CHOWN"]}}}])")),
                         PRACTICE_PRIVILEGED_APP),
            nullptr);
  // A privileged sidecar counts as a long-running container.
  const std::string both = R"([{"name":"prepare","image":"x","securityContext":{"privileged":true}},)"
                           R"({"name":"proxy","image":"x","restartPolicy":"Always","securityContext":{"privileged":true}}])";
  EXPECT_NE(find_finding(audit_text(pod(both, R"([{"name":"agent","image":"x"}])")), PRACTICE_PRIVILEGED_APP, "proxy"), nullptr);
}

TEST(AuditUnusedInitVolume, HandOffThatGoesNowhere) {
  const std::string volumes = R"([{"name":"work","emptyDir":{}},{"name":"host","hostPath":{"path":"/opt/cni/bin"}},{"name":"cfg","configMap":{"name":"c"}}])";
  const std::string init = R"([{"name":"render","image":"x","volumeMounts":[{"name":"work","mountPath":"/out"},{"name":"host","mountPath":"/host"},)"
                           R"({"name":"cfg","mountPath":"/cfg"}]}])";
  const workload_audit r = audit_text(pod(init, R"([{"name":"app","image":"x"}])", volumes));
  const finding* f = find_finding(r, PRACTICE_UNUSED_INIT_VOLUME, "render");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->detail.find("\"work\" (emptyDir at /out)"), std::string::npos) << f->detail;
  EXPECT_EQ(r.findings.size(), 1u);  // hostPath (to the node) and configMap (read-only) are exempt

  // The app mounts it: a working hand-off.
  EXPECT_EQ(find_finding(audit_text(pod(init, R"([{"name":"app","image":"x","volumeMounts":[{"name":"work","mountPath":"/in","readOnly":true}]}])", volumes)),
                         PRACTICE_UNUSED_INIT_VOLUME),
            nullptr);
  // A later init container reads it.
  const std::string chain = R"([{"name":"render","image":"x","volumeMounts":[{"name":"work","mountPath":"/out"}]},)"
                            R"({"name":"apply","image":"x","volumeMounts":[{"name":"work","mountPath":"/in","readOnly":true}]}])";
  EXPECT_EQ(find_finding(audit_text(pod(chain, R"([{"name":"app","image":"x"}])", volumes)), PRACTICE_UNUSED_INIT_VOLUME, "render"), nullptr);
  // Mounted read-only by the init container: it writes nothing.
  const std::string reader = R"([{"name":"check","image":"x","volumeMounts":[{"name":"work","mountPath":"/in","readOnly":true}]}])";
  EXPECT_EQ(find_finding(audit_text(pod(reader, R"([{"name":"app","image":"x"}])", volumes)), PRACTICE_UNUSED_INIT_VOLUME), nullptr);
}

TEST(AuditSidecarAsApp, SharedVolumeOrLocalhostPortIsDependency) {
  const std::string volumes = R"([{"name":"logs","emptyDir":{}}])";
  const std::string apps = R"([{"name":"app","image":"x","volumeMounts":[{"name":"logs","mountPath":"/var/log/app"}]},)"
                           R"({"name":"shipper","image":"cr.fluentbit.io/fluent/fluent-bit:3.1.9","volumeMounts":[{"name":"logs","mountPath":"/logs","readOnly":true}]}])";
  const workload_audit r = audit_text(pod("[]", apps, volumes));
  const finding* f = find_finding(r, PRACTICE_SIDECAR_AS_APP, "shipper");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->detail.find("token \"shipper\""), std::string::npos) << f->detail;
  EXPECT_NE(f->detail.find("shares volume \"logs\""), std::string::npos) << f->detail;
  EXPECT_EQ(find_finding(r, PRACTICE_SIDECAR_AS_APP, "app"), nullptr);

  const std::string proxied = R"([{"name":"app","image":"x","env":[{"name":"UPSTREAM","value":"http://127.0.0.1:15001/v1"}]},)"
                              R"({"name":"mesh","image":"docker.io/envoyproxy/envoy:v1.31.0","ports":[{"containerPort":15001}]}])";
  const workload_audit proxied_result = audit_text(pod("[]", proxied));
  const finding* by_port = find_finding(proxied_result, PRACTICE_SIDECAR_AS_APP, "mesh");
  ASSERT_NE(by_port, nullptr);
  EXPECT_NE(by_port->detail.find("image token \"envoy\""), std::string::npos) << by_port->detail;
  EXPECT_NE(by_port->detail.find("127.0.0.1:15001"), std::string::npos) << by_port->detail;
}

TEST(AuditSidecarAsApp, NoDependencyNoSecondAppOrAlreadyRestartableMeansNoFinding) {
  // A proxy nobody talks to (kube-rbac-proxy in front of metrics): nothing to order.
  const std::string unrelated = R"([{"name":"app","image":"x"},{"name":"kube-rbac-proxy","image":"quay.io/brancz/kube-rbac-proxy:v0.18.0","ports":[{"containerPort":8443}]}])";
  EXPECT_EQ(find_finding(audit_text(pod("[]", unrelated)), PRACTICE_SIDECAR_AS_APP), nullptr);
  // Port 15001 is not 150010.
  const std::string other_port = R"([{"name":"app","image":"x","args":["--upstream=localhost:150010"]},{"name":"envoy","image":"x","ports":[{"containerPort":15001}]}])";
  EXPECT_EQ(find_finding(audit_text(pod("[]", other_port)), PRACTICE_SIDECAR_AS_APP), nullptr);
  // A log shipper alone is the workload, not a sidecar.
  EXPECT_EQ(find_finding(audit_text(pod("[]", R"([{"name":"fluent-bit","image":"fluent/fluent-bit"}])")), PRACTICE_SIDECAR_AS_APP), nullptr);
  // Declared as a restartable init container already.
  const std::string init = R"([{"name":"log-forwarder","image":"x","restartPolicy":"Always","volumeMounts":[{"name":"logs","mountPath":"/l"}]}])";
  const std::string app = R"([{"name":"app","image":"x","volumeMounts":[{"name":"logs","mountPath":"/l"}]}])";
  EXPECT_EQ(find_finding(audit_text(pod(init, app, R"([{"name":"logs","emptyDir":{}}])")), PRACTICE_SIDECAR_AS_APP), nullptr);
  // Named a sidecar outright.
  const std::string named = R"([{"name":"app","image":"x"},{"name":"config-sidecar","image":"x"}])";
  EXPECT_NE(find_finding(audit_text(pod("[]", named)), PRACTICE_SIDECAR_AS_APP, "config-sidecar"), nullptr);
}

TEST(AuditPractices, FixtureShowsEachPracticeOnce) {
  const workload_audit r = audit_text(dsb::test::read_text(dsb::test::source_path("tests/audit/data/practices.yaml")));
  ASSERT_EQ(r.findings.size(), 4u);
  EXPECT_EQ(r.findings[0].practice, PRACTICE_PRIVILEGED_APP);
  EXPECT_EQ(r.findings[0].container, "agent");
  EXPECT_EQ(r.findings[1].practice, PRACTICE_UNUSED_INIT_VOLUME);
  EXPECT_EQ(r.findings[1].container, "prepare-host");
  EXPECT_EQ(r.findings[2].practice, PRACTICE_WAIT_LOOP);
  EXPECT_EQ(r.findings[2].container, "wait-for-api");
  EXPECT_EQ(r.findings[3].practice, PRACTICE_SIDECAR_AS_APP);
  EXPECT_EQ(r.findings[3].container, "log-shipper");
}

TEST(AuditPractices, NodeAgentManifestFollowsThePractices) {
  // datasets/manifests/node-agent.yaml: the sidecar is already a restartable init container,
  // the init container neither loops nor hands off a volume.
  const workload_audit r = audit_text(dsb::test::read_text(dsb::test::source_path("datasets/manifests/node-agent.yaml")));
  EXPECT_TRUE(r.findings.empty()) << r.findings.front().practice;
}

}  // namespace
}  // namespace dsb::audit
