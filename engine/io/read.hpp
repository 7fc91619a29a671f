// Readers for what kubectl prints and what people write: Node/NodeList, DaemonSet/
// DaemonSetList, Pod/PodList and List, as JSON (simdjson) or YAML (yaml-cpp, multi-document).
//
// Contract:
//   - One call reads one input completely or fails with one `error` naming the file, the
//     object (Kind/namespace/name, or items[i] / document i when unnamed), the field path
//     and, for YAML, the line. Nothing partial is returned on failure.
//   - API defaulting is applied as the API server would before the objects reach a
//     controller (predicates.md §1, daemonset-controller.md §13): allocatable defaults to
//     capacity, port protocol TCP, DaemonSet strategy and history defaults, Pod requests
//     from limits and hostNetwork host ports.
//   - validation::strict (the default) also rejects what kube-apiserver validation would
//     (label syntax, unknown operators and effects, bad quantities, ...). validation::lenient
//     keeps semantically invalid objects so the runtime matchers can be exercised on data
//     that predates validation (conformance vectors); type and syntax errors still fail.
//   - JSON input is detected by its first non-blank byte ('{' or '['); anything else is YAML.
// Cost: JSON NodeLists stream through simdjson's DOM into cluster_builder without per-node
// allocations; YAML goes through yaml-cpp's node tree (much slower; fine for manifests).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/cluster.hpp"
#include "engine/model/daemonset.hpp"
#include "engine/model/error.hpp"
#include "engine/model/pod.hpp"

namespace dsb::io {

enum class validation : std::uint8_t { strict, lenient };
enum class input_format : std::uint8_t { automatic, json, yaml };

struct read_options {
  validation mode = validation::strict;
  input_format format = input_format::automatic;
};

/// An input's bytes and the name errors use for it. At least `PADDING` readable bytes
/// follow the end (simdjson reads ahead). Files are read into anonymous memory backed by
/// transparent huge pages (first touches of 4 KiB pages cost ~16 µs each on this class of
/// VM, and 4 KiB TLB misses double parse time); strings and pipes into an owned buffer.
class input_text {
 public:
  static constexpr std::size_t PADDING = 64;

  input_text() = default;
  static input_text from_string(std::string name, std::string_view text);

  std::string name;
  std::string_view bytes() const noexcept { return {data_, size_}; }
  /// Readable bytes from bytes().data(): size plus at least PADDING.
  std::size_t capacity() const noexcept { return capacity_; }

 private:
  friend result<input_text> load_file(const std::string& path);
  struct mapping;
  std::shared_ptr<const std::string> owned_;
  std::shared_ptr<const mapping> mapped_;
  const char* data_ = "";
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

/// Reads a whole file ("-" = standard input).
result<input_text> load_file(const std::string& path);

/// input_format::automatic: the first non-blank byte opens a JSON object or array.
bool looks_like_json(std::string_view bytes) noexcept;

result<cluster> read_nodes(const input_text& input, const read_options& options = {});
result<std::vector<daemonset>> read_daemonsets(const input_text& input, const read_options& options = {});
result<std::vector<pod>> read_pods(const input_text& input, const read_options& options = {});

result<cluster> read_nodes_file(const std::string& path, const read_options& options = {});
result<std::vector<daemonset>> read_daemonsets_file(const std::string& path, const read_options& options = {});
result<std::vector<pod>> read_pods_file(const std::string& path, const read_options& options = {});

/// Decodes one Pod or one Node-less object tree given as JSON text (tests, vectors).
result<pod> read_pod_json(std::string_view json, const read_options& options = {});

}  // namespace dsb::io
