#include "engine/lifecycle/internal/trace_chunk.hpp"

#include <cmath>
#include <cstring>
#include <string>

#include <simdjson.h>

#include "engine/lifecycle/internal/hash.hpp"
#include "engine/lifecycle/internal/spec_parse.hpp"

namespace dsb::lifecycle::internal {
namespace {

namespace od = simdjson::ondemand;

constexpr double MAX_ABS_SECONDS = 1e12;

// The keys a line may carry; each is one bit of `seen`.
enum class key_id : std::uint8_t {
  pod, uid, spec, t, ev, c, instance, sandbox, attempt, exit_code, reason, phase, image, ok, grace, unknown
};

// Raw-byte key match: `raw` points after the opening quote; the closing quote must follow.
template <std::size_t N>
bool key_is(const char* raw, const char (&literal)[N]) noexcept {
  return std::memcmp(raw, literal, N - 1) == 0 && raw[N - 1] == '"';
}

key_id classify_key(const char* raw) noexcept {
  switch (raw[0]) {
    case 'p':
      if (key_is(raw, "pod")) return key_id::pod;
      if (key_is(raw, "phase")) return key_id::phase;
      break;
    case 'u': if (key_is(raw, "uid")) return key_id::uid; break;
    case 's':
      if (key_is(raw, "spec")) return key_id::spec;
      if (key_is(raw, "sandbox")) return key_id::sandbox;
      break;
    case 't': if (key_is(raw, "t")) return key_id::t; break;
    case 'e':
      if (key_is(raw, "ev")) return key_id::ev;
      if (key_is(raw, "exitCode")) return key_id::exit_code;
      break;
    case 'c': if (key_is(raw, "c")) return key_id::c; break;
    case 'i':
      if (key_is(raw, "instance")) return key_id::instance;
      if (key_is(raw, "image")) return key_id::image;
      break;
    case 'a': if (key_is(raw, "attempt")) return key_id::attempt; break;
    case 'r': if (key_is(raw, "reason")) return key_id::reason; break;
    case 'o': if (key_is(raw, "ok")) return key_id::ok; break;
    case 'g': if (key_is(raw, "gracePeriodSeconds")) return key_id::grace; break;
    default: break;
  }
  return key_id::unknown;
}

struct line_fields {
  std::uint32_t seen = 0;
  std::string_view pod;
  std::string_view uid;
  std::string_view spec;
  std::int64_t t_us = 0;
  std::string_view ev;
  std::string_view c;
  std::int64_t instance = 0;
  std::int64_t sandbox = 0;
  std::int64_t attempt = 0;
  std::int64_t exit_code = 0;
  std::string_view reason;
  std::string_view phase;
  std::string_view image;
  bool ok = true;
  std::int64_t grace = 0;

  bool has(key_id key) const noexcept { return (seen & (1u << static_cast<unsigned>(key))) != 0; }
};

// `t` written as plain decimal seconds ("12", "-3.5", "0.001250"), to whole microseconds
// (digits past the sixth decimal are rounded half up). False for anything else (exponents,
// very long numbers, malformed tokens): the caller then asks simdjson.
bool parse_plain_seconds(std::string_view token, std::int64_t& micros) noexcept {
  std::size_t pos = 0;
  const bool negative = pos < token.size() && token[pos] == '-';
  if (negative) ++pos;
  std::int64_t whole = 0;
  std::size_t digits = 0;
  while (pos < token.size() && token[pos] >= '0' && token[pos] <= '9') {
    whole = whole * 10 + (token[pos] - '0');
    ++pos;
    if (++digits > 12) return false;  // beyond MAX_ABS_SECONDS: let simdjson judge
  }
  if (digits == 0) return false;
  std::int64_t fraction = 0;
  int scale = 0;
  bool round_up = false;
  if (pos < token.size() && token[pos] == '.') {
    ++pos;
    std::size_t decimals = 0;
    while (pos < token.size() && token[pos] >= '0' && token[pos] <= '9') {
      if (decimals < 6) {
        fraction = fraction * 10 + (token[pos] - '0');
        ++scale;
      } else if (decimals == 6) {
        round_up = token[pos] >= '5';
      }
      ++decimals;
      ++pos;
    }
    if (decimals == 0) return false;
  }
  // The token may carry trailing whitespace up to the next structural character.
  while (pos < token.size() && (token[pos] == ' ' || token[pos] == '\t' || token[pos] == '\r' || token[pos] == '\n')) ++pos;
  if (pos != token.size()) return false;
  while (scale < 6) {
    fraction *= 10;
    ++scale;
  }
  const std::int64_t value = whole * 1'000'000 + fraction + (round_up ? 1 : 0);
  micros = negative ? -value : value;
  return true;
}

const char* token_type(std::string_view token) {
  if (token.empty()) return "nothing";
  switch (token[0]) {
    case '"': return "a string";
    case '{': return "an object";
    case '[': return "an array";
    case 't':
    case 'f': return "a boolean";
    case 'n': return "null";
    default: return "a number";
  }
}

class line_parser {
 public:
  line_parser(std::string_view file, const char* input_begin, bool first_chunk, chunk_result& out)
      : file_(file), input_begin_(input_begin), first_chunk_(first_chunk), out_(out) {}

