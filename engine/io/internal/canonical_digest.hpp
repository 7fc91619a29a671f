// canonical_digest: a 64-bit FNV-1a digest of a document subtree that ignores key order
// and formatting (JSON or YAML give the same digest for the same data). Used to fingerprint
// the fields of a pod template that the model does not keep, so that any change in a
// DaemonSet's template, modelled or not, changes its revision hash (controller/revision).
// Cost: O(subtree size) plus sorting each object's keys.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/io/internal/tree_kind.hpp"

namespace dsb::io::internal {

struct digest_state {
  std::uint64_t value = 0xcbf29ce484222325ULL;
  void bytes(std::string_view text) {
    for (char c : text) {
      value ^= static_cast<unsigned char>(c);
      value *= 0x100000001b3ULL;
    }
  }
  void tag(char c) { bytes(std::string_view(&c, 1)); }
  void length(std::size_t size) { bytes(std::to_string(size) + ":"); }
};

template <class Node>
std::uint64_t canonical_digest(const Node& node) {
  digest_state state;
  switch (node.kind()) {
    case value_kind::null: state.tag('n'); break;
    case value_kind::boolean: state.tag(node.boolean() ? 't' : 'f'); break;
    case value_kind::integer:
    case value_kind::floating: state.tag('#'); state.bytes(node.number_text()); break;
    case value_kind::string: {
      const std::string_view text = node.string();
      state.tag('s');
      state.length(text.size());
      state.bytes(text);
      break;
    }
    case value_kind::array: {
      state.tag('[');
      node.items([&](std::size_t, const Node& child) {
        const std::uint64_t digest = canonical_digest(child);
        state.bytes(std::string_view(reinterpret_cast<const char*>(&digest), sizeof(digest)));
      });
      state.tag(']');
      break;
    }
    case value_kind::object: {
      std::vector<std::pair<std::string, std::uint64_t>> members;
      node.fields([&](std::string_view key, const Node& child) { members.emplace_back(std::string(key), canonical_digest(child)); });
      std::sort(members.begin(), members.end());
      state.tag('{');
      for (const auto& [key, digest] : members) {
        state.length(key.size());
        state.bytes(key);
        state.bytes(std::string_view(reinterpret_cast<const char*>(&digest), sizeof(digest)));
      }
      state.tag('}');
      break;
    }
  }
  return state.value;
}

}  // namespace dsb::io::internal
