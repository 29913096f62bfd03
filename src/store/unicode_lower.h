#pragma once

#include <string>
#include <string_view>

namespace ovos::store {

/// Lowercases UTF-8 text letter by letter with the C.UTF-8 locale's simple case mapping (the
/// one PostgreSQL's LOWER() uses under a UTF-8 locale). Installed as SQLite's LOWER() so that
/// case-insensitive search behaves the same on both engines. Malformed bytes pass through;
/// only ASCII is folded when the locale is unavailable.
[[nodiscard]] std::string unicode_lower(std::string_view utf8);

}  // namespace ovos::store
