#include "engine/model/string_pool.hpp"

#include <cstring>
#include <functional>

namespace dsb {
namespace {
std::uint64_t hash_text(std::string_view text) noexcept { return std::hash<std::string_view>{}(text); }
constexpr std::uint64_t tag_of(std::uint64_t hash) noexcept { return hash & 0xFFFFFFFF00000000ULL; }
}  // namespace

string_pool::string_pool() : slots_(1024, 0) {}

void string_pool::reserve(std::size_t strings) {
  views_.reserve(strings);
  while (slots_.size() < 2 * strings) grow_table();
}

const char* string_pool::store(std::string_view text) {
  if (text.empty()) return "";
  if (text.size() > CHUNK_BYTES / 4) {  // large strings get a block of their own
    big_chunks_.push_back(std::make_unique<char[]>(text.size()));
    std::memcpy(big_chunks_.back().get(), text.data(), text.size());
    arena_bytes_ += text.size();
    return big_chunks_.back().get();
  }
  if (chunk_used_ + text.size() > CHUNK_BYTES) {
    chunks_.push_back(std::make_unique<char[]>(CHUNK_BYTES));
    chunk_used_ = 0;
    arena_bytes_ += CHUNK_BYTES;
  }
  char* out = chunks_.back().get() + chunk_used_;
  std::memcpy(out, text.data(), text.size());
  chunk_used_ += text.size();
  return out;
}

std::optional<string_id> string_pool::find(std::string_view text) const noexcept {
  const std::uint64_t hash = hash_text(text);
  const std::uint64_t mask = slots_.size() - 1;
  for (std::size_t slot = probe_start(hash);; slot = (slot + 1) & mask) {
    const std::uint64_t entry = slots_[slot];
    if (entry == 0) return std::nullopt;
    if (tag_of(entry) == tag_of(hash)) {
      const auto id = make_id<string_id>((entry & 0xFFFFFFFFULL) - 1);
      if (views_[to_index(id)] == text) return id;
    }
  }
}

string_id string_pool::intern(std::string_view text) {
  if (2 * (views_.size() + 1) > slots_.size()) grow_table();
  const std::uint64_t hash = hash_text(text);
  const std::uint64_t mask = slots_.size() - 1;
  std::size_t slot = probe_start(hash);
  for (;; slot = (slot + 1) & mask) {
    const std::uint64_t entry = slots_[slot];
    if (entry == 0) break;
    if (tag_of(entry) == tag_of(hash)) {
      const auto id = make_id<string_id>((entry & 0xFFFFFFFFULL) - 1);
      if (views_[to_index(id)] == text) return id;
    }
  }
  const auto id = make_id<string_id>(views_.size());
  views_.emplace_back(store(text), text.size());
  slots_[slot] = tag_of(hash) | (std::uint64_t{to_index(id)} + 1);
  return id;
}

void string_pool::grow_table() {
  std::vector<std::uint64_t> bigger(slots_.size() * 2, 0);
  const std::uint64_t mask = bigger.size() - 1;
  for (std::size_t id_idx = 0; id_idx < views_.size(); ++id_idx) {
    const std::uint64_t hash = hash_text(views_[id_idx]);
    std::size_t slot = static_cast<std::size_t>(hash) & mask;
    while (bigger[slot] != 0) slot = (slot + 1) & mask;
    bigger[slot] = tag_of(hash) | (std::uint64_t{id_idx} + 1);
  }
  slots_ = std::move(bigger);
}

std::size_t string_pool::memory_bytes() const noexcept {
  return arena_bytes_ + views_.capacity() * sizeof(std::string_view) + slots_.capacity() * sizeof(std::uint64_t);
}

}  // namespace dsb
