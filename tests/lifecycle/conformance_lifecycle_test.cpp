// Every vector of tests/conformance/data/lifecycle.json (a copy of ../shared/conformance/
// lifecycle.json, schema in kubelet-lifecycle.md §12) against the lifecycle engine, kind by
// kind, with the number of vectors per kind asserted so none is silently skipped.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "engine/io/read.hpp"
#include "engine/lifecycle/backoff.hpp"
#include "engine/lifecycle/kubelet_actions.hpp"
#include "engine/lifecycle/pod_status.hpp"
#include "engine/lifecycle/trace_reader.hpp"
#include "engine/lifecycle/verify.hpp"
#include "engine/model/pod_requests.hpp"
#include "engine/model/quantity.hpp"
#include "tests/support/test_paths.hpp"
#include "tests/support/vectors.hpp"

namespace dsb {
namespace {

using namespace lifecycle;
using simdjson::dom::element;

constexpr const char* FILE_NAME = "lifecycle.json";

std::vector<element> of_kind(std::string_view kind) { return test::vectors(FILE_NAME, "kind", kind); }

// The vector's "pod" holds spec fields, sometimes with a "metadata" object beside them.
pod read_vector_pod(element vector, const std::string& status_json) {
  std::string metadata = R"({"name":"vector","namespace":"conformance")";
  std::string spec = "{";
  simdjson::dom::object fields = vector["pod"].get_object().value();
  for (auto [key, value] : fields) {
    if (key == "metadata") {
      const simdjson::dom::object meta = value.get_object().value();
      for (auto [meta_key, meta_value] : meta) {
        metadata += ",\"" + std::string(meta_key) + "\":" + test::to_json(meta_value);
      }
      continue;
    }
    if (spec.size() > 1) spec += ',';
    spec += "\"" + std::string(key) + "\":" + test::to_json(value);
  }
  spec += '}';
  metadata += '}';
  const std::string json = R"({"apiVersion":"v1","kind":"Pod","metadata":)" + metadata + ",\"spec\":" + spec + ",\"status\":" + status_json + "}";
  auto decoded = io::read_pod_json(json, io::read_options{io::validation::lenient, io::input_format::json});
  EXPECT_TRUE(decoded.ok()) << (decoded.ok() ? "" : decoded.err().describe()) << "\n" << json;
  return decoded.ok() ? std::move(*decoded) : pod{};
}

std::vector<std::string> names_of(element list) {
  std::vector<std::string> out;
  const simdjson::dom::array items = list.get_array().value();
  for (element item : items) out.emplace_back(item.get_string().value());
  return out;
}

std::string name_of(const pod& p, container_index index) {
  const std::size_t init_count = p.spec.init_containers.size();
  return index < init_count ? p.spec.init_containers[index].name : p.spec.containers[index - init_count].name;
}

probe_result parse_probe(std::string_view text) {
  if (text == "Success") return probe_result::success;
  if (text == "Failure") return probe_result::failure;
  return probe_result::unknown;
}

runtime_state parse_runtime_state(std::string_view text) {
  if (text == "created") return runtime_state::created;
  if (text == "running") return runtime_state::running;
  if (text == "exited") return runtime_state::exited;
  return runtime_state::unknown;
}

std::set<std::string> ids_of(const verify_report& report) {
  std::set<std::string> out;
  for (const violation& found : report.violations) out.emplace(to_string(found.id));
  return out;
}

std::set<std::string> expected_ids(element vector) {
  std::set<std::string> out;
  for (const std::string& id : names_of(vector["expect"]["violated"])) out.insert(id);
  return out;
}

TEST(LifecycleConformance, ComputePodActions) {
  const auto vectors = of_kind("computePodActions");
  EXPECT_EQ(vectors.size(), 37U);
  for (element vector : vectors) {
    const std::string id = test::get_string(vector, "id");
    SCOPED_TRACE(id);
    const pod p = read_vector_pod(vector, "{}");
    const pod_shape shape = shape_of(p.spec);
    element state = vector["state"];
    std::vector<container_runtime> records(shape.container_count());
    const simdjson::dom::array runtime_records = state["runtimeContainers"].get_array().value();
    for (element record : runtime_records) {
      const std::string name(record["name"].get_string().value());
      std::size_t index = shape.container_count();
      for (std::size_t idx = 0; idx < shape.container_count(); ++idx) {
        if (name_of(p, static_cast<container_index>(idx)) == name) index = idx;
      }
      ASSERT_LT(index, shape.container_count()) << name;
      container_runtime& out = records[index];
      out.state = parse_runtime_state(record["state"].get_string().value());
      std::int64_t code = 0;
      if (!record["exitCode"].get_int64().get(code)) out.exit_code = static_cast<std::int32_t>(code);
      std::string_view reason;
      if (!record["reason"].get_string().get(reason)) out.oom_killed = reason == "OOMKilled";
      std::string_view image;
      if (!record["image"].get_string().get(image)) {
        const container& ctr = index < p.spec.init_containers.size() ? p.spec.init_containers[index] : p.spec.containers[index - p.spec.init_containers.size()];
        out.spec_changed = image != ctr.image;
      }
    }
    simdjson::dom::object probes;
    if (!state["probeResults"].get_object().get(probes)) {
      for (auto [kind, results] : probes) {
        const simdjson::dom::object by_name = results.get_object().value();
        for (auto [name, result] : by_name) {
          for (std::size_t idx = 0; idx < shape.container_count(); ++idx) {
            if (name_of(p, static_cast<container_index>(idx)) != name) continue;
            (kind == "startup" ? records[idx].startup : records[idx].liveness) = parse_probe(result.get_string().value());
          }
        }
      }
    }
    pod_runtime runtime;
    runtime.sandbox.exists = true;
    runtime.sandbox.ready = std::string_view(state["sandbox"]["state"].get_string().value()) == "SANDBOX_READY";
    runtime.sandbox.ready_count = runtime.sandbox.ready ? 1 : 0;
    runtime.sandbox.attempt = static_cast<std::uint32_t>(state["sandbox"]["attempt"].get_int64().value());
    bool has_ip = true;
    if (!state["sandbox"]["hasIP"].get_bool().get(has_ip)) runtime.sandbox.has_ip = has_ip;
    runtime.containers = records;
    const pod_actions actions = compute_pod_actions(shape, runtime);

    element expect = vector["expect"];
    EXPECT_EQ(actions.kill_pod, expect["killPod"].get_bool().value());
    EXPECT_EQ(actions.create_sandbox, expect["createSandbox"].get_bool().value());
    EXPECT_EQ(actions.attempt, static_cast<std::uint32_t>(expect["attempt"].get_int64().value()));
    auto to_names = [&](const container_list& list) {
      std::vector<std::string> out;
      for (container_index index : list) out.push_back(name_of(p, index));
      return out;
    };
    EXPECT_EQ(to_names(actions.init_to_start), names_of(expect["initContainersToStart"]));
    EXPECT_EQ(to_names(actions.apps_to_start), names_of(expect["containersToStart"]));
    std::vector<std::string> kill = to_names(actions.to_kill);
    std::vector<std::string> want_kill = names_of(expect["containersToKill"]);
    std::sort(kill.begin(), kill.end());
    std::sort(want_kill.begin(), want_kill.end());
    EXPECT_EQ(kill, want_kill);
  }
}

TEST(LifecycleConformance, PodPhase) {
  const auto vectors = of_kind("podPhase");
  EXPECT_EQ(vectors.size(), 14U);
  for (element vector : vectors) {
    SCOPED_TRACE(test::get_string(vector, "id"));
    element state = vector["state"];
    const std::string status = R"({"initContainerStatuses":)" + test::to_json(state["initContainerStatuses"]) +
                               R"(,"containerStatuses":)" + test::to_json(state["containerStatuses"]) + "}";
    const pod p = read_vector_pod(vector, status);
    phase_inputs inputs;
    inputs.pod_is_terminal = state["podIsTerminal"].get_bool().value();
    bool initialized = false;
    if (!state["podHasInitialized"].get_bool().get(initialized)) inputs.pod_has_initialized = initialized;
    EXPECT_EQ(to_string(get_phase(p.spec, p.status, inputs)), std::string_view(vector["expect"]["phase"].get_string().value()));
  }
}

TEST(LifecycleConformance, Conditions) {
  const auto vectors = of_kind("conditions");
  EXPECT_EQ(vectors.size(), 6U);
  for (element vector : vectors) {
    SCOPED_TRACE(test::get_string(vector, "id"));
    const pod p = read_vector_pod(vector, test::to_json(vector["state"]));
    const pod_conditions conditions = generate_conditions(p.spec, p.status);
    std::size_t checked = 0;
    const simdjson::dom::object expected = vector["expect"].get_object().value();
    for (auto [type, want] : expected) {
      const condition_result* got = type == "Initialized"       ? &conditions.initialized
                                    : type == "ContainersReady" ? &conditions.containers_ready
                                    : type == "Ready"           ? &conditions.ready
                                                                : nullptr;
      ASSERT_NE(got, nullptr) << type;
      SCOPED_TRACE(std::string(type));
      const std::string_view status = want["status"].get_string().value();
      EXPECT_EQ(got->status, status == "True" ? condition_status::true_ : condition_status::false_);
      std::string_view text;
      if (!want["reason"].get_string().get(text)) {
        EXPECT_EQ(got->reason, text);
      }
      if (!want["message"].get_string().get(text)) {
        EXPECT_EQ(got->message, text);
      }
      ++checked;
    }
    EXPECT_GT(checked, 0U);
  }
}

TEST(LifecycleConformance, KubectlStatus) {
  const auto vectors = of_kind("kubectlStatus");
  EXPECT_EQ(vectors.size(), 11U);
  for (element vector : vectors) {
    SCOPED_TRACE(test::get_string(vector, "id"));
    const pod p = read_vector_pod(vector, test::to_json(vector["state"]));
    const kubectl_columns columns = kubectl_columns_of(p);
    EXPECT_EQ(columns.ready, std::string_view(vector["expect"]["READY"].get_string().value()));
    EXPECT_EQ(columns.status, std::string_view(vector["expect"]["STATUS"].get_string().value()));
    EXPECT_EQ(columns.restarts, std::string_view(vector["expect"]["RESTARTS"].get_string().value()));
  }
}

TEST(LifecycleConformance, BackoffSchedule) {
  const auto vectors = of_kind("backoffSchedule");
  EXPECT_EQ(vectors.size(), 3U);
  constexpr std::int64_t SECOND = MICROS_PER_SECOND;
  for (element vector : vectors) {
    SCOPED_TRACE(test::get_string(vector, "id"));
    element expect = vector["expect"];
    simdjson::dom::array delays;
    if (!expect["minDelaySecondsBeforeRestart"].get_array().get(delays)) {
      // Rapid crashes: every instance exits the moment it is created.
      const std::int64_t restarts = vector["state"]["restarts"].get_int64().value();
      crash_backoff_entry entry;
      std::int64_t finished = 0;
      std::vector<std::int64_t> got;
      for (std::int64_t restart = 1; restart <= restarts; ++restart) {
        const std::int64_t delay = crash_backoff_delay(entry, finished);
        EXPECT_TRUE(crash_backoff_blocks(entry, finished, finished + delay - 1) || delay == 0);
        EXPECT_FALSE(crash_backoff_blocks(entry, finished, finished + delay));
        got.push_back(delay / SECOND);
        crash_backoff_admit(entry, finished, finished + delay);
        finished += delay;
      }
      std::vector<std::int64_t> want;
      for (element item : delays) want.push_back(item.get_int64().value());
      EXPECT_EQ(got, want);
      EXPECT_TRUE(is_kubelet_waiting_reason(expect["waitingReasonDuringDelay"].get_string().value()));
      continue;
    }
    std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> instances;  // instance -> (created, exited)
    const simdjson::dom::array events = vector["state"]["events"].get_array().value();
    for (element item : events) {
      instances[item["instance"].get_int64().value()] = {item["createdAt"].get_int64().value() * SECOND, item["exitedAt"].get_int64().value() * SECOND};
    }
    crash_backoff_entry entry;
    std::map<std::int64_t, std::int64_t> earliest;
    const std::int64_t last = instances.rbegin()->first;
    for (std::int64_t instance = 1; instance <= last + 1; ++instance) {
      const std::int64_t finished = instances.at(instance - 1).second;
      earliest[instance] = finished + crash_backoff_delay(entry, finished);
      if (instances.count(instance) != 0) crash_backoff_admit(entry, finished, instances.at(instance).first);
    }
    std::size_t checked = 0;
    const simdjson::dom::object earliest_expected = expect["earliestCreateOfInstance"].get_object().value();
    for (auto [key, value] : earliest_expected) {
      const std::int64_t instance = std::stoll(std::string(key));
      ASSERT_EQ(earliest.count(instance), 1U) << key;
      EXPECT_EQ(earliest[instance], value.get_int64().value() * SECOND) << "instance " << key;
      ++checked;
    }
    EXPECT_GT(checked, 0U);
  }
}

TEST(LifecycleConformance, EffectiveRequests) {
  const auto vectors = of_kind("effectiveRequests");
  EXPECT_EQ(vectors.size(), 4U);
  for (element vector : vectors) {
    SCOPED_TRACE(test::get_string(vector, "id"));
    const pod p = read_vector_pod(vector, "{}");
    const resource_list requests = effective_requests(p.spec);
    ASSERT_EQ(requests.count("cpu"), 1U);
    const auto want = parse_quantity(std::string(vector["expect"]["cpu"].get_string().value()));
    ASSERT_TRUE(want.ok());
    EXPECT_EQ(requests.at("cpu").milli_value(), want->milli_value());
  }
}

// A trace vector as JSON Lines: the pod line, then its events sorted by time (stable, so
// events at one time keep the vector's causal order).
std::string trace_vector_jsonl(element vector, const std::string& pod_name) {
  std::string out = R"({"pod":")" + pod_name + R"(","uid":")" + test::get_string(vector, "id") + R"(","spec":)" + test::to_json(vector["pod"]) + "}\n";
  std::vector<std::pair<double, std::string>> lines;
  const simdjson::dom::array events = vector["state"]["events"].get_array().value();
  for (element event : events) {
    std::string line = R"({"pod":")" + pod_name + "\"";
    const simdjson::dom::object fields = event.get_object().value();
    for (auto [key, value] : fields) line += ",\"" + std::string(key) + "\":" + test::to_json(value);
    line += "}\n";
    lines.emplace_back(event["t"].get_double().value(), std::move(line));
  }
  std::stable_sort(lines.begin(), lines.end(), [](const auto& lhs, const auto& rhs) { return lhs.first < rhs.first; });
  for (const auto& [time, line] : lines) out += line;
  return out;
}

TEST(LifecycleConformance, Traces) {
  const auto vectors = of_kind("trace");
  EXPECT_EQ(vectors.size(), 19U);
  for (element vector : vectors) {
    const std::string id = test::get_string(vector, "id");
    SCOPED_TRACE(id);
    const std::string text = trace_vector_jsonl(vector, "vectors/" + id);
    auto traces = read_trace_text(id + ".jsonl", text);
    ASSERT_TRUE(traces.ok()) << traces.err().describe() << "\n" << text;
    const verify_report report = verify_traces(*traces);
    EXPECT_EQ(report.pods, 1U);
    std::string details;
    for (const violation& found : report.violations) details += std::string(to_string(found.id)) + ": " + found.detail + "\n";
    EXPECT_EQ(ids_of(report), expected_ids(vector)) << details;
    EXPECT_EQ(report.violations.empty(), vector["expect"]["valid"].get_bool().value());
    // The serial twin agrees.
    const verify_report serial = verify_traces_serial(*traces);
    EXPECT_EQ(ids_of(serial), ids_of(report));
  }
}

TEST(LifecycleConformance, Snapshots) {
  const auto vectors = of_kind("snapshot");
  EXPECT_EQ(vectors.size(), 10U);
  for (element vector : vectors) {
    SCOPED_TRACE(test::get_string(vector, "id"));
    std::vector<pod> pods;
    pods.push_back(read_vector_pod(vector, test::to_json(vector["state"]["status"])));
    const verify_report report = verify_snapshots(pods);
    std::string details;
    for (const violation& found : report.violations) details += std::string(to_string(found.id)) + ": " + found.detail + "\n";
    EXPECT_EQ(ids_of(report), expected_ids(vector)) << details;
    EXPECT_EQ(report.violations.empty(), vector["expect"]["valid"].get_bool().value());
  }
}

TEST(LifecycleConformance, EveryVectorHasAKindWeCheck) {
  std::size_t total = 0;
  for (const char* kind : {"computePodActions", "podPhase", "conditions", "kubectlStatus", "backoffSchedule", "effectiveRequests", "trace", "snapshot"}) {
    total += of_kind(kind).size();
  }
  simdjson::dom::parser parser;
  const auto all = parser.load(test::source_path("tests/conformance/data/lifecycle.json")).value().get_array().value();
  EXPECT_EQ(total, all.size()) << "a vector kind is not covered";
  EXPECT_EQ(total, 104U);
}

}  // namespace
}  // namespace dsb
