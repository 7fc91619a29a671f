// string_column: a column of strings stored as one byte arena plus an (offset, length) slot
// per row: 8 bytes a row plus the text, where std::string takes 32 (and a heap block past 15
// characters). Made for tables of a million pod names and mostly-empty target names.
//
// Contract: operator[] returns a view into the arena, valid until the next push_back or set
// on this column. Overwritten and popped rows leave their bytes behind; once those exceed the
// live bytes (and 64 KiB) the arena is rewritten, so it stays within twice the live text.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dsb {

class string_column {
 public:
  std::size_t size() const noexcept { return slots_.size(); }
  bool empty() const noexcept { return slots_.empty(); }
  std::string_view operator[](std::size_t row) const noexcept {
    const slot s = slots_[row];
    return {bytes_.data() + s.offset, s.length};
  }

  void reserve(std::size_t rows) { slots_.reserve(rows); }
  void push_back(std::string_view text) {
    slots_.push_back(store(text));
    live_ += text.size();
  }
  void set(std::size_t row, std::string_view text) {
    live_ -= slots_[row].length;
    slots_[row] = store(text);
    live_ += text.size();
    maybe_compact();
  }
  /// Row `to` takes row `from`'s text (the two share the bytes).
  void copy_row(std::size_t from, std::size_t to) noexcept {
    live_ -= slots_[to].length;
    slots_[to] = slots_[from];
    live_ += slots_[to].length;
  }
  void pop_back() {
    live_ -= slots_.back().length;
    slots_.pop_back();
    maybe_compact();
  }

  friend bool operator==(const string_column& lhs, const string_column& rhs) noexcept {
    if (lhs.size() != rhs.size()) return false;
    for (std::size_t row = 0; row < lhs.size(); ++row) {
      if (lhs[row] != rhs[row]) return false;
    }
    return true;
  }

 private:
  struct slot {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
  };

  slot store(std::string_view text) {
    if (text.empty()) return slot{};
    if (bytes_.size() + text.size() > UINT32_MAX) {
      compact();
      if (bytes_.size() + text.size() > UINT32_MAX) throw std::length_error("string_column: more than 4 GiB of text");
    }
    const auto offset = static_cast<std::uint32_t>(bytes_.size());
    bytes_.append(text);
    return slot{offset, static_cast<std::uint32_t>(text.size())};
  }
  void maybe_compact() {
    if (bytes_.size() > 2 * live_ + (64U << 10U)) compact();
  }
  void compact() {
    std::string packed;
    packed.reserve(2 * live_ + (64U << 10U));  // room up to the next compaction: appends never move the arena
    for (slot& s : slots_) {
      if (s.length == 0) continue;
      const std::string_view text(bytes_.data() + s.offset, s.length);
      s.offset = static_cast<std::uint32_t>(packed.size());
      packed.append(text);
    }
    bytes_ = std::move(packed);
  }

  std::string bytes_;
  std::vector<slot> slots_;
  std::size_t live_ = 0;  // sum of the rows' lengths (shared bytes counted per row)
};

}  // namespace dsb
