#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "store/sql_connection.h"

struct sqlite3;
struct sqlite3_stmt;

namespace ovos::store {

/// SqlConnection over one SQLite handle, in WAL mode with foreign keys on, a 5 s busy timeout
/// and synchronous=NORMAL. Owns the handle and a cache of prepared statements. One thread at
/// a time.
class SqliteConnection final : public SqlConnection {
 public:
  /// Opens (creating if needed) the database file at `path`; kUnavailable when it cannot.
  static core::Result<std::unique_ptr<SqlConnection>> open(const std::string& path);
  ~SqliteConnection() override;

  [[nodiscard]] Dialect dialect() const override { return Dialect::kSqlite; }
  [[nodiscard]] core::Result<void> exec_script(std::string_view sql) override;
  [[nodiscard]] bool healthy() const override;

 protected:
  core::Result<SqlResult> do_exec(std::string_view sql, const SqlParams& params) override;

 private:
  struct StatementDeleter {
    void operator()(sqlite3_stmt* stmt) const;
  };
  using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  core::Result<sqlite3_stmt*> prepare(std::string_view sql);
  core::Result<void> bind(sqlite3_stmt* stmt, const SqlParams& params);
  core::Result<SqlResult> step_all(sqlite3_stmt* stmt);
  [[nodiscard]] core::Error error_from(int code) const;

  sqlite3* db_;
  std::unordered_map<std::string, StatementPtr> statements_;
};

}  // namespace ovos::store
