// Agents and provider keys.
#include "core/ids.h"
#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace ovos::store {
namespace {

constexpr std::string_view kAgentColumns =
    "id, user_id, name, agent_type, config_json, created_at, updated_at";
constexpr std::string_view kProviderKeyColumns =
    "id, user_id, provider, name, ciphertext, masked_json, created_at, updated_at";

core::Result<Agent> agent_from_row(const SqlRow& row) {
  RowReader r(row);
  Agent agent;
  agent.id = r.text();
  agent.user_id = r.text();
  agent.name = r.text();
  agent.agent_type = r.text();
  agent.config_json = r.text();
  agent.created_at = r.int64();
  agent.updated_at = r.int64();
  OVOS_TRY(r.status());
  return agent;
}

core::Result<ProviderKey> provider_key_from_row(const SqlRow& row) {
  RowReader r(row);
  ProviderKey key;
  key.id = r.text();
  key.user_id = r.text();
  key.provider = r.text();
  key.name = r.text();
  key.ciphertext = r.text();
  key.masked_json = r.text();
  key.created_at = r.int64();
  key.updated_at = r.int64();
  OVOS_TRY(r.status());
  return key;
}

template <typename T>
core::Result<T> created(core::Result<T> result, std::string_view what) {
  result = with_message(std::move(result), core::ErrorCode::kNotFound, "user not found");
  return with_message(std::move(result), core::ErrorCode::kConflict,
                      std::string(what) + " already exists");
}

}  // namespace

core::Result<Agent> SqlStore::create_agent(const Agent& agent) {
  const SqlParams params = {agent.id.empty() ? core::new_id() : agent.id,
                            agent.user_id,
                            agent.name,
                            agent.agent_type,
                            agent.config_json,
                            agent.created_at,
                            agent.updated_at};
  return created(
      run([&](SqlConnection& conn) {
        return single_row(
            conn.exec(join_sql({"INSERT INTO agents (", kAgentColumns,
                                ") VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ", kAgentColumns}),
                      params),
            &agent_from_row, "agent not created");
      }),
      "agent");
}

core::Result<Agent> SqlStore::get_agent(std::string_view user_id, std::string_view id) {
  return run([&](SqlConnection& conn) {
    return single_row(
        conn.exec(join_sql({"SELECT ", kAgentColumns, " FROM agents WHERE id = ? AND user_id = ?"}),
                  {std::string(id), std::string(user_id)}),
        &agent_from_row, "agent not found");
  });
}

core::Result<Page<Agent>> SqlStore::list_agents(std::string_view user_id, const AgentQuery& query) {
  std::string from_where = "FROM agents WHERE user_id = ?";
  SqlParams params = {std::string(user_id)};
  if (query.name_contains && !query.name_contains->empty()) {
    // Both sides are lowered by the engine's LOWER() (Unicode-aware on both; see
    // unicode_lower.h), so "CAFÉ" finds "café" on SQLite as on PostgreSQL.
    from_where += " AND LOWER(name) LIKE LOWER(?) ESCAPE '\\'";
    params.emplace_back(contains_pattern(*query.name_contains));
  }
  const auto window = clamp_window(query.limit, query.offset);
  return run([&](SqlConnection& conn) {
    return query_page(conn, kAgentColumns, from_where, params, window, &agent_from_row);
  });
}

core::Result<Agent> SqlStore::update_agent(const Agent& agent) {
  return run([&](SqlConnection& conn) {
    return single_row(
        conn.exec(join_sql({"UPDATE agents SET name = ?, agent_type = ?, config_json = ?, "
                            "updated_at = ? WHERE id = ? AND user_id = ? RETURNING ",
                            kAgentColumns, ""}),
                  {agent.name, agent.agent_type, agent.config_json, agent.updated_at, agent.id,
                   agent.user_id}),
        &agent_from_row, "agent not found");
  });
}

core::Result<void> SqlStore::delete_agent(std::string_view user_id, std::string_view id) {
  return run([&](SqlConnection& conn) {
    return expect_affected(conn.exec("DELETE FROM agents WHERE id = ? AND user_id = ?",
                                     {std::string(id), std::string(user_id)}),
                           "agent not found");
  });
}

core::Result<ProviderKey> SqlStore::create_provider_key(const ProviderKey& key) {
  const SqlParams params = {key.id.empty() ? core::new_id() : key.id,
                            key.user_id,
                            key.provider,
                            key.name,
                            key.ciphertext,
                            key.masked_json,
                            key.created_at,
                            key.updated_at};
  return created(run([&](SqlConnection& conn) {
                   return single_row(
                       conn.exec(join_sql({"INSERT INTO provider_keys (", kProviderKeyColumns,
                                           ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING ",
                                           kProviderKeyColumns}),
                                 params),
                       &provider_key_from_row, "provider key not created");
                 }),
                 "provider key");
}

core::Result<std::vector<ProviderKey>> SqlStore::list_provider_keys(std::string_view user_id) {
  return run([&](SqlConnection& conn) -> core::Result<std::vector<ProviderKey>> {
    OVOS_ASSIGN_OR_RETURN(
        const auto rows,
        conn.exec(
            join_sql({"SELECT ", kProviderKeyColumns,
                      " FROM provider_keys WHERE user_id = ? ORDER BY created_at DESC, id DESC"}),
            {std::string(user_id)}));
    return map_rows(rows, &provider_key_from_row);
  });
}

core::Result<ProviderKey> SqlStore::get_provider_key(std::string_view user_id,
                                                     std::string_view id) {
  return run([&](SqlConnection& conn) {
    return single_row(conn.exec(join_sql({"SELECT ", kProviderKeyColumns,
                                          " FROM provider_keys WHERE id = ? AND user_id = ?"}),
                                {std::string(id), std::string(user_id)}),
                      &provider_key_from_row, "provider key not found");
  });
}

core::Result<std::optional<ProviderKey>> SqlStore::find_provider_key(std::string_view user_id,
                                                                     std::string_view provider) {
  return run([&](SqlConnection& conn) {
    return optional_row(
        conn.exec(join_sql({"SELECT ", kProviderKeyColumns,
                            " FROM provider_keys WHERE user_id = ? AND provider = ? "
                            "ORDER BY created_at DESC, id DESC LIMIT 1"}),
                  {std::string(user_id), std::string(provider)}),
        &provider_key_from_row);
  });
}

core::Result<ProviderKey> SqlStore::update_provider_key(const ProviderKey& key) {
  // The provider is fixed at creation: a key for one vendor does not become another's.
  return run([&](SqlConnection& conn) {
    return single_row(
        conn.exec(join_sql({"UPDATE provider_keys SET name = ?, ciphertext = ?, "
                            "masked_json = ?, updated_at = ? "
                            "WHERE id = ? AND user_id = ? RETURNING ",
                            kProviderKeyColumns, ""}),
                  {key.name, key.ciphertext, key.masked_json, key.updated_at, key.id, key.user_id}),
        &provider_key_from_row, "provider key not found");
  });
}

core::Result<void> SqlStore::delete_provider_key(std::string_view user_id, std::string_view id) {
  return run([&](SqlConnection& conn) {
    return expect_affected(conn.exec("DELETE FROM provider_keys WHERE id = ? AND user_id = ?",
                                     {std::string(id), std::string(user_id)}),
                           "provider key not found");
  });
}

}  // namespace ovos::store
