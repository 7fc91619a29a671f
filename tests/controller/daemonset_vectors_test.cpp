// The conformance vectors of ../shared/conformance/daemonset.json (daemonset-controller.md
// §17), driven through the public controller API with the harness the spec describes:
// a fake pod control that applies creates and deletes to the pod store at once and marks
// them observed; created pods are unbound, carry the injected affinity, are not Ready and
// get the clock's time as creationTimestamp. Every sync vector runs under each update
// strategy it lists and with both controller variants and every placement variant.
#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/controller/daemon_pods.hpp"
#include "engine/controller/node_events.hpp"
#include "engine/controller/revision.hpp"
#include "engine/controller/status_store.hpp"
#include "engine/controller/sync.hpp"
#include "engine/io/read.hpp"
#include "engine/model/time.hpp"
#include "engine/predicates/variants.hpp"
#include "tests/support/test_paths.hpp"
#include "tests/support/vectors.hpp"

namespace dsb {
namespace {

using simdjson::dom::element;

io::read_options lenient() { return io::read_options{io::validation::lenient, io::input_format::json}; }

// Elements of an array / members of an object (empty when the element is not one).
std::vector<element> items_of(element value) {
  std::vector<element> out;
  simdjson::dom::array array;
  if (value.get(array) == simdjson::SUCCESS) {
    for (element item : array) out.push_back(item);
  }
  return out;
}
std::vector<std::pair<std::string_view, element>> fields_of(element value) {
  std::vector<std::pair<std::string_view, element>> out;
  simdjson::dom::object object;
  if (value.get(object) == simdjson::SUCCESS) {
    for (auto field : object) out.emplace_back(field.key, field.value);
  }
  return out;
}

// "t=60" -> RFC 3339 of 60 s after the epoch; "<now>"/"<set>" -> the harness clock.
std::string resolve_times(std::string json, std::int64_t now_seconds) {
  for (std::size_t at = json.find("\"t="); at != std::string::npos; at = json.find("\"t=", at)) {
    const std::size_t end = json.find('"', at + 1);
    const std::int64_t seconds = std::stoll(json.substr(at + 3, end - at - 3));
    json.replace(at, end - at + 1, "\"" + format_rfc3339(seconds) + "\"");
  }
  for (const char* marker : {"\"<now>\"", "\"<set>\""}) {
    for (std::size_t at = json.find(marker); at != std::string::npos; at = json.find(marker, at)) {
      json.replace(at, std::string(marker).size(), "\"" + format_rfc3339(now_seconds) + "\"");
    }
  }
  return json;
}

std::string with_kind(const std::string& json, const char* kind) { return std::string("{\"kind\":\"") + kind + "\"," + json.substr(1); }

// The base node of the upstream helper newNode: Ready=True, pods=100, no taints.
std::string generated_nodes_json(element entry) {
  std::string out;
  const std::string prefix(entry["x-generate"]["namePrefix"].get_string().value());
  const std::int64_t start = entry["x-generate"]["start"].get_int64().value();
  const std::int64_t count = entry["x-generate"]["count"].get_int64().value();
  std::string labels = "{}";
  element labels_element;
  if (entry["metadata"]["labels"].get(labels_element) == simdjson::SUCCESS) labels = test::to_json(labels_element);
  for (std::int64_t idx = start; idx < start + count; ++idx) {
    if (!out.empty()) out += ",";
    out += R"({"kind":"Node","metadata":{"name":")" + prefix + std::to_string(idx) + R"(","labels":)" + labels +
           R"(},"status":{"conditions":[{"type":"Ready","status":"True"}],"allocatable":{"pods":"100"}}})";
  }
  return out;
}

cluster nodes_from(element list) {
  std::string items;
  simdjson::dom::array entries;
  if (list.get(entries) == simdjson::SUCCESS) {
    for (element entry : entries) {
      std::string json;
      element generate;
      if (entry["x-generate"].get(generate) == simdjson::SUCCESS) {
        json = generated_nodes_json(entry);
      } else {
        json = with_kind(test::to_json(entry), "Node");
      }
      if (json.empty()) continue;
      if (!items.empty()) items += ",";
      items += json;
    }
  }
  auto read = io::read_nodes(io::input_text::from_string("vector-nodes", R"({"kind":"NodeList","items":[)" + items + "]}"), lenient());
  EXPECT_TRUE(read.ok()) << read.err().describe();
  return read.ok() ? std::move(*read) : cluster{};
}

// "RollingUpdate{maxUnavailable:0,maxSurge:1}" / "OnDelete"
update_strategy parse_strategy(std::string_view text) {
  // "OnDelete -> RollingUpdate{...}": the vector starts with the first, a step switches.
  if (const auto arrow = text.find(" ->"); arrow != std::string_view::npos) text = text.substr(0, arrow);
  update_strategy out;
  if (text == "OnDelete") {
    out.type = update_strategy_type::on_delete;
    out.rolling.reset();
    return out;
  }
  rolling_update_params params;
  auto number_after = [&](std::string_view key) -> std::optional<std::int32_t> {
    const auto at = text.find(key);
    if (at == std::string_view::npos) return std::nullopt;
    return static_cast<std::int32_t>(std::stoi(std::string(text.substr(at + key.size()))));
  };
  if (auto value = number_after("maxUnavailable:")) params.max_unavailable = int_or_percent{*value, false};
  if (auto value = number_after("maxSurge:")) params.max_surge = int_or_percent{*value, false};
  out.rolling = params;
  return out;
}

update_strategy strategy_from_json(element value) {
  const std::string json = R"({"kind":"DaemonSet","metadata":{"name":"x"},"spec":{"updateStrategy":)" + test::to_json(value) + "}}";
  auto read = io::read_daemonsets(io::input_text::from_string("strategy", json), lenient());
  EXPECT_TRUE(read.ok()) << read.err().describe();
  return read.ok() ? read->front().strategy : update_strategy{};
}

struct variant_choice {
  ctl::controller_variant controller;
  const pred::variant* placement;
};

// One vector run: the store, the clock and the controller's memory.
class harness {
 public:
  harness(element input, variant_choice choice, std::optional<std::string_view> strategy) : choice_(choice) {
    std::string now_text = test::get_string(input, "now");
    if (!now_text.empty()) now_ = std::stoll(now_text.substr(2)) * ctl::NANOS_PER_SECOND;
    nodes_ = nodes_from(input["nodes"]);
    element ds_json;
    EXPECT_EQ(input["daemonSet"].get(ds_json), simdjson::SUCCESS);
    auto read = io::read_daemonsets(io::input_text::from_string("vector-ds", with_kind(resolve_times(test::to_json(ds_json), now_seconds()), "DaemonSet")), lenient());
    EXPECT_TRUE(read.ok()) << read.err().describe();
    if (read.ok()) ds_ = read->front();
    if (ds_.metadata.uid.empty()) ds_.metadata.uid = "uid-" + ds_.metadata.name;
    if (strategy) ds_.strategy = parse_strategy(*strategy);
    element harness_config;
    if (input["harness"].get(harness_config) == simdjson::SUCCESS) {
      std::int64_t quota = 0;
      if (harness_config["podCreateSucceedsOnlyFirstN"].get_int64().get(quota) == simdjson::SUCCESS) create_quota_ = static_cast<std::size_t>(quota);
      if (!test::get_string(harness_config, "backoffInitial").empty()) {
        state_.backoff = ctl::failed_pod_backoff(50'000'000, 500'000'000);  // 50 ms, 500 ms as upstream's test
      }
    }
    element pods;
    if (input["pods"].get(pods) == simdjson::SUCCESS) add_pods(pods);
    const std::string state_text = test::get_string(input, "state");
    if (!state_text.empty()) build_described_state(state_text);
  }

