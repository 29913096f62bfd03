#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace ovos::store {

/// Which SQL engine a connection talks to.
enum class Dialect { kSqlite, kPostgres };

/// One bound parameter: NULL, an integer or text (always bound as text on PostgreSQL).
using SqlValue = std::variant<std::monostate, std::int64_t, std::string>;
using SqlParams = std::vector<SqlValue>;
/// One result row: each cell in text form, or nullopt for NULL.
using SqlRow = std::vector<std::optional<std::string>>;

/// What a statement returned: its rows and, for INSERT/UPDATE/DELETE, the rows it changed.
struct SqlResult {
  std::vector<SqlRow> rows;
  std::int64_t affected = 0;
};

/// A NULL parameter for an absent optional integer.
[[nodiscard]] SqlValue nullable(const std::optional<std::int64_t>& value);

/// The small SQL surface the repositories are written against, with one driver per engine.
/// Statements use `?` placeholders. Errors are classified the same way by every driver:
/// unique violation -> kConflict, foreign-key violation -> kNotFound, lost or unreachable
/// database -> kUnavailable, anything else -> kInternal with the driver's message (never
/// the parameters). Not thread-safe: one thread at a time, handed out by ConnectionPool.
class SqlConnection {
 public:
  SqlConnection() = default;
  SqlConnection(const SqlConnection&) = delete;
  SqlConnection& operator=(const SqlConnection&) = delete;
  virtual ~SqlConnection() = default;

  [[nodiscard]] virtual Dialect dialect() const = 0;
  /// Runs one statement with bound parameters. Text containing a NUL byte is rejected on every
  /// engine (PostgreSQL cannot store it), so both behave alike.
  [[nodiscard]] core::Result<SqlResult> exec(std::string_view sql, const SqlParams& params = {});
  /// Runs a script of several statements without parameters (migrations, BEGIN/COMMIT).
  [[nodiscard]] virtual core::Result<void> exec_script(std::string_view sql) = 0;
  /// False when the connection is lost or left inside a transaction; the pool then drops it.
  [[nodiscard]] virtual bool healthy() const = 0;

  /// BEGIN IMMEDIATE on SQLite (takes the write lock up front), BEGIN on PostgreSQL.
  [[nodiscard]] core::Result<void> begin_write();
  [[nodiscard]] core::Result<void> commit();
  [[nodiscard]] core::Result<void> rollback();

 protected:
  virtual core::Result<SqlResult> do_exec(std::string_view sql, const SqlParams& params) = 0;
};

/// Runs `fn` inside a write transaction: commits when it succeeds, rolls back when it fails.
template <typename F>
auto with_write_transaction(SqlConnection& conn, F&& fn) -> decltype(fn()) {
  OVOS_TRY(conn.begin_write());
  auto result = fn();
  if (!result.ok()) {
    (void)conn.rollback();
    return result;
  }
  if (auto committed = conn.commit(); !committed.ok()) {
    (void)conn.rollback();
    return std::move(committed).error();
  }
  return result;
}

}  // namespace ovos::store
