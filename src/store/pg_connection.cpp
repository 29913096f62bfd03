#include "store/pg_connection.h"

#include <libpq-fe.h>

#include <array>
#include <charconv>

#include "core/logging.h"
#include "store/database_url.h"

namespace ovos::store {
namespace {

// libpq messages end with a newline and may span lines; make them one line.
std::string one_line(const char* text) {
  std::string out = text != nullptr ? text : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
    out.pop_back();
  for (auto& c : out) {
    if (c == '\n') c = ' ';
  }
  return out;
}

void log_notice(void* /*arg*/, const char* message) {
  core::log_debug("postgres_notice", {{"message", one_line(message)}});
}

bool is_connection_state(std::string_view state) {
  return state.starts_with("08") || state.starts_with("53") || state == "57P01" ||
         state == "57P02" || state == "57P03" || state == "57014";
}

// Copies a quoted run ('...', "...") starting at `i` to `out`; returns the index after it.
std::size_t copy_quoted(std::string_view sql, std::size_t i, std::string& out) {
  const char quote = sql[i];
  out += sql[i++];
  while (i < sql.size()) {
    out += sql[i];
    if (sql[i++] == quote) {
      if (i < sql.size() && sql[i] == quote) {  // doubled quote: an escaped one
        out += sql[i++];
        continue;
      }
      break;
    }
  }
  return i;
}

}  // namespace

std::string to_pg_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 1;
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      i = copy_quoted(sql, i, out);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const auto end = sql.find('\n', i);
      const auto stop = end == std::string_view::npos ? sql.size() : end;
      out += sql.substr(i, stop - i);
      i = stop;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(next++);
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

core::Result<std::unique_ptr<SqlConnection>> PgConnection::open(const std::string& url) {
  // Keywords are applied in order and the expanded URL overrides earlier ones, so these are
  // defaults the URL can change.
  const std::array<const char*, 4> keywords = {"connect_timeout", "fallback_application_name",
                                               "dbname", nullptr};
  const std::array<const char*, 4> values = {"10", "openvoiceos", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords.data(), values.data(), 1);
  if (conn == nullptr)
    return core::Error::unavailable("cannot connect to PostgreSQL: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string reason = redact_password(one_line(PQerrorMessage(conn)), url);
    PQfinish(conn);
    return core::Error::unavailable("cannot connect to PostgreSQL at " + redact_url(url) + ": " +
                                    reason);
  }
  PQsetNoticeProcessor(conn, log_notice, nullptr);
  return std::unique_ptr<SqlConnection>(new PgConnection(conn));
}

PgConnection::~PgConnection() {
  PQfinish(conn_);
}

bool PgConnection::healthy() const {
  return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

core::Result<void> PgConnection::exec_script(std::string_view sql) {
  const std::string text(sql);
  PGresult* result = PQexec(conn_, text.c_str());
  const auto status = PQresultStatus(result);
  if (result != nullptr && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)) {
    PQclear(result);
    return core::ok();
  }
  auto error = error_from(result);
  PQclear(result);
  return error;
}

core::Result<SqlResult> PgConnection::do_exec(std::string_view sql, const SqlParams& params) {
  const std::string text = to_pg_placeholders(sql);
  std::vector<std::string> numbers;
  numbers.reserve(params.size());
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& param : params) {
    if (const auto* number = std::get_if<std::int64_t>(&param)) {
      values.push_back(numbers.emplace_back(std::to_string(*number)).c_str());
    } else if (const auto* str = std::get_if<std::string>(&param)) {
      values.push_back(str->c_str());
    } else {
      values.push_back(nullptr);
    }
  }
  PGresult* result = PQexecParams(conn_, text.c_str(), static_cast<int>(values.size()), nullptr,
                                  values.data(), nullptr, nullptr, 0);
  const auto status = PQresultStatus(result);
  if (result == nullptr || (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)) {
    auto error = error_from(result);
    PQclear(result);
    return error;
  }
  SqlResult out;
  const int rows = PQntuples(result);
  const int columns = PQnfields(result);
  out.rows.reserve(static_cast<std::size_t>(rows));
  for (int r = 0; r < rows; ++r) {
    SqlRow& row = out.rows.emplace_back();
    row.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(result, r, c) != 0) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string(PQgetvalue(result, r, c),
                                     static_cast<std::size_t>(PQgetlength(result, r, c))));
      }
    }
  }
  const std::string_view affected = PQcmdTuples(result);
  (void)std::from_chars(affected.data(), affected.data() + affected.size(), out.affected);
  PQclear(result);
  return out;
}

core::Error PgConnection::error_from(const pg_result* result) const {
  if (PQstatus(conn_) != CONNECTION_OK) {
    return core::Error::unavailable("database connection lost: " + one_line(PQerrorMessage(conn_)));
  }
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary =
      result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  if (state == nullptr) {
    return core::Error::internal(one_line(primary != nullptr ? primary : PQerrorMessage(conn_)));
  }
  const std::string_view sqlstate = state;
  const std::string suffix = " (SQLSTATE " + std::string(sqlstate) + ")";
  // A data exception's message may quote the offending value, which may be a secret.
  if (sqlstate.starts_with("22")) return core::Error::internal("invalid data value" + suffix);
  std::string message = one_line(primary) + suffix;
  if (sqlstate == "23505") return core::Error::conflict(std::move(message));
  if (sqlstate == "23503") return core::Error::not_found(std::move(message));
  if (is_connection_state(sqlstate)) return core::Error::unavailable(std::move(message));
  return core::Error::internal(std::move(message));
}

}  // namespace ovos::store