  std::int64_t now_seconds() const { return now_ / ctl::NANOS_PER_SECOND; }
  std::string hash() const { return ctl::revision_hash(ds_.template_, ds_.status.collision_count); }
  daemonset& ds() { return ds_; }
  std::vector<pod>& pods() { return pods_; }
  const cluster& nodes() const { return nodes_; }
  ctl::controller_state& state() { return state_; }
  ctl::nanos& now() { return now_; }

  // A pod entry: x-count copies, x-revision (current/none/old), x-nameHint.
  void add_pod(element entry, const std::string& forced_name = {}) {
    std::int64_t copies = 1;
    if (entry["x-count"].get_int64().get(copies) != simdjson::SUCCESS) copies = 1;
    const std::string revision = test::get_string(entry, "x-revision");
    const std::string hint = test::get_string(entry, "x-nameHint");
    for (std::int64_t copy = 0; copy < copies; ++copy) {
      std::string json = resolve_times(test::to_json(entry), now_seconds());
      auto read = io::read_pods(io::input_text::from_string("vector-pod", with_kind(json, "Pod")), lenient());
      ASSERT_TRUE(read.ok()) << read.err().describe();
      pod p = read->front();
      p.metadata.namespace_ = p.metadata.namespace_.empty() ? ds_.metadata.namespace_ : p.metadata.namespace_;
      p.metadata.name = !forced_name.empty() ? forced_name : (hint.empty() ? "pod-" : hint) + std::to_string(pod_counter_++);
      for (owner_reference& ref : p.metadata.owner_references) {
        if (ref.kind == "DaemonSet" && ref.name == ds_.metadata.name && ref.uid.empty()) ref.uid = ds_.metadata.uid;
      }
      set_revision(p, revision);
      pods_.push_back(std::move(p));
    }
  }

  void add_pods(element pods) {
    simdjson::dom::array list;
    simdjson::dom::object named;
    if (pods.get(list) == simdjson::SUCCESS) {
      for (element entry : list) add_pod(entry);
    } else if (pods.get(named) == simdjson::SUCCESS) {
      for (auto field : named) add_pod(field.value, std::string(field.key));
    }
  }

  void set_revision(pod& p, const std::string& revision) {
    const std::string label(ctl::REVISION_HASH_LABEL);
    if (revision == "current") {
      p.metadata.labels[label] = hash();
    } else if (revision == "old") {
      p.metadata.labels[label] = "old-revision";
    } else if (revision == "none") {
      p.metadata.labels.erase(label);
    }
  }

  static void set_ready(pod& p, bool ready, std::int64_t since) {
    pod_condition* found = nullptr;
    for (pod_condition& cond : p.status.conditions) {
      if (cond.type == "Ready") found = &cond;
    }
    if (found == nullptr) {
      p.status.conditions.push_back(pod_condition{"Ready", condition_status::unknown, {}, {}});
      found = &p.status.conditions.back();
    }
    found->status = ready ? condition_status::true_ : condition_status::false_;
    found->last_transition_time = since;
  }

  // RU-07's described state: 100 nodes with one pod each, 10 old ready, 2 old unready, 88 current unready.
  void build_described_state(const std::string& text) {
    ASSERT_NE(text.find("100 nodes"), std::string::npos) << "unknown described state: " << text;
    for (std::uint32_t node_idx = 0; node_idx < nodes_.node_count(); ++node_idx) {
      pod p;
      p.metadata.name = "pod-" + std::to_string(node_idx);
      p.metadata.namespace_ = ds_.metadata.namespace_;
      p.metadata.labels = ds_.template_.metadata.labels;
      p.metadata.owner_references = {owner_reference{"apps/v1", "DaemonSet", ds_.metadata.name, ds_.metadata.uid, true}};
      p.metadata.creation_timestamp = 1;
      p.spec = ds_.template_.spec;
      p.spec.node_name = std::string(nodes_.name(make_id<node_id>(node_idx)));
      const bool old_ready = node_idx < 10;
      const bool old_unready = node_idx >= 10 && node_idx < 12;
      set_revision(p, old_ready || old_unready ? "old" : "current");
      set_ready(p, old_ready, 1);
      if (old_unready) old_unready_.push_back(p.metadata.name);
      controlled_.insert(p.metadata.name);  // the upstream test created these through the pod control
      pods_.push_back(std::move(p));
    }
  }

