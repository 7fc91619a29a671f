#include "engine/model/label_index.hpp"

#include <algorithm>
#include <limits>

namespace dsb {

std::optional<label_key_id> label_index::find_key(string_id text) const noexcept {
  const auto found = key_by_text_.find(text);
  if (found == key_by_text_.end()) return std::nullopt;
  return found->second;
}

std::optional<label_value_id> label_index::find_value(label_key_id key, string_id text) const noexcept {
  const auto& values = keys_[to_index(key)].values;
  const auto found = std::lower_bound(values.begin(), values.end(), text, [this](label_value_id value, string_id wanted) {
    return values_[to_index(value)].text < wanted;
  });
  if (found == values.end() || values_[to_index(*found)].text != text) return std::nullopt;
  return *found;
}

std::size_t label_index::memory_bytes() const noexcept {
  std::size_t total = keys_.capacity() * sizeof(label_key_info) + values_.capacity() * sizeof(label_value_info) +
                      key_by_text_.capacity() * sizeof(std::pair<string_id, label_key_id>) + postings_.memory_bytes();
  for (const label_key_info& info : keys_) {
    total += info.presence.word_count() * sizeof(std::uint64_t) + info.values.capacity() * sizeof(label_value_id);
  }
  return total;
}

std::optional<std::int64_t> parse_go_int64(std::string_view text) noexcept {
  // strconv.ParseInt(s, 10, 64): [+-]? digits, no spaces, underscores or other bases.
  if (text.empty()) return std::nullopt;
  bool negative = false;
  if (text.front() == '+' || text.front() == '-') {
    negative = text.front() == '-';
    text.remove_prefix(1);
    if (text.empty()) return std::nullopt;
  }
  // Accumulate as a negative number so that INT64_MIN parses.
  std::int64_t value = 0;
  constexpr std::int64_t MIN = std::numeric_limits<std::int64_t>::min();
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const int digit = c - '0';
    if (value < MIN / 10 || (value == MIN / 10 && digit > -(MIN % 10))) return std::nullopt;
    value = value * 10 - digit;
  }
  if (!negative) {
    if (value == MIN) return std::nullopt;
    value = -value;
  }
  return value;
}

}  // namespace dsb
