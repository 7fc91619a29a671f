// Fuzz target: io::read_daemonsets on JSON (DaemonSet, DaemonSetList, List), strict and
// lenient.
#include "engine/io/read.hpp"
#include "tests/fuzz/fuzz_io_common.hpp"

DSB_FUZZ_TARGET(daemonsets_json) {
  dsb::fuzz::read_both_modes(dsb::fuzz::as_text(data, size), dsb::io::input_format::json,
                             [](const dsb::io::input_text& in, const dsb::io::read_options& o) {
                               return dsb::io::read_daemonsets(in, o);
                             });
  return 0;
}