  struct sync_report {
    ctl::sync_outcome outcome;
    std::vector<std::string> deleted;
    std::vector<pod> created;
  };

  sync_report sync() {
    const pred::compiled_daemonset compiled = pred::compile(ds_, nodes_);
    const pred::evaluation_context ctx(nodes_);
    const pred::placement placement = choice_.placement->evaluate(compiled, ctx);
    const ctl::claim_result claimed = ctl::claim_daemon_pods(ds_, pods_, nodes_);
    ctl::sync_options options;
    options.now = now_;
    options.variant = choice_.controller;
    options.create_quota = create_quota_;
    options.status_after_plan = true;  // the fake pod control updates the store synchronously
    sync_report report;
    report.outcome = ctl::sync_daemonset(ds_, nodes_, placement, claimed.pods, options, state_);
    const ctl::sync_plan& plan = report.outcome.plan;
    // Released pods lose their controller reference; adopted orphans gain one.
    for (pod& p : pods_) {
      if (std::find(claimed.released.begin(), claimed.released.end(), p.metadata.name) != claimed.released.end()) p.metadata.owner_references.clear();
      if (std::find(claimed.adopted.begin(), claimed.adopted.end(), p.metadata.name) != claimed.adopted.end()) {
        p.metadata.owner_references = {owner_reference{"apps/v1", "DaemonSet", ds_.metadata.name, ds_.metadata.uid, true}};
      }
    }
    for (std::uint32_t row : plan.deletes) report.deleted.emplace_back(claimed.pods.names[row]);
    // Upstream's fake pod control can only delete pods it created itself (its podIDMap);
    // pods a test put straight into the store stay there (BACKOFF-01: "failed pod still in store").
    std::erase_if(pods_, [&](const pod& p) {
      return controlled_.contains(p.metadata.name) &&
             std::find(report.deleted.begin(), report.deleted.end(), p.metadata.name) != report.deleted.end();
    });
    for (node_id node : plan.creates) {
      pod created = ctl::create_daemon_pod(ds_, report.outcome.hash, ctl::template_generation(ds_), nodes_.name(node));
      created.metadata.name = ds_.metadata.name + "-" + std::to_string(pod_counter_++);
      created.metadata.creation_timestamp = now_seconds();
      controlled_.insert(created.metadata.name);
      report.created.push_back(created);
      pods_.push_back(std::move(created));
    }
    // Like upstream's fake client, status writes do not reach the DaemonSet the next sync
    // reads (so the failed-pod back-off key keeps its observedGeneration).
    return report;
  }

  std::vector<std::string> old_unready_;

