#include "store/sqlite_connection.h"

#include <sqlite3.h>

#include <cctype>

#include "store/unicode_lower.h"

namespace ovos::store {
namespace {

constexpr std::size_t kMaxCachedStatements = 128;

// Resets a cached statement when the call that used it returns, whatever the outcome.
class StatementReset {
 public:
  explicit StatementReset(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~StatementReset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  StatementReset(const StatementReset&) = delete;
  StatementReset& operator=(const StatementReset&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

bool only_whitespace(const char* text) {
  for (; text != nullptr && *text != '\0'; ++text) {
    if (std::isspace(static_cast<unsigned char>(*text)) == 0 && *text != ';') return false;
  }
  return true;
}

// LOWER(text) with Unicode simple case mapping, replacing SQLite's ASCII-only built-in.
void sql_lower(sqlite3_context* context, int /*argc*/, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(context);
    return;
  }
  const auto* text = sqlite3_value_text(argv[0]);
  const auto size = static_cast<std::size_t>(sqlite3_value_bytes(argv[0]));
  const std::string lowered =
      unicode_lower(std::string_view(reinterpret_cast<const char*>(text), size));
  sqlite3_result_text64(context, lowered.data(), lowered.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

bool is_unavailable(int primary) {
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_CANTOPEN ||
         primary == SQLITE_IOERR || primary == SQLITE_NOTADB || primary == SQLITE_FULL ||
         primary == SQLITE_READONLY;
}

}  // namespace

void SqliteConnection::StatementDeleter::operator()(sqlite3_stmt* stmt) const {
  sqlite3_finalize(stmt);
}

core::Result<std::unique_ptr<SqlConnection>> SqliteConnection::open(const std::string& path) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string reason = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return core::Error::unavailable("cannot open SQLite database at " + path + ": " + reason);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_create_function_v2(db, "lower", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                             nullptr, sql_lower, nullptr, nullptr, nullptr);
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db));
  // busy_timeout first, so that switching to WAL waits for a concurrent opener.
  auto setup = conn->exec_script(
      "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; "
      "PRAGMA synchronous = NORMAL;");
  if (!setup.ok()) {
    return core::Error::unavailable("cannot open SQLite database at " + path + ": " +
                                    setup.error().message);
  }
  return std::unique_ptr<SqlConnection>(std::move(conn));
}

SqliteConnection::~SqliteConnection() {
  statements_.clear();  // finalize every statement before closing the handle
  sqlite3_close(db_);
}

bool SqliteConnection::healthy() const {
  return db_ != nullptr && sqlite3_get_autocommit(db_);
}

core::Result<void> SqliteConnection::exec_script(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return core::ok();
  auto error = error_from(sqlite3_extended_errcode(db_));
  if (message != nullptr) {
    error.message = message;
    sqlite3_free(message);
  }
  return error;
}

core::Result<SqlResult> SqliteConnection::do_exec(std::string_view sql, const SqlParams& params) {
  OVOS_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, prepare(sql));
  const StatementReset reset(stmt);
  OVOS_TRY(bind(stmt, params));
  return step_all(stmt);
}

core::Result<sqlite3_stmt*> SqliteConnection::prepare(std::string_view sql) {
  std::string key(sql);
  if (auto it = statements_.find(key); it != statements_.end()) return it->second.get();
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  const int rc =
      sqlite3_prepare_v2(db_, key.c_str(), static_cast<int>(key.size() + 1), &raw, &tail);
  StatementPtr stmt(raw);
  if (rc != SQLITE_OK) return error_from(rc);
  if (stmt == nullptr) return core::Error::internal("empty SQL statement");
  if (!only_whitespace(tail)) return core::Error::internal("more than one SQL statement");
  if (statements_.size() >= kMaxCachedStatements) statements_.clear();
  return statements_.emplace(std::move(key), std::move(stmt)).first->second.get();
}

core::Result<void> SqliteConnection::bind(sqlite3_stmt* stmt, const SqlParams& params) {
  if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
    return core::Error::internal("SQL statement expects " +
                                 std::to_string(sqlite3_bind_parameter_count(stmt)) +
                                 " parameters, got " + std::to_string(params.size()));
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    int rc = SQLITE_OK;
    if (const auto* number = std::get_if<std::int64_t>(&params[i])) {
      rc = sqlite3_bind_int64(stmt, index, *number);
    } else if (const auto* text = std::get_if<std::string>(&params[i])) {
      rc = sqlite3_bind_text64(stmt, index, text->data(), text->size(), SQLITE_TRANSIENT,
                               SQLITE_UTF8);
    } else {
      rc = sqlite3_bind_null(stmt, index);
    }
    if (rc != SQLITE_OK) return error_from(rc);
  }
  return core::ok();
}

core::Result<SqlResult> SqliteConnection::step_all(sqlite3_stmt* stmt) {
  SqlResult result;
  const int columns = sqlite3_column_count(stmt);
  while (true) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return error_from(rc);
    SqlRow row;
    row.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
        row.emplace_back(std::nullopt);
        continue;
      }
      const auto* text = sqlite3_column_text(stmt, c);
      const auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt, c));
      row.emplace_back(std::string(reinterpret_cast<const char*>(text), size));
    }
    result.rows.push_back(std::move(row));
  }
  if (sqlite3_stmt_readonly(stmt) == 0) result.affected = sqlite3_changes64(db_);
  return result;
}

core::Error SqliteConnection::error_from(int code) const {
  std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
  if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return core::Error::conflict(std::move(message));
  }
  if (code == SQLITE_CONSTRAINT_FOREIGNKEY) return core::Error::not_found(std::move(message));
  if (is_unavailable(code & 0xff)) return core::Error::unavailable(std::move(message));
  return core::Error::internal(std::move(message));
}

}  // namespace ovos::store
