// Fuzz target: sim::read_scenario_text (YAML scenarios; file references are only recorded,
// never opened) and, when it reads, a few --set overrides on the result.
#include <string>

#include "engine/sim/scenario.hpp"
#include "tests/fuzz/fuzz_target.hpp"

DSB_FUZZ_TARGET(scenario) {
  auto read = dsb::sim::read_scenario_text(dsb::fuzz::as_text(data, size), "fuzz-input.yaml", "");
  if (!read.ok()) {
    DSB_FUZZ_CHECK(!read.err().message.empty());
    DSB_FUZZ_CHECK(read.err().file == "fuzz-input.yaml");
    return 0;
  }
  dsb::sim::scenario s = std::move(read).value();
  for (const char* key : {"maxUnavailable", "maxSurge", "horizon"}) {
    (void)dsb::sim::apply_override(s, key, "10%");
  }
  return 0;
}