 private:
  variant_choice choice_;
  cluster nodes_;
  daemonset ds_;
  std::vector<pod> pods_;
  ctl::controller_state state_;
  ctl::nanos now_ = 0;
  std::size_t pod_counter_ = 0;
  std::optional<std::size_t> create_quota_;
  std::set<std::string> controlled_;
};

// Every variant combination a vector runs under.
std::vector<variant_choice> all_choices() {
  std::vector<variant_choice> out;
  for (const pred::variant& placement : pred::variants()) {
    out.push_back({ctl::controller_variant::reference, &placement});
    out.push_back({ctl::controller_variant::column, &placement});
  }
  return out;
}

std::vector<std::optional<std::string>> strategies_of(element vector) {
  std::vector<std::optional<std::string>> out;
  simdjson::dom::array list;
  if (vector["strategies"].get(list) == simdjson::SUCCESS) {
    for (element entry : list) out.emplace_back(std::string(entry.get_string().value()));
  }
  if (out.empty()) out.emplace_back();
  return out;
}

std::string describe(const std::string& id, const std::optional<std::string>& strategy, const variant_choice& choice) {
  return id + " [" + strategy.value_or("as given") + ", controller " +
         (choice.controller == ctl::controller_variant::reference ? "reference" : "column") + ", placement " + std::string(choice.placement->name) + "]";
}

void check_status(element expected, const daemonset_status& status, const std::string& where) {
  simdjson::dom::object fields;
  if (expected.get(fields) != simdjson::SUCCESS) return;
  const std::map<std::string, std::int64_t> actual{
      {"desiredNumberScheduled", status.desired_number_scheduled}, {"currentNumberScheduled", status.current_number_scheduled},
      {"numberMisscheduled", status.number_misscheduled},          {"numberReady", status.number_ready},
      {"numberAvailable", status.number_available},                {"numberUnavailable", status.number_unavailable},
      {"updatedNumberScheduled", status.updated_number_scheduled}, {"observedGeneration", status.observed_generation}};
  for (auto field : fields) {
    const auto found = actual.find(std::string(field.key));
    ASSERT_NE(found, actual.end()) << where << ": unknown status field " << field.key;
    EXPECT_EQ(found->second, field.value.get_int64().value()) << where << ": status." << field.key;
  }
}

std::int64_t events_of(const ctl::sync_outcome& outcome) {
  return outcome.plan.failed_pod_events + outcome.plan.succeeded_pod_events + (outcome.kind == ctl::sync_kind::selects_all ? 1 : 0);
}

void check_sync_expect(element expect, const harness::sync_report& report, harness& env, const std::string& where) {
  const ctl::sync_plan& plan = report.outcome.plan;
  std::int64_t number = 0;
  if (expect["creates"].get_int64().get(number) == simdjson::SUCCESS) {
    EXPECT_EQ(static_cast<std::int64_t>(plan.creates.size()), number) << where << ": creates";
  }
  if (expect["deletes"].get_int64().get(number) == simdjson::SUCCESS) {
    EXPECT_EQ(static_cast<std::int64_t>(plan.deletes.size()), number) << where << ": deletes";
  }
  if (expect["events"].get_int64().get(number) == simdjson::SUCCESS) {
    EXPECT_EQ(events_of(report.outcome), number) << where << ": events";
  }
  simdjson::dom::array list;
  if (expect["eventReasons"].get(list) == simdjson::SUCCESS) {
    std::vector<std::string> reasons;
    for (std::uint32_t idx = 0; idx < plan.failed_pod_events; ++idx) reasons.emplace_back("FailedDaemonPod");
    for (std::uint32_t idx = 0; idx < plan.succeeded_pod_events; ++idx) reasons.emplace_back("SucceededDaemonPod");
    if (report.outcome.kind == ctl::sync_kind::selects_all) reasons.emplace_back("SelectingAll");
    std::vector<std::string> expected;
    for (element reason : list) expected.emplace_back(reason.get_string().value());
    EXPECT_EQ(reasons, expected) << where << ": eventReasons";
  }
  if (expect["deletedPods"].get(list) == simdjson::SUCCESS) {
    std::vector<std::string> deleted = report.deleted;
    for (element pattern_element : list) {
      const std::string pattern(pattern_element.get_string().value());
      const std::string prefix = pattern.substr(0, pattern.find('*'));
      const auto found = std::find_if(deleted.begin(), deleted.end(), [&](const std::string& name) { return name.rfind(prefix, 0) == 0; });
      EXPECT_NE(found, deleted.end()) << where << ": expected a deleted pod named " << pattern;
    }
  }
  element created;
  if (expect["createdPods"].get(created) == simdjson::SUCCESS) {
    std::set<std::string> targets;
    for (const pod& p : report.created) {
      EXPECT_TRUE(p.spec.node_name.empty()) << where << ": created pods are not bound";
      const auto target = ctl::target_node_name(p);
      ASSERT_TRUE(target.has_value()) << where;
      const node_selector* required = p.spec.required_node_affinity();
      ASSERT_NE(required, nullptr);
      ASSERT_EQ(required->terms.size(), 1U);
      ASSERT_EQ(required->terms[0].match_fields.size(), 1U);
      EXPECT_EQ(required->terms[0].match_fields[0].key, "metadata.name");
      targets.insert(*target);
    }
    EXPECT_EQ(targets.size(), report.created.size()) << where << ": one created pod per node";
  }
  element status;
  if (expect["status"].get(status) == simdjson::SUCCESS) check_status(status, report.outcome.status, where);
  if (expect["maxCreateCalls"].get_int64().get(number) == simdjson::SUCCESS) {
    EXPECT_LE(static_cast<std::int64_t>(plan.create_calls), number) << where << ": create calls";
  }
  bool flag = false;
  if (expect["expectationsSatisfiedAfterSync"].get_bool().get(flag) == simdjson::SUCCESS) {
    EXPECT_EQ(env.state().expected.satisfied(env.now()), flag) << where;
  }
}

TEST(ConformanceDaemonSet, SyncOnce) {
  const auto cases = test::vectors("daemonset.json", "kind", "syncOnce");
  ASSERT_EQ(cases.size(), 36U);
  for (element vector : cases) {
    const std::string id = test::get_string(vector, "id");
    for (const auto& strategy : strategies_of(vector)) {
      for (const variant_choice& choice : all_choices()) {
        const std::string where = describe(id, strategy, choice);
        harness env(vector["input"], choice, strategy);
        const harness::sync_report report = env.sync();
        check_sync_expect(vector["expect"], report, env, where);
      }
    }
  }
}

// The step interpreter of syncSequence vectors.
class sequence_runner {
 public:
  sequence_runner(harness& env, std::string where) : env_(env), where_(std::move(where)) {}

  void run(const std::vector<element>& steps, int iteration = -1) {
    for (element step : steps) {
      const std::string action = test::get_string(step, "do");
      const std::string at = where_ + " step " + std::to_string(step_++) + " (" + action + ")";
      if (action == "sync") {
        const harness::sync_report report = env_.sync();
        last_delay_ = env_.state().backoff.delay(backoff_key());
        element expect;
        if (step["expect"].get(expect) == simdjson::SUCCESS) {
          check_sync_expect(expect, report, env_, at);
          check_backoff_expect(expect, report, at);
        }
        previous_delay_ = last_delay_;
      } else if (action == "markAllPodsReady") {
        for (pod& p : env_.pods()) harness::set_ready(p, true, env_.now_seconds());
      } else if (action == "appendPodCondition") {
        for (pod& p : env_.pods()) {
          pod_condition condition;
          condition.type = test::get_string(step["condition"], "type");
          condition.status = test::get_string(step["condition"], "status") == "True" ? condition_status::true_ : condition_status::false_;
          p.status.conditions.push_back(condition);
        }
      } else if (action == "updateDaemonSet") {
        update(step["set"], iteration);
      } else if (action == "setClock") {
        env_.now() = step["t"].get_int64().value() * ctl::NANOS_PER_SECOND;
      } else if (action == "advanceClock") {
        const std::string by = test::get_string(step, "by");
        env_.now() += by == "1ns" ? 1 : env_.state().backoff.delay(backoff_key()) - 1;
        bool expected = false;
        if (step["expect"]["inBackoff"].get_bool().get(expected) == simdjson::SUCCESS) {
          EXPECT_EQ(env_.state().backoff.in_backoff(backoff_key(), env_.now()), expected) << at;
        }
      } else if (action == "setPodReadiness") {
        set_readiness(step);
      } else if (action == "repeat") {
        const std::int64_t times = step["times"].get_int64().value();
        if (original_ready_.empty()) {
          for (const pod& p : env_.pods()) {
            const pod_condition* ready = p.status.condition("Ready");
            if (ready != nullptr && ready->status == condition_status::true_) original_ready_.push_back(p.metadata.name);
          }
        }
        for (std::int64_t round = 0; round < times; ++round) run(items_of(step["body"]), static_cast<int>(round));
      } else if (action == "assert") {
        check_assertion(step["expect"], at);
      } else {
        ADD_FAILURE() << at << ": unknown step";
      }
    }
  }

