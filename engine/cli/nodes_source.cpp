#include "engine/cli/nodes_source.hpp"

#include <chrono>
#include <charconv>

#include "engine/gen/generate.hpp"

namespace dsb::cli {
namespace {
template <class Number>
bool parse_number(std::string_view text, Number& out) {
  const auto [end, code] = std::from_chars(text.data(), text.data() + text.size(), out);
  return code == std::errc() && end == text.data() + text.size();
}

error usage(const std::string& argument, std::string message) {
  return error{error_code::usage, argument, {}, {}, {}, std::move(message)};
}
}  // namespace

result<loaded_cluster> load_nodes(const std::string& argument, io::validation mode) {
  const auto start = std::chrono::steady_clock::now();
  loaded_cluster loaded{cluster{}, argument, 0, 0};
  if (argument.rfind("gen:", 0) == 0) {
    // gen:N[:PROFILE[:SEED]]
    gen::cluster_spec spec;
    std::string_view rest = std::string_view(argument).substr(4);
    const auto first = rest.find(':');
    if (!parse_number(rest.substr(0, first), spec.nodes)) return usage(argument, "expected gen:N[:PROFILE[:SEED]] with N a positive integer");
    if (first != std::string_view::npos) {
      rest = rest.substr(first + 1);
      const auto second = rest.find(':');
      spec.profile = std::string(rest.substr(0, second));
      if (second != std::string_view::npos && !parse_number(rest.substr(second + 1), spec.seed)) {
        return usage(argument, "SEED in gen:N:PROFILE:SEED must be a non-negative integer");
      }
    }
    result<cluster> made = gen::generate_cluster(spec);
    if (!made) {
      error err = std::move(made).err();
      err.file = argument;
      return err;
    }
    loaded.nodes = std::move(*made);
  } else {
    result<io::input_text> input = io::load_file(argument);
    if (!input) return std::move(input).err();
    loaded.input_bytes = input->bytes().size();
    result<cluster> read = io::read_nodes(*input, io::read_options{mode, io::input_format::automatic});
    if (!read) return std::move(read).err();
    loaded.nodes = std::move(*read);
  }
  loaded.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return loaded;
}

}  // namespace dsb::cli
