#include "store/migrator.h"

#include <algorithm>
#include <charconv>
#include <chrono>

#include "core/logging.h"

namespace ovos::embedded {
std::span<const core::EmbeddedFile> store_migrations();
}  // namespace ovos::embedded

namespace ovos::store {
namespace {

// Any fixed number; every OpenVoiceOS process migrating the same database takes this lock.
constexpr std::string_view kLockStatement = "SELECT pg_advisory_xact_lock(4012197536027361)";

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

std::string_view directory_of(Dialect dialect) {
  return dialect == Dialect::kSqlite ? "sqlite/" : "postgres/";
}

// "0001_init.sql" -> {1, "init"}.
core::Result<Migration> parse_name(std::string_view file_name, std::string_view sql) {
  const auto bad = [&] {
    return core::Error::internal("malformed migration file name: " + std::string(file_name) +
                                 " (want NNNN_name.sql)");
  };
  const auto underscore = file_name.find('_');
  if (underscore == std::string_view::npos || !file_name.ends_with(".sql")) return bad();
  Migration migration;
  const auto digits = file_name.substr(0, underscore);
  const auto [end, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), migration.version);
  if (ec != std::errc() || end != digits.data() + digits.size() || migration.version <= 0) {
    return bad();
  }
  const auto rest = file_name.substr(underscore + 1);
  migration.name = std::string(rest.substr(0, rest.size() - 4));
  if (migration.name.empty()) return bad();
  migration.sql = sql;
  return migration;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// In one transaction: lock, ensure the bookkeeping table, apply `m` unless already applied.
core::Result<bool> apply_one(SqlConnection& conn, const Migration& m) {
  return with_write_transaction(conn, [&]() -> core::Result<bool> {
    if (conn.dialect() == Dialect::kPostgres) OVOS_TRY(conn.exec(kLockStatement));
    OVOS_TRY(conn.exec(kCreateTable));
    OVOS_ASSIGN_OR_RETURN(const auto done, conn.exec("SELECT 1 FROM schema_migrations WHERE "
                                                     "version = ?",
                                                     {std::int64_t{m.version}}));
    if (!done.rows.empty()) return false;
    if (auto applied = conn.exec_script(m.sql); !applied.ok()) {
      auto error = std::move(applied).error();
      error.message =
          "migration " + std::to_string(m.version) + "_" + m.name + " failed: " + error.message;
      return error;
    }
    OVOS_TRY(conn.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                       {std::int64_t{m.version}, m.name, now_ms()}));
    return true;
  });
}

}  // namespace

core::Result<std::vector<Migration>> select_migrations(std::span<const core::EmbeddedFile> files,
                                                       Dialect dialect) {
  std::vector<Migration> out;
  const auto dir = directory_of(dialect);
  for (const auto& file : files) {
    if (!file.path.starts_with(dir)) continue;
    OVOS_ASSIGN_OR_RETURN(auto migration, parse_name(file.path.substr(dir.size()), file.contents));
    out.push_back(std::move(migration));
  }
  std::sort(out.begin(), out.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < out.size(); ++i) {
    if (out[i].version == out[i - 1].version) {
      return core::Error::internal("two migrations with version " + std::to_string(out[i].version));
    }
  }
  return out;
}

core::Result<std::vector<Migration>> embedded_migrations(Dialect dialect) {
  return select_migrations(embedded::store_migrations(), dialect);
}

core::Result<int> apply_migrations(SqlConnection& conn, std::span<const Migration> migrations) {
  int applied = 0;
  for (const auto& migration : migrations) {
    OVOS_ASSIGN_OR_RETURN(const bool did, apply_one(conn, migration));
    if (!did) continue;
    ++applied;
    core::log_info("store_migration_applied",
                   {{"version", migration.version}, {"name", migration.name}});
  }
  return applied;
}

core::Result<int> applied_schema_version(SqlConnection& conn) {
  const std::string_view exists =
      conn.dialect() == Dialect::kSqlite
          ? "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
          : "SELECT 1 WHERE to_regclass('schema_migrations') IS NOT NULL";
  OVOS_ASSIGN_OR_RETURN(const auto table, conn.exec(exists));
  if (table.rows.empty()) return 0;
  OVOS_ASSIGN_OR_RETURN(const auto max, conn.exec("SELECT MAX(version) FROM schema_migrations"));
  if (max.rows.empty() || max.rows[0].empty() || !max.rows[0][0]) return 0;
  const std::string& text = *max.rows[0][0];
  int version = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return core::Error::internal("malformed schema_migrations version");
  }
  return version;
}

}  // namespace ovos::store