  enum class outcome { ok, failed, malformed };

  /// One document (a whole line starting at `at`). `malformed`: the JSON itself is broken
  /// (the failure is recorded too; the stream caller re-reads line by line instead).
  template <class Document>
  outcome parse_document(Document& doc, const char* at);
  /// One line on its own (the exact, slower path). False after recording a failure.
  bool parse_line(const char* line, std::size_t length, const char* readable_end);
  /// Whether the line's object is followed by more than whitespace (re-reads the line).
  bool content_after_object(const simdjson::padded_string_view& view);
  /// Records a syntax error for the line starting at `at`.
  void fail_syntax(const char* at, std::string message) {
    at_ = at;
    fail(error_code::syntax, {}, {}, std::move(message));
  }

 private:
  bool fail(error_code code, std::string object, std::string field, std::string message) {
    out_.failure = chunk_failure{error{code, std::string(file_), std::move(object), std::move(field), {}, std::move(message)}, at_};
    return false;
  }
  bool fail_json(simdjson::error_code code, std::string field) {
    malformed_ = true;
    return fail(error_code::syntax, {}, std::move(field), std::string("malformed JSON: ") + simdjson::error_message(code));
  }
  std::string line_text(const char* at) const { return std::to_string(line_of(input_begin_, at)); }
  std::string pod_object(std::string_view name) const { return name.empty() ? std::string() : "pod " + std::string(name); }

  bool read_string(od::value& value, const char* field, std::string_view& out);
  bool read_int(od::value& value, const char* field, std::int64_t low, std::int64_t high, std::int64_t& out);
  bool read_fields(od::object& obj, line_fields& fields);
  bool on_pod_line(const line_fields& fields);
  bool on_event_line(const line_fields& fields);
  std::uint32_t spec_for(std::string_view raw, const line_fields& fields);

