// Fuzz target: pred::compile on a DaemonSet read from the input (JSON or YAML, strict and
// lenient), then every placement variant against a fixed 6-node cluster with numeric,
// hostname and zone labels and taints of every effect. Every variant must return the same
// placement as `reference` (variants.hpp: "bit-identical placements").
#include <memory>

#include <tbb/global_control.h>

#include "engine/io/read.hpp"
#include "engine/predicates/compile.hpp"
#include "engine/predicates/variants.hpp"
#include "tests/fuzz/fuzz_io_common.hpp"

namespace {

constexpr std::string_view CLUSTER = R"({"kind":"NodeList","apiVersion":"v1","items":[
 {"kind":"Node","metadata":{"name":"n0","labels":{"kubernetes.io/hostname":"n0","zone":"a","gen":"3","gpu":"true"}},
  "status":{"allocatable":{"cpu":"4","memory":"8Gi","pods":"110"}}},
 {"kind":"Node","metadata":{"name":"n1","labels":{"kubernetes.io/hostname":"n1","zone":"b","gen":"-9223372036854775808"}},
  "spec":{"taints":[{"key":"dedicated","value":"gpu","effect":"NoSchedule"}]}},
 {"kind":"Node","metadata":{"name":"n2","labels":{"kubernetes.io/hostname":"n2","zone":"a","gen":"9223372036854775807","os":"linux"}},
  "spec":{"unschedulable":true,"taints":[{"key":"node.kubernetes.io/not-ready","effect":"NoExecute"}]}},
 {"kind":"Node","metadata":{"name":"n3","labels":{"kubernetes.io/hostname":"n3","gen":"0x10","os":"windows"}},
  "spec":{"taints":[{"key":"soft","effect":"PreferNoSchedule"},{"key":"dedicated","value":"db","effect":"NoExecute"}]}},
 {"kind":"Node","metadata":{"name":"n4","labels":{"kubernetes.io/hostname":"n4","zone":"c","gen":"12","a.b/c":""}}},
 {"kind":"Node","metadata":{"name":"n5"}}
]})";

const dsb::cluster& fixed_cluster() {
  static const dsb::cluster c = [] {
    // Lenient: the negative Gt/Lt value is stored data kube-apiserver would not validate today.
    auto read = dsb::io::read_nodes(dsb::io::input_text::from_string("fixed", CLUSTER),
                                    dsb::io::read_options{dsb::io::validation::lenient, dsb::io::input_format::json});
    if (!read.ok()) dsb::fuzz::check_failed("fixed cluster reads", __FILE__, __LINE__);
    return std::move(read).value();
  }();
  return c;
}

}  // namespace

DSB_FUZZ_TARGET(selector_compile) {
  static tbb::global_control one_thread(tbb::global_control::max_allowed_parallelism, 1);
  const dsb::cluster& c = fixed_cluster();
  const dsb::io::input_text input = dsb::io::input_text::from_string(dsb::fuzz::INPUT_NAME, dsb::fuzz::as_text(data, size));
  for (const dsb::io::validation mode : {dsb::io::validation::strict, dsb::io::validation::lenient}) {
    auto read = dsb::io::read_daemonsets(input, dsb::io::read_options{mode, dsb::io::input_format::automatic});
    if (!read.ok()) {
      dsb::fuzz::check_error(read.err());
      continue;
    }
    for (const dsb::daemonset& ds : *read) {
      const dsb::pred::compiled_daemonset compiled = dsb::pred::compile(ds, c);
      const dsb::pred::evaluation_context ctx(c);
      const dsb::pred::placement expected = dsb::pred::evaluate_reference(compiled, ctx);
      for (const dsb::pred::variant& v : dsb::pred::variants()) {
        DSB_FUZZ_CHECK(v.evaluate(compiled, ctx) == expected);
      }
    }
  }
  return 0;
}
