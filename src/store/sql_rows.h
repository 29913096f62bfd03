#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/records.h"
#include "store/sql_connection.h"

namespace ovos::store {

/// Reads the cells of one result row left to right, converting text to field types. A missing
/// cell or a malformed number is remembered and reported by status().
class RowReader {
 public:
  explicit RowReader(const SqlRow& row) : row_(row) {}

  [[nodiscard]] std::string text();
  [[nodiscard]] std::int64_t int64();
  [[nodiscard]] std::optional<std::int64_t> optional_int64();
  [[nodiscard]] bool boolean();  // 1/0 (SQLite) or t/f (PostgreSQL)
  [[nodiscard]] core::Result<void> status() const;

 private:
  const std::optional<std::string>* next();

  const SqlRow& row_;
  std::size_t next_ = 0;
  bool bad_ = false;
};

/// Turns one row into a record.
template <typename T>
using RowMapper = core::Result<T> (*)(const SqlRow&);

/// A listing window: limit clamped to 1..200, offset to >= 0.
struct Window {
  int limit = 50;
  int offset = 0;
};
[[nodiscard]] Window clamp_window(int limit, int offset);

/// The concatenation of `parts` (SQL text assembled from column-list constants).
[[nodiscard]] std::string join_sql(std::initializer_list<std::string_view> parts);

/// "?, ?, ?" with `count` placeholders.
[[nodiscard]] std::string placeholders(std::size_t count);

/// ASCII-only lowercase, as emails are stored.
[[nodiscard]] std::string ascii_lower(std::string_view text);

/// A LIKE pattern matching `needle` as a literal substring: %, _ and \ are escaped with '\', so
/// use it as `LOWER(col) LIKE LOWER(?) ESCAPE '\'`.
[[nodiscard]] std::string contains_pattern(std::string_view needle);

/// Every row of `result` mapped to records.
template <typename T>
core::Result<std::vector<T>> map_rows(const SqlResult& result, RowMapper<T> map) {
  std::vector<T> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) {
    OVOS_ASSIGN_OR_RETURN(auto item, map(row));
    out.push_back(std::move(item));
  }
  return out;
}

/// The first row of `result` as a record, or kNotFound with `not_found` when there is none.
template <typename T>
core::Result<T> single_row(core::Result<SqlResult> result, RowMapper<T> map,
                           std::string_view not_found) {
  if (!result.ok()) return std::move(result).error();
  if (result->rows.empty()) return core::Error::not_found(std::string(not_found));
  return map(result->rows.front());
}

/// The first row of `result` as a record, or nullopt when there is none.
template <typename T>
core::Result<std::optional<T>> optional_row(core::Result<SqlResult> result, RowMapper<T> map) {
  if (!result.ok()) return std::move(result).error();
  if (result->rows.empty()) return std::optional<T>();
  OVOS_ASSIGN_OR_RETURN(auto item, map(result->rows.front()));
  return std::optional<T>(std::move(item));
}

/// Success when the statement changed a row; kNotFound with `not_found` when it changed none.
[[nodiscard]] core::Result<void> expect_affected(core::Result<SqlResult> result,
                                                 std::string_view not_found);

/// `result`, with the message of an error of kind `code` replaced by `message` (a unique
/// violation becomes "email already registered").
template <typename T>
core::Result<T> with_message(core::Result<T> result, core::ErrorCode code,
                             std::string_view message) {
  if (!result.ok() && result.error().code == code) {
    return core::Error{code, std::string(message), {}};
  }
  return result;
}

/// Runs a listing: COUNT(*) over `from_where` ("FROM t WHERE ..." using `params`) for the
/// total, then the rows newest first (created_at DESC, id DESC) within the window.
template <typename T>
core::Result<Page<T>> query_page(SqlConnection& conn, std::string_view columns,
                                 const std::string& from_where, SqlParams params, Window window,
                                 RowMapper<T> map) {
  Page<T> page;
  OVOS_ASSIGN_OR_RETURN(const auto count, conn.exec("SELECT COUNT(*) " + from_where, params));
  if (count.rows.empty() || count.rows[0].empty() || !count.rows[0][0]) {
    return core::Error::internal("COUNT(*) returned no row");
  }
  RowReader reader(count.rows[0]);
  page.total = reader.int64();
  OVOS_TRY(reader.status());
  params.emplace_back(std::int64_t{window.limit});
  params.emplace_back(std::int64_t{window.offset});
  OVOS_ASSIGN_OR_RETURN(const auto rows,
                        conn.exec("SELECT " + std::string(columns) + " " + from_where +
                                      " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                                  params));
  OVOS_ASSIGN_OR_RETURN(page.items, map_rows(rows, map));
  return page;
}

}  // namespace ovos::store
