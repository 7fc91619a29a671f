// One case per Pod Security check (policy v1.35) and per level boundary: each test starts
// from a Pod that satisfies restricted and breaks one rule, then asserts the level reached,
// the check IDs that fail and the container and field they name.
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "tests/audit/audit_support.hpp"

namespace dsb::audit {
namespace {

using test::audit_text;
using test::count_violations;
using test::failed_checks;
using test::find_violation;
using test::pod_builder;

TEST(AuditRegistry, NineteenChecksTwelveBaselineSevenRestricted) {
  std::set<std::string_view> ids;
  std::size_t baseline = 0;
  for (const check& entry : pod_security_checks()) {
    EXPECT_TRUE(ids.insert(entry.id).second) << entry.id;
    EXPECT_FALSE(entry.mirrors.empty()) << entry.id;
    baseline += entry.check_level == level::baseline ? 1 : 0;
  }
  EXPECT_EQ(ids.size(), 19u);
  EXPECT_EQ(baseline, 12u);
  // Baseline checks come first, so a result lists baseline violations before restricted.
  bool seen_restricted = false;
  for (const check& entry : pod_security_checks()) {
    if (entry.check_level == level::restricted) seen_restricted = true;
    else EXPECT_FALSE(seen_restricted) << entry.id;
  }
  EXPECT_EQ(POLICY_VERSION, "v1.35");
}

TEST(AuditLevels, ParseAndOrder) {
  EXPECT_EQ(parse_level("baseline"), level::baseline);
  EXPECT_EQ(parse_level("restricted"), level::restricted);
  EXPECT_EQ(parse_level("privileged"), level::privileged);
  EXPECT_FALSE(parse_level("Baseline").has_value());
  EXPECT_STREQ(to_string(level::baseline), "baseline");
}

TEST(AuditBoundary, BuilderDefaultIsRestricted) {
  const workload_audit r = audit_text(pod_builder{}.json());
  EXPECT_EQ(r.satisfied, level::restricted);
  EXPECT_TRUE(r.violations.empty()) << failed_checks(r);
}

TEST(AuditBoundary, EmptySecurityContextIsBaselineNotRestricted) {
  pod_builder pod;
  pod.pod_security.clear();
  pod.container_security.clear();
  const workload_audit r = audit_text(pod.json());
  EXPECT_EQ(r.satisfied, level::baseline);
  EXPECT_EQ(failed_checks(r), "allowPrivilegeEscalation runAsNonRoot seccompProfile_restricted capabilities_restricted");
}

// ---- baseline checks ------------------------------------------------------------------------

TEST(AuditHostNamespaces, EachNamespaceFailsBaseline) {
  for (const char* field : {"hostNetwork", "hostPID", "hostIPC"}) {
    pod_builder pod;
    pod.spec_extra = std::string("\"") + field + "\":true,";
    const workload_audit r = audit_text(pod.json());
    EXPECT_EQ(r.satisfied, level::privileged) << field;
    const violation* v = find_violation(r, "hostNamespaces");
    ASSERT_NE(v, nullptr) << field;
    EXPECT_EQ(v->field, std::string("spec.") + field);
    EXPECT_TRUE(v->container.empty());
    EXPECT_EQ(v->check_level, level::baseline);
  }
  pod_builder off;
  off.spec_extra = R"("hostNetwork":false,"hostPID":false,)";
  EXPECT_EQ(audit_text(off.json()).satisfied, level::restricted);
}

TEST(AuditPrivileged, PrivilegedContainerFailsBaseline) {
  pod_builder pod;
  pod.container_security += R"(,"privileged":true)";
  const workload_audit r = audit_text(pod.json());
  EXPECT_EQ(r.satisfied, level::privileged);
  EXPECT_EQ(failed_checks(r), "privileged");
  const violation* v = find_violation(r, "privileged", "app");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->field, "spec.containers[0].securityContext.privileged");

