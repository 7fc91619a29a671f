// string_arena: append-only storage for many small strings whose views must stay valid
// (pod names and uids of a trace_set). Blocks (default 64 KiB, never moved, not zeroed); a
// string longer than a block gets its own allocation. Cost: one memcpy per string, one
// allocation per block.
#pragma once

#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace dsb::lifecycle::internal {

class string_arena {
 public:
  explicit string_arena(std::size_t block_bytes = std::size_t{64} << 10) : block_bytes_(block_bytes) {}

  std::string_view store(std::string_view text) {
    if (text.empty()) return {};
    if (text.size() > block_bytes_) {
      blocks_.insert(blocks_.begin(), std::make_unique_for_overwrite<char[]>(text.size()));  // keeps the open block last
      std::memcpy(blocks_.front().get(), text.data(), text.size());
      return {blocks_.front().get(), text.size()};
    }
    if (blocks_.empty() || block_bytes_ - used_ < text.size()) {
      blocks_.push_back(std::make_unique_for_overwrite<char[]>(block_bytes_));
      used_ = 0;
    }
    char* out = blocks_.back().get() + used_;
    std::memcpy(out, text.data(), text.size());
    used_ += text.size();
    return {out, text.size()};
  }

 private:
  std::size_t block_bytes_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t used_ = 0;
};

}  // namespace dsb::lifecycle::internal
