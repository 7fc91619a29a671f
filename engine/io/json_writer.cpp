#include "engine/io/json_writer.hpp"

#include <charconv>
#include <cmath>

namespace dsb::io {

void json_writer::append_escaped(std::string& out, std::string_view text) {
  static constexpr char HEX[] = "0123456789abcdef";
  out += '"';
  std::size_t run_start = 0;
  for (std::size_t idx = 0; idx < text.size(); ++idx) {
    const auto c = static_cast<unsigned char>(text[idx]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run_start, idx - run_start);
    run_start = idx + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out += HEX[c >> 4];
        out += HEX[c & 0xF];
    }
  }
  out.append(text.data() + run_start, text.size() - run_start);
  out += '"';
}

void json_writer::newline() {
  if (indent_ == 0) return;
  out_ += '\n';
  out_.append(stack_.size() * static_cast<std::size_t>(indent_), ' ');
}

void json_writer::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  assert(stack_.back().bracket == '[');
  if (!stack_.back().empty) out_ += ',';
  stack_.back().empty = false;
  newline();
}

json_writer& json_writer::open(char bracket) {
  before_value();
  out_ += bracket;
  stack_.push_back(level{bracket, true});
  return *this;
}

json_writer& json_writer::close(char bracket) {
  assert(!stack_.empty() && stack_.back().bracket == (bracket == '}' ? '{' : '['));
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) newline();
  out_ += bracket;
  (void)bracket;
  return *this;
}

json_writer& json_writer::key(std::string_view name) {
  assert(!stack_.empty() && stack_.back().bracket == '{' && !after_key_);
  if (!stack_.back().empty) out_ += ',';
  stack_.back().empty = false;
  newline();
  append_escaped(out_, name);
  out_ += indent_ == 0 ? ":" : ": ";
  after_key_ = true;
  return *this;
}

json_writer& json_writer::value(std::string_view text) {
  before_value();
  append_escaped(out_, text);
  return *this;
}

json_writer& json_writer::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
  return *this;
}

json_writer& json_writer::value(std::int64_t number) {
  before_value();
  char buffer[24];
  const auto written = std::to_chars(buffer, buffer + sizeof(buffer), number);
  out_.append(buffer, written.ptr);
  return *this;
}

json_writer& json_writer::value(std::uint64_t number) {
  before_value();
  char buffer[24];
  const auto written = std::to_chars(buffer, buffer + sizeof(buffer), number);
  out_.append(buffer, written.ptr);
  return *this;
}

json_writer& json_writer::value(double number) {
  before_value();
  if (!std::isfinite(number)) {
    out_ += "null";
    return *this;
  }
  char buffer[32];
  const auto written = std::to_chars(buffer, buffer + sizeof(buffer), number);
  out_.append(buffer, written.ptr);
  return *this;
}

json_writer& json_writer::null() {
  before_value();
  out_ += "null";
  return *this;
}

}  // namespace dsb::io
