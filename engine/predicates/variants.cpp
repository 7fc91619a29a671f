#include "engine/predicates/variants.hpp"

#include <array>

#include "engine/predicates/row_index.hpp"

namespace dsb::pred {

evaluation_context::evaluation_context(const cluster& c) : cluster_(c) {}
evaluation_context::~evaluation_context() = default;

const row_index& evaluation_context::rows() const {
  std::call_once(rows_once_, [this] { rows_ = std::make_unique<row_index>(build_row_index(cluster_)); });
  return *rows_;
}

const std::vector<label_value_id>& evaluation_context::value_column(label_key_id key) const {
  const std::lock_guard<std::mutex> lock(columns_mutex_);
  auto& slot = columns_[key];
  if (!slot) {
    slot = std::make_unique<std::vector<label_value_id>>(cluster_.node_count(), NO_ID<label_value_id>);
    for (label_value_id value : cluster_.labels.key(key).values) {
      cluster_.labels.postings().for_each(cluster_.labels.value(value).posting, [&](node_id node) { (*slot)[to_index(node)] = value; });
    }
  }
  return *slot;
}

namespace {
constexpr std::array<variant, 4> VARIANTS{{
    {"reference", "per node, on the node's own string labels and taints: the Kubernetes matchers as written "
                  "(selectors and tolerations parsed once per DaemonSet); the oracle",
     &evaluate_reference},
    {"row_bitset", "node-major bit rows of interned label values, keys and taints (512 bits per node; rarer values "
                   "through a per-key value-id column); per-node mask tests, oneTBB over node blocks",
     &evaluate_row_bitset},
    {"column_bitmap", "value -> node_set index; the compiled program as set algebra over 64-bit words, fused per "
                      "word range, oneTBB over ranges",
     &evaluate_column_bitmap},
    {"incremental", "the per-node tester of incremental reconcile (node_test.hpp) on every node: interned ids, "
                    "values judged by text or parsed integer, taints by a per-DaemonSet verdict cache",
     &evaluate_incremental},
}};
}  // namespace

std::span<const variant> variants() noexcept { return VARIANTS; }

const variant* find_variant(std::string_view name) noexcept {
  for (const variant& entry : VARIANTS) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

node_set reason_nodes::materialize(std::size_t size) const {
  if (!is_view()) return owned_;
  node_set out(size);
  store_->or_into(posting_, out);
  return out;
}

bool operator==(const reason_nodes& lhs, const reason_nodes& rhs) {
  if (!lhs.is_view() && !rhs.is_view()) return lhs.owned_ == rhs.owned_;
  if (lhs.count() != rhs.count()) return false;
  bool same = true;
  lhs.for_each([&](node_id node) { same = same && rhs.contains(node); });
  return same;
}

placement empty_placement(const compiled_daemonset& ds, const cluster& c) {
  const std::size_t size = ds.node_count;
  placement out;
  out.should_run = node_set::uninitialized(size);
  out.should_continue_running = node_set::uninitialized(size);
  const placement_program& program = ds.program;
  if (program.has_node_name) out.reasons.push_back(exclusion{reason_kind::node_name, 0, {}, reason_nodes(node_set::uninitialized(size))});
  for (std::uint32_t entry = 0; entry < program.selector.size(); ++entry) {
    out.reasons.push_back(exclusion{reason_kind::node_selector, entry, {}, reason_nodes(node_set::uninitialized(size))});
  }
  if (program.has_affinity) out.reasons.push_back(exclusion{reason_kind::node_affinity, 0, {}, reason_nodes(node_set::uninitialized(size))});
  for (taint_id taint : program.untolerated) {
    out.reasons.push_back(exclusion{reason_kind::untolerated_taint, 0, taint, reason_nodes(c.taints.postings(), c.taints.posting(taint))});
  }
  return out;
}

std::string describe(const exclusion& reason, const compiled_daemonset& ds, const cluster& c) {
  switch (reason.kind) {
    case reason_kind::node_name: return "nodeName " + ds.node_name;
    case reason_kind::node_selector: {
      const auto& [key, value] = ds.affinity.node_selector[reason.index];
      return "nodeSelector " + key + "=" + (value.empty() ? std::string("\"\"") : value);
    }
    case reason_kind::node_affinity: return "nodeAffinity (no required term matches)";
    case reason_kind::untolerated_taint: {
      const taint_def& def = c.taints.def(reason.taint);
      std::string text = "taint " + std::string(c.strings.view(def.key));
      if (!c.strings.view(def.value).empty()) text += "=" + std::string(c.strings.view(def.value));
      return text + ":" + std::string(to_string(def.effect));
    }
  }
  return "?";
}

}  // namespace dsb::pred
