#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/embedded_file.h"
#include "core/result.h"
#include "store/sql_connection.h"

namespace ovos::store {

/// One versioned schema change: migrations/<dialect>/<NNNN>_<name>.sql.
struct Migration {
  int version = 0;
  std::string name;
  std::string_view sql;
};

/// The migrations of `dialect` among `files` (paths "sqlite/0001_init.sql",
/// "postgres/0001_init.sql"), sorted by version. kInternal on a malformed name or a repeated
/// version.
[[nodiscard]] core::Result<std::vector<Migration>> select_migrations(
    std::span<const core::EmbeddedFile> files, Dialect dialect);

/// The migrations compiled into the binary for `dialect`.
[[nodiscard]] core::Result<std::vector<Migration>> embedded_migrations(Dialect dialect);

/// Applies the pending migrations in order, each in its own write transaction recorded in
/// schema_migrations(version, name, applied_at). Idempotent. Safe against a concurrent run from
/// another process: SQLite serializes on BEGIN IMMEDIATE, PostgreSQL on an advisory
/// transaction lock, and each transaction re-checks whether its version is already applied.
/// Returns how many it applied.
[[nodiscard]] core::Result<int> apply_migrations(SqlConnection& conn,
                                                 std::span<const Migration> migrations);

/// The highest applied version, 0 on a fresh database.
[[nodiscard]] core::Result<int> applied_schema_version(SqlConnection& conn);

}  // namespace ovos::store