  pod_builder explicit_false;
  explicit_false.container_security += R"(,"privileged":false)";
  EXPECT_EQ(audit_text(explicit_false.json()).satisfied, level::restricted);
}

TEST(AuditPrivileged, InitAndEphemeralContainersAreVisited) {
  pod_builder pod;
  pod.spec_extra = R"("initContainers":[{"name":"setup","image":"x","securityContext":{"privileged":true,"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}}],)"
                   R"("ephemeralContainers":[{"name":"debug","image":"x","securityContext":{"privileged":true}}],)";
  const workload_audit r = audit_text(pod.json());
  EXPECT_EQ(r.satisfied, level::privileged);
  const violation* init = find_violation(r, "privileged", "setup");
  ASSERT_NE(init, nullptr);
  EXPECT_EQ(init->field, "spec.initContainers[0].securityContext.privileged");
  const violation* debug = find_violation(r, "privileged", "debug");
  ASSERT_NE(debug, nullptr);
  EXPECT_EQ(debug->field, "spec.ephemeralContainers[0].securityContext.privileged");
}

TEST(AuditCapabilitiesBaseline, NonDefaultCapabilityFailsBaseline) {
  pod_builder pod;
  pod.container_security = R"("allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"],"add":["NET_ADMIN","SYS_TIME"]})";
  const workload_audit r = audit_text(pod.json());
  EXPECT_EQ(r.satisfied, level::privileged);
  EXPECT_EQ(failed_checks(r), "capabilities_baseline capabilities_restricted");
  const violation* v = find_violation(r, "capabilities_baseline", "app");
  ASSERT_NE(v, nullptr);
  EXPECT_NE(v->detail.find("\"NET_ADMIN\", \"SYS_TIME\""), std::string::npos) << v->detail;
}

TEST(AuditCapabilitiesBaseline, DefaultCapabilityPassesBaselineFailsRestricted) {
  pod_builder pod;
  pod.container_security = R"("allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"],"add":["CHOWN"]})";
  const workload_audit r = audit_text(pod.json());
  EXPECT_EQ(r.satisfied, level::baseline);
  EXPECT_EQ(failed_checks(r), "capabilities_restricted");
}

TEST(AuditCapabilitiesBaseline, CapPrefixedNameIsNotTheDefaultSet) {
  // Exact, case-sensitive comparison as upstream: CAP_CHOWN is not CHOWN.
  pod_builder pod;
  pod.container_security = R"("allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"],"add":["CAP_CHOWN"]})";
  EXPECT_EQ(audit_text(pod.json()).satisfied, level::privileged);
}

TEST(AuditHostPathVolumes, HostPathFailsBaselineAndRestrictedVolumes) {
  pod_builder pod;
  pod.spec_extra = R"("volumes":[{"name":"logs","hostPath":{"path":"/var/log"}}],)";
  pod.container_extra = R"("volumeMounts":[{"name":"logs","mountPath":"/var/log","readOnly":true}],)";
  const workload_audit r = audit_text(pod.json());
  EXPECT_EQ(r.satisfied, level::privileged);
  EXPECT_EQ(failed_checks(r), "hostPathVolumes restrictedVolumes");
  const violation* v = find_violation(r, "hostPathVolumes");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->field, "spec.volumes[0].hostPath");
  EXPECT_NE(v->detail.find("/var/log"), std::string::npos);
  EXPECT_NE(v->detail.find("\"app\" (read-only)"), std::string::npos) << v->detail;
}

TEST(AuditHostPorts, NonZeroHostPortFailsBaseline) {
  pod_builder pod;
  pod.container_extra = R"("ports":[{"containerPort":80},{"containerPort":9100,"hostPort":9100}],)";
  const workload_audit r = audit_text(pod.json());
  EXPECT_EQ(r.satisfied, level::privileged);
  const violation* v = find_violation(r, "hostPorts", "app");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->detail, "hostPort 9100");

  pod_builder zero;
  zero.container_extra = R"("ports":[{"containerPort":80,"hostPort":0}],)";
  EXPECT_EQ(audit_text(zero.json()).satisfied, level::restricted);
}

