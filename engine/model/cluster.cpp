#include "engine/model/cluster.hpp"

#include <algorithm>
#include <sstream>
#include <tuple>
#include <utility>

namespace dsb {

std::optional<node_id> cluster::find_node(std::string_view name) const noexcept {
  const auto text = strings.find(name);
  if (!text) return std::nullopt;
  return node_by_name.find(*text);
}

std::optional<label_key_id> cluster::find_label_key(std::string_view key) const noexcept {
  const auto text = strings.find(key);
  if (!text) return std::nullopt;
  return labels.find_key(*text);
}

std::optional<label_value_id> cluster::find_label_value(label_key_id key, std::string_view value) const noexcept {
  const auto text = strings.find(value);
  if (!text) return std::nullopt;
  return labels.find_value(key, *text);
}

std::optional<resource_id> cluster::find_resource(std::string_view name) const noexcept {
  const auto text = strings.find(name);
  if (!text) return std::nullopt;
  const auto found = std::find(resource_names.begin(), resource_names.end(), *text);
  if (found == resource_names.end()) return std::nullopt;
  return make_id<resource_id>(found - resource_names.begin());
}

resource_id cluster::intern_resource(std::string_view name) {
  const string_id id = strings.intern(name);
  const auto found = std::find(resource_names.begin(), resource_names.end(), id);
  if (found != resource_names.end()) return make_id<resource_id>(found - resource_names.begin());
  resource_names.push_back(id);
  return make_id<resource_id>(resource_names.size() - 1);
}

std::optional<label_value_id> cluster::label_of(node_id node, label_key_id key) const noexcept {
  const auto row = nodes.labels.row(to_index(node));
  const auto found = std::lower_bound(row.begin(), row.end(), key,
                                      [this](label_value_id value, label_key_id wanted) { return labels.value(value).key < wanted; });
  if (found == row.end() || labels.value(*found).key != key) return std::nullopt;
  return *found;
}

memory_report cluster::memory() const noexcept {
  memory_report report;
  report.strings = strings.memory_bytes();
  report.node_columns = nodes.memory_bytes();
  report.label_index = labels.memory_bytes();
  report.taint_index = taints.memory_bytes();
  report.name_index = node_by_name.memory_bytes() +
                      resource_names.capacity() * sizeof(string_id);
  return report;
}

namespace {

// The facts of one node as texts, in a canonical order (labels sorted by key text,
// extended resources by name, taints in node order).
struct node_facts {
  std::string_view name;
  std::vector<std::pair<std::string_view, std::string_view>> labels;
  std::vector<std::tuple<std::string_view, std::string_view, std::string_view>> taints;
  bool unschedulable = false;
  node_conditions conditions{};
  node_resources allocatable;
  std::vector<std::pair<std::string_view, std::int64_t>> extended;
};

node_facts facts_of(const cluster& c, node_id node) {
  node_facts facts;
  facts.name = c.name(node);
  for (label_value_id value : c.nodes.labels.row(to_index(node))) facts.labels.emplace_back(c.text(c.labels.value(value).key), c.text(value));
  std::sort(facts.labels.begin(), facts.labels.end());
  for (taint_id taint : c.nodes.taints.row(to_index(node))) {
    const taint_def& def = c.taints.def(taint);
    facts.taints.emplace_back(c.strings.view(def.key), c.strings.view(def.value), to_string(def.effect));
  }
  facts.unschedulable = c.nodes.unschedulable.test(node);
  facts.conditions = c.nodes.conditions[to_index(node)];
  facts.allocatable = c.nodes.allocatable(node);
  for (const extended_amount& amount : c.nodes.extended_allocatable.row(to_index(node))) {
    facts.extended.emplace_back(c.strings.view(c.resource_names[to_index(amount.resource)]), amount.amount);
  }
  std::sort(facts.extended.begin(), facts.extended.end());
  return facts;
}

struct fnv1a {
  std::uint64_t state = 0xcbf29ce484222325ULL;
  void bytes(const void* data, std::size_t size) {
    const auto* in = static_cast<const unsigned char*>(data);
    for (std::size_t idx = 0; idx < size; ++idx) {
      state ^= in[idx];
      state *= 0x100000001b3ULL;
    }
  }
  void text(std::string_view value) {
    const std::uint64_t length = value.size();
    bytes(&length, sizeof(length));
    bytes(value.data(), value.size());
  }
  void number(std::int64_t value) { bytes(&value, sizeof(value)); }
};

}  // namespace

std::uint64_t cluster_digest(const cluster& c) {
  fnv1a hash;
  hash.number(static_cast<std::int64_t>(c.node_count()));
  for (std::uint32_t node_idx = 0; node_idx < c.node_count(); ++node_idx) {
    const node_facts facts = facts_of(c, make_id<node_id>(node_idx));
    hash.text(facts.name);
    hash.number(static_cast<std::int64_t>(facts.labels.size()));
    for (const auto& [key, value] : facts.labels) {
      hash.text(key);
      hash.text(value);
    }
    hash.number(static_cast<std::int64_t>(facts.taints.size()));
    for (const auto& [key, value, effect] : facts.taints) {
      hash.text(key);
      hash.text(value);
      hash.text(effect);
    }
    hash.number(facts.unschedulable ? 1 : 0);
    for (condition_status status : facts.conditions) hash.number(static_cast<std::int64_t>(status));
    hash.number(facts.allocatable.cpu_milli);
    hash.number(facts.allocatable.memory_bytes);
    hash.number(facts.allocatable.pods);
    hash.number(facts.allocatable.ephemeral_storage_bytes);
    for (const auto& [name, amount] : facts.extended) {
      hash.text(name);
      hash.number(amount);
    }
  }
  return hash.state;
}

std::string first_difference(const cluster& lhs, const cluster& rhs) {
  std::ostringstream out;
  if (lhs.node_count() != rhs.node_count()) {
    out << "node count " << lhs.node_count() << " != " << rhs.node_count();
    return out.str();
  }
  for (std::uint32_t node_idx = 0; node_idx < lhs.node_count(); ++node_idx) {
    const node_facts left = facts_of(lhs, make_id<node_id>(node_idx));
    const node_facts right = facts_of(rhs, make_id<node_id>(node_idx));
    out << "node " << node_idx << " (" << left.name << "): ";
    if (left.name != right.name) return out.str() + "name differs: " + std::string(right.name);
    if (left.labels != right.labels) {
      for (std::size_t idx = 0; idx < std::max(left.labels.size(), right.labels.size()); ++idx) {
        if (idx >= left.labels.size() || idx >= right.labels.size() || left.labels[idx] != right.labels[idx]) {
          out << "labels differ at sorted entry " << idx;
          if (idx < left.labels.size()) out << " left " << left.labels[idx].first << "=" << left.labels[idx].second;
          if (idx < right.labels.size()) out << " right " << right.labels[idx].first << "=" << right.labels[idx].second;
          return out.str();
        }
      }
    }
    if (left.taints != right.taints) return out.str() + "taints differ";
    if (left.unschedulable != right.unschedulable) return out.str() + "unschedulable differs";
    if (left.conditions != right.conditions) return out.str() + "conditions differ";
    if (!(left.allocatable == right.allocatable)) return out.str() + "allocatable differs";
    if (left.extended != right.extended) return out.str() + "extended resources differ";
    out.str("");
  }
  return {};
}

}  // namespace dsb
