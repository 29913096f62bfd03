#pragma once

#include <cstdint>
#include <string>

namespace ovos::core {

/// `unix_ms` as an RFC 3339 UTC time with milliseconds, e.g. "2026-11-23T10:15:30.123Z": how
/// records show times to people and to other programs. Stateless; safe from any thread.
[[nodiscard]] std::string format_utc_time(std::int64_t unix_ms);

}  // namespace ovos::core