TEST(AuditAppArmor, UnconfinedFieldFailsBaselineAllowedTypesPass) {
  pod_builder pod;
  pod.container_security += R"(,"appArmorProfile":{"type":"Unconfined"})";
  const workload_audit r = audit_text(pod.json());
  EXPECT_EQ(r.satisfied, level::privileged);
  ASSERT_NE(find_violation(r, "appArmorProfile", "app"), nullptr);

  pod_builder pod_level;
  pod_level.pod_security += R"(,"appArmorProfile":{"type":"Unconfined"})";
  const workload_audit pod_result = audit_text(pod_level.json());
  ASSERT_NE(find_violation(pod_result, "appArmorProfile", ""), nullptr);
  EXPECT_EQ(find_violation(pod_result, "appArmorProfile", "")->field, "spec.securityContext.appArmorProfile.type");

  for (const char* type : {"RuntimeDefault", "Localhost"}) {
    pod_builder ok;
    ok.container_security += std::string(R"(,"appArmorProfile":{"type":")") + type + R"("})";
    EXPECT_EQ(audit_text(ok.json()).satisfied, level::restricted) << type;
  }
}

TEST(AuditAppArmor, AnnotationStillChecked) {
  pod_builder bad;
  bad.annotations = R"("container.apparmor.security.beta.kubernetes.io/app":"unconfined")";
  const workload_audit r = audit_text(bad.json());
  EXPECT_EQ(r.satisfied, level::privileged);
  const violation* v = find_violation(r, "appArmorProfile", "app");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->field, "metadata.annotations[\"container.apparmor.security.beta.kubernetes.io/app\"]");

  pod_builder ok;
  ok.annotations = R"("container.apparmor.security.beta.kubernetes.io/app":"localhost/k8s-agent","other":"unconfined")";
  EXPECT_EQ(audit_text(ok.json()).satisfied, level::restricted);
}

TEST(AuditSELinux, CustomTypeUserOrRoleFailBaseline) {
  pod_builder type;
  type.container_security += R"(,"seLinuxOptions":{"type":"spc_t","level":"s0"})";
  const workload_audit r = audit_text(type.json());
  EXPECT_EQ(r.satisfied, level::privileged);
  ASSERT_NE(find_violation(r, "seLinuxOptions", "app"), nullptr);
  EXPECT_NE(find_violation(r, "seLinuxOptions", "app")->detail.find("spc_t"), std::string::npos);

  pod_builder user;
  user.pod_security += R"(,"seLinuxOptions":{"user":"system_u"})";
  const workload_audit user_result = audit_text(user.json());
  EXPECT_EQ(user_result.satisfied, level::privileged);
  ASSERT_NE(find_violation(user_result, "seLinuxOptions", ""), nullptr);

  pod_builder role;
  role.container_security += R"(,"seLinuxOptions":{"role":"system_r"})";
  EXPECT_EQ(audit_text(role.json()).satisfied, level::privileged);
}