 private:
  std::string backoff_key() {
    return ctl::failed_pod_backoff::key(env_.ds().metadata.uid, env_.ds().status.observed_generation, "node-0");
  }

  void check_backoff_expect(element expect, const harness::sync_report& report, const std::string& at) {
    element unused;
    if (expect["backoffDelay"].get(unused) == simdjson::SUCCESS) {
      EXPECT_GT(last_delay_, 0) << at << ": a back-off delay is set";
    }
    bool flag = false;
    if (expect["backoffDelayUnchanged"].get_bool().get(flag) == simdjson::SUCCESS && flag) {
      EXPECT_EQ(last_delay_, previous_delay_) << at;
    }
    if (expect["requeueAfter"].get(unused) == simdjson::SUCCESS) {
      ASSERT_TRUE(report.outcome.plan.requeue_after.has_value()) << at;
      EXPECT_EQ(*report.outcome.plan.requeue_after, last_delay_) << at;
    }
  }

  void update(element set, int iteration) {
    daemonset& ds = env_.ds();
    for (const auto& field : fields_of(set)) {
      const std::string key(field.first);
      if (key == "spec.template.spec.containers[0].image") {
        std::string image(field.second.get_string().value());
        if (const auto at = image.find("<i>"); at != std::string::npos) image.replace(at, 3, std::to_string(iteration));
        ds.template_.spec.containers.at(0).image = image;
      } else if (key == "spec.template.spec.tolerations") {
        ds.template_.spec.tolerations.clear();
      } else if (key == "spec.minReadySeconds") {
        ds.min_ready_seconds = static_cast<std::int32_t>(field.second.get_int64().value());
      } else if (key == "spec.updateStrategy") {
        std::string_view text;
        if (field.second.get_string().get(text) == simdjson::SUCCESS) {
          // "RollingUpdate{maxUnavailable: random 0..9}": a seeded draw, reproducible.
          ds.strategy.type = update_strategy_type::rolling_update;
          ds.strategy.rolling = rolling_update_params{};
          ds.strategy.rolling->max_unavailable = int_or_percent{static_cast<std::int32_t>(random_() % 10), false};
        } else {
          ds.strategy = strategy_from_json(field.second);
        }
      } else {
        ADD_FAILURE() << where_ << ": unknown field to set: " << key;
      }
    }
    ++ds.metadata.generation;
  }

  void set_readiness(element step) {
    const bool ready = step["ready"].get_bool().value();
    std::int64_t count = step["count"].get_int64().value();
    const std::string which = test::get_string(step, "which");
    const std::int64_t since = std::stoll(test::get_string(step, "lastTransitionTime").substr(2));
    const std::string hash = env_.hash();
    const std::string label(ctl::REVISION_HASH_LABEL);
    auto is_current = [&](const pod& p) {
      const auto found = p.metadata.labels.find(label);
      return found != p.metadata.labels.end() && found->second == hash;
    };
    for (pod& p : env_.pods()) {
      if (count == 0) break;
      const pod_condition* current = p.status.condition("Ready");
      const bool already = current != nullptr && (current->status == condition_status::true_) == ready;
      if (already) continue;  // the step changes pods that are not yet in that state
      bool chosen = which == "any";
      if (which == "current-revision pods") chosen = is_current(p);
      if (which == "an old pod on a node that has no current-revision pod") {
        const auto target = ctl::target_node_name(p);
        chosen = !is_current(p) && std::none_of(env_.pods().begin(), env_.pods().end(), [&](const pod& other) {
          return is_current(other) && ctl::target_node_name(other) == target;
        });
      }
      if (!chosen) continue;
      harness::set_ready(p, ready, since);
      --count;
    }
    EXPECT_EQ(count, 0) << where_ << ": not enough pods for setPodReadiness (" << which << ")";
  }

  void check_assertion(element expect, const std::string& at) {
    bool flag = false;
    if (expect["originalReadyPodsAllStillPresent"].get_bool().get(flag) == simdjson::SUCCESS) {
      for (const std::string& name : original_ready_) {
        const bool present = std::any_of(env_.pods().begin(), env_.pods().end(), [&](const pod& p) { return p.metadata.name == name; });
        EXPECT_EQ(present, flag) << at << ": " << name;
      }
    }
    std::int64_t number = 0;
    if (expect["readyPods"].get_int64().get(number) == simdjson::SUCCESS) {
      const auto ready = std::count_if(env_.pods().begin(), env_.pods().end(), [](const pod& p) {
        const pod_condition* cond = p.status.condition("Ready");
        return cond != nullptr && cond->status == condition_status::true_;
      });
      EXPECT_EQ(ready, number) << at;
    }
    if (expect["theTwoOldUnreadyPodsReplaced"].get_bool().get(flag) == simdjson::SUCCESS) {
      for (const std::string& name : env_.old_unready_) {
        const bool present = std::any_of(env_.pods().begin(), env_.pods().end(), [&](const pod& p) { return p.metadata.name == name; });
        EXPECT_NE(present, flag) << at << ": " << name;
      }
      EXPECT_EQ(env_.pods().size(), env_.nodes().node_count()) << at << ": every node has its pod again";
    }
  }

