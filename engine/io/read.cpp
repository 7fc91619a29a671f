#include "engine/io/read.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <simdjson.h>
#include <yaml-cpp/yaml.h>

#include "engine/io/internal/decode_document.hpp"
#include "engine/io/internal/decode_node.hpp"
#include "engine/io/internal/decode_workloads.hpp"
#include "engine/io/internal/tree_json.hpp"
#include "engine/io/internal/tree_yaml.hpp"

namespace dsb::io {
namespace {

using internal::decode_ctx;
using internal::decode_failure;

error make_error(error_code code, const std::string& file, std::string message, std::string location = {}) {
  return error{code, file, {}, {}, std::move(location), std::move(message)};
}

bool looks_like_json(const std::string& bytes) {
  for (char c : bytes) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return c == '{' || c == '[';
  }
  return false;
}

bool is_blank(const std::string& bytes) {
  return bytes.find_first_not_of(" \t\r\n") == std::string::npos;
}

// Runs `on_document(node, where)` for each document of the input with the right tree type.
// Every failure, ours or a parser's, comes back as one error.
template <class OnJson, class OnYaml>
status for_each_document(const input_text& input, const read_options& options, OnJson&& on_json, OnYaml&& on_yaml) {
  if (is_blank(input.bytes)) return make_error(error_code::syntax, input.name, "empty input: no Kubernetes object found");
  const bool json = options.format == input_format::json || (options.format == input_format::automatic && looks_like_json(input.bytes));
  try {
    if (json) {
      simdjson::dom::parser parser;
      simdjson::dom::element root;
      const bool padded = input.bytes.capacity() - input.bytes.size() >= simdjson::SIMDJSON_PADDING;
      const auto code = parser.parse(input.bytes.data(), input.bytes.size(), !padded).get(root);
      if (code != simdjson::SUCCESS) {
        return make_error(error_code::syntax, input.name, std::string("malformed JSON: ") + simdjson::error_message(code));
      }
      on_json(internal::json_node(root), std::string());
      return {};
    }
    std::vector<YAML::Node> documents = YAML::LoadAll(input.bytes);
    std::size_t non_empty = 0;
    for (const YAML::Node& doc : documents) non_empty += doc.IsNull() ? 0 : 1;
    if (non_empty == 0) return make_error(error_code::syntax, input.name, "empty input: no Kubernetes object found");
    for (std::size_t doc_idx = 0; doc_idx < documents.size(); ++doc_idx) {
      if (documents[doc_idx].IsNull()) continue;
      on_yaml(internal::yaml_node(documents[doc_idx]), documents.size() > 1 ? "document " + std::to_string(doc_idx + 1) : std::string());
    }
    return {};
  } catch (const decode_failure& failure) {
    return failure.err;
  } catch (const YAML::Exception& ex) {
    const std::string location = ex.mark.is_null() ? std::string()
                                                   : "line " + std::to_string(ex.mark.line + 1) + ", column " + std::to_string(ex.mark.column + 1);
    return make_error(error_code::syntax, input.name, "malformed YAML: " + ex.msg, location);
  } catch (const std::bad_alloc&) {
    return make_error(error_code::limit, input.name, "out of memory while reading");
  }
}

template <class Node>
std::size_t item_count_hint(const Node& doc) {
  if constexpr (std::is_same_v<Node, internal::json_node>) {
    if (doc.kind() == internal::value_kind::object) {
      if (const auto items = doc.field("items"); items && items->kind() == internal::value_kind::array) {
        std::size_t count = 0;
        items->items([&count](std::size_t, const Node&) { ++count; });
        return count;
      }
    }
  }
  return 0;
}

}  // namespace

input_text input_text::from_string(std::string name, std::string_view text) {
  input_text input;
  input.name = std::move(name);
  input.bytes.reserve(text.size() + simdjson::SIMDJSON_PADDING);
  input.bytes.append(text);
  return input;
}