TEST(AuditSELinux, AllowedTypesIncludeContainerEngineSince131) {
  for (const char* type : {"container_t", "container_init_t", "container_kvm_t", "container_engine_t"}) {
    pod_builder pod;
    pod.container_security += std::string(R"(,"seLinuxOptions":{"type":")") + type + R"(","level":"s0:c123,c456"})";
    EXPECT_EQ(audit_text(pod.json()).satisfied, level::restricted) << type;
  }
}

TEST(AuditProcMount, UnmaskedFailsBaseline) {
  pod_builder pod;
  pod.container_security += R"(,"procMount":"Unmasked")";
  const workload_audit r = audit_text(pod.json());
  EXPECT_EQ(r.satisfied, level::privileged);
  EXPECT_EQ(failed_checks(r), "procMount procMount_restricted");

  pod_builder def;
  def.container_security += R"(,"procMount":"Default")";
  EXPECT_EQ(audit_text(def.json()).satisfied, level::restricted);
}

TEST(AuditProcMount, UserNamespacePodPassesBaselineNotRestricted) {
  // v1.35: procMount_baseline is relaxed for hostUsers: false; procMount_restricted is not.
  pod_builder pod;
  pod.spec_extra = R"("hostUsers":false,)";
  pod.container_security += R"(,"procMount":"Unmasked")";
  const workload_audit r = audit_text(pod.json());
  EXPECT_EQ(r.satisfied, level::baseline);
  EXPECT_EQ(failed_checks(r), "procMount_restricted");
}

TEST(AuditSeccompBaseline, UnconfinedFailsBaseline) {
  pod_builder pod;
  pod.container_security += R"(,"seccompProfile":{"type":"Unconfined"})";
  const workload_audit r = audit_text(pod.json());
  EXPECT_EQ(r.satisfied, level::privileged);
  EXPECT_EQ(failed_checks(r), "seccompProfile_baseline seccompProfile_restricted");

  pod_builder pod_level;
  pod_level.pod_security = R"("runAsNonRoot":true,"seccompProfile":{"type":"Unconfined"})";
  EXPECT_EQ(audit_text(pod_level.json()).satisfied, level::privileged);
}

TEST(AuditSysctls, UnsafeSysctlFailsBaselineSafeListIncludes132) {
  pod_builder pod;
  pod.pod_security += R"(,"sysctls":[{"name":"net.ipv4.tcp_rmem","value":"4096 87380 16777216"},{"name":"kernel.msgmax","value":"65536"}])";
  const workload_audit r = audit_text(pod.json());
  EXPECT_EQ(r.satisfied, level::privileged);
  ASSERT_EQ(count_violations(r, "sysctls"), 1u);
  const violation* v = find_violation(r, "sysctls");
  EXPECT_EQ(v->field, "spec.securityContext.sysctls[1].name");
  EXPECT_NE(v->detail.find("kernel.msgmax"), std::string::npos);

  pod_builder safe;
  safe.pod_security +=
      R"(,"sysctls":[{"name":"net.ipv4.ip_local_reserved_ports","value":"8080"},{"name":"net.ipv4.tcp_keepalive_time","value":"60"},{"name":"net.ipv4.tcp_wmem","value":"4096 16384 4194304"}])";
  EXPECT_EQ(audit_text(safe.json()).satisfied, level::restricted);
}

TEST(AuditWindowsHostProcess, HostProcessFailsBaseline) {
  pod_builder pod;
  pod.pod_security += R"(,"windowsOptions":{"hostProcess":true})";
  const workload_audit r = audit_text(pod.json());
  EXPECT_EQ(r.satisfied, level::privileged);
  ASSERT_NE(find_violation(r, "windowsHostProcess", ""), nullptr);

  pod_builder container_level;
  container_level.container_security += R"(,"windowsOptions":{"hostProcess":true})";
  ASSERT_NE(find_violation(audit_text(container_level.json()), "windowsHostProcess", "app"), nullptr);
}

TEST(AuditHostProbes, ProbeOrLifecycleHostFailsBaseline) {
  pod_builder probe;
  probe.container_extra = R"("readinessProbe":{"httpGet":{"host":"10.0.0.1","path":"/","port":80}},)";
  const workload_audit r = audit_text(probe.json());
  EXPECT_EQ(r.satisfied, level::privileged);
  const violation* v = find_violation(r, "hostProbesAndHostLifecycle", "app");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->field, "spec.containers[0].readinessProbe.httpGet.host");

  pod_builder lifecycle;
  lifecycle.container_extra = R"("lifecycle":{"preStop":{"tcpSocket":{"host":"metadata.internal","port":80}}},)";
  const workload_audit lifecycle_result = audit_text(lifecycle.json());
  const violation* hook = find_violation(lifecycle_result, "hostProbesAndHostLifecycle", "app");
  ASSERT_NE(hook, nullptr);
  EXPECT_EQ(hook->field, "spec.containers[0].lifecycle.preStop.tcpSocket.host");

  pod_builder no_host;
  no_host.container_extra = R"("livenessProbe":{"httpGet":{"host":"","path":"/","port":80}},)";
  EXPECT_EQ(audit_text(no_host.json()).satisfied, level::restricted);
}

