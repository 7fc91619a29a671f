// ObjectMeta decoding.
#pragma once

#include "engine/io/internal/decode_common.hpp"
#include "engine/model/object_meta.hpp"

namespace dsb::io::internal {

template <class Node>
owner_reference decode_owner_reference(decode_ctx& ctx, const Node& node) {
  owner_reference ref;
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "apiVersion") ref.api_version = read_string(ctx, child);
    else if (key == "kind") ref.kind = read_string(ctx, child);
    else if (key == "name") ref.name = read_string(ctx, child);
    else if (key == "uid") ref.uid = read_string(ctx, child);
    else if (key == "controller") ref.controller = read_bool(ctx, child);
  });
  return ref;
}

template <class Node>
void decode_object_meta(decode_ctx& ctx, const Node& node, object_meta& meta) {
  for_each_field(ctx, node, [&](std::string_view key, const Node& child) {
    if (key == "name") meta.name = read_string(ctx, child);
    else if (key == "generateName") meta.generate_name = read_string(ctx, child);
    else if (key == "namespace") meta.namespace_ = read_string(ctx, child);
    else if (key == "uid") meta.uid = read_string(ctx, child);
    else if (key == "generation") meta.generation = read_int64(ctx, child);
    else if (key == "creationTimestamp") meta.creation_timestamp = read_time(ctx, child);
    else if (key == "deletionTimestamp") meta.deletion_timestamp = read_time(ctx, child);
    else if (key == "labels") meta.labels = read_string_map(ctx, child, true);
    else if (key == "annotations") meta.annotations = read_string_map(ctx, child, false);
    else if (key == "ownerReferences") {
      for_each_item(ctx, child, [&](std::size_t, const Node& item) { meta.owner_references.push_back(decode_owner_reference(ctx, item)); });
    }
  });
}

}  // namespace dsb::io::internal
