// explain(): why one node does or does not get a DaemonSet's pod, check by check.
//
// Computed for that node alone with the string matchers (microseconds), not by evaluating
// the cluster. Every check is reported, not only the first failing one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/cluster.hpp"
#include "engine/predicates/compile.hpp"

namespace dsb::pred {

struct selector_check {
  std::string key;
  std::string want;
  std::optional<std::string> actual;  ///< the node's value, if it has the key
  bool ok = false;
};

struct expression_check {
  std::string text;    ///< "kubernetes.io/arch In [amd64 arm64]"
  std::string actual;  ///< what the node has: the label value, "(absent)", or its name
  bool ok = false;
};

struct term_check {
  std::size_t index = 0;  ///< position in nodeSelectorTerms
  bool parse_error = false;
  std::string error;
  bool matched = false;
  std::vector<expression_check> checks;
};

/// A preferredDuringScheduling term: reported, never decides placement (the scheduler
/// scores with it; the DaemonSet controller ignores it).
struct preferred_check {
  std::int32_t weight = 0;
  bool matched = false;
  bool parse_error = false;
  std::string text;
};

struct taint_check {
  std::string key;
  std::string value;
  taint_effect effect = taint_effect::no_schedule;
  bool considered = true;             ///< false for PreferNoSchedule (the controller ignores it)
  bool tolerated = false;
  std::string tolerated_by;           ///< the first toleration that tolerates it, as text
};

struct node_explanation {
  std::string node;
  bool should_run = false;
  bool should_continue_running = false;
  bool node_name_ok = true;
  std::vector<selector_check> selector;
  bool has_affinity = false;
  bool affinity_ok = true;
  std::vector<term_check> terms;
  std::vector<taint_check> taints;
  std::vector<preferred_check> preferred;
  std::vector<std::string> reasons;   ///< every reason that applies, as text
};

/// nullopt when the cluster has no node of that name.
std::optional<node_explanation> explain(const compiled_daemonset& ds, const cluster& c, std::string_view node_name);

/// "key=value:Effect" / "Exists (all taints)" texts used by reports.
std::string describe(const toleration& tol);

}  // namespace dsb::pred