// ---- restricted checks ----------------------------------------------------------------------

TEST(AuditRestrictedVolumes, NonCoreVolumeFailsRestrictedOnly) {
  pod_builder pod;
  pod.spec_extra = R"("volumes":[{"name":"share","nfs":{"server":"nfs.example.com","path":"/exports"}}],)";
  const workload_audit r = audit_text(pod.json());
  EXPECT_EQ(r.satisfied, level::baseline);
  EXPECT_EQ(failed_checks(r), "restrictedVolumes");
  EXPECT_EQ(find_violation(r, "restrictedVolumes")->field, "spec.volumes[0].nfs");
}

TEST(AuditRestrictedVolumes, NineAllowedTypesAndDefaultedEmptyDirPass) {
  pod_builder pod;
  pod.spec_extra =
      R"("volumes":[{"name":"a","configMap":{"name":"c"}},{"name":"b","csi":{"driver":"d"}},{"name":"c","downwardAPI":{}},)"
      R"({"name":"d","emptyDir":{}},{"name":"e","ephemeral":{}},{"name":"f","image":{"reference":"r"}},)"
      R"({"name":"g","persistentVolumeClaim":{"claimName":"p"}},{"name":"h","projected":{}},{"name":"i","secret":{"secretName":"s"}},)"
      R"({"name":"no-source"}],)";
  const workload_audit r = audit_text(pod.json());
  EXPECT_EQ(r.satisfied, level::restricted) << failed_checks(r);
}

TEST(AuditAllowPrivilegeEscalation, UnsetOrTrueFailsRestricted) {
  pod_builder unset;
  unset.container_security = R"("capabilities":{"drop":["ALL"]})";
  const workload_audit r = audit_text(unset.json());
  EXPECT_EQ(r.satisfied, level::baseline);
  EXPECT_EQ(failed_checks(r), "allowPrivilegeEscalation");

  pod_builder yes;
  yes.container_security = R"("allowPrivilegeEscalation":true,"capabilities":{"drop":["ALL"]})";
  EXPECT_EQ(audit_text(yes.json()).satisfied, level::baseline);
}

TEST(AuditWindowsExemptions, WindowsPodNeedsNoLinuxOnlyRestrictedFields) {
  // allowPrivilegeEscalation, seccompProfile_restricted and capabilities_restricted pass
  // for spec.os.name=windows (their 1.25 revisions); runAsNonRoot still applies.
  pod_builder pod;
  pod.spec_extra = R"("os":{"name":"windows"},)";
  pod.pod_security = R"("runAsNonRoot":true)";
  pod.container_security.clear();
  EXPECT_EQ(audit_text(pod.json()).satisfied, level::restricted);

  pod_builder linux_pod = pod;
  linux_pod.spec_extra = R"("os":{"name":"linux"},)";
  EXPECT_EQ(audit_text(linux_pod.json()).satisfied, level::baseline);
}

TEST(AuditRunAsNonRoot, PodOrEveryContainerMustBeTrue) {
  pod_builder unset;
  unset.pod_security = R"("seccompProfile":{"type":"RuntimeDefault"})";
  const workload_audit r = audit_text(unset.json());
  EXPECT_EQ(r.satisfied, level::baseline);
  EXPECT_EQ(failed_checks(r), "runAsNonRoot");
  EXPECT_EQ(find_violation(r, "runAsNonRoot", "app")->field, "spec.containers[0].securityContext.runAsNonRoot");

  pod_builder container_true = unset;
  container_true.container_security += R"(,"runAsNonRoot":true)";
  EXPECT_EQ(audit_text(container_true.json()).satisfied, level::restricted);

  pod_builder container_false;
  container_false.container_security += R"(,"runAsNonRoot":false)";
  const workload_audit explicit_false = audit_text(container_false.json());
  EXPECT_EQ(explicit_false.satisfied, level::baseline);
  EXPECT_NE(find_violation(explicit_false, "runAsNonRoot", "app")->detail.find("runAsNonRoot=false"), std::string::npos);

  pod_builder pod_false;
  pod_false.pod_security = R"("runAsNonRoot":false,"seccompProfile":{"type":"RuntimeDefault"})";
  EXPECT_NE(find_violation(audit_text(pod_false.json()), "runAsNonRoot", ""), nullptr);
}

