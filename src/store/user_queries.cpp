// Users and API keys.
#include "core/ids.h"
#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace ovos::store {
namespace {

constexpr std::string_view kUserColumns = "id, email, name, password_hash, created_at, updated_at";
constexpr std::string_view kApiKeyColumns =
    "id, user_id, name, prefix, key_hash, created_at, last_used_at, revoked_at";

core::Result<User> user_from_row(const SqlRow& row) {
  RowReader r(row);
  User user;
  user.id = r.text();
  user.email = r.text();
  user.name = r.text();
  user.password_hash = r.text();
  user.created_at = r.int64();
  user.updated_at = r.int64();
  OVOS_TRY(r.status());
  return user;
}

core::Result<ApiKey> api_key_from_row(const SqlRow& row) {
  RowReader r(row);
  ApiKey key;
  key.id = r.text();
  key.user_id = r.text();
  key.name = r.text();
  key.prefix = r.text();
  key.key_hash = r.text();
  key.created_at = r.int64();
  key.last_used_at = r.optional_int64();
  key.revoked_at = r.optional_int64();
  OVOS_TRY(r.status());
  return key;
}

}  // namespace

core::Result<User> SqlStore::create_user(const User& user) {
  const std::string id = user.id.empty() ? core::new_id() : user.id;
  const SqlParams params = {
      id, ascii_lower(user.email), user.name, user.password_hash, user.created_at, user.updated_at};
  auto result = run([&](SqlConnection& conn) {
    return single_row(conn.exec(join_sql({"INSERT INTO users (", kUserColumns,
                                          ") VALUES (?, ?, ?, ?, ?, ?) RETURNING ", kUserColumns}),
                                params),
                      &user_from_row, "user not created");
  });
  // Both engines name the violated constraint (users.email / users_email_key).
  if (!result.ok() && result.error().code == core::ErrorCode::kConflict) {
    const bool email = result.error().message.find("email") != std::string::npos;
    return core::Error::conflict(email ? "email already registered" : "user already exists");
  }
  return result;
}

core::Result<User> SqlStore::get_user(std::string_view id) {
  return run([&](SqlConnection& conn) {
    return single_row(conn.exec(join_sql({"SELECT ", kUserColumns, " FROM users WHERE id = ?"}),
                                {std::string(id)}),
                      &user_from_row, "user not found");
  });
}

core::Result<std::optional<User>> SqlStore::find_user_by_email(std::string_view email) {
  return run([&](SqlConnection& conn) {
    return optional_row(
        conn.exec(join_sql({"SELECT ", kUserColumns, " FROM users WHERE email = ?"}),
                  {ascii_lower(email)}),
        &user_from_row);
  });
}

core::Result<void> SqlStore::update_password(std::string_view user_id,
                                             std::string_view password_hash, std::int64_t now) {
  return run([&](SqlConnection& conn) {
    return expect_affected(
        conn.exec("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
                  {std::string(password_hash), now, std::string(user_id)}),
        "user not found");
  });
}

core::Result<ApiKey> SqlStore::create_api_key(const ApiKey& key) {
  const SqlParams params = {key.id.empty() ? core::new_id() : key.id,
                            key.user_id,
                            key.name,
                            key.prefix,
                            key.key_hash,
                            key.created_at,
                            nullable(key.last_used_at),
                            nullable(key.revoked_at)};
  auto result = run([&](SqlConnection& conn) {
    return single_row(
        conn.exec(join_sql({"INSERT INTO api_keys (", kApiKeyColumns,
                            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING ", kApiKeyColumns}),
                  params),
        &api_key_from_row, "api key not created");
  });
  result = with_message(std::move(result), core::ErrorCode::kNotFound, "user not found");
  return with_message(std::move(result), core::ErrorCode::kConflict, "api key already exists");
}

core::Result<std::vector<ApiKey>> SqlStore::list_api_keys(std::string_view user_id) {
  return run([&](SqlConnection& conn) -> core::Result<std::vector<ApiKey>> {
    OVOS_ASSIGN_OR_RETURN(
        const auto rows,
        conn.exec(join_sql({"SELECT ", kApiKeyColumns,
                            " FROM api_keys WHERE user_id = ? ORDER BY created_at DESC, id DESC"}),
                  {std::string(user_id)}));
    return map_rows(rows, &api_key_from_row);
  });
}

core::Result<std::optional<ApiKey>> SqlStore::find_api_key_by_hash(std::string_view key_hash) {
  return run([&](SqlConnection& conn) {
    return optional_row(
        conn.exec(join_sql({"SELECT ", kApiKeyColumns,
                            " FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL"}),
                  {std::string(key_hash)}),
        &api_key_from_row);
  });
}

core::Result<void> SqlStore::revoke_api_key(std::string_view user_id, std::string_view id,
                                            std::int64_t now) {
  // Revoking twice keeps the first revocation time.
  return run([&](SqlConnection& conn) {
    return expect_affected(conn.exec("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) "
                                     "WHERE id = ? AND user_id = ?",
                                     {now, std::string(id), std::string(user_id)}),
                           "api key not found");
  });
}

core::Result<void> SqlStore::touch_api_key(std::string_view id, std::int64_t now) {
  return run([&](SqlConnection& conn) {
    return expect_affected(
        conn.exec("UPDATE api_keys SET last_used_at = ? WHERE id = ?", {now, std::string(id)}),
        "api key not found");
  });
}

}  // namespace ovos::store
