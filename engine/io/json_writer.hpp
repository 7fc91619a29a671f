// json_writer: a small streaming JSON emitter into a std::string, compact or indented.
//
// Usage: w.begin_object(); w.key("a"); w.value(1); w.end_object(); The writer inserts
// commas, indentation and string escaping; the caller guarantees well-formed nesting
// (asserted in debug builds). Numbers are written exactly (integers) or in the shortest
// round-trip form (doubles). Cost: amortised O(output size), no per-value allocation.
#pragma once

#include <cassert>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dsb::io {

class json_writer {
 public:
  /// indent = 0: compact; otherwise spaces per level (kubectl uses 4).
  explicit json_writer(std::string& out, int indent = 0) : out_(out), indent_(indent) {}

  json_writer& begin_object() { return open('{'); }
  json_writer& end_object() { return close('}'); }
  json_writer& begin_array() { return open('['); }
  json_writer& end_array() { return close(']'); }
  json_writer& key(std::string_view name);

  json_writer& value(std::string_view text);
  json_writer& value(const char* text) { return value(std::string_view(text)); }
  json_writer& value(const std::string& text) { return value(std::string_view(text)); }
  json_writer& value(bool flag);
  json_writer& value(std::int64_t number);
  json_writer& value(std::uint64_t number);
  json_writer& value(int number) { return value(static_cast<std::int64_t>(number)); }
  json_writer& value(unsigned number) { return value(static_cast<std::uint64_t>(number)); }
  json_writer& value(long long number) { return value(static_cast<std::int64_t>(number)); }
  json_writer& value(unsigned long long number) { return value(static_cast<std::uint64_t>(number)); }
  json_writer& value(double number);
  json_writer& null();

  /// key + value in one call.
  template <class T>
  json_writer& field(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }

  /// Appends `text` as a JSON string literal (with quotes) to `out`.
  static void append_escaped(std::string& out, std::string_view text);

 private:
  json_writer& open(char bracket);
  json_writer& close(char bracket);
  void before_value();
  void newline();

  std::string& out_;
  int indent_;
  struct level {
    char bracket;
    bool empty;
  };
  std::vector<level> stack_;
  bool after_key_ = false;
};

}  // namespace dsb::io