result<input_text> load_file(const std::string& path) {
  input_text input;
  input.name = path == "-" ? "<stdin>" : path;
  if (path == "-") {
    char chunk[65536];
    while (std::size_t got = std::fread(chunk, 1, sizeof(chunk), stdin)) input.bytes.append(chunk, got);
    if (std::ferror(stdin) != 0) return make_error(error_code::io, input.name, "read error");
    input.bytes.reserve(input.bytes.size() + simdjson::SIMDJSON_PADDING);
    return input;
  }
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return make_error(error_code::io, path, std::string("cannot open: ") + std::strerror(errno));
  std::string bytes;
  if (std::fseek(file, 0, SEEK_END) == 0) {
    const long size = std::ftell(file);
    if (size > 0) {
      bytes.reserve(static_cast<std::size_t>(size) + simdjson::SIMDJSON_PADDING);
      bytes.resize(static_cast<std::size_t>(size));
    }
    std::fseek(file, 0, SEEK_SET);
  }
  std::size_t read = bytes.empty() ? 0 : std::fread(bytes.data(), 1, bytes.size(), file);
  if (read != bytes.size()) {
    std::fclose(file);
    return make_error(error_code::io, path, "short read");
  }
  // Files of unknown size (pipes, /proc) are read in chunks.
  char chunk[65536];
  while (std::size_t got = std::fread(chunk, 1, sizeof(chunk), file)) bytes.append(chunk, got);
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) return make_error(error_code::io, path, "read error");
  if (bytes.capacity() - bytes.size() < simdjson::SIMDJSON_PADDING) bytes.reserve(bytes.size() + simdjson::SIMDJSON_PADDING);
  input.bytes = std::move(bytes);
  return input;
}

result<cluster> read_nodes(const input_text& input, const read_options& options) {
  decode_ctx ctx(input.name, options.mode);
  std::optional<cluster_builder> builder;
  internal::node_scratch scratch;
  auto on_document = [&](const auto& doc, const std::string& where) {
    if (!builder) builder.emplace(item_count_hint(doc));
    internal::decode_document(ctx, doc, "Node", where, [&](const auto& node) { internal::decode_node(ctx, node, *builder, scratch); });
  };
  const status read = for_each_document(input, options, on_document, on_document);
  if (!read) return read.err();
  if (!builder) builder.emplace(0);
  result<cluster> built = std::move(*builder).finish();
  if (!built) {
    error err = std::move(built).err();
    err.file = input.name;
    return err;
  }
  return built;
}

result<std::vector<daemonset>> read_daemonsets(const input_text& input, const read_options& options) {
  decode_ctx ctx(input.name, options.mode);
  std::vector<daemonset> out;
  auto on_document = [&](const auto& doc, const std::string& where) {
    internal::decode_document(ctx, doc, "DaemonSet", where, [&](const auto& node) { out.push_back(internal::decode_daemonset(ctx, node)); });
  };
  const status read = for_each_document(input, options, on_document, on_document);
  if (!read) return read.err();
  return out;
}

result<std::vector<pod>> read_pods(const input_text& input, const read_options& options) {
  decode_ctx ctx(input.name, options.mode);
  std::vector<pod> out;
  auto on_document = [&](const auto& doc, const std::string& where) {
    internal::decode_document(ctx, doc, "Pod", where, [&](const auto& node) { out.push_back(internal::decode_pod(ctx, node)); });
  };
  const status read = for_each_document(input, options, on_document, on_document);
  if (!read) return read.err();
  return out;
}

result<cluster> read_nodes_file(const std::string& path, const read_options& options) {
  result<input_text> input = load_file(path);
  if (!input) return std::move(input).err();
  return read_nodes(*input, options);
}

result<std::vector<daemonset>> read_daemonsets_file(const std::string& path, const read_options& options) {
  result<input_text> input = load_file(path);
  if (!input) return std::move(input).err();
  return read_daemonsets(*input, options);
}

result<std::vector<pod>> read_pods_file(const std::string& path, const read_options& options) {
  result<input_text> input = load_file(path);
  if (!input) return std::move(input).err();
  return read_pods(*input, options);
}

result<pod> read_pod_json(std::string_view json, const read_options& options) {
  result<std::vector<pod>> pods = read_pods(input_text::from_string("<pod>", json), options);
  if (!pods) return std::move(pods).err();
  if (pods->size() != 1) return make_error(error_code::invalid_value, "<pod>", "expected exactly one Pod");
  return std::move(pods->front());
}

}  // namespace dsb::io