TEST(AuditRunAsNonRoot, UserNamespacePodIsExemptSince135) {
  pod_builder pod;
  pod.spec_extra = R"("hostUsers":false,)";
  pod.pod_security = R"("seccompProfile":{"type":"RuntimeDefault"})";
  EXPECT_EQ(audit_text(pod.json()).satisfied, level::restricted);
}

TEST(AuditRunAsUser, RootUidFailsRestricted) {
  pod_builder container_root;
  container_root.container_security += R"(,"runAsUser":0)";
  const workload_audit r = audit_text(container_root.json());
  EXPECT_EQ(r.satisfied, level::baseline);
  EXPECT_EQ(failed_checks(r), "runAsUser");

  pod_builder pod_root;
  pod_root.pod_security += R"(,"runAsUser":0)";
  ASSERT_NE(find_violation(audit_text(pod_root.json()), "runAsUser", ""), nullptr);

  pod_builder non_root;
  non_root.pod_security += R"(,"runAsUser":1000)";
  EXPECT_EQ(audit_text(non_root.json()).satisfied, level::restricted);

  pod_builder userns = container_root;
  userns.spec_extra = R"("hostUsers":false,)";
  EXPECT_EQ(audit_text(userns.json()).satisfied, level::restricted);
}

TEST(AuditSeccompRestricted, PodOrEveryContainerMustSetAllowedType) {
  pod_builder unset;
  unset.pod_security = R"("runAsNonRoot":true)";
  const workload_audit r = audit_text(unset.json());
  EXPECT_EQ(r.satisfied, level::baseline);
  EXPECT_EQ(failed_checks(r), "seccompProfile_restricted");

  pod_builder container_level = unset;
  container_level.container_security += R"(,"seccompProfile":{"type":"Localhost","localhostProfile":"agent.json"})";
  EXPECT_EQ(audit_text(container_level.json()).satisfied, level::restricted);

  pod_builder empty_type;
  empty_type.container_security += R"(,"seccompProfile":{})";
  const workload_audit empty_result = audit_text(empty_type.json());
  EXPECT_EQ(empty_result.satisfied, level::privileged);  // type "" is not RuntimeDefault/Localhost
}

TEST(AuditCapabilitiesRestricted, MustDropAllMayAddOnlyNetBindService) {
  pod_builder no_drop;
  no_drop.container_security = R"("allowPrivilegeEscalation":false)";
  const workload_audit r = audit_text(no_drop.json());
  EXPECT_EQ(r.satisfied, level::baseline);
  EXPECT_EQ(failed_checks(r), "capabilities_restricted");

  pod_builder lower_case;
  lower_case.container_security = R"("allowPrivilegeEscalation":false,"capabilities":{"drop":["all"]})";
  EXPECT_EQ(audit_text(lower_case.json()).satisfied, level::baseline);

  pod_builder bind;
  bind.container_security = R"("allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"],"add":["NET_BIND_SERVICE"]})";
  EXPECT_EQ(audit_text(bind.json()).satisfied, level::restricted);
}

TEST(AuditPerContainer, EveryFailingContainerIsNamed) {
  pod_builder pod;
  pod.container_security.clear();
  pod.more_containers = R"(,{"name":"second","image":"x"})";
  const workload_audit r = audit_text(pod.json());
  EXPECT_EQ(count_violations(r, "allowPrivilegeEscalation"), 2u);
  EXPECT_NE(find_violation(r, "allowPrivilegeEscalation", "app"), nullptr);
  const violation* second = find_violation(r, "allowPrivilegeEscalation", "second");
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->field, "spec.containers[1].securityContext.allowPrivilegeEscalation");
}

}  // namespace
}  // namespace dsb::audit
