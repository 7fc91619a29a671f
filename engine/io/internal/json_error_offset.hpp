// json_error_offset(): where a JSON text stops being JSON, for error messages.
//
// simdjson's DOM parser reports *what* is wrong with a document (an error code) but not
// *where*. When it fails, the readers run this small validating scanner over the same bytes
// to name the byte offset of the first problem: the first invalid UTF-8 sequence (overlong
// forms, surrogates and code points above U+10FFFF included, as simdjson rejects them), the
// first byte that breaks the RFC 8259 grammar, nesting deeper than `max_depth`, or the end of
// the input for a truncated document. Returns nullopt when it finds nothing (simdjson also
// rejects numbers outside double's range, which the grammar allows).
// Cost: one pass, O(depth) memory; only run on the failure path.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace dsb::io::internal {

std::optional<std::size_t> json_error_offset(std::string_view text, std::size_t max_depth = 1024);

/// Offset of the first invalid UTF-8 sequence, or nullopt when the text is valid UTF-8.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

}  // namespace dsb::io::internal
