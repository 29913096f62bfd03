// Phone numbers that route inbound calls to agents.
#include "core/ids.h"
#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace ovos::store {
namespace {

constexpr std::string_view kPhoneColumns =
    "id, user_id, carrier, number, agent_id, created_at, updated_at";

core::Result<PhoneNumber> phone_number_from_row(const SqlRow& row) {
  RowReader r(row);
  PhoneNumber n;
  n.id = r.text();
  n.user_id = r.text();
  n.carrier = r.text();
  n.number = r.text();
  n.agent_id = r.text();
  n.created_at = r.int64();
  n.updated_at = r.int64();
  OVOS_TRY(r.status());
  return n;
}

}  // namespace

core::Result<PhoneNumber> SqlStore::create_phone_number(const PhoneNumber& number) {
  const SqlParams params = {number.id.empty() ? core::new_id() : number.id,
                            number.user_id,
                            number.carrier,
                            number.number,
                            number.agent_id,
                            number.created_at,
                            number.updated_at};
  const std::string statement =
      join_sql({"INSERT INTO phone_numbers (", kPhoneColumns, ") VALUES (",
                placeholders(params.size()), ") RETURNING ", kPhoneColumns});
  auto result = run([&](SqlConnection& conn) {
    return single_row(conn.exec(statement, params), &phone_number_from_row,
                      "phone number not created");
  });
  result = with_message(std::move(result), core::ErrorCode::kNotFound, "user not found");
  return with_message(std::move(result), core::ErrorCode::kConflict,
                      "this number is already connected to an agent for this carrier");
}

core::Result<std::vector<PhoneNumber>> SqlStore::list_phone_numbers(std::string_view user_id) {
  return run([&](SqlConnection& conn) -> core::Result<std::vector<PhoneNumber>> {
    OVOS_ASSIGN_OR_RETURN(const auto rows,
                          conn.exec(join_sql({"SELECT ", kPhoneColumns,
                                              " FROM phone_numbers WHERE user_id = ? "
                                              "ORDER BY created_at ASC, id ASC"}),
                                    {std::string(user_id)}));
    return map_rows(rows, &phone_number_from_row);
  });
}

core::Result<PhoneNumber> SqlStore::get_phone_number(std::string_view user_id,
                                                     std::string_view id) {
  return run([&](SqlConnection& conn) {
    return single_row(conn.exec(join_sql({"SELECT ", kPhoneColumns,
                                          " FROM phone_numbers WHERE id = ? AND user_id = ?"}),
                                {std::string(id), std::string(user_id)}),
                      &phone_number_from_row, "phone number not found");
  });
}

core::Result<PhoneNumber> SqlStore::update_phone_number(const PhoneNumber& number) {
  return run([&](SqlConnection& conn) {
    return single_row(conn.exec(join_sql({"UPDATE phone_numbers SET agent_id = ?, updated_at = ? "
                                          "WHERE id = ? AND user_id = ? RETURNING ",
                                          kPhoneColumns, ""}),
                                {number.agent_id, number.updated_at, number.id, number.user_id}),
                      &phone_number_from_row, "phone number not found");
  });
}

core::Result<void> SqlStore::delete_phone_number(std::string_view user_id, std::string_view id) {
  return run([&](SqlConnection& conn) {
    return expect_affected(conn.exec("DELETE FROM phone_numbers WHERE id = ? AND user_id = ?",
                                     {std::string(id), std::string(user_id)}),
                           "phone number not found");
  });
}

core::Result<std::optional<PhoneNumber>> SqlStore::find_phone_number(std::string_view carrier,
                                                                     std::string_view number) {
  return run([&](SqlConnection& conn) {
    return optional_row(
        conn.exec(join_sql({"SELECT ", kPhoneColumns,
                            " FROM phone_numbers WHERE carrier = ? AND number = ?"}),
                  {std::string(carrier), std::string(number)}),
        &phone_number_from_row);
  });
}

}  // namespace ovos::store
