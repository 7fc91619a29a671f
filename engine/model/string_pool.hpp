// string_pool: interned strings with stable views, the one home of every name, label key,
// label value and taint string of a cluster.
//
// Layout:
//   chunks_  arena of 64 KiB blocks; bytes never move, so views stay valid for the pool's life
//   views_   string_id -> string_view into the arena (16 B per string)
//   slots_   open-addressing table (linear probing, load <= 1/2): (hash high 32 bits, id + 1)
//
// Cost: intern() is one hash, usually one probe and one memcmp; strings of equal content
// share one id (a node name and its hostname label value are the same string_id).
// Not thread-safe for writers; concurrent readers are fine once building is done.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/model/fwd.hpp"

namespace dsb {

class string_pool {
 public:
  string_pool();
  string_pool(string_pool&&) noexcept = default;
  string_pool& operator=(string_pool&&) noexcept = default;
  string_pool(const string_pool&) = delete;
  string_pool& operator=(const string_pool&) = delete;

  /// Id of `text`, adding it when new.
  string_id intern(std::string_view text);
  /// Id of `text` if present.
  std::optional<string_id> find(std::string_view text) const noexcept;
  std::string_view view(string_id id) const noexcept { return views_[to_index(id)]; }
  std::size_t size() const noexcept { return views_.size(); }
  /// Bytes held: arena + views + hash table.
  std::size_t memory_bytes() const noexcept;
  void reserve(std::size_t strings);

 private:
  static constexpr std::size_t CHUNK_BYTES = 64 * 1024;

  const char* store(std::string_view text);
  void grow_table();
  std::size_t probe_start(std::uint64_t hash) const noexcept { return static_cast<std::size_t>(hash) & (slots_.size() - 1); }

  std::vector<std::unique_ptr<char[]>> chunks_;
  std::vector<std::unique_ptr<char[]>> big_chunks_;
  std::size_t chunk_used_ = CHUNK_BYTES;
  std::size_t arena_bytes_ = 0;
  std::vector<std::string_view> views_;
  std::vector<std::uint64_t> slots_;  // (hash >> 32) << 32 | (id + 1); 0 = empty
};

}  // namespace dsb
