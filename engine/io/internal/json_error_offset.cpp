#include "engine/io/internal/json_error_offset.hpp"

#include <cstdint>
#include <vector>

namespace dsb::io::internal {

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t pos = 0;
  while (pos < size) {
    const unsigned char lead = bytes[pos];
    if (lead < 0x80) {
      ++pos;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t code = 0;
    std::uint32_t min_code = 0;
    if ((lead & 0xE0) == 0xC0) {
      length = 2, code = lead & 0x1F, min_code = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, code = lead & 0x0F, min_code = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, code = lead & 0x07, min_code = 0x10000;
    } else {
      return pos;
    }
    if (size - pos < length) return pos;
    for (std::size_t idx = 1; idx < length; ++idx) {
      if ((bytes[pos + idx] & 0xC0) != 0x80) return pos;
      code = (code << 6) | (bytes[pos + idx] & 0x3F);
    }
    if (code < min_code || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return pos;
    pos += length;
  }
  return std::nullopt;
}

namespace {

class scanner {
 public:
  scanner(std::string_view text, std::size_t max_depth) : text_(text), max_depth_(max_depth) {}

  // The offset of the first problem, or nullopt.
  std::optional<std::size_t> run() {
    enum class expect : std::uint8_t { value, key_or_end, colon, comma_or_end, key, done };
    std::vector<char> stack;  // '{' or '['
    expect next = expect::value;
    bool first_in_array = false;
    while (true) {
      skip_space();
      if (pos_ == text_.size()) return next == expect::done ? std::nullopt : std::optional<std::size_t>(pos_);
      const char c = text_[pos_];
      switch (next) {
        case expect::done:
          return pos_;  // content after the document
        case expect::value:
          if (c == ']' && first_in_array) {
            stack.pop_back();
            ++pos_;
            next = stack.empty() ? expect::done : expect::comma_or_end;
            first_in_array = false;
            break;
          }
          first_in_array = false;
          if (c == '{' || c == '[') {
            if (stack.size() >= max_depth_) return pos_;
            stack.push_back(c);
            ++pos_;
            next = c == '{' ? expect::key_or_end : expect::value;
            first_in_array = c == '[';
            break;
          }
          if (!scalar()) return pos_;
          next = stack.empty() ? expect::done : expect::comma_or_end;
          break;
        case expect::key_or_end:
        case expect::key:
          if (c == '}' && next == expect::key_or_end) {
            stack.pop_back();
            ++pos_;
            next = stack.empty() ? expect::done : expect::comma_or_end;
            break;
          }
          if (c != '"' || !string()) return pos_;
          next = expect::colon;
          break;
        case expect::colon:
          if (c != ':') return pos_;
          ++pos_;
          next = expect::value;
          break;
        case expect::comma_or_end:
          if (c == ',') {
            ++pos_;
            next = stack.back() == '{' ? expect::key : expect::value;
          } else if ((c == '}' && stack.back() == '{') || (c == ']' && stack.back() == '[')) {
            stack.pop_back();
            ++pos_;
            next = stack.empty() ? expect::done : expect::comma_or_end;
          } else {
            return pos_;
          }
          break;
      }
    }
  }

 private:
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r')) ++pos_;
  }
  bool digit(std::size_t at) const { return at < text_.size() && text_[at] >= '0' && text_[at] <= '9'; }

  // On failure pos_ is left at the offending byte.
  bool scalar() {
    const char c = text_[pos_];
    if (c == '"') return string();
    for (const std::string_view word : {std::string_view("true"), std::string_view("false"), std::string_view("null")}) {
      if (c == word[0]) {
        for (const char expected : word) {
          if (pos_ >= text_.size() || text_[pos_] != expected) return false;
          ++pos_;
        }
        return true;
      }
    }
    if (c != '-' && !digit(pos_)) return false;
    if (c == '-') ++pos_;
    if (!digit(pos_)) return false;
    if (text_[pos_] == '0') {
      ++pos_;
    } else {
      while (digit(pos_)) ++pos_;
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (!digit(pos_)) return false;
      while (digit(pos_)) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (!digit(pos_)) return false;
      while (digit(pos_)) ++pos_;
    }
    return true;
  }

  bool string() {
    ++pos_;  // the opening quote
    while (pos_ < text_.size()) {
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        ++pos_;
        if (pos_ >= text_.size()) return false;
        const char escaped = text_[pos_];
        if (escaped == 'u') {
          for (int idx = 0; idx < 4; ++idx) {
            ++pos_;
            if (pos_ >= text_.size()) return false;
            const char hex = text_[pos_];
            if (!((hex >= '0' && hex <= '9') || (hex >= 'a' && hex <= 'f') || (hex >= 'A' && hex <= 'F'))) return false;
          }
        } else if (std::string_view("\"\\/bfnrt").find(escaped) == std::string_view::npos) {
          return false;
        }
      }
      ++pos_;
    }
    return false;  // pos_ == size: unterminated
  }

  std::string_view text_;
  std::size_t max_depth_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<std::size_t> json_error_offset(std::string_view text, std::size_t max_depth) {
  if (const auto bad = first_invalid_utf8(text)) return bad;
  return scanner(text, max_depth).run();
}

}  // namespace dsb::io::internal
