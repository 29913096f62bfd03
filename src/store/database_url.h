#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "store/sql_connection.h"

namespace ovos::store {

/// Where the database lives, parsed from a database URL.
struct DatabaseTarget {
  Dialect dialect = Dialect::kSqlite;
  std::string location;  // SQLite: file path; PostgreSQL: the URL, passed to libpq as conninfo
};

/// Parses a database URL: "" -> SQLite at <data_dir>/openvoiceos.db; "sqlite:///abs/path.db"
/// (absolute) or "sqlite://relative.db" (relative to the working directory);
/// "postgresql://..." or "postgres://..." -> PostgreSQL. kInvalidArgument otherwise; the
/// message never repeats the URL's password.
[[nodiscard]] core::Result<DatabaseTarget> parse_database_url(std::string_view url,
                                                              std::string_view data_dir);

/// `url` with any password (user-info or `password=` query parameter) replaced by "***".
[[nodiscard]] std::string redact_url(std::string_view url);

/// `text` with every occurrence of the password of `url` (as written and percent-decoded)
/// replaced by "***"; for driver messages that might echo it.
[[nodiscard]] std::string redact_password(std::string text, std::string_view url);

}  // namespace ovos::store
