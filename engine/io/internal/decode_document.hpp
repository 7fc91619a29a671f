// Document dispatch: a document is one object (Node, DaemonSet, Pod) or a list of them
// (NodeList, DaemonSetList, PodList, or List with per-item kinds). Each object found is
// handed to the caller with the context naming it.
#pragma once

#include <string>
#include <string_view>

#include "engine/io/internal/decode_common.hpp"

namespace dsb::io::internal {

/// "Kind/namespace/name" from an object's own metadata, plus where it sits.
template <class Node>
std::string describe_object(const Node& object, std::string_view kind, const std::string& where) {
  std::string name;
  std::string ns;
  if (object.kind() == value_kind::object) {
    if (const auto meta = object.field("metadata"); meta && meta->kind() == value_kind::object) {
      if (const auto field = meta->field("name"); field && field->kind() == value_kind::string) name = std::string(field->string());
      if (const auto field = meta->field("namespace"); field && field->kind() == value_kind::string) ns = std::string(field->string());
    }
  }
  std::string out(kind);
  if (!name.empty()) out += "/" + (ns.empty() ? name : ns + "/" + name);
  if (!where.empty()) out += name.empty() ? " " + where : " (" + where + ")";
  return out;
}

template <class Node>
std::string_view kind_of(decode_ctx& ctx, const Node& object) {
  const auto kind = object.field("kind");
  if (!kind) return {};
  path_guard guard(ctx, "kind");
  return read_string(ctx, *kind);
}

/// Calls on_item(node) for every object of `wanted` kind in `doc`; other kinds fail.
/// `where` names the document ("document 2") for multi-document YAML, or is empty.
template <class Node, class OnItem>
void decode_document(decode_ctx& ctx, const Node& doc, std::string_view wanted, const std::string& where, OnItem&& on_item) {
  ctx.set_object(where);
  if (doc.kind() != value_kind::object) fail_type(ctx, doc, "a Kubernetes object");
  const std::string_view kind = kind_of(ctx, doc);
  const bool is_list = kind == "List" || (kind.size() > 4 && kind.ends_with("List")) || (kind.empty() && doc.field("items"));
  if (!is_list) {
    if (!kind.empty() && kind != wanted) {
      ctx.set_object(describe_object(doc, kind, where));
      path_guard guard(ctx, "kind");
      ctx.fail(error_code::unsupported, "expected kind " + std::string(wanted) + " here, got " + std::string(kind), doc.location());
    }
    ctx.set_object(describe_object(doc, wanted, where));
    on_item(doc);
    return;
  }
  const std::string list_kind = kind.empty() ? std::string("List") : std::string(kind);
  if (list_kind != "List" && list_kind != std::string(wanted) + "List") {
    path_guard guard(ctx, "kind");
    ctx.fail(error_code::unsupported, "expected a " + std::string(wanted) + "List or List, got " + list_kind, doc.location());
  }
  ctx.set_object(where.empty() ? list_kind : list_kind + " (" + where + ")");
  const auto items = doc.field("items");
  if (!items) return;  // an empty list
  if (items->kind() == value_kind::null) return;
  if (items->kind() != value_kind::array) {
    path_guard guard(ctx, "items");
    fail_type(ctx, *items, "an array");
  }
  // Each item is named "Kind/ns/name (items[i])"; field paths start at the item.
  items->items([&](std::size_t index, const Node& item) {
    const std::string item_where = (where.empty() ? std::string() : where + " ") + "items[" + std::to_string(index) + "]";
    ctx.set_object(item_where);
    if (item.kind() != value_kind::object) fail_type(ctx, item, "a Kubernetes object");
    const std::string_view item_kind = kind_of(ctx, item);
    if (!item_kind.empty() && item_kind != wanted) {
      ctx.set_object(describe_object(item, item_kind, item_where));
      path_guard guard(ctx, "kind");
      ctx.fail(error_code::unsupported, "expected kind " + std::string(wanted) + ", got " + std::string(item_kind), item.location());
    }
    if (item_kind.empty() && list_kind == "List") {
      path_guard guard(ctx, "kind");
      ctx.fail(error_code::missing_field, "items of a List need a kind", item.location());
    }
    ctx.set_object(describe_object(item, wanted, item_where));
    on_item(item);
  });
}

}  // namespace dsb::io::internal
