// Fuzz target: lifecycle::read_trace (JSON Lines) read serially and in 3 chunks: both must
// agree (same success, same pods and events, or the same first error at the same line), and a trace that
// reads goes through the parallel and serial verifiers, which must agree too.
#include <string>

#include "engine/lifecycle/trace_reader.hpp"
#include "engine/lifecycle/verify.hpp"
#include "tests/fuzz/fuzz_target.hpp"

DSB_FUZZ_TARGET(trace) {
  const std::string_view text = dsb::fuzz::as_text(data, size);
  (void)dsb::lifecycle::looks_like_trace(text);
  auto serial = dsb::lifecycle::read_trace_text("fuzz-input.jsonl", text, {.chunks = 1});
  auto chunked = dsb::lifecycle::read_trace_text("fuzz-input.jsonl", text, {.chunks = 3});
  DSB_FUZZ_CHECK(serial.ok() == chunked.ok());
  if (!serial.ok()) {
    DSB_FUZZ_CHECK(!serial.err().message.empty());
    // Same error at the same place. The wording of a malformed-JSON error may differ (the
    // fast document-stream path and the line-by-line path see different simdjson errors).
    const dsb::error& one = serial.err();
    const dsb::error& other = chunked.err();
    DSB_FUZZ_CHECK(one.code == other.code && one.file == other.file && one.object == other.object && one.field == other.field &&
                   one.location == other.location);
    DSB_FUZZ_CHECK(one.code == dsb::error_code::syntax || one.message == other.message);
    return 0;
  }
  DSB_FUZZ_CHECK(serial->pod_count() == chunked->pod_count());
  DSB_FUZZ_CHECK(serial->event_count() == chunked->event_count());
  const dsb::lifecycle::verify_report one = dsb::lifecycle::verify_traces_serial(*serial);
  const dsb::lifecycle::verify_report many = dsb::lifecycle::verify_traces(*chunked);
  DSB_FUZZ_CHECK(one.violations.size() == many.violations.size());
  return 0;
}
