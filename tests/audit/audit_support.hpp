// Helpers shared by the audit tests: a Pod builder that starts at the restricted level (each
// test breaks exactly one rule), and lookups over audit results.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "engine/audit/audit.hpp"
#include "engine/audit/read.hpp"

namespace dsb::audit::test {

/// A Pod as JSON. The defaults satisfy restricted; replace a part to break one rule.
struct pod_builder {
  std::string pod_security = R"("runAsNonRoot":true,"seccompProfile":{"type":"RuntimeDefault"})";
  std::string spec_extra;  ///< pod spec fields, each followed by a comma: R"("hostNetwork":true,)"
  std::string container_security = R"("allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]})";
  std::string container_extra;  ///< container fields, each followed by a comma
  std::string more_containers;  ///< further containers, each preceded by a comma
  std::string annotations;      ///< metadata.annotations members

  std::string json() const {
    return R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns","annotations":{)" + annotations + R"(}},"spec":{)" +
           spec_extra + R"("securityContext":{)" + pod_security + R"(},"containers":[{"name":"app","image":"registry.example.com/app:1",)" +
           container_extra + R"("securityContext":{)" + container_security + "}}" + more_containers + "]}}";
  }
};

inline manifest_set read_text(const std::string& text, const std::string& name = "<test>") {
  result<manifest_set> read = read_manifests(io::input_text::from_string(name, text));
  if (!read) {
    ADD_FAILURE() << "unexpected read error: " << read.err().describe() << "\n" << text;
    return {};
  }
  return std::move(*read);
}

/// Audits the first workload of `text`.
inline workload_audit audit_text(const std::string& text) {
  const manifest_set set = read_text(text);
  if (set.workloads.empty()) return {};
  return audit_workload(set.workloads.front());
}

inline const violation* find_violation(const workload_audit& r, std::string_view check_id, std::string_view container = "*") {
  const auto it = std::find_if(r.violations.begin(), r.violations.end(), [&](const violation& v) {
    return v.check == check_id && (container == "*" || v.container == container);
  });
  return it == r.violations.end() ? nullptr : &*it;
}

inline std::size_t count_violations(const workload_audit& r, std::string_view check_id) {
  return static_cast<std::size_t>(std::count_if(r.violations.begin(), r.violations.end(), [&](const violation& v) { return v.check == check_id; }));
}

inline const finding* find_finding(const workload_audit& r, std::string_view practice, std::string_view container = "*") {
  const auto it = std::find_if(r.findings.begin(), r.findings.end(), [&](const finding& f) {
    return f.practice == practice && (container == "*" || f.container == container);
  });
  return it == r.findings.end() ? nullptr : &*it;
}

/// Every check ID that failed, in order, joined with spaces (for readable assertions).
inline std::string failed_checks(const workload_audit& r) {
  std::vector<std::string_view> seen;
  std::string out;
  for (const violation& v : r.violations) {
    if (std::find(seen.begin(), seen.end(), v.check) != seen.end()) continue;
    seen.push_back(v.check);
    if (!out.empty()) out += ' ';
    out += v.check;
  }
  return out;
}

}  // namespace dsb::audit::test
