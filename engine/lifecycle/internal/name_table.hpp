// name_table: an open-addressing hash index from a string key to a dense uint32 value, where
// the keys live elsewhere (pod names in the pod array, spec texts in the input). A slot is
// 8 bytes (32 hash bits + value); keys are compared through the caller's `key_of(value)`.
// Load factor <= 1/2, linear probing, grows by doubling. No deletion.
// Cost: one hash (hash.hpp) and usually one key comparison per lookup; 16 bytes per entry.
#pragma once

#include <bit>
#include <cstdint>
#include <string_view>
#include <vector>

namespace dsb::lifecycle::internal {

class name_table {
 public:
  static constexpr std::uint32_t NOT_FOUND = 0xFFFFFFFF;

  void reserve(std::size_t entries) {
    const std::size_t wanted = std::bit_ceil(entries * 2 + 16);
    if (wanted > slots_.size()) rehash(wanted);
  }

  template <class KeyOf>
  std::uint32_t find(std::string_view key, std::uint64_t hash, const KeyOf& key_of) const noexcept {
    if (slots_.empty()) return NOT_FOUND;
    const auto tag = static_cast<std::uint32_t>(hash >> 32) | 1u;  // 0 marks an empty slot
    for (std::size_t pos = hash & mask_;; pos = (pos + 1) & mask_) {
      const slot& entry = slots_[pos];
      if (entry.tag == 0) return NOT_FOUND;
      if (entry.tag == tag && key_of(entry.value) == key) return entry.value;
    }
  }

  /// Precondition: `key` is not in the table. `hash_of(value)` rehashes existing keys on growth.
  template <class HashOf>
  void insert(std::uint64_t hash, std::uint32_t value, const HashOf& hash_of) {
    if ((size_ + 1) * 2 > slots_.size()) grow(hash_of);
    place(hash, value);
    ++size_;
  }

  std::size_t size() const noexcept { return size_; }

 private:
  struct slot {
    std::uint32_t tag = 0;
    std::uint32_t value = 0;
  };

  void place(std::uint64_t hash, std::uint32_t value) noexcept {
    const auto tag = static_cast<std::uint32_t>(hash >> 32) | 1u;
    std::size_t pos = hash & mask_;
    while (slots_[pos].tag != 0) pos = (pos + 1) & mask_;
    slots_[pos] = slot{tag, value};
  }

  void rehash(std::size_t capacity) {
    // Only used while empty (reserve before inserting); grow() handles the populated case.
    if (size_ == 0) {
      slots_.assign(capacity, slot{});
      mask_ = capacity - 1;
    }
  }

  template <class HashOf>
  void grow(const HashOf& hash_of) {
    std::vector<slot> old = std::move(slots_);
    const std::size_t capacity = old.empty() ? 64 : old.size() * 2;
    slots_.assign(capacity, slot{});
    mask_ = capacity - 1;
    for (const slot& entry : old) {
      if (entry.tag != 0) place(hash_of(entry.value), entry.value);
    }
  }

  std::vector<slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace dsb::lifecycle::internal
