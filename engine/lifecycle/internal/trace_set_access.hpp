// trace_set_access: the engine-internal door to a trace_set's storage, for the two producers
// that assemble one without copying through trace_set_builder (the trace reader's merge and
// the simulator's parallel assembly). Not for use outside engine/lifecycle.
#pragma once

#include <memory>
#include <vector>

#include "engine/lifecycle/trace.hpp"

namespace dsb::lifecycle {

struct trace_set_access {
  static std::vector<trace_set::pod_entry>& pods(trace_set& set) { return set.pods_; }
  static std::vector<trace_spec>& specs(trace_set& set) { return set.specs_; }
  static std::vector<std::vector<trace_event>>& blocks(trace_set& set) { return set.blocks_; }
  static std::vector<std::unique_ptr<internal::string_arena>>& arenas(trace_set& set) { return set.arenas_; }
  static void keep(trace_set& set, std::shared_ptr<const void> keepalive) { set.keepalive_ = std::move(keepalive); }
};

}  // namespace dsb::lifecycle
