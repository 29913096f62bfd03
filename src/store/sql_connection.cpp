#include "store/sql_connection.h"

namespace ovos::store {

SqlValue nullable(const std::optional<std::int64_t>& value) {
  if (value) return *value;
  return std::monostate{};
}

core::Result<SqlResult> SqlConnection::exec(std::string_view sql, const SqlParams& params) {
  for (const auto& param : params) {
    const auto* text = std::get_if<std::string>(&param);
    if (text != nullptr && text->find('\0') != std::string::npos) {
      return core::Error::invalid("text value contains a NUL byte");
    }
  }
  return do_exec(sql, params);
}

core::Result<void> SqlConnection::begin_write() {
  return exec_script(dialect() == Dialect::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN");
}

core::Result<void> SqlConnection::commit() {
  return exec_script("COMMIT");
}

core::Result<void> SqlConnection::rollback() {
  return exec_script("ROLLBACK");
}

}  // namespace ovos::store
