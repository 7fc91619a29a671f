#include "engine/sim/scenario.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include "engine/io/internal/yaml_load.hpp"
#include "engine/model/taint.hpp"

namespace dsb::sim {
namespace {

std::string trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

std::optional<double> parse_number(std::string_view text) {
  const std::string clean = trim(text);
  if (clean.empty()) return std::nullopt;
  double value = 0;
  const auto [end, code] = std::from_chars(clean.data(), clean.data() + clean.size(), value);
  if (code != std::errc() || end != clean.data() + clean.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<int_or_percent> parse_int_or_percent(std::string_view text) {
  const std::string clean = trim(text);
  const bool percent = !clean.empty() && clean.back() == '%';
  const std::string_view digits = percent ? std::string_view(clean).substr(0, clean.size() - 1) : std::string_view(clean);
  std::int32_t value = 0;
  const auto [end, code] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || code != std::errc() || end != digits.data() + digits.size() || value < 0) return std::nullopt;
  if (percent && value > 100) return std::nullopt;
  return int_or_percent{value, percent};
}

// Walks the YAML tree with the path of the current node, so every error names its field.
class reader {
 public:
  reader(std::string file, std::string base_dir) : file_(std::move(file)), base_dir_(std::move(base_dir)) {}

  error fail(const YAML::Node& node, const std::string& field, std::string message, error_code code = error_code::invalid_value) const {
    std::string location;
    if (node.IsDefined() && !node.Mark().is_null()) location = "line " + std::to_string(node.Mark().line + 1);
    return error{code, file_, "scenario", field, std::move(location), std::move(message)};
  }

  // Every key of `map` must be one of `known`.
  status known_keys(const YAML::Node& map, const std::string& field, std::initializer_list<std::string_view> known) const {
    if (!map.IsMap()) return fail(map, field, "must be a mapping", error_code::type);
    for (const auto& entry : map) {
      const std::string key = entry.first.as<std::string>();
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        std::string list;
        for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
        return fail(entry.first, join(field, key), "unknown field (known: " + list + ")", error_code::invalid_value);
      }
    }
    return {};
  }

  static std::string join(const std::string& field, std::string_view key) { return field.empty() ? std::string(key) : field + "." + std::string(key); }

  result<std::string> text(const YAML::Node& node, const std::string& field) const {
    if (!node.IsScalar()) return fail(node, field, "must be a string", error_code::type);
    return node.Scalar();
  }
  result<double> number(const YAML::Node& node, const std::string& field, double min, double max) const {
    if (!node.IsScalar()) return fail(node, field, "must be a number", error_code::type);
    const auto value = parse_number(node.Scalar());
    if (!value) return fail(node, field, "must be a number, got \"" + node.Scalar() + "\"", error_code::type);
    if (*value < min || *value > max) return fail(node, field, "must be in [" + fmt(min) + ", " + fmt(max) + "], got " + node.Scalar());
    return *value;
  }
  result<std::uint64_t> count(const YAML::Node& node, const std::string& field, std::uint64_t min, std::uint64_t max) const {
    if (!node.IsScalar()) return fail(node, field, "must be a non-negative integer", error_code::type);
    std::uint64_t value = 0;
    const std::string& s = node.Scalar();
    const auto [end, code] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || code != std::errc() || end != s.data() + s.size()) return fail(node, field, "must be a non-negative integer, got \"" + s + "\"", error_code::type);
    if (value < min || value > max) return fail(node, field, "must be in [" + std::to_string(min) + ", " + std::to_string(max) + "], got " + s);
    return value;
  }
  result<double> duration(const YAML::Node& node, const std::string& field) const {
    if (!node.IsScalar()) return fail(node, field, "must be a duration (\"90s\", \"15m\", \"2h\")", error_code::type);
    const auto value = parse_duration(node.Scalar());
    if (!value) return fail(node, field, "must be a duration (\"90s\", \"15m\", \"2h\", \"500ms\"), got \"" + node.Scalar() + "\"");
    return *value;
  }
  result<double> fraction(const YAML::Node& node, const std::string& field) const {
    if (!node.IsScalar()) return fail(node, field, "must be a fraction (\"1%\" or 0.01)", error_code::type);
    const auto value = parse_fraction(node.Scalar());
    if (!value) return fail(node, field, "must be a fraction in [0, 1] (\"1%\" or 0.01), got \"" + node.Scalar() + "\"");
    return *value;
  }
  result<bool> boolean(const YAML::Node& node, const std::string& field) const {
    if (node.IsScalar()) {
      const std::string& s = node.Scalar();
      if (s == "true") return true;
      if (s == "false") return false;
    }
    return fail(node, field, "must be true or false", error_code::type);
  }
  result<int_or_percent> int_or_pct(const YAML::Node& node, const std::string& field) const {
    if (!node.IsScalar()) return fail(node, field, "must be an integer or a percentage", error_code::type);
    const auto value = parse_int_or_percent(node.Scalar());
    if (!value) return fail(node, field, "must be a non-negative integer or a percentage up to 100%, got \"" + node.Scalar() + "\"");
    return *value;
  }
  std::string path(const std::string& relative) const {
    const std::filesystem::path p(relative);
    if (p.is_absolute() || base_dir_.empty()) return relative;
    return (std::filesystem::path(base_dir_) / p).lexically_normal().string();
  }

