// Fuzz target: audit::read_manifests (any workload kind, JSON or YAML, many documents) and,
// when it reads, the Pod Security audit of every workload.
#include "engine/audit/audit.hpp"
#include "engine/audit/read.hpp"
#include "tests/fuzz/fuzz_io_common.hpp"

DSB_FUZZ_TARGET(audit_manifests) {
  const auto input = dsb::io::input_text::from_string(dsb::fuzz::INPUT_NAME, dsb::fuzz::as_text(data, size));
  auto read = dsb::audit::read_manifests(input);
  if (!read.ok()) {
    dsb::fuzz::check_error(read.err());
    return 0;
  }
  (void)dsb::audit::audit_all(read->workloads);
  return 0;
}