  harness& env_;
  std::string where_;
  int step_ = 0;
  ctl::nanos last_delay_ = 0;
  ctl::nanos previous_delay_ = 0;
  std::vector<std::string> original_ready_;
  std::mt19937 random_{42};
};

TEST(ConformanceDaemonSet, SyncSequence) {
  const auto cases = test::vectors("daemonset.json", "kind", "syncSequence");
  ASSERT_EQ(cases.size(), 9U);
  for (element vector : cases) {
    const std::string id = test::get_string(vector, "id");
    for (const auto& strategy : strategies_of(vector)) {
      for (const variant_choice& choice : all_choices()) {
        harness env(vector["input"], choice, strategy);
        sequence_runner runner(env, describe(id, strategy, choice));
        runner.run(items_of(vector["steps"]));
      }
    }
  }
}

TEST(ConformanceDaemonSet, StatusOnly) {
  const auto cases = test::vectors("daemonset.json", "kind", "statusOnly");
  ASSERT_EQ(cases.size(), 2U);
  for (element vector : cases) {
    const std::string id = test::get_string(vector, "id");
    for (const auto& strategy : strategies_of(vector)) {
      for (const variant_choice& choice : all_choices()) {
        harness env(vector["input"], choice, strategy);
        const pred::compiled_daemonset compiled = pred::compile(env.ds(), env.nodes());
        const pred::evaluation_context ctx(env.nodes());
        const pred::placement placement = choice.placement->evaluate(compiled, ctx);
        const ctl::claim_result claimed = ctl::claim_daemon_pods(env.ds(), env.pods(), env.nodes());
        const daemonset_status status = ctl::compute_status(env.ds(), placement, claimed.pods, env.hash(), env.now(), choice.controller);
        check_status(vector["expect"]["status"], status, describe(id, strategy, choice));
        std::int64_t requeue = 0;
        if (vector["expect"]["requeueAfterSeconds"].get_int64().get(requeue) == simdjson::SUCCESS) {
          const harness::sync_report report = env.sync();
          ASSERT_TRUE(report.outcome.plan.requeue_after.has_value()) << id;
          EXPECT_EQ(*report.outcome.plan.requeue_after, requeue * ctl::NANOS_PER_SECOND) << id;
        }
      }
    }
  }
}

TEST(ConformanceDaemonSet, RollingUpdateBudget) {
  const auto cases = test::vectors("daemonset.json", "kind", "rollingUpdateBudget");
  ASSERT_EQ(cases.size(), 6U);
  for (element vector : cases) {
    const std::string id = test::get_string(vector, "id");
    harness env(vector["input"], all_choices().front(), std::nullopt);
    // nodeToPods: node name -> pods on it.
    for (const auto& field : fields_of(vector["input"]["nodeToPods"])) {
      for (element entry : items_of(field.second)) {
        std::string json = resolve_times(test::to_json(entry), env.now_seconds());
        auto read = io::read_pods(io::input_text::from_string("pod", with_kind(json, "Pod")), lenient());
        ASSERT_TRUE(read.ok()) << read.err().describe();
        pod p = read->front();
        p.metadata.name = std::string(field.first) + "-pod";
        p.metadata.namespace_ = env.ds().metadata.namespace_;
        p.metadata.labels = env.ds().template_.metadata.labels;
        p.metadata.owner_references = {owner_reference{"apps/v1", "DaemonSet", env.ds().metadata.name, env.ds().metadata.uid, true}};
        env.pods().push_back(std::move(p));
      }
    }
    const pred::compiled_daemonset compiled = pred::compile(env.ds(), env.nodes());
    const pred::evaluation_context ctx(env.nodes());
    const pred::placement placement = pred::evaluate_reference(compiled, ctx);
    const ctl::rolling_budget budget = ctl::resolve_budget(env.ds(), static_cast<std::int64_t>(placement.should_run.count()));
    EXPECT_EQ(budget.max_surge, vector["expect"]["maxSurge"].get_int64().value()) << id;
    EXPECT_EQ(budget.max_unavailable, vector["expect"]["maxUnavailable"].get_int64().value()) << id;
    EXPECT_EQ(budget.desired, vector["expect"]["desiredNumberScheduled"].get_int64().value()) << id;
    // Map entries with no (non-terminating) pod after the desired nodes' empty entries are added.
    const ctl::claim_result claimed = ctl::claim_daemon_pods(env.ds(), env.pods(), env.nodes());
    std::int64_t empty = 0;
    placement.should_run.for_each([&](node_id node) { empty += claimed.pods.on_node(node).empty() ? 1 : 0; });
    EXPECT_EQ(empty, vector["expect"]["nodesWithEmptyPodList"].get_int64().value()) << id;
  }
}

TEST(ConformanceDaemonSet, NodeToDaemonPods) {
  const auto cases = test::vectors("daemonset.json", "kind", "nodeToDaemonPods");
  ASSERT_EQ(cases.size(), 2U);
  for (element vector : cases) {
    const std::string id = test::get_string(vector, "id");
    harness env(vector["input"], all_choices().front(), std::nullopt);
    bool include = false;
    if (vector["input"]["includeDeletedTerminal"].get_bool().get(include) != simdjson::SUCCESS) include = false;
    const ctl::claim_result claimed = ctl::claim_daemon_pods(env.ds(), env.pods(), env.nodes(), include);
    std::set<std::string> got;
    for (std::size_t row = 0; row < claimed.pods.names.size(); ++row) got.emplace(claimed.pods.names[row]);
    std::set<std::string> want;
    for (element name : items_of(vector["expect"]["grouped"])) want.emplace(name.get_string().value());
    EXPECT_EQ(got, want) << id;
    for (element name : items_of(vector["expect"]["ignored"])) EXPECT_FALSE(got.contains(std::string(name.get_string().value()))) << id;
  }
}

pred::compiled_daemonset compile_for(const daemonset& ds, const cluster& c) { return pred::compile(ds, c); }

TEST(ConformanceDaemonSet, NodeEvents) {
  for (element vector : test::vectors("daemonset.json", "kind", "shouldIgnoreNodeUpdate")) {
    const std::string id = test::get_string(vector, "id");
    simdjson::dom::parser parser;
    const cluster old_node = nodes_from(parser.parse("[" + test::to_json(vector["input"]["oldNode"].value()) + "]").value());
    simdjson::dom::parser parser2;
    const cluster new_node = nodes_from(parser2.parse("[" + test::to_json(vector["input"]["newNode"].value()) + "]").value());
    EXPECT_EQ(ctl::should_ignore_node_update(old_node, make_id<node_id>(0), new_node, make_id<node_id>(0)),
              vector["expect"]["ignore"].get_bool().value())
        << id;
  }
  const auto updates = test::vectors("daemonset.json", "kind", "nodeUpdateEnqueue");
  ASSERT_EQ(updates.size(), 3U);
  for (element vector : updates) {
    const std::string id = test::get_string(vector, "id");
    simdjson::dom::parser parser;
    const std::string old_json = "[" + test::to_json(vector["input"]["oldNode"].value()) + "]";
    const std::string new_json = "[" + test::to_json(vector["input"]["newNode"].value()) + "]";
    const cluster old_node = nodes_from(parser.parse(old_json).value());
    simdjson::dom::parser parser2;
    const cluster new_node = nodes_from(parser2.parse(new_json).value());
    const std::string ds_json = with_kind(test::to_json(vector["input"]["daemonSet"].value()), "DaemonSet");
    const daemonset ds = io::read_daemonsets(io::input_text::from_string(id, ds_json), lenient()).value().front();
    // The initial sync on the old node.
    const pred::placement initial = pred::evaluate_reference(pred::compile(ds, old_node), pred::evaluation_context(old_node));
    ctl::controller_state state;
    const ctl::daemon_pods no_pods = ctl::claim_daemon_pods(ds, {}, old_node).pods;
    const ctl::sync_outcome first = ctl::sync_daemonset(ds, old_node, initial, no_pods, ctl::sync_options{}, state);
    EXPECT_EQ(static_cast<std::int64_t>(first.plan.creates.size()), vector["expect"]["initialSync"]["creates"].get_int64().value()) << id;
    EXPECT_EQ(ctl::node_update_enqueues(compile_for(ds, new_node), old_node, make_id<node_id>(0), new_node, make_id<node_id>(0)),
              vector["expect"]["enqueued"].get_bool().value())
        << id;
  }
  for (element vector : test::vectors("daemonset.json", "kind", "nodeAddEnqueue")) {
    const std::string id = test::get_string(vector, "id");
    const cluster added = nodes_from(vector["input"]["addedNodes"]);
    const std::string ds_json = with_kind(test::to_json(vector["input"]["daemonSet"].value()), "DaemonSet");
    const daemonset ds = io::read_daemonsets(io::input_text::from_string(id, ds_json), lenient()).value().front();
    const pred::compiled_daemonset compiled = pred::compile(ds, added);
    std::int64_t queue = 0;
    queue += ctl::node_add_enqueues(compiled, added, make_id<node_id>(0)) ? 1 : 0;
    EXPECT_EQ(queue, vector["expect"]["queueLengthAfterNode1"].get_int64().value()) << id;
    queue += ctl::node_add_enqueues(compiled, added, make_id<node_id>(1)) ? 1 : 0;
    EXPECT_EQ(queue, vector["expect"]["queueLengthAfterNode2"].get_int64().value()) << id;
  }
}

TEST(ConformanceDaemonSet, StoreStatus) {
  const auto cases = test::vectors("daemonset.json", "kind", "storeStatus");
  ASSERT_EQ(cases.size(), 3U);
  for (element vector : cases) {
    const std::string id = test::get_string(vector, "id");
    std::int64_t update_failures = vector["input"]["updateStatusFailuresFirstN"].get_int64().value();
    std::int64_t get_failures = vector["input"]["getFailuresFirstN"].get_int64().value();
    ctl::status_api api;
    api.update_status = [&]() { return update_failures-- <= 0; };
    api.get = [&]() { return get_failures-- <= 0; };
    daemonset_status stored;
    daemonset_status computed;
    computed.desired_number_scheduled = computed.current_number_scheduled = computed.number_misscheduled = computed.number_ready = 2;
    computed.number_available = computed.number_unavailable = computed.updated_number_scheduled = 2;
    const ctl::status_store_result result = ctl::store_status(stored, computed, 1, api);
    EXPECT_EQ(result.update_calls, vector["expect"]["updateStatusCalls"].get_int64().value()) << id;
    EXPECT_EQ(result.get_calls, vector["expect"]["getCalls"].get_int64().value()) << id;
    std::string_view error;
    if (vector["expect"]["error"].get_string().get(error) == simdjson::SUCCESS) {
      EXPECT_EQ(result.error, error) << id;
    } else {
      EXPECT_TRUE(result.error.empty()) << id;
    }
  }
}

TEST(ConformanceDaemonSet, RevisionsAndCreatedPods) {
  for (element vector : test::vectors("daemonset.json", "kind", "isPodUpdated")) {
    const std::string id = test::get_string(vector, "id");
    std::string json = with_kind(test::to_json(vector["input"]["pod"].value()), "Pod");
    const pod p = io::read_pods(io::input_text::from_string(id, json), lenient()).value().front();
    std::optional<std::int64_t> generation;
    std::int64_t value = 0;
    if (vector["input"]["templateGeneration"].get_int64().get(value) == simdjson::SUCCESS) generation = value;
    EXPECT_EQ(ctl::is_pod_updated(p.metadata.labels, test::get_string(vector["input"], "currentHash"), generation),
              vector["expect"]["updated"].get_bool().value())
        << id;
  }
  for (element vector : test::vectors("daemonset.json", "kind", "replaceNodeNameAffinity")) {
    const std::string id = test::get_string(vector, "id");
    const std::string pod_json = R"({"kind":"Pod","metadata":{"name":"p"},"spec":{"affinity":)" + test::to_json(vector["input"]["affinity"].value()) + "}}";
    pod p = io::read_pods(io::input_text::from_string(id, pod_json), lenient()).value().front();
    ctl::replace_node_name_affinity(p.spec.affinity_, test::get_string(vector["input"], "nodeName"));
    const std::string expected_json = R"({"kind":"Pod","metadata":{"name":"p"},"spec":{"affinity":)" + test::to_json(vector["expect"]["affinity"].value()) + "}}";
    const pod expected = io::read_pods(io::input_text::from_string(id, expected_json), lenient()).value().front();
    const node_selector* got = p.spec.required_node_affinity();
    const node_selector* want = expected.spec.required_node_affinity();
    ASSERT_NE(got, nullptr) << id;
    ASSERT_NE(want, nullptr) << id;
    ASSERT_EQ(got->terms.size(), want->terms.size()) << id;
    EXPECT_EQ(got->terms[0].match_fields[0].values, want->terms[0].match_fields[0].values) << id;
    EXPECT_TRUE(got->terms[0].match_expressions.empty()) << id << ": user terms are dropped";
    EXPECT_EQ(p.spec.affinity_->node->preferred.size(), expected.spec.affinity_->node->preferred.size()) << id << ": preferred terms stay";
  }
  for (element vector : test::vectors("daemonset.json", "kind", "targetNodeName")) {
    const std::string id = test::get_string(vector, "id");
    const pod p = io::read_pods(io::input_text::from_string(id, with_kind(test::to_json(vector["input"]["pod"].value()), "Pod")), lenient()).value().front();
    bool error = false;
    if (vector["expect"]["error"].get_bool().get(error) == simdjson::SUCCESS && error) {
      EXPECT_FALSE(ctl::target_node_name(p).has_value()) << id;
    } else {
      EXPECT_EQ(ctl::target_node_name(p).value_or("<none>"), test::get_string(vector["expect"], "nodeName")) << id;
    }
  }
  for (element vector : test::vectors("daemonset.json", "kind", "createPodTemplate")) {
    const std::string id = test::get_string(vector, "id");
    const std::string ds_json = R"({"kind":"DaemonSet","metadata":{"name":"ds","namespace":"default"},"spec":{"template":)" +
                                test::to_json(vector["input"]["template"].value()) + "}}";
    const daemonset ds = io::read_daemonsets(io::input_text::from_string(id, ds_json), lenient()).value().front();
    std::optional<std::int64_t> generation;
    std::int64_t value = 0;
    if (vector["input"]["templateGeneration"].get_int64().get(value) == simdjson::SUCCESS) generation = value;
    const pod created = ctl::create_daemon_pod(ds, test::get_string(vector["input"], "hash"), generation, "node-x");
    simdjson::dom::object labels;
    if (vector["expect"]["metadata.labels"].get(labels) == simdjson::SUCCESS) {
      for (auto field : labels) EXPECT_EQ(created.metadata.labels.at(std::string(field.key)), field.value.get_string().value()) << id;
    }
    simdjson::dom::array absent;
    if (vector["expect"]["absentLabels"].get(absent) == simdjson::SUCCESS) {
      for (element name : absent) EXPECT_FALSE(created.metadata.labels.contains(std::string(name.get_string().value()))) << id;
    }
    simdjson::dom::array tolerations;
    if (vector["expect"]["spec.tolerations"].get(tolerations) == simdjson::SUCCESS) {
      ASSERT_EQ(created.spec.tolerations.size(), tolerations.size()) << id;
      std::size_t idx = 0;
      for (element tol : tolerations) {
        EXPECT_EQ(created.spec.tolerations[idx].key, test::get_string(tol, "key")) << id;
        EXPECT_EQ(created.spec.tolerations[idx].effect_text, test::get_string(tol, "effect")) << id;
        EXPECT_FALSE(created.spec.tolerations[idx].toleration_seconds.has_value()) << id << ": defaults tolerate forever";
        ++idx;
      }
    }
  }
}

TEST(ConformanceDaemonSet, EveryVectorKindIsRun) {
  // Guard: a new kind in the file must get a test here.
  const std::set<std::string> covered{"nodeShouldRunDaemonPod", "syncOnce",       "syncSequence",     "statusOnly",
                                      "rollingUpdateBudget",    "nodeToDaemonPods", "shouldIgnoreNodeUpdate", "nodeUpdateEnqueue",
                                      "nodeAddEnqueue",         "storeStatus",    "isPodUpdated",     "replaceNodeNameAffinity",
                                      "targetNodeName",         "createPodTemplate", "defaulting"};
  simdjson::dom::parser parser;
  const element all = parser.load(test::source_path("tests/conformance/data/daemonset.json")).value();
  for (element vector : items_of(all)) EXPECT_TRUE(covered.contains(test::get_string(vector, "kind"))) << test::get_string(vector, "id");
}

}  // namespace
}  // namespace dsb
