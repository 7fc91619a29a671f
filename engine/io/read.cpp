#include "engine/io/read.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <simdjson.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include "engine/io/internal/decode_document.hpp"
#include "engine/io/internal/decode_node.hpp"
#include "engine/io/internal/decode_workloads.hpp"
#include "engine/io/internal/json_error_offset.hpp"
#include "engine/io/internal/yaml_load.hpp"
#include "engine/io/internal/tree_json.hpp"
#include "engine/io/internal/tree_json_ondemand.hpp"
#include "engine/io/internal/tree_yaml.hpp"

namespace dsb::io {
namespace {

using internal::decode_ctx;
using internal::decode_failure;

error make_error(error_code code, const std::string& file, std::string message, std::string location = {}) {
  return error{code, file, {}, {}, std::move(location), std::move(message)};
}

bool is_blank(std::string_view bytes) {
  return bytes.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Runs `on_document(node, where)` for each document of the input with the right tree type.
// Every failure, ours or a parser's, comes back as one error.
template <class OnJson, class OnYaml>
status for_each_document(const input_text& input, const read_options& options, OnJson&& on_json, OnYaml&& on_yaml) {
  if (is_blank(input.bytes())) return make_error(error_code::syntax, input.name, "empty input: no Kubernetes object found");
  const bool json = options.format == input_format::json || (options.format == input_format::automatic && looks_like_json(input.bytes()));
  try {
    if (json) {
      simdjson::dom::parser parser;
      simdjson::dom::element root;
      const bool padded = input.capacity() - input.bytes().size() >= simdjson::SIMDJSON_PADDING;
      const auto code = parser.parse(input.bytes().data(), input.bytes().size(), !padded).get(root);
      if (code != simdjson::SUCCESS) {
        const auto offset = internal::json_error_offset(input.bytes());  // the DOM reports no position
        return make_error(error_code::syntax, input.name, std::string("malformed JSON: ") + simdjson::error_message(code),
                          offset ? "byte " + std::to_string(*offset) : std::string());
      }
      on_json(internal::json_node(root), std::string());
      return {};
    }
    std::vector<YAML::Node> documents = internal::load_yaml_documents(input.bytes());
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
  } catch (const YAML::DeepRecursion& ex) {  // yaml-cpp words it "bad file"
    return make_error(error_code::limit, input.name, std::string(internal::yaml_too_deep_message), internal::yaml_mark_location(ex.mark));
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

enum class stream_outcome { done, not_a_list };

// The NodeList fast path: one forward pass with simdjson On-Demand over a document whose
// top level is an object with "items" (what kubectl prints). Anything else (a single Node,
// an array, malformed input whose error the DOM reader words better) is `not_a_list` and
// goes through the DOM reader. kubectl writes "kind" after "items", so the list kind and
// the List-needs-item-kinds rule are checked after the items.
stream_outcome stream_node_list(const input_text& input, decode_ctx& ctx, cluster_builder& builder, internal::node_scratch& scratch) {
  const bool padded = input.capacity() - input.bytes().size() >= simdjson::SIMDJSON_PADDING;
  simdjson::padded_string copy;
  simdjson::padded_string_view view(input.bytes().data(), input.bytes().size(), input.capacity());
  if (!padded) {
    copy = simdjson::padded_string(input.bytes());
    view = simdjson::padded_string_view(copy);
  }
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  if (const auto code = parser.iterate(view).get(doc)) {
    if (code == simdjson::CAPACITY) ctx.fail(error_code::limit, "JSON documents above 4 GiB are beyond simdjson; write compact JSON (--indent 0) or split the list");
    return stream_outcome::not_a_list;
  }
  internal::json_stream_document shared{&doc, input.bytes().data(), &ctx};
  simdjson::ondemand::object top;
  if (doc.get_object().get(top) != simdjson::SUCCESS) return stream_outcome::not_a_list;
  bool saw_items = false;
  std::string list_kind;
  std::optional<std::size_t> first_without_kind;
  for (auto member : top) {
    simdjson::ondemand::field field;
    std::string_view key;
    if (const auto code = std::move(member).get(field)) shared.fail(code);
    if (const auto code = field.unescaped_key().get(key)) shared.fail(code);
    internal::json_stream_node value(field.value(), &shared);
    if (key == "kind") {
      ctx.set_object("NodeList");
      internal::path_guard guard(ctx, "kind");
      list_kind = std::string(internal::read_string(ctx, value));
    } else if (key == "items") {
      saw_items = true;
      const internal::value_kind kind = value.kind();
      if (kind == internal::value_kind::null) continue;
      if (kind != internal::value_kind::array) {
        ctx.set_object("NodeList");
        internal::path_guard guard(ctx, "items");
        internal::fail_type(ctx, value, "an array");
      }
      value.items([&](std::size_t index, const internal::json_stream_node& item) {
        ctx.begin_object("Node", "items[" + std::to_string(index) + "]");
        if (item.kind() != internal::value_kind::object) internal::fail_type(ctx, item, "a Kubernetes object");
        internal::decode_node(ctx, item, builder, scratch);
        if (!scratch.had_kind && !first_without_kind) first_without_kind = index;
      });
    }
  }
  if (!saw_items) return stream_outcome::not_a_list;
  const char* trailing = nullptr;
  if (doc.current_location().get(trailing) == simdjson::SUCCESS) {  // OUT_OF_BOUNDS = at the end
    ctx.set_object({});
    ctx.fail(error_code::syntax, "malformed JSON: content after the end of the document", shared.location());
  }
  ctx.set_object(list_kind.empty() ? std::string("NodeList") : list_kind);
  if (!list_kind.empty() && list_kind != "List" && list_kind != "NodeList") {
    internal::path_guard guard(ctx, "kind");
    ctx.fail(error_code::unsupported, "expected a NodeList or List, got " + list_kind);
  }
  if (list_kind == "List" && first_without_kind) {
    ctx.set_object("items[" + std::to_string(*first_without_kind) + "]");
    internal::path_guard guard(ctx, "kind");
    ctx.fail(error_code::missing_field, "items of a List need a kind");
  }
  return stream_outcome::done;
}

result<cluster> finish_cluster(cluster_builder&& builder, const std::string& file) {
  result<cluster> built = std::move(builder).finish();
  if (!built) {
    error err = std::move(built).err();
    err.file = file;
    return err;
  }
  return built;
}

}  // namespace

struct input_text::mapping {
  void* region = nullptr;
  std::size_t length = 0;
  ~mapping() {
    if (region != nullptr) ::munmap(region, length);
  }
};

input_text input_text::from_string(std::string name, std::string_view text) {
  input_text input;
  input.name = std::move(name);
  auto owned = std::make_shared<std::string>();
  owned->reserve(text.size() + PADDING);
  owned->append(text);
  input.data_ = owned->data();
  input.size_ = owned->size();
  input.capacity_ = owned->capacity();
  input.owned_ = std::move(owned);
  return input;
}

result<input_text> load_file(const std::string& path) {
  if (path == "-") {
    std::string bytes;
    char chunk[65536];
    while (std::size_t got = std::fread(chunk, 1, sizeof(chunk), stdin)) bytes.append(chunk, got);
    if (std::ferror(stdin) != 0) return make_error(error_code::io, "<stdin>", "read error");
    return input_text::from_string("<stdin>", bytes);
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return make_error(error_code::io, path, std::string("cannot open: ") + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    // Not a regular file (a pipe, a device): read it like standard input.
    std::string bytes;
    char chunk[65536];
    for (ssize_t got = 0; (got = ::read(fd, chunk, sizeof(chunk))) > 0;) bytes.append(chunk, static_cast<std::size_t>(got));
    ::close(fd);
    if (S_ISDIR(info.st_mode)) return make_error(error_code::io, path, "is a directory");
    return input_text::from_string(path, bytes);
  }
  input_text input;
  input.name = path;
  const auto size = static_cast<std::size_t>(info.st_size);
  if (size == 0) {
    ::close(fd);
    return input_text::from_string(path, {});
  }
  // Read into anonymous memory backed by transparent huge pages. (Mapping the file itself
  // avoids the copy but leaves 4 KiB page-cache pages under the parser: on this class of
  // VM that made parsing 2x slower through TLB misses. The copy costs ~0.1 s per 600 MB.)
  const std::size_t huge_page = std::size_t{2} << 20;
  const std::size_t length = (size + input_text::PADDING + huge_page - 1) / huge_page * huge_page;
  void* region = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (region == MAP_FAILED) {
    ::close(fd);
    return make_error(error_code::limit, path, std::string("cannot allocate ") + std::to_string(length) + " bytes: " + std::strerror(errno));
  }
  ::madvise(region, length, MADV_HUGEPAGE);  // a hint; fine if THP is off
  auto mapped = std::make_shared<input_text::mapping>();
  mapped->region = region;
  mapped->length = length;
  char* out = static_cast<char*>(region);
  std::size_t done = 0;
  while (done < size) {
    const ssize_t got = ::read(fd, out + done, size - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      const int read_errno = errno;
      ::close(fd);
      return make_error(error_code::io, path, got == 0 ? std::string("file shrank while reading") : std::string("read error: ") + std::strerror(read_errno));
    }
    done += static_cast<std::size_t>(got);
  }
  ::close(fd);
  const void* file = region;
  input.data_ = static_cast<const char*>(file);
  input.size_ = size;
  input.capacity_ = length;
  input.mapped_ = std::move(mapped);
  return input;
}

result<cluster> read_nodes(const input_text& input, const read_options& options) {
  decode_ctx ctx(input.name, options.mode);
  internal::node_scratch scratch;
  const bool json = options.format == input_format::json || (options.format == input_format::automatic && looks_like_json(input.bytes()));
  if (json) {
    try {
      cluster_builder streamed(input.bytes().size() / 6000 + 16);
      if (stream_node_list(input, ctx, streamed, scratch) == stream_outcome::done) return finish_cluster(std::move(streamed), input.name);
    } catch (const decode_failure& failure) {
      return failure.err;
    } catch (const std::bad_alloc&) {
      return make_error(error_code::limit, input.name, "out of memory while reading");
    }
  }
  std::optional<cluster_builder> builder;
  auto on_document = [&](const auto& doc, const std::string& where) {
    if (!builder) builder.emplace(item_count_hint(doc));
    internal::decode_document(ctx, doc, "Node", where, [&](const auto& node) { internal::decode_node(ctx, node, *builder, scratch); });
  };
  const status read = for_each_document(input, options, on_document, on_document);
  if (!read) return read.err();
  if (!builder) builder.emplace(0);
  return finish_cluster(std::move(*builder), input.name);
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

bool looks_like_json(std::string_view bytes) noexcept {
  for (char c : bytes) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return c == '{' || c == '[';
  }
  return false;
}

}  // namespace dsb::io
