#include "store/sql_store.h"

#include <filesystem>
#include <system_error>

#include "store/database_url.h"
#include "store/migrator.h"
#include "store/pg_connection.h"
#include "store/sqlite_connection.h"

namespace ovos::store {
namespace {

constexpr std::size_t kPoolSize = 8;

// Creates `dir` (and parents) when missing; a directory created here is private (0700).
core::Result<void> ensure_private_dir(const std::string& dir) {
  std::error_code ec;
  const bool created = std::filesystem::create_directories(dir, ec);
  if (ec) {
    return core::Error::unavailable("cannot create data directory " + dir + ": " + ec.message());
  }
  if (created) {
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
    if (ec) {
      return core::Error::unavailable("cannot restrict data directory " + dir + ": " +
                                      ec.message());
    }
  }
  return core::ok();
}

ConnectionPool::Factory factory_for(const DatabaseTarget& target) {
  if (target.dialect == Dialect::kSqlite) {
    return [path = target.location] { return SqliteConnection::open(path); };
  }
  return [url = target.location] { return PgConnection::open(url); };
}

}  // namespace

core::Result<std::unique_ptr<Store>> Store::open(const std::string& database_url,
                                                 const std::string& data_dir) {
  OVOS_ASSIGN_OR_RETURN(const auto target, parse_database_url(database_url, data_dir));
  if (database_url.empty()) OVOS_TRY(ensure_private_dir(data_dir));
  auto pool = std::make_unique<ConnectionPool>(factory_for(target), kPoolSize);
  OVOS_TRY(pool->acquire());  // connect once now, so a bad URL fails at start-up
  auto store = std::make_unique<SqlStore>(target.dialect, std::move(pool));
  core::log_info("store_opened",
                 {{"dialect", store->dialect()},
                  {"database", target.dialect == Dialect::kSqlite ? target.location
                                                                  : redact_url(target.location)}});
  return std::unique_ptr<Store>(std::move(store));
}

std::string_view SqlStore::dialect() const {
  return dialect_ == Dialect::kSqlite ? "sqlite" : "postgresql";
}

core::Result<int> SqlStore::migrate() {
  OVOS_ASSIGN_OR_RETURN(const auto migrations, embedded_migrations(dialect_));
  return run([&](SqlConnection& conn) -> core::Result<int> {
    OVOS_ASSIGN_OR_RETURN(const int applied, apply_migrations(conn, migrations));
    OVOS_ASSIGN_OR_RETURN(const int version, applied_schema_version(conn));
    const int known = migrations.empty() ? 0 : migrations.back().version;
    if (version > known) {
      core::log_warn("store_schema_newer_than_binary",
                     {{"schema_version", version}, {"known_version", known}});
    }
    return applied;
  });
}

core::Result<int> SqlStore::schema_version() {
  return run([](SqlConnection& conn) { return applied_schema_version(conn); });
}

core::Result<void> SqlStore::ping() {
  return run([](SqlConnection& conn) -> core::Result<void> {
    OVOS_TRY(conn.exec("SELECT 1"));
    return core::ok();
  });
}

}  // namespace ovos::store
