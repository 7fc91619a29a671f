#include "engine/controller/revision.hpp"

#include <algorithm>
#include <string>

#include "engine/model/defaults.hpp"
#include "engine/model/label_index.hpp"
#include "engine/predicates/k8s_matchers.hpp"

namespace dsb::ctl {
namespace {

// FNV-1a 32 over a canonical dump of the modelled template fields.
struct fnv32 {
  std::uint32_t value = 2166136261U;
  void bytes(std::string_view text) {
    for (char c : text) {
      value ^= static_cast<unsigned char>(c);
      value *= 16777619U;
    }
  }
  void text(std::string_view field, std::string_view content) {
    bytes(field);
    bytes("=");
    bytes(std::to_string(content.size()));
    bytes(":");
    bytes(content);
    bytes(";");
  }
  void number(std::string_view field, std::int64_t content) { text(field, std::to_string(content)); }
};

void dump_resources(fnv32& hash, std::string_view field, const resource_list& list) {
  for (const auto& [name, amount] : list) hash.text(field, name + "=" + format_quantity(amount));
}

void dump_requirements(fnv32& hash, std::string_view field, const std::vector<selector_requirement>& requirements) {
  for (const selector_requirement& req : requirements) {
    std::string line = req.key + " " + req.op_text;
    for (const std::string& value : req.values) line += " " + value;
    hash.text(field, line);
  }
}

void dump_container(fnv32& hash, std::string_view field, const container& ctr) {
  hash.text(field, ctr.name);
  hash.text("image", ctr.image);
  for (const std::string& arg : ctr.command) hash.text("command", arg);
  for (const std::string& arg : ctr.args) hash.text("args", arg);
  for (const container_port& port : ctr.ports) {
    hash.text("port", port.name + "/" + std::to_string(port.container_port) + "/" + std::to_string(port.host_port) + "/" +
                          std::string(to_string(port.protocol)) + "/" + port.host_ip);
  }
  dump_resources(hash, "requests", ctr.resources.requests);
  dump_resources(hash, "limits", ctr.resources.limits);
  hash.text("restartPolicy", to_string(ctr.restart_policy));
  for (const auto* probe_ptr : {&ctr.startup_probe, &ctr.readiness_probe, &ctr.liveness_probe}) {
    if (!*probe_ptr) {
      hash.text("probe", "-");
      continue;
    }
    const probe& p = **probe_ptr;
    hash.text("probe", std::to_string(static_cast<int>(p.handler)) + "/" + std::to_string(p.initial_delay_seconds) + "/" +
                           std::to_string(p.period_seconds) + "/" + std::to_string(p.timeout_seconds) + "/" +
                           std::to_string(p.success_threshold) + "/" + std::to_string(p.failure_threshold));
  }
  hash.number("postStart", ctr.has_post_start ? 1 : 0);
  hash.number("preStop", ctr.has_pre_stop ? 1 : 0);
}

}  // namespace

std::string safe_encode(std::string_view text) {
  static constexpr std::string_view ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  std::string out;
  out.reserve(text.size());
  for (char c : text) out += ALPHABET[static_cast<unsigned char>(c) % ALPHABET.size()];
  return out;
}

std::string revision_hash(const pod_template& tmpl, std::optional<std::int32_t> collision_count) {
  fnv32 hash;
  for (const auto& [key, value] : tmpl.metadata.labels) hash.text("label", key + "=" + value);
  for (const auto& [key, value] : tmpl.metadata.annotations) hash.text("annotation", key + "=" + value);
  const pod_spec& spec = tmpl.spec;
  hash.text("nodeName", spec.node_name);
  for (const auto& [key, value] : spec.node_selector) hash.text("nodeSelector", key + "=" + value);
  if (spec.affinity_ && spec.affinity_->node) {
    const node_affinity& node = *spec.affinity_->node;
    if (node.required) {
      hash.number("required", static_cast<std::int64_t>(node.required->terms.size()));
      for (const node_selector_term& term : node.required->terms) {
        hash.text("term", "");
        dump_requirements(hash, "expr", term.match_expressions);
        dump_requirements(hash, "field", term.match_fields);
      }
    }
    for (const preferred_scheduling_term& term : node.preferred) {
      hash.number("preferred", term.weight);
      dump_requirements(hash, "expr", term.preference.match_expressions);
      dump_requirements(hash, "field", term.preference.match_fields);
    }
  }
  for (const toleration& tol : spec.tolerations) {
    hash.text("toleration", tol.key + "/" + tol.op_text + "/" + tol.value + "/" + tol.effect_text + "/" +
                                (tol.toleration_seconds ? std::to_string(*tol.toleration_seconds) : std::string("-")));
  }
  hash.number("hostNetwork", spec.host_network ? 1 : 0);
  hash.number("hostPID", spec.host_pid ? 1 : 0);
  hash.number("hostIPC", spec.host_ipc ? 1 : 0);
  for (const container& ctr : spec.init_containers) dump_container(hash, "initContainer", ctr);
  for (const container& ctr : spec.containers) dump_container(hash, "container", ctr);
  hash.text("restartPolicy", to_string(spec.restart_policy));
  dump_resources(hash, "overhead", spec.overhead);
  hash.text("priorityClassName", spec.priority_class_name);
  hash.number("sourceDigest", static_cast<std::int64_t>(tmpl.source_digest));
  if (collision_count) {
    // ComputeHash: the uint32 collision count, little-endian, then 4 zero bytes.
    const auto count = static_cast<std::uint32_t>(*collision_count);
    const char salt[8] = {static_cast<char>(count & 0xFF), static_cast<char>((count >> 8) & 0xFF),
                          static_cast<char>((count >> 16) & 0xFF), static_cast<char>((count >> 24) & 0xFF), 0, 0, 0, 0};
    hash.bytes(std::string_view(salt, sizeof(salt)));
  }
  return safe_encode(std::to_string(hash.value));
}

std::optional<std::int64_t> template_generation(const daemonset& ds) {
  const auto found = ds.metadata.annotations.find(std::string(TEMPLATE_GENERATION_ANNOTATION));
  if (found == ds.metadata.annotations.end()) return std::nullopt;
  return parse_go_int64(found->second);
}

bool is_pod_updated(const string_map& pod_labels, std::string_view hash, std::optional<std::int64_t> generation) {
  if (!hash.empty()) {
    const auto found = pod_labels.find(std::string(REVISION_HASH_LABEL));
    if (found != pod_labels.end() && found->second == hash) return true;
  }
  if (generation) {
    const auto found = pod_labels.find(std::string(TEMPLATE_GENERATION_LABEL));
    if (found != pod_labels.end() && found->second == std::to_string(*generation)) return true;
  }
  return false;
}

void replace_node_name_affinity(std::optional<affinity>& target, std::string_view node_name) {
  if (!target) target.emplace();
  if (!target->node) target->node.emplace();
  selector_requirement field;
  field.key = "metadata.name";
  field.op = selector_operator::in;
  field.op_text = "In";
  field.values = {std::string(node_name)};
  node_selector_term term;
  term.match_fields.push_back(std::move(field));
  node_selector required;
  required.terms.push_back(std::move(term));
  target->node->required = std::move(required);
}

pod create_daemon_pod(const daemonset& ds, std::string_view hash, std::optional<std::int64_t> generation, std::string_view node_name) {
  pod out;
  out.metadata = ds.template_.metadata;
  out.metadata.generate_name = ds.metadata.name + "-";
  out.metadata.namespace_ = ds.metadata.namespace_;
  out.metadata.owner_references = {owner_reference{"apps/v1", "DaemonSet", ds.metadata.name, ds.metadata.uid, true}};
  if (generation) out.metadata.labels[std::string(TEMPLATE_GENERATION_LABEL)] = std::to_string(*generation);
  if (!hash.empty()) out.metadata.labels[std::string(REVISION_HASH_LABEL)] = std::string(hash);
  out.spec = ds.template_.spec;
  out.spec.tolerations = pred::with_daemon_tolerations(std::move(out.spec.tolerations), out.spec.host_network);
  replace_node_name_affinity(out.spec.affinity_, node_name);
  apply_pod_defaults(out.spec);
  return out;
}

std::optional<std::string> target_node_name(const pod& p) {
  if (!p.spec.node_name.empty()) return p.spec.node_name;
  const node_selector* required = p.spec.required_node_affinity();
  if (required == nullptr) return std::nullopt;
  for (const node_selector_term& term : required->terms) {
    for (const selector_requirement& field : term.match_fields) {
      if (field.key != "metadata.name" || field.op != selector_operator::in) continue;
      if (field.values.size() != 1) return std::nullopt;
      return field.values.front();
    }
  }
  return std::nullopt;
}

std::vector<std::string> history_to_delete(std::span<const old_revision> old, std::int32_t revision_history_limit,
                                           std::span<const std::string> pod_hashes) {
  std::vector<std::string> out;
  std::int64_t to_kill = static_cast<std::int64_t>(old.size()) - revision_history_limit;
  if (to_kill <= 0) return out;
  std::vector<std::string_view> live(pod_hashes.begin(), pod_hashes.end());
  std::sort(live.begin(), live.end());
  std::vector<const old_revision*> order;
  for (const old_revision& rev : old) order.push_back(&rev);
  std::stable_sort(order.begin(), order.end(), [](const old_revision* a, const old_revision* b) { return a->revision < b->revision; });
  for (const old_revision* rev : order) {
    if (to_kill <= 0) break;
    if (std::binary_search(live.begin(), live.end(), std::string_view(rev->hash))) continue;  // still in use
    out.push_back(rev->name);
    --to_kill;
  }
  return out;
}

}  // namespace dsb::ctl
