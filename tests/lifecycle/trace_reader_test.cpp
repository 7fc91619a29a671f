// The JSON Lines trace reader: what it accepts, one clear error (file, line, field) for each
// kind of bad input, and the same trace_set whatever the number of parallel chunks.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/lifecycle/simulate.hpp"
#include "engine/lifecycle/trace_reader.hpp"
#include "engine/lifecycle/trace_writer.hpp"
#include "engine/lifecycle/verify.hpp"

namespace dsb {
namespace {

using namespace lifecycle;

const std::string POD_LINE =
    R"({"pod":"ns/a","uid":"u-1","spec":{"restartPolicy":"Always","initContainers":[{"name":"init","image":"busybox"},{"name":"mesh","restartPolicy":"Always","startupProbe":{}}],"containers":[{"name":"app","image":"nginx"}]}})";

std::string good_trace() {
  return POD_LINE + "\n" +
         R"({"pod":"ns/a","t":0,"ev":"SandboxCreated","sandbox":0}
{"pod":"ns/a","t":0.5,"ev":"SandboxReady","sandbox":0}
{"pod":"ns/a","t":1,"ev":"ContainerCreated","c":"init","instance":0,"sandbox":0}
{"pod":"ns/a","t":1,"ev":"ContainerStarted","c":"init","instance":0}
{"pod":"ns/a","t":2,"ev":"ContainerExited","c":"init","instance":0,"exitCode":0}
{"pod":"ns/a","t":2.5,"ev":"ContainerCreated","c":"mesh","instance":0,"sandbox":0}
{"pod":"ns/a","t":2.5,"ev":"ContainerStarted","c":"mesh","instance":0}
{"pod":"ns/a","t":4,"ev":"StartedTrue","c":"mesh","instance":0}
{"pod":"ns/a","t":4.25,"ev":"ImagePullStarted","c":"app"}
{"pod":"ns/a","t":5,"ev":"ImagePullSucceeded","c":"app"}
{"pod":"ns/a","t":5,"ev":"ContainerCreated","c":"app","instance":0,"sandbox":0}
{"pod":"ns/a","t":5.001,"ev":"ContainerStarted","c":"app","instance":0}
{"pod":"ns/a","t":5.001,"ev":"PhaseChanged","phase":"Running"}
)";
}

// Replaces line `line` (1-based) of `text`.
std::string with_line(std::string text, std::size_t line, const std::string& replacement) {
  std::size_t start = 0;
  for (std::size_t at = 1; at < line; ++at) start = text.find('\n', start) + 1;
  const std::size_t end = text.find('\n', start);
  return text.replace(start, end - start, replacement);
}

struct bad_case {
  const char* name;
  std::string text;
  error_code code;
  std::string field;
  std::size_t line;
};

TEST(TraceReader, ReadsTheFormat) {
  auto traces = read_trace_text("good.jsonl", good_trace());
  ASSERT_TRUE(traces.ok()) << traces.err().describe();
  ASSERT_EQ(traces->pod_count(), 1U);
  EXPECT_EQ(traces->pod(0).name, "ns/a");
  EXPECT_EQ(traces->pod(0).uid, "u-1");
  const trace_spec& spec = traces->spec_of(0);
  ASSERT_EQ(spec.names.size(), 3U);
  EXPECT_EQ(spec.shape.init_count, 2);
  EXPECT_EQ(spec.shape.containers[1].role, container_role::sidecar);
  EXPECT_TRUE(spec.shape.containers[1].startup_probe);
  const auto events = traces->events(0);
  ASSERT_EQ(events.size(), 13U);
  EXPECT_EQ(events[1].t_us, 500'000);
  EXPECT_EQ(events[2].kind, event_kind::container_created);
  EXPECT_EQ(events[2].container, 0);
  EXPECT_TRUE(events[2].has(event_flag::HAS_SANDBOX));
  EXPECT_EQ(events[4].value, 0);
  EXPECT_EQ(events[8].image_key(), image_key_of("nginx")) << "a pull without image uses the container's spec image";
  EXPECT_EQ(events[11].t_us, 5'001'000);
  EXPECT_EQ(events[12].value, static_cast<std::int32_t>(pod_phase::running));
  EXPECT_TRUE(verify_traces(*traces).violations.empty());
}

TEST(TraceReader, AcceptsBlankLinesCrlfNullsEscapesAndAliases) {
  std::string text = good_trace();
  text = with_line(text, 3, R"({"pod":"ns/a","t":0.5,"ev":"SandboxReady","attempt":0,"c":null}   )");
  text = with_line(text, 4, R"(  {"ev":"ContainerCreated","pod":"ns\/a","c":"in\u0069t","t":1,"instance":0,"sandbox":0})");
  std::string crlf;
  for (char c : text) {
    if (c == '\n') crlf += "\r\n\n";
    else crlf += c;
  }
  crlf.pop_back();  // no newline after the last line
  auto traces = read_trace_text("crlf.jsonl", crlf);
  ASSERT_TRUE(traces.ok()) << traces.err().describe();
  ASSERT_EQ(traces->pod_count(), 1U);
  EXPECT_EQ(traces->events(0).size(), 13U);
  EXPECT_EQ(traces->events(0)[2].container, 0);
  EXPECT_TRUE(verify_traces(*traces).violations.empty());
}

TEST(TraceReader, OneClearErrorPerBadInput) {
  const std::string good = good_trace();
  const std::vector<bad_case> cases = {
      {"malformed line", with_line(good, 4, R"({"pod":"ns/a","t":1,"ev":"ContainerCreated","c":"init")"), error_code::syntax, "", 4},
      {"unclosed string", with_line(good, 5, R"({"pod":"ns/a","t":1,"ev":"ContainerStarted,"c":"init"})"), error_code::syntax, "", 5},
      {"not an object", with_line(good, 3, "[1,2,3]"), error_code::type, "", 3},
      {"unknown event", with_line(good, 6, R"({"pod":"ns/a","t":2,"ev":"ContainerDied","c":"init","instance":0,"exitCode":0})"), error_code::invalid_value, "ev", 6},
      {"unknown field", with_line(good, 6, R"({"pod":"ns/a","t":2,"ev":"ContainerExited","c":"init","instance":0,"exit_code":0})"), error_code::unsupported, "exit_code", 6},
      {"event before pod line", R"({"pod":"ns/b","t":0,"ev":"SandboxReady"})" "\n" + good, error_code::invalid_value, "pod", 1},
      {"event of an undeclared pod", with_line(good, 7, R"({"pod":"ns/zz","t":2.5,"ev":"SandboxReady"})"), error_code::invalid_value, "pod", 7},
      {"time backwards", with_line(good, 7, R"({"pod":"ns/a","t":2.5,"ev":"ContainerCreated","c":"mesh","instance":0,"sandbox":0})" "\n" R"({"pod":"ns/a","t":2.4,"ev":"ContainerStarted","c":"mesh","instance":0})"), error_code::invalid_value, "t", 8},
      {"t as a string", with_line(good, 3, R"({"pod":"ns/a","t":"0.5","ev":"SandboxReady"})"), error_code::type, "t", 3},
      {"instance as a string", with_line(good, 4, R"({"pod":"ns/a","t":1,"ev":"ContainerCreated","c":"init","instance":"0"})"), error_code::type, "instance", 4},
      {"negative instance", with_line(good, 4, R"({"pod":"ns/a","t":1,"ev":"ContainerCreated","c":"init","instance":-1})"), error_code::invalid_value, "instance", 4},
      {"exit code as a float", with_line(good, 6, R"({"pod":"ns/a","t":2,"ev":"ContainerExited","c":"init","instance":0,"exitCode":1.5})"), error_code::type, "exitCode", 6},
      {"container as a number", with_line(good, 4, R"({"pod":"ns/a","t":1,"ev":"ContainerCreated","c":7})"), error_code::type, "c", 4},
      {"container not in the spec", with_line(good, 4, R"({"pod":"ns/a","t":1,"ev":"ContainerCreated","c":"nope"})"), error_code::invalid_value, "c", 4},
      {"container event without c", with_line(good, 4, R"({"pod":"ns/a","t":1,"ev":"ContainerCreated"})"), error_code::missing_field, "c", 4},
      {"exit without exitCode", with_line(good, 6, R"({"pod":"ns/a","t":2,"ev":"ContainerExited","c":"init","instance":0})"), error_code::missing_field, "exitCode", 6},
      {"unknown phase", with_line(good, 14, R"({"pod":"ns/a","t":5.001,"ev":"PhaseChanged","phase":"Happy"})"), error_code::invalid_value, "phase", 14},
      {"missing t", with_line(good, 3, R"({"pod":"ns/a","ev":"SandboxReady"})"), error_code::missing_field, "t", 3},
      {"missing pod", with_line(good, 3, R"({"t":0.5,"ev":"SandboxReady"})"), error_code::missing_field, "pod", 3},
      {"neither ev nor spec", with_line(good, 3, R"({"pod":"ns/a","t":0.5})"), error_code::missing_field, "ev", 3},
      {"field twice", with_line(good, 3, R"({"pod":"ns/a","t":0.5,"t":0.6,"ev":"SandboxReady"})"), error_code::invalid_value, "t", 3},
      {"second pod line", good + POD_LINE + "\n", error_code::invalid_value, "spec", 15},
      {"two objects on a line", with_line(good, 3, R"({"pod":"ns/a","t":0.5,"ev":"SandboxReady"} {"pod":"ns/a","t":0.5,"ev":"SandboxReady"})"), error_code::syntax, "", 3},
      {"object over two lines", with_line(good, 3, "{\"pod\":\"ns/a\",\n\"t\":0.5,\"ev\":\"SandboxReady\"}"), error_code::syntax, "", 3},
      {"spec: container without name", with_line(good, 1, R"({"pod":"ns/a","spec":{"containers":[{"image":"x"}]}})"), error_code::missing_field, "spec.containers[0].name", 1},
      {"spec: bad restartPolicy", with_line(good, 1, R"({"pod":"ns/a","spec":{"restartPolicy":"Sometimes","containers":[{"name":"app"}]}})"), error_code::invalid_value, "spec.restartPolicy", 1},
      {"spec: sidecar policy", with_line(good, 1, R"({"pod":"ns/a","spec":{"initContainers":[{"name":"i","restartPolicy":"Never"}],"containers":[{"name":"app"}]}})"), error_code::invalid_value, "spec.initContainers[0].restartPolicy", 1},
      {"spec: no containers", with_line(good, 1, R"({"pod":"ns/a","spec":{"initContainers":[{"name":"i"}]}})"), error_code::missing_field, "spec.containers", 1},
      {"spec: duplicate names", with_line(good, 1, R"({"pod":"ns/a","spec":{"initContainers":[{"name":"x"}],"containers":[{"name":"x"}]}})"), error_code::invalid_value, "spec.containers[0].name", 1},
      {"spec not an object", with_line(good, 1, R"({"pod":"ns/a","spec":[]})"), error_code::type, "spec", 1},
      {"truncated last line", good + R"({"pod":"ns/a","t":9,"ev":"Phase)", error_code::syntax, "", 15},
  };
  for (const bad_case& item : cases) {
    SCOPED_TRACE(item.name);
    for (std::size_t chunks : {1U, 3U}) {
      auto traces = read_trace_text("bad.jsonl", item.text, read_trace_options{chunks});
      ASSERT_FALSE(traces.ok()) << item.text;
      const error& err = traces.err();
      EXPECT_EQ(err.code, item.code) << err.describe();
      EXPECT_EQ(err.field, item.field) << err.describe();
      EXPECT_EQ(err.file, "bad.jsonl");
      EXPECT_EQ(err.location, "line " + std::to_string(item.line)) << err.describe();
      EXPECT_FALSE(err.message.empty());
    }
  }
}

// A simulated trace with pods interleaved round-robin (pod lines first, events in order).
std::string interleaved(const std::string& text) {
  std::vector<std::vector<std::string>> by_pod;
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    std::string line = text.substr(start, end - start);
    start = end + 1;
    const std::size_t name_end = line.find('"', 8);
    const std::string name = line.substr(8, name_end - 8);
    if (names.empty() || names.back() != name) {
      names.push_back(name);
      by_pod.emplace_back();
    }
    by_pod.back().push_back(std::move(line));
  }
  std::string out;
  for (std::size_t round = 0;; ++round) {
    bool any = false;
    for (const auto& lines : by_pod) {
      if (round < lines.size()) {
        out += lines[round];
        out += '\n';
        any = true;
      }
    }
    if (!any) break;
  }
  return out;
}

std::string simulated_text(std::uint64_t pods) {
  simulate_options options;
  options.pods = pods;
  options.fail_rate = 0.2;
  options.pull_rate = 0.5;
  std::string text;
  auto stats = simulate_trace_text(options, [&text](std::string_view chunk) -> status {
    text.append(chunk);
    return {};
  });
  EXPECT_TRUE(stats.ok());
  return text;
}

TEST(TraceReader, SameResultForAnyChunkCountEvenInterleaved) {
  const std::string plain = simulated_text(3'000);
  for (const std::string& text : {plain, interleaved(plain)}) {
    std::string reference;
    {
      auto one = read_trace_text("t.jsonl", text, read_trace_options{1});
      ASSERT_TRUE(one.ok()) << one.err().describe();
      EXPECT_EQ(one->pod_count(), 3'000U);
      append_trace_jsonl(*one, reference);
    }
    EXPECT_EQ(reference, plain) << "reading puts each pod's events together, in pod order";
    for (std::size_t chunks : {2U, 3U, 7U, 16U}) {
      SCOPED_TRACE(chunks);
      auto many = read_trace_text("t.jsonl", text, read_trace_options{chunks});
      ASSERT_TRUE(many.ok()) << many.err().describe();
      std::string again;
      append_trace_jsonl(*many, again);
      EXPECT_EQ(again, reference);
    }
  }
}

TEST(TraceReader, ErrorsDeepInALargeTraceNameTheExactLine) {
  // Larger than the stream's 1 MiB batches, so the failing line sits mid-batch or at a
  // boundary whatever the chunking.
  const std::string text = simulated_text(8'000);
  const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  ASSERT_GT(text.size(), std::size_t{8} << 20);
  for (std::size_t line : {lines / 3, lines / 2 + 1, lines - 2}) {
    SCOPED_TRACE(line);
    const std::string broken = with_line(text, line, R"({"pod":"sim/pod-1","t":1,"ev":"ContainerCreated","c":)");
    const std::string unknown = with_line(text, line, R"({"pod":"sim/pod-1","t":1e9,"ev":"Exploded"})");
    for (std::size_t chunks : {1U, 2U, 5U}) {
      auto bad = read_trace_text("big.jsonl", broken, read_trace_options{chunks});
      ASSERT_FALSE(bad.ok());
      EXPECT_EQ(bad.err().code, error_code::syntax);
      EXPECT_EQ(bad.err().location, "line " + std::to_string(line)) << bad.err().describe();
      auto wrong = read_trace_text("big.jsonl", unknown, read_trace_options{chunks});
      ASSERT_FALSE(wrong.ok());
      EXPECT_EQ(wrong.err().field, "ev");
      EXPECT_EQ(wrong.err().location, "line " + std::to_string(line)) << wrong.err().describe();
    }
  }
}

TEST(TraceReader, CrossChunkRulesHold) {
  // The pod line is in the first chunk, events in later ones; then a duplicate pod line and a
  // time going backwards across the chunk boundary.
  std::string text = POD_LINE + "\n";
  for (int event_idx = 0; event_idx < 400; ++event_idx) {
    text += R"({"pod":"ns/a","t":)" + std::to_string(event_idx) + R"(,"ev":"PhaseChanged","phase":"Pending"})" "\n";
  }
  for (std::size_t chunks : {1U, 2U, 4U}) {
    auto ok = read_trace_text("x.jsonl", text, read_trace_options{chunks});
    ASSERT_TRUE(ok.ok()) << ok.err().describe();
    EXPECT_EQ(ok->events(0).size(), 400U);
    auto duplicate = read_trace_text("x.jsonl", text + POD_LINE + "\n", read_trace_options{chunks});
    ASSERT_FALSE(duplicate.ok());
    EXPECT_EQ(duplicate.err().location, "line 402");
    EXPECT_EQ(duplicate.err().field, "spec");
    auto backwards = read_trace_text("x.jsonl", text + R"({"pod":"ns/a","t":3,"ev":"PhaseChanged","phase":"Pending"})" "\n", read_trace_options{chunks});
    ASSERT_FALSE(backwards.ok());
    EXPECT_EQ(backwards.err().location, "line 402") << backwards.err().describe();
    EXPECT_EQ(backwards.err().field, "t");
  }
}

TEST(TraceReader, LooksLikeTrace) {
  EXPECT_TRUE(looks_like_trace(good_trace()));
  EXPECT_TRUE(looks_like_trace("\n  {\"t\":1,\"pod\":\"a\",\"ev\":\"SandboxReady\"}\n"));
  EXPECT_FALSE(looks_like_trace("{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"List\",\n  \"items\": []\n}\n"));
  EXPECT_FALSE(looks_like_trace("apiVersion: v1\nkind: Pod\n"));
  EXPECT_FALSE(looks_like_trace(""));
}

}  // namespace
}  // namespace dsb