  std::string_view file_;
  const char* input_begin_;
  bool first_chunk_;
  chunk_result& out_;
  od::parser line_parser_;
  const char* at_ = nullptr;  // start of the current line
  bool malformed_ = false;
  std::string_view last_pod_name_;
  std::uint32_t last_pod_ = name_table::NOT_FOUND;
  std::string_view last_spec_text_;
  std::uint32_t last_spec_ = NO_SPEC;
  name_table spec_index_;
  std::vector<std::string_view> spec_texts_;
  std::vector<std::uint64_t> spec_hashes_;
};

bool line_parser::read_string(od::value& value, const char* field, std::string_view& out) {
  const std::string_view token = value.raw_json_token();
  if (token.empty() || token.front() != '"') return fail(error_code::type, {}, field, std::string("expected a string, got ") + token_type(token));
  const std::size_t close = token.find_last_of('"');
  const std::string_view inner = token.substr(1, close - 1);
  if (inner.find('\\') == std::string_view::npos) {
    out = inner;
    return true;
  }
  std::string_view unescaped;
  if (const auto code = value.get_string().get(unescaped)) return fail_json(code, field);
  out = out_.strings->store(unescaped);
  return true;
}

bool line_parser::read_int(od::value& value, const char* field, std::int64_t low, std::int64_t high, std::int64_t& out) {
  std::int64_t number = 0;
  if (value.get_int64().get(number)) {
    const std::string_view token = value.raw_json_token();
    const bool numeric = !token.empty() && (token[0] == '-' || (token[0] >= '0' && token[0] <= '9'));
    return fail(error_code::type, {}, field, numeric ? std::string("expected an integer, got ") + std::string(token.substr(0, token.find_first_of(" \t,}"))) 
                                                     : std::string("expected an integer, got ") + token_type(token));
  }
  if (number < low || number > high) {
    return fail(error_code::invalid_value, {}, field, std::to_string(number) + " is out of range [" + std::to_string(low) + ", " + std::to_string(high) + "]");
  }
  out = number;
  return true;
}

bool line_parser::read_fields(od::object& obj, line_fields& fields) {
  constexpr std::int64_t INT32_LOW = -2147483648LL;
  constexpr std::int64_t INT32_HIGH = 2147483647LL;
  for (auto member : obj) {
    od::field entry;
    if (const auto code = std::move(member).get(entry)) return fail_json(code, {});
    const char* raw = entry.key().raw();
    const key_id key = classify_key(raw);
    if (key == key_id::unknown) {
      std::string_view name;
      if (entry.unescaped_key().get(name)) name = "?";
      return fail(error_code::unsupported, {}, std::string(name),
                  "unknown field (a trace line has pod, uid, spec, t, ev, c, instance, sandbox, attempt, exitCode, reason, phase, image, ok, gracePeriodSeconds)");
    }
    const std::uint32_t bit = 1u << static_cast<unsigned>(key);
    od::value value = entry.value();
    const std::string_view token = value.raw_json_token();
    if ((fields.seen & bit) != 0) {
      std::string_view name;
      if (entry.unescaped_key().get(name)) name = "?";
      return fail(error_code::invalid_value, {}, std::string(name), "field given twice on one line");
    }
    if (!token.empty() && token.front() == 'n' && key != key_id::pod && key != key_id::t && key != key_id::ev) continue;  // null = absent
    fields.seen |= bit;
    bool ok = true;
    switch (key) {
      case key_id::pod: ok = read_string(value, "pod", fields.pod); break;
      case key_id::uid: ok = read_string(value, "uid", fields.uid); break;
      case key_id::ev: ok = read_string(value, "ev", fields.ev); break;
      case key_id::c: ok = read_string(value, "c", fields.c); break;
      case key_id::reason: ok = read_string(value, "reason", fields.reason); break;
      case key_id::phase: ok = read_string(value, "phase", fields.phase); break;
      case key_id::image: ok = read_string(value, "image", fields.image); break;
      case key_id::spec: {
        if (token.empty() || token.front() != '{') return fail(error_code::type, {}, "spec", std::string("expected an object, got ") + token_type(token));
        od::object spec_object;
        if (const auto code = value.get_object().get(spec_object)) return fail_json(code, "spec");
        std::string_view text;
        if (const auto code = spec_object.raw_json().get(text)) return fail_json(code, "spec");
        fields.spec = text;
        break;
      }
      case key_id::t: {
        if (parse_plain_seconds(token, fields.t_us)) break;  // exact, no floating point
        double seconds = 0;
        if (value.get_double().get(seconds)) return fail(error_code::type, {}, "t", std::string("expected a number of seconds, got ") + token_type(token));
        if (!std::isfinite(seconds) || std::fabs(seconds) > MAX_ABS_SECONDS) return fail(error_code::invalid_value, {}, "t", "time out of range");
        fields.t_us = std::llround(seconds * 1e6);
        break;
      }
      case key_id::instance: ok = read_int(value, "instance", 0, INT32_HIGH, fields.instance); break;
      case key_id::sandbox: ok = read_int(value, "sandbox", 0, INT32_HIGH, fields.sandbox); break;
      case key_id::attempt: ok = read_int(value, "attempt", 0, INT32_HIGH, fields.attempt); break;
      case key_id::exit_code: ok = read_int(value, "exitCode", INT32_LOW, INT32_HIGH, fields.exit_code); break;
      case key_id::grace: ok = read_int(value, "gracePeriodSeconds", 0, INT32_HIGH, fields.grace); break;
      case key_id::ok: {
        bool flag = true;
        if (value.get_bool().get(flag)) return fail(error_code::type, {}, "ok", std::string("expected a boolean, got ") + token_type(token));
        fields.ok = flag;
        break;
      }
      case key_id::unknown: break;
    }
    if (!ok) return false;
  }
  return true;
}

std::uint32_t line_parser::spec_for(std::string_view raw, const line_fields& fields) {
  if (last_spec_ != NO_SPEC && raw.size() == last_spec_text_.size() && std::memcmp(raw.data(), last_spec_text_.data(), raw.size()) == 0) {
    return last_spec_;
  }
  const std::uint64_t hash = hash_bytes(raw);
  std::uint32_t id = spec_index_.find(raw, hash, [this](std::uint32_t idx) { return spec_texts_[idx]; });
  if (id == name_table::NOT_FOUND) {
    result<trace_spec> parsed = parse_trace_spec(raw);
    if (!parsed) {
      const error& err = parsed.err();
      fail(err.code, pod_object(fields.pod), err.field, err.message);
      return NO_SPEC;
    }
    id = static_cast<std::uint32_t>(out_.specs.size());
    out_.specs.push_back(std::move(*parsed));
    spec_texts_.push_back(raw);
    spec_hashes_.push_back(hash);
    spec_index_.insert(hash, id, [this](std::uint32_t idx) { return spec_hashes_[idx]; });
  }
  last_spec_text_ = raw;
  last_spec_ = id;
  return id;
}

bool line_parser::on_pod_line(const line_fields& fields) {
  if (!fields.has(key_id::pod)) return fail(error_code::missing_field, {}, "pod", "a pod line needs the pod's \"namespace/name\"");
  if (fields.pod.empty()) return fail(error_code::invalid_value, {}, "pod", "the pod name may not be empty");
  if (fields.has(key_id::ev)) return fail(error_code::invalid_value, pod_object(fields.pod), "ev", "a line is either a pod line (spec) or an event line (ev), not both");
  const std::uint32_t spec = spec_for(fields.spec, fields);
  if (spec == NO_SPEC) return false;
  const std::uint64_t hash = hash_bytes(fields.pod);
  std::uint32_t pod_idx = out_.find_pod(fields.pod, hash);
  if (pod_idx != name_table::NOT_FOUND) {
    chunk_pod& known = out_.pods[pod_idx];
    if (known.spec != NO_SPEC) {
      return fail(error_code::invalid_value, pod_object(fields.pod), "spec", "second pod line for this pod (the first is line " + line_text(known.declared_at) + ")");
    }
    // Events came before the pod line in this chunk; the merge decides which error that is.
    known.spec = spec;
    known.declared_at = at_;
    known.uid = fields.uid;
    return true;
  }
  chunk_pod fresh;
  fresh.name = fields.pod;
  fresh.uid = fields.uid;
  fresh.hash = hash;
  fresh.spec = spec;
  fresh.declared_at = at_;
  pod_idx = static_cast<std::uint32_t>(out_.pods.size());
  out_.pods.push_back(fresh);
  out_.pod_index.insert(hash, pod_idx, [this](std::uint32_t idx) { return out_.pods[idx].hash; });
  last_pod_name_ = fields.pod;
  last_pod_ = pod_idx;
  return true;
}

bool line_parser::on_event_line(const line_fields& fields) {
  if (!fields.has(key_id::pod)) return fail(error_code::missing_field, {}, "pod", "every line names its pod (\"namespace/name\")");
  if (!fields.has(key_id::ev)) return fail(error_code::missing_field, pod_object(fields.pod), "ev", "an event line needs ev (a pod line needs spec)");
  if (!fields.has(key_id::t)) return fail(error_code::missing_field, pod_object(fields.pod), "t", "an event needs its time t in seconds");
  const std::optional<event_kind> kind = parse_event_kind(fields.ev);
  if (!kind) return fail(error_code::invalid_value, pod_object(fields.pod), "ev", "unknown event \"" + std::string(fields.ev) + "\"");

  // The pod: usually the same as on the previous line.
  std::uint32_t pod_idx = last_pod_;
  if (pod_idx == name_table::NOT_FOUND || fields.pod.size() != last_pod_name_.size() ||
      std::memcmp(fields.pod.data(), last_pod_name_.data(), fields.pod.size()) != 0) {
    const std::uint64_t hash = hash_bytes(fields.pod);
    pod_idx = out_.find_pod(fields.pod, hash);
    if (pod_idx == name_table::NOT_FOUND) {
      if (first_chunk_) return fail(error_code::invalid_value, pod_object(fields.pod), "pod", "event for a pod with no pod line before it");
      chunk_pod fresh;  // declared by an earlier chunk, or an error found at the merge
      fresh.name = fields.pod;
      fresh.hash = hash;
      pod_idx = static_cast<std::uint32_t>(out_.pods.size());
      out_.pods.push_back(fresh);
      out_.pod_index.insert(hash, pod_idx, [this](std::uint32_t idx) { return out_.pods[idx].hash; });
    }
    last_pod_name_ = fields.pod;
    last_pod_ = pod_idx;
  }
  chunk_pod& owner = out_.pods[pod_idx];

  trace_event event;
  event.kind = *kind;
  event.t_us = fields.t_us;
  if (owner.event_count > 0 && event.t_us < owner.last_t_us) {
    return fail(error_code::invalid_value, pod_object(fields.pod), "t",
                "time goes backwards within the pod: t=" + format_seconds(event.t_us) + " after t=" + format_seconds(owner.last_t_us) + " (line " +
                    line_text(owner.last_event_at) + ")");
  }
  const trace_spec* spec = owner.spec == NO_SPEC ? nullptr : &out_.specs[owner.spec];
  bool defer_container = false;
  if (fields.has(key_id::c)) {
    if (spec != nullptr) {
      event.container = spec->find(fields.c);
      if (event.container == NO_CONTAINER) {
        return fail(error_code::invalid_value, pod_object(fields.pod), "c", "the pod's spec has no container named \"" + std::string(fields.c) + "\"");
      }
    } else {
      defer_container = true;
    }
  } else if (is_container_event(*kind)) {
    return fail(error_code::missing_field, pod_object(fields.pod), "c", std::string(to_string(*kind)) + " needs the container name c");
  }
  if (fields.has(key_id::instance)) {
    event.instance = static_cast<std::int32_t>(fields.instance);
    event.flags |= event_flag::HAS_INSTANCE;
  }
  if (fields.has(key_id::sandbox) || fields.has(key_id::attempt)) {
    event.sandbox = static_cast<std::int32_t>(fields.has(key_id::sandbox) ? fields.sandbox : fields.attempt);
    event.flags |= event_flag::HAS_SANDBOX;
  }
  bool defer_image = false;
  switch (*kind) {
    case event_kind::container_exited:
      if (!fields.has(key_id::exit_code)) return fail(error_code::missing_field, pod_object(fields.pod), "exitCode", "ContainerExited needs exitCode");
      event.value = static_cast<std::int32_t>(fields.exit_code);
      event.flags |= event_flag::HAS_VALUE;
      if (fields.reason == "OOMKilled") event.flags |= event_flag::OOM;
      break;
    case event_kind::phase_changed: {
      if (!fields.has(key_id::phase)) return fail(error_code::missing_field, pod_object(fields.pod), "phase", "PhaseChanged needs phase");
      const auto phase = parse_pod_phase(fields.phase);
      if (!phase) return fail(error_code::invalid_value, pod_object(fields.pod), "phase", "unknown phase \"" + std::string(fields.phase) + "\"");
      event.value = static_cast<std::int32_t>(*phase);
      event.flags |= event_flag::HAS_VALUE;
      break;
    }
    case event_kind::pod_deletion_requested:
      if (fields.has(key_id::grace)) {
        event.value = static_cast<std::int32_t>(fields.grace);
        event.flags |= event_flag::HAS_VALUE;
      }
      break;
    case event_kind::post_start_end:
      if (fields.ok) event.flags |= event_flag::OK;
      break;
    case event_kind::image_pull_started:
    case event_kind::image_pull_failed:
    case event_kind::image_pull_succeeded:
      event.flags &= static_cast<std::uint8_t>(~(event_flag::HAS_INSTANCE | event_flag::HAS_SANDBOX));
      if (fields.has(key_id::image)) {
        event.set_image_key(image_key_of(fields.image));
      } else if (event.container != NO_CONTAINER) {
        event.set_image_key(spec->image_keys[event.container]);
      } else if (defer_container) {
        defer_image = true;
      } else {
        event.set_image_key(image_key_of({}));
      }
      break;
    default: break;
  }

  const auto event_idx = static_cast<std::uint32_t>(out_.events.size());
  if (defer_container || defer_image) out_.deferred.push_back(deferred_event{event_idx, pod_idx, at_, fields.c, defer_image});
  if (!out_.runs.empty() && out_.runs.back().pod == pod_idx) {
    ++out_.runs.back().count;
  } else {
    const auto run_idx = static_cast<std::uint32_t>(out_.runs.size());
    out_.runs.push_back(chunk_run{pod_idx, event_idx, 1, NO_RUN});
    if (owner.last_run != NO_RUN) {
      out_.runs[owner.last_run].next = run_idx;
    } else {
      owner.first_run = run_idx;
    }
    owner.last_run = run_idx;
  }
  out_.events.push_back(event);
  if (owner.event_count == 0) {
    owner.first_event_at = at_;
    owner.first_t_us = event.t_us;
  }
  ++owner.event_count;
  owner.last_t_us = event.t_us;
  owner.last_event_at = at_;
  return true;
}

template <class Document>
line_parser::outcome line_parser::parse_document(Document& doc, const char* at) {
  at_ = at;
  malformed_ = false;
  od::object obj;
  if (const auto code = doc.get_object().get(obj)) {
    if (code != simdjson::INCORRECT_TYPE) {
      fail_json(code, {});
      return outcome::malformed;
    }
    fail(error_code::type, {}, {}, "each line must be one JSON object");
    return outcome::failed;
  }
  line_fields fields;
  if (!read_fields(obj, fields)) return malformed_ ? outcome::malformed : outcome::failed;
  const bool ok = fields.has(key_id::spec) ? on_pod_line(fields) : on_event_line(fields);
  if (ok) return outcome::ok;
  return malformed_ ? outcome::malformed : outcome::failed;
}

bool line_parser::parse_line(const char* line, std::size_t length, const char* readable_end) {
  at_ = line;
  od::document doc;
  const simdjson::padded_string_view view(line, length, static_cast<std::size_t>(readable_end - line));
  if (const auto code = line_parser_.iterate(view).get(doc)) return fail_json(code, {});
  if (const outcome got = parse_document(doc, line); got != outcome::ok) {
    // A line with content after its object is malformed whatever the object says. Report that
    // rather than a check on the object's fields or history, which a later chunk (without the
    // pod's earlier lines) may not fail: serial and chunked reads then give the same error.
    if (got == outcome::failed && content_after_object(view)) {
      return fail(error_code::syntax, {}, {}, "malformed JSON: content after the object (one object per line)");
    }
    return false;
  }
  const char* trailing = nullptr;
  if (doc.current_location().get(trailing) == simdjson::SUCCESS) {
    return fail(error_code::syntax, {}, {}, "malformed JSON: content after the object (one object per line)");
  }
  return true;
}

bool line_parser::content_after_object(const simdjson::padded_string_view& view) {
  od::document doc;
  od::object obj;
  if (line_parser_.iterate(view).get(doc) != simdjson::SUCCESS || doc.get_object().get(obj) != simdjson::SUCCESS) return false;
  for (auto field : obj) {  // values not read are skipped
    if (field.error() != simdjson::SUCCESS) return false;
  }
  const char* trailing = nullptr;
  return doc.current_location().get(trailing) == simdjson::SUCCESS;
}

// Start of the line holding `at` (the chunk begins at a line start).
const char* line_start(const char* begin, const char* at) {
  while (at > begin && at[-1] != '\n') --at;
  return at;
}

// Line by line from `from` (a line start) to `end`: the exact path.
void parse_lines(line_parser& parser, const char* from, const char* end, const char* readable_end) {
  for (const char* pos = from; pos < end;) {
    const void* found = std::memchr(pos, '\n', static_cast<std::size_t>(end - pos));
    const char* line_end = found == nullptr ? end : static_cast<const char*>(found);
    std::size_t length = static_cast<std::size_t>(line_end - pos);
    if (length > 0 && pos[length - 1] == '\r') --length;
    std::size_t first = 0;
    while (first < length && (pos[first] == ' ' || pos[first] == '\t')) ++first;
    if (first < length && !parser.parse_line(pos, length, readable_end)) return;
    pos = line_end + 1;
  }
}

}  // namespace

std::uint64_t line_of(const char* input_begin, const char* at) noexcept {
  std::uint64_t lines = 1;
  for (const char* pos = input_begin; pos < at;) {
    const void* found = std::memchr(pos, '\n', static_cast<std::size_t>(at - pos));
    if (found == nullptr) break;
    ++lines;
    pos = static_cast<const char*>(found) + 1;
  }
  return lines;
}

void parse_chunk(std::string_view file, const char* input_begin, const char* begin, const char* end, const char* readable_end, bool first_chunk,
                 chunk_result& out) {
  constexpr std::size_t BATCH_BYTES = std::size_t{1} << 20;
  const auto bytes = static_cast<std::size_t>(end - begin);
  out.events.reserve(bytes / 64 + 16);
  out.runs.reserve(bytes / 1024 + 16);
  out.pods.reserve(bytes / 1024 + 16);
  out.pod_index.reserve(bytes / 1024 + 16);
  line_parser parser(file, input_begin, first_chunk, out);

  // Fast path: a document stream over the whole chunk. Any malformed JSON (or a document
  // that does not start its own line) hands over to the exact line-by-line path from the
  // line after the last document that was fully processed.
  od::parser stream_parser;
  stream_parser.threaded = false;
  od::document_stream stream;
  const char* resume = begin;          // first line after the last processed document's line
  const char* previous = nullptr;      // start of the last processed document's line
  auto blank = [](const char* from, const char* to) {
    for (const char* pos = from; pos < to; ++pos) {
      if (*pos != ' ' && *pos != '\t' && *pos != '\r' && *pos != '\n') return false;
    }
    return true;
  };
  bool fall_back = stream_parser.iterate_many(begin, bytes, BATCH_BYTES).get(stream) != simdjson::SUCCESS;
  if (!fall_back) {
    for (auto it = stream.begin(); it != stream.end(); ++it) {
      // current_index() can point at the whitespace just before the first document of a
      // batch (simdjson 3.0.1): the document starts at the next non-blank byte.
      const char* at = begin + it.current_index();
      while (at < end && (*at == ' ' || *at == '\t' || *at == '\r' || *at == '\n')) ++at;
      od::document_reference doc;
      if ((*it).get(doc) != simdjson::SUCCESS || at >= end) {
        fall_back = true;
        break;
      }
      const char* start = line_start(begin, at);
      if (start < resume) {
        parser.fail_syntax(start, "malformed JSON: content after the object (one object per line)");
        return;
      }
      if (!blank(resume, start)) {
        // The previous object went on over more lines (or there is garbage the stream skipped).
        parser.fail_syntax(previous != nullptr ? previous : resume, "malformed JSON: an object must be on one line (JSON Lines)");
        return;
      }
      if (!blank(start, at)) {
        fall_back = true;
        break;
      }
      if (parser.parse_document(doc, start) != line_parser::outcome::ok) {
        // Re-read this line on its own: the same error then, unless the stream glued a broken
        // line to the next one (the line alone is malformed JSON, which is the error to report).
        out.failure.reset();
        resume = start;
        fall_back = true;
        break;
      }
      previous = start;
      const void* newline = std::memchr(at, '\n', static_cast<std::size_t>(end - at));
      resume = newline == nullptr ? end : static_cast<const char*>(newline) + 1;
    }
    if (!fall_back) {
      if (stream.truncated_bytes() > 0) {
        // An unfinished document that starts on a line whose object was already processed is
        // content after that object; the line path would resume after that line and miss it.
        // (simdjson 3.0.1 can report more truncated bytes than there are, e.g. on empty input.)
        const char* cut = end - std::min<std::size_t>(stream.truncated_bytes(), bytes);
        while (cut < end && (*cut == ' ' || *cut == '\t' || *cut == '\r' || *cut == '\n')) ++cut;
        if (cut < resume) {
          parser.fail_syntax(line_start(begin, cut), "malformed JSON: content after the object (one object per line)");
          return;
        }
        fall_back = true;
      } else if (!blank(resume, end)) {
        parser.fail_syntax(previous != nullptr ? previous : resume, "malformed JSON: an object must be on one line (JSON Lines)");
        return;
      }
    }
  }
  if (fall_back) parse_lines(parser, resume, end, readable_end);
}

}  // namespace dsb::lifecycle::internal