 private:
  static std::string fmt(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
  }
  std::string file_;
  std::string base_dir_;
};

#define DSB_TRY(var, expr)            \
  auto var##_r = (expr);              \
  if (!var##_r) return var##_r.err(); \
  auto var = std::move(*var##_r)

status read_cluster(const reader& r, const YAML::Node& node, cluster_source& out) {
  if (auto s = r.known_keys(node, "cluster", {"generate", "file", "notReady"}); !s) return s;
  const bool has_file = static_cast<bool>(node["file"]);
  const bool has_gen = static_cast<bool>(node["generate"]);
  if (has_file == has_gen) return r.fail(node, "cluster", "needs exactly one of generate or file", error_code::missing_field);
  if (has_file) {
    DSB_TRY(file, r.text(node["file"], "cluster.file"));
    out.file = r.path(file);
  } else {
    const YAML::Node gen = node["generate"];
    if (auto s = r.known_keys(gen, "cluster.generate", {"nodes", "profile", "seed"}); !s) return s;
    if (gen["nodes"]) {
      DSB_TRY(nodes, r.count(gen["nodes"], "cluster.generate.nodes", 1, 16'000'000));
      out.nodes = static_cast<std::size_t>(nodes);
    }
    if (gen["profile"]) {
      DSB_TRY(profile, r.text(gen["profile"], "cluster.generate.profile"));
      out.profile = profile;
    }
    if (gen["seed"]) {
      DSB_TRY(seed, r.count(gen["seed"], "cluster.generate.seed", 0, UINT64_MAX));
      out.seed = seed;
    }
  }
  if (node["notReady"]) {
    DSB_TRY(f, r.fraction(node["notReady"], "cluster.notReady"));
    out.not_ready = f;
  }
  return {};
}

status read_controller(const reader& r, const YAML::Node& node, controller_timing& out) {
  if (auto s = r.known_keys(node, "controller", {"burstReplicas", "syncInterval", "observeDelay", "workers", "syncBase", "syncPerPod"}); !s) return s;
  if (node["workers"]) {
    DSB_TRY(v, r.count(node["workers"], "controller.workers", 1, 1024));
    out.workers = static_cast<std::uint32_t>(v);
  }
  if (node["syncBase"]) {
    DSB_TRY(v, r.duration(node["syncBase"], "controller.syncBase"));
    out.sync_base_seconds = v;
  }
  if (node["syncPerPod"]) {
    DSB_TRY(v, r.duration(node["syncPerPod"], "controller.syncPerPod"));
    out.sync_per_pod_seconds = v;
  }
  if (node["burstReplicas"]) {
    DSB_TRY(v, r.count(node["burstReplicas"], "controller.burstReplicas", 1, 1'000'000));
    out.burst_replicas = static_cast<std::uint32_t>(v);
  }
  if (node["syncInterval"]) {
    DSB_TRY(v, r.duration(node["syncInterval"], "controller.syncInterval"));
    out.sync_seconds = v;
  }
  if (node["observeDelay"]) {
    DSB_TRY(v, r.duration(node["observeDelay"], "controller.observeDelay"));
    out.observe_seconds = v;
  }
  return {};
}

status read_kubelet(const reader& r, const YAML::Node& node, kubelet_timing& out) {
  if (auto s = r.known_keys(node, "kubelet",
                            {"bindDelay", "stopMedian", "podHorizon", "readyReportDelay", "failRate", "pullRate", "pullFailRate", "pullMedian",
                             "initMedian", "crashMedian", "probeRate", "probeMedian", "postStartRate", "postStartMedian", "sandboxLossRate",
                             "restartPolicy"});
      !s) {
    return s;
  }
  auto dur = [&](const char* key, double& field) -> status {
    if (!node[key]) return {};
    DSB_TRY(v, r.duration(node[key], std::string("kubelet.") + key));
    field = v;
    return {};
  };
  auto frac = [&](const char* key, double& field) -> status {
    if (!node[key]) return {};
    DSB_TRY(v, r.fraction(node[key], std::string("kubelet.") + key));
    field = v;
    return {};
  };
  lifecycle::simulate_options& o = out.startup;
  for (status s : {dur("bindDelay", out.bind_seconds), dur("stopMedian", out.stop_median_seconds), dur("podHorizon", out.pod_horizon_seconds),
                   dur("readyReportDelay", out.ready_report_seconds), frac("failRate", o.fail_rate), frac("pullRate", o.pull_rate),
                   frac("pullFailRate", o.pull_fail_rate), dur("pullMedian", o.pull_median_s), dur("initMedian", o.init_median_s),
                   dur("crashMedian", o.crash_median_s), frac("probeRate", o.probe_rate), dur("probeMedian", o.probe_median_s),
                   frac("postStartRate", o.post_start_rate), dur("postStartMedian", o.post_start_median_s),
                   frac("sandboxLossRate", o.sandbox_loss_rate)}) {
    if (!s) return s;
  }
  if (node["restartPolicy"]) {
    DSB_TRY(v, r.text(node["restartPolicy"], "kubelet.restartPolicy"));
    if (v == "Always") o.restart_policy = lifecycle::restart_mix::always;
    else if (v == "OnFailure") o.restart_policy = lifecycle::restart_mix::on_failure;
    else if (v == "Never") o.restart_policy = lifecycle::restart_mix::never;
    else return r.fail(node["restartPolicy"], "kubelet.restartPolicy", "must be Always, OnFailure or Never, got \"" + v + "\"");
  }
  for (double median : {o.pull_median_s, o.init_median_s, o.crash_median_s, o.probe_median_s, o.post_start_median_s}) {
    if (median <= 0) return r.fail(node, "kubelet", "medians must be positive durations");
  }
  if (out.pod_horizon_seconds <= 0) return r.fail(node["podHorizon"], "kubelet.podHorizon", "must be positive");
  return {};
}

status read_selection(const reader& r, const YAML::Node& node, const std::string& field, node_selection& out) {
  if (node["selector"]) {
    DSB_TRY(sel, r.text(node["selector"], field + ".selector"));
    const auto eq = sel.find('=');
    out.label_key = trim(sel.substr(0, eq));
    out.label_value = eq == std::string::npos ? std::string() : trim(sel.substr(eq + 1));
    if (out.label_key.empty()) return r.fail(node["selector"], field + ".selector", "must be KEY or KEY=VALUE");
  }
  if (node["fraction"]) {
    DSB_TRY(f, r.fraction(node["fraction"], field + ".fraction"));
    out.fraction = f;
  }
  return {};
}

result<timeline_action> read_action(const reader& r, const YAML::Node& item, std::size_t index) {
  const std::string base = "timeline[" + std::to_string(index) + "]";
  if (!item.IsMap()) return r.fail(item, base, "must be a mapping with `at` and one action", error_code::type);
  timeline_action out;
  if (!item["at"]) return r.fail(item, base + ".at", "is required", error_code::missing_field);
  DSB_TRY(at, r.duration(item["at"], base + ".at"));
  out.at = at;
  static constexpr std::pair<std::string_view, action_kind> ACTIONS[] = {
      {"update", action_kind::update},       {"taint", action_kind::taint},         {"untaint", action_kind::untaint},
      {"notReady", action_kind::not_ready},  {"ready", action_kind::ready},         {"loseZone", action_kind::lose_zone},
      {"cordon", action_kind::cordon},       {"uncordon", action_kind::uncordon},   {"addNodes", action_kind::add_nodes},
      {"removeNodes", action_kind::remove_nodes}, {"churn", action_kind::churn}};
  std::string action_name;
  for (const auto& entry : item) {
    const std::string key = entry.first.as<std::string>();
    if (key == "at") continue;
    const auto* found = std::find_if(std::begin(ACTIONS), std::end(ACTIONS), [&](const auto& a) { return a.first == key; });
    if (found == std::end(ACTIONS)) {
      return r.fail(entry.first, base + "." + key,
                    "unknown action (known: update, taint, untaint, notReady, ready, loseZone, cordon, uncordon, addNodes, removeNodes, churn)");
    }
    if (!action_name.empty()) return r.fail(entry.first, base + "." + key, "one action per timeline entry (already has " + action_name + ")");
    action_name = key;
    out.kind = found->second;
  }
  if (action_name.empty()) return r.fail(item, base, "has no action", error_code::missing_field);
  const std::string field = base + "." + action_name;
  out.object = field;
  const YAML::Node body = item[action_name];
  auto need_map = [&](std::initializer_list<std::string_view> known) -> status {
    if (!body.IsMap()) return r.fail(body, field, "must be a mapping", error_code::type);
    return r.known_keys(body, field, known);
  };
  switch (out.kind) {
    case action_kind::update: {
      if (auto s = need_map({"daemonset", "image", "maxUnavailable", "maxSurge", "strategy"}); !s) return s.err();
      if (!body["daemonset"]) return r.fail(body, field + ".daemonset", "is required (namespace/name)", error_code::missing_field);
      DSB_TRY(ds, r.text(body["daemonset"], field + ".daemonset"));
      if (ds.find('/') == std::string::npos) return r.fail(body["daemonset"], field + ".daemonset", "must be namespace/name, got \"" + ds + "\"");
      out.daemonset = ds;
      if (body["image"]) {
        DSB_TRY(image, r.text(body["image"], field + ".image"));
        out.image = image;
      }
      if (body["maxUnavailable"]) {
        DSB_TRY(v, r.int_or_pct(body["maxUnavailable"], field + ".maxUnavailable"));
        out.max_unavailable = v;
      }
      if (body["maxSurge"]) {
        DSB_TRY(v, r.int_or_pct(body["maxSurge"], field + ".maxSurge"));
        out.max_surge = v;
      }
      if (body["strategy"]) {
        DSB_TRY(v, r.text(body["strategy"], field + ".strategy"));
        const auto type = parse_update_strategy_type(v);
        if (!type) return r.fail(body["strategy"], field + ".strategy", "must be RollingUpdate or OnDelete, got \"" + v + "\"");
        update_strategy strategy;
        strategy.type = *type;
        if (*type == update_strategy_type::on_delete) strategy.rolling.reset();
        out.strategy = strategy;
      }
      break;
    }
    case action_kind::taint:
    case action_kind::untaint: {
      if (auto s = need_map({"selector", "fraction", "taint"}); !s) return s.err();
      if (!body["taint"]) return r.fail(body, field + ".taint", "is required (KEY[=VALUE]:EFFECT)", error_code::missing_field);
      DSB_TRY(t, r.text(body["taint"], field + ".taint"));
      const auto colon = t.rfind(':');
      if (colon == std::string::npos) return r.fail(body["taint"], field + ".taint", "must be KEY[=VALUE]:EFFECT, got \"" + t + "\"");
      const auto effect = parse_taint_effect(t.substr(colon + 1));
      if (!effect) return r.fail(body["taint"], field + ".taint", "effect must be NoSchedule, PreferNoSchedule or NoExecute, got \"" + t.substr(colon + 1) + "\"");
      out.effect = *effect;
      const std::string kv = t.substr(0, colon);
      const auto eq = kv.find('=');
      out.taint_key = kv.substr(0, eq);
      out.taint_value = eq == std::string::npos ? std::string() : kv.substr(eq + 1);
      if (out.taint_key.empty()) return r.fail(body["taint"], field + ".taint", "has an empty key");
      if (auto s = read_selection(r, body, field, out.nodes); !s) return s.err();
      break;
    }
    case action_kind::not_ready:
    case action_kind::ready:
    case action_kind::cordon:
    case action_kind::uncordon: {
      if (auto s = need_map({"selector", "fraction"}); !s) return s.err();
      if (auto s = read_selection(r, body, field, out.nodes); !s) return s.err();
      break;
    }
    case action_kind::lose_zone: {
      if (auto s = need_map({"zone"}); !s) return s.err();
      if (!body["zone"]) return r.fail(body, field + ".zone", "is required", error_code::missing_field);
      DSB_TRY(z, r.text(body["zone"], field + ".zone"));
      out.zone = z;
      break;
    }
    case action_kind::add_nodes:
    case action_kind::remove_nodes: {
      if (auto s = need_map({"fraction", "selector", "labels"}); !s) return s.err();
      if (!body["fraction"]) return r.fail(body, field + ".fraction", "is required", error_code::missing_field);
      if (const YAML::Node labels = body["labels"]) {
        if (out.kind != action_kind::add_nodes) return r.fail(labels, field + ".labels", "only addNodes sets labels");
        if (!labels.IsMap()) return r.fail(labels, field + ".labels", "must be a mapping of label keys to values", error_code::type);
        for (const auto& entry : labels) {
          const std::string key = entry.first.as<std::string>();
          DSB_TRY(value, r.text(entry.second, field + ".labels." + key));
          out.set_labels.emplace_back(key, value);
        }
      }
      DSB_TRY(f, r.fraction(body["fraction"], field + ".fraction"));
      out.count_fraction = f;
      if (body["selector"]) {
        YAML::Node only_selector;
        only_selector["selector"] = body["selector"];
        if (auto s = read_selection(r, only_selector, field, out.nodes); !s) return s.err();
      }
      break;
    }
    case action_kind::churn: {
      if (auto s = need_map({"fraction", "over"}); !s) return s.err();
      if (!body["fraction"] || !body["over"]) return r.fail(body, field, "needs fraction and over", error_code::missing_field);
      DSB_TRY(f, r.fraction(body["fraction"], field + ".fraction"));
      DSB_TRY(over, r.duration(body["over"], field + ".over"));
      if (over <= 0) return r.fail(body["over"], field + ".over", "must be positive");
      out.count_fraction = f;
      out.over = over;
      break;
    }
  }
  return out;
}

status read_run(const reader& r, const YAML::Node& node, scenario& out) {
  if (auto s = r.known_keys(node, "run", {"variant", "threads", "repetitions", "horizon", "timelineInterval", "verifyLifecycle", "faults"}); !s) return s;
  if (node["variant"]) {
    DSB_TRY(v, r.text(node["variant"], "run.variant"));
    out.variant = v;
  }
  if (node["threads"]) {
    DSB_TRY(v, r.count(node["threads"], "run.threads", 0, 1024));
    out.threads = static_cast<std::size_t>(v);
  }
  if (node["repetitions"]) {
    DSB_TRY(v, r.count(node["repetitions"], "run.repetitions", 1, 1000));
    out.repetitions = static_cast<std::size_t>(v);
  }
  if (node["horizon"]) {
    DSB_TRY(v, r.duration(node["horizon"], "run.horizon"));
    if (v <= 0) return r.fail(node["horizon"], "run.horizon", "must be positive");
    out.horizon = v;
  }
  if (node["timelineInterval"]) {
    DSB_TRY(v, r.duration(node["timelineInterval"], "run.timelineInterval"));
    if (v <= 0) return r.fail(node["timelineInterval"], "run.timelineInterval", "must be positive");
    out.timeline_interval = v;
  }
  if (node["verifyLifecycle"]) {
    DSB_TRY(v, r.boolean(node["verifyLifecycle"], "run.verifyLifecycle"));
    out.verify_lifecycle = v;
  }
  if (const YAML::Node f = node["faults"]) {
    if (auto s = r.known_keys(f, "run.faults", {"ignoreMaxUnavailable", "duplicateCreates"}); !s) return s;
    if (f["ignoreMaxUnavailable"]) {
      DSB_TRY(v, r.boolean(f["ignoreMaxUnavailable"], "run.faults.ignoreMaxUnavailable"));
      out.inject.ignore_max_unavailable = v;
    }
    if (f["duplicateCreates"]) {
      DSB_TRY(v, r.boolean(f["duplicateCreates"], "run.faults.duplicateCreates"));
      out.inject.duplicate_creates = v;
    }
  }
  return {};
}

result<scenario> read_document(const reader& r, const YAML::Node& root, const std::string& file) {
  scenario out;
  out.file = file;
  out.kubelet.startup.horizon_s = out.kubelet.pod_horizon_seconds;
  if (auto s = r.known_keys(root, "", {"name", "description", "seed", "cluster", "daemonsets", "controller", "kubelet", "timeline", "run"}); !s) {
    return s.err();
  }
  if (!root["name"]) return r.fail(root, "name", "is required", error_code::missing_field);
  DSB_TRY(name, r.text(root["name"], "name"));
  out.name = name;
  if (root["description"]) {
    DSB_TRY(d, r.text(root["description"], "description"));
    out.description = d;
  }
  if (root["seed"]) {
    DSB_TRY(seed, r.count(root["seed"], "seed", 0, UINT64_MAX));
    out.seed = seed;
  }
  if (!root["cluster"]) return r.fail(root, "cluster", "is required", error_code::missing_field);
  if (auto s = read_cluster(r, root["cluster"], out.cluster); !s) return s.err();

  if (!root["daemonsets"]) return r.fail(root, "daemonsets", "is required", error_code::missing_field);
  const YAML::Node ds = root["daemonsets"];
  if (auto s = r.known_keys(ds, "daemonsets", {"files", "limit"}); !s) return s.err();
  if (!ds["files"] || !ds["files"].IsSequence() || ds["files"].size() == 0) {
    return r.fail(ds, "daemonsets.files", "must be a non-empty list of manifest paths", error_code::missing_field);
  }
  for (std::size_t i = 0; i < ds["files"].size(); ++i) {
    DSB_TRY(path, r.text(ds["files"][i], "daemonsets.files[" + std::to_string(i) + "]"));
    out.daemonset_files.push_back(r.path(path));
  }
  if (ds["limit"]) {
    DSB_TRY(limit, r.count(ds["limit"], "daemonsets.limit", 1, 100'000));
    out.daemonset_limit = static_cast<std::size_t>(limit);
  }
  if (root["controller"]) {
    if (auto s = read_controller(r, root["controller"], out.controller); !s) return s.err();
  }
  if (root["kubelet"]) {
    if (auto s = read_kubelet(r, root["kubelet"], out.kubelet); !s) return s.err();
  }
  if (const YAML::Node tl = root["timeline"]) {
    if (!tl.IsSequence()) return r.fail(tl, "timeline", "must be a list", error_code::type);
    for (std::size_t i = 0; i < tl.size(); ++i) {
      DSB_TRY(action, read_action(r, tl[i], i));
      out.timeline.push_back(std::move(action));
    }
    std::stable_sort(out.timeline.begin(), out.timeline.end(), [](const timeline_action& a, const timeline_action& b) { return a.at < b.at; });
  }
  if (root["run"]) {
    if (auto s = read_run(r, root["run"], out); !s) return s.err();
  }
  out.kubelet.startup.horizon_s = out.kubelet.pod_horizon_seconds;
  if (auto s = lifecycle::validate(out.kubelet.startup); !s) {
    error e = s.err();
    return r.fail(root["kubelet"], "kubelet", e.message + (e.field.empty() ? "" : " (" + e.field + ")"));
  }
  return out;
}

#undef DSB_TRY

}  // namespace

std::optional<double> parse_duration(std::string_view text) {
  std::string clean = trim(text);
  double scale = 1;
  auto strip = [&](std::string_view suffix, double factor) {
    if (clean.size() > suffix.size() && clean.compare(clean.size() - suffix.size(), suffix.size(), suffix) == 0) {
      clean.resize(clean.size() - suffix.size());
      scale = factor;
      return true;
    }
    return false;
  };
  (void)(strip("us", 1e-6) || strip("ms", 1e-3) || strip("s", 1) || strip("m", 60) || strip("h", 3600));
  const auto value = parse_number(clean);
  if (!value || *value < 0) return std::nullopt;
  return *value * scale;
}

std::optional<double> parse_fraction(std::string_view text) {
  std::string clean = trim(text);
  double scale = 1;
  if (!clean.empty() && clean.back() == '%') {
    clean.pop_back();
    scale = 0.01;
  }
  const auto value = parse_number(clean);
  if (!value) return std::nullopt;
  const double f = *value * scale;
  if (f < 0 || f > 1) return std::nullopt;
  return f;
}

result<scenario> read_scenario_text(std::string_view yaml, const std::string& file_label, const std::string& base_dir) {
  const reader r(file_label, base_dir);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::DeepRecursion& ex) {  // yaml-cpp words it "bad file"; say what the other readers say
    return error{error_code::limit, file_label, "scenario", {}, io::internal::yaml_mark_location(ex.mark),
                 std::string(io::internal::yaml_too_deep_message)};
  } catch (const YAML::Exception& ex) {
    return error{error_code::syntax, file_label, "scenario", {}, "line " + std::to_string(ex.mark.line + 1), ex.msg};
  }
  if (!root.IsMap()) return error{error_code::type, file_label, "scenario", {}, {}, "a scenario is one YAML mapping"};
  try {
    return read_document(r, root, file_label);
  } catch (const YAML::Exception& ex) {
    return error{error_code::type, file_label, "scenario", {}, "line " + std::to_string(ex.mark.line + 1), ex.msg};
  }
}

result<scenario> read_scenario_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return error{error_code::io, path, {}, {}, {}, "cannot open the scenario file"};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return error{error_code::io, path, {}, {}, {}, "cannot read the scenario file"};
  return read_scenario_text(text.str(), path, std::filesystem::path(path).parent_path().string());
}

status apply_override(scenario& s, std::string_view key, std::string_view value) {
  auto bad = [&](std::string message) { return error{error_code::usage, {}, {}, std::string(key), {}, std::move(message)}; };
  const std::string text(value);
  if (key == "maxUnavailable" || key == "maxSurge") {
    const auto v = parse_int_or_percent(text);
    if (!v) return bad("must be a non-negative integer or a percentage, got \"" + text + "\"");
    bool any = false;
    for (timeline_action& a : s.timeline) {
      if (a.kind != action_kind::update) continue;
      (key == "maxUnavailable" ? a.max_unavailable : a.max_surge) = *v;
      any = true;
    }
    if (!any) return bad("the scenario has no update action to apply it to");
    return {};
  }
  if (key == "nodes") {
    std::size_t n = 0;
    const auto [end, code] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (code != std::errc() || end != text.data() + text.size() || n == 0) return bad("must be a positive integer, got \"" + text + "\"");
    if (!s.cluster.file.empty()) return bad("the scenario reads its nodes from a file");
    s.cluster.nodes = n;
    return {};
  }
  if (key == "notReady" || key == "failRate" || key == "pullRate") {
    const auto f = parse_fraction(text);
    if (!f) return bad("must be a fraction in [0, 1], got \"" + text + "\"");
    (key == "notReady" ? s.cluster.not_ready : key == "failRate" ? s.kubelet.startup.fail_rate : s.kubelet.startup.pull_rate) = *f;
    return {};
  }
  if (key == "syncInterval" || key == "horizon") {
    const auto d = parse_duration(text);
    if (!d || *d <= 0) return bad("must be a positive duration, got \"" + text + "\"");
    (key == "horizon" ? s.horizon : s.controller.sync_seconds) = *d;
    return {};
  }
  if (key == "workers") {
    std::uint32_t n = 0;
    const auto [end, code] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (code != std::errc() || end != text.data() + text.size() || n == 0) return bad("must be a positive integer, got \"" + text + "\"");
    s.controller.workers = n;
    return {};
  }
  if (key == "burstReplicas" || key == "seed" || key == "threads") {
    std::uint64_t n = 0;
    const auto [end, code] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (code != std::errc() || end != text.data() + text.size()) return bad("must be a non-negative integer, got \"" + text + "\"");
    if (key == "burstReplicas") {
      if (n == 0) return bad("must be positive");
      s.controller.burst_replicas = static_cast<std::uint32_t>(n);
    } else if (key == "seed") {
      s.seed = n;
    } else {
      s.threads = static_cast<std::size_t>(n);
    }
    return {};
  }
  if (key == "variant") {
    s.variant = text;
    return {};
  }
  return bad("unknown key (known: maxUnavailable, maxSurge, nodes, notReady, failRate, pullRate, syncInterval, horizon, burstReplicas, workers, seed, threads, variant)");
}

}  // namespace dsb::sim
