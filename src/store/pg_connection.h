#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/sql_connection.h"

struct pg_conn;
struct pg_result;

namespace ovos::store {

/// Rewrites `?` placeholders to PostgreSQL's $1..$n, leaving quoted strings, quoted
/// identifiers and comments untouched.
[[nodiscard]] std::string to_pg_placeholders(std::string_view sql);

/// SqlConnection over one libpq connection; parameters are sent as text with PQexecParams.
/// Owns the PGconn. One thread at a time.
class PgConnection final : public SqlConnection {
 public:
  /// Connects with `url` as the conninfo (a 10 s connect_timeout unless the URL sets one).
  /// Failures are kUnavailable; no password appears in the message.
  static core::Result<std::unique_ptr<SqlConnection>> open(const std::string& url);
  ~PgConnection() override;

  [[nodiscard]] Dialect dialect() const override { return Dialect::kPostgres; }
  [[nodiscard]] core::Result<void> exec_script(std::string_view sql) override;
  [[nodiscard]] bool healthy() const override;

 protected:
  core::Result<SqlResult> do_exec(std::string_view sql, const SqlParams& params) override;

 private:
  explicit PgConnection(pg_conn* conn) : conn_(conn) {}
  [[nodiscard]] core::Error error_from(const pg_result* result) const;

  pg_conn* conn_;
};

}  // namespace ovos::store
