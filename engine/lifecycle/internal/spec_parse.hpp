// Decodes the `spec` object of a trace pod line into a trace_spec: restartPolicy,
// terminationGracePeriodSeconds, and per init/app container name, image, restartPolicy
// (init containers: "Always" only), startupProbe / livenessProbe / readinessProbe presence
// and lifecycle.postStart presence. Other Pod spec fields are ignored.
// Errors carry the field path ("spec.initContainers[1].name") and message; the caller adds
// file and line. Cost: one simdjson DOM parse of the spec text (specs are deduplicated by
// text, so this runs once per distinct spec).
#pragma once

#include <string_view>

#include "engine/lifecycle/trace.hpp"
#include "engine/model/error.hpp"

namespace dsb::lifecycle::internal {

result<trace_spec> parse_trace_spec(std::string_view json);

}  // namespace dsb::lifecycle::internal
