// Fuzz target: io::read_pods on JSON (Pod, PodList, List), strict and lenient; pods that
// read also go through the lifecycle snapshot verifier (it must be total on any stored pod).
#include "engine/io/read.hpp"
#include "engine/lifecycle/verify.hpp"
#include "tests/fuzz/fuzz_io_common.hpp"

DSB_FUZZ_TARGET(pods_json) {
  dsb::fuzz::read_both_modes(dsb::fuzz::as_text(data, size), dsb::io::input_format::json,
                             [](const dsb::io::input_text& in, const dsb::io::read_options& o) {
                               auto got = dsb::io::read_pods(in, o);
                               if (got.ok()) (void)dsb::lifecycle::verify_snapshots_serial(*got);
                               return got;
                             });
  return 0;
}
