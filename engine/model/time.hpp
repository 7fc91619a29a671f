// RFC 3339 timestamps (metav1.Time) <-> seconds since the Unix epoch.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/model/object_meta.hpp"

namespace dsb {

/// "2024-05-01T12:00:00Z", with optional fractional seconds (truncated) and a numeric
/// offset ("+02:00"). nullopt when the text is not RFC 3339.
std::optional<unix_seconds> parse_rfc3339(std::string_view text) noexcept;
/// "YYYY-MM-DDTHH:MM:SSZ" in UTC.
std::string format_rfc3339(unix_seconds seconds);

}  // namespace dsb
