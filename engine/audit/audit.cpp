#include "engine/audit/audit.hpp"

#include "engine/audit/practices.hpp"

namespace dsb::audit {

const char* to_string(level value) noexcept {
  switch (value) {
    case level::privileged: return "privileged";
    case level::baseline: return "baseline";
    case level::restricted: return "restricted";
  }
  return "?";
}

std::optional<level> parse_level(std::string_view text) noexcept {
  if (text == "privileged") return level::privileged;
  if (text == "baseline") return level::baseline;
  if (text == "restricted") return level::restricted;
  return std::nullopt;
}

std::string_view container::list_name() const noexcept {
  switch (role) {
    case container_role::init:
    case container_role::sidecar: return "initContainers";
    case container_role::app: return "containers";
    case container_role::ephemeral: return "ephemeralContainers";
  }
  return "containers";
}

std::string workload::display_name() const {
  std::string out = kind;
  out += ' ';
  if (!namespace_.empty()) out += namespace_ + "/";
  out += name.empty() ? std::string("(unnamed)") : name;
  return out;
}

std::string workload::container_path(const container& c) const {
  std::string out = spec_path;
  out += '.';
  out += c.list_name();
  out += '[';
  out += std::to_string(c.index);
  out += ']';
  return out;
}

workload_audit audit_workload(const workload& w) {
  workload_audit result;
  for (const check& entry : pod_security_checks()) entry.run(w, result.violations);
  result.satisfied = level::restricted;
  for (const violation& v : result.violations) {
    if (v.check_level == level::baseline) {
      result.satisfied = level::privileged;
      break;
    }
    result.satisfied = level::baseline;
  }
  find_practices(w, result.findings);
  return result;
}

std::vector<workload_audit> audit_all(std::span<const workload> workloads) {
  std::vector<workload_audit> results;
  results.reserve(workloads.size());
  for (const workload& w : workloads) results.push_back(audit_workload(w));
  return results;
}

bool meets(std::span<const workload_audit> results, level required) noexcept {
  for (const workload_audit& r : results) {
    if (static_cast<int>(r.satisfied) < static_cast<int>(required)) return false;
  }
  return true;
}

level_counts count_levels(std::span<const workload_audit> results) noexcept {
  level_counts counts;
  for (const workload_audit& r : results) {
    switch (r.satisfied) {
      case level::privileged: ++counts.privileged; break;
      case level::baseline: ++counts.baseline; break;
      case level::restricted: ++counts.restricted; break;
    }
  }
  return counts;
}

}  // namespace dsb::audit
