// Fuzz target: io::read_nodes on JSON (Node, NodeList, List), strict and lenient; a
// cluster that reads must also hash (cluster_digest walks every table).
#include "engine/io/read.hpp"
#include "tests/fuzz/fuzz_io_common.hpp"

DSB_FUZZ_TARGET(nodes_json) {
  dsb::fuzz::read_both_modes(dsb::fuzz::as_text(data, size), dsb::io::input_format::json,
                             [](const dsb::io::input_text& in, const dsb::io::read_options& o) {
                               auto got = dsb::io::read_nodes(in, o);
                               if (got.ok()) (void)dsb::cluster_digest(*got);
                               return got;
                             });
  return 0;
}
