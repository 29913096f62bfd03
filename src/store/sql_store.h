#pragma once

#include <memory>
#include <type_traits>

#include "core/logging.h"
#include "store/connection_pool.h"
#include "store/store.h"

namespace ovos::store {

/// Store over SqlConnection: every repository method is written once in portable SQL and runs
/// on SQLite or PostgreSQL. Thread-safe; each call borrows a pooled connection. Owns the pool.
/// Its methods are defined by responsibility in user_queries.cpp, agent_queries.cpp,
/// call_queries.cpp, phone_queries.cpp and
/// knowledge_queries.cpp; lifecycle (open, migrate, ping) in sql_store.cpp.
class SqlStore final : public Store {
 public:
  SqlStore(Dialect dialect, std::unique_ptr<ConnectionPool> pool)
      : dialect_(dialect), pool_(std::move(pool)) {}

  [[nodiscard]] std::string_view dialect() const override;
  core::Result<int> migrate() override;
  core::Result<int> schema_version() override;
  core::Result<void> ping() override;

  core::Result<User> create_user(const User& user) override;
  core::Result<User> get_user(std::string_view id) override;
  core::Result<std::optional<User>> find_user_by_email(std::string_view email) override;
  core::Result<void> update_password(std::string_view user_id, std::string_view password_hash,
                                     std::int64_t now) override;

  core::Result<ApiKey> create_api_key(const ApiKey& key) override;
  core::Result<std::vector<ApiKey>> list_api_keys(std::string_view user_id) override;
  core::Result<std::optional<ApiKey>> find_api_key_by_hash(std::string_view key_hash) override;
  core::Result<void> revoke_api_key(std::string_view user_id, std::string_view id,
                                    std::int64_t now) override;
  core::Result<void> touch_api_key(std::string_view id, std::int64_t now) override;

  core::Result<Agent> create_agent(const Agent& agent) override;
  core::Result<Agent> get_agent(std::string_view user_id, std::string_view id) override;
  core::Result<Page<Agent>> list_agents(std::string_view user_id, const AgentQuery& query) override;
  core::Result<Agent> update_agent(const Agent& agent) override;
  core::Result<void> delete_agent(std::string_view user_id, std::string_view id) override;

  core::Result<ProviderKey> create_provider_key(const ProviderKey& key) override;
  core::Result<std::vector<ProviderKey>> list_provider_keys(std::string_view user_id) override;
  core::Result<ProviderKey> get_provider_key(std::string_view user_id,
                                             std::string_view id) override;
  core::Result<std::optional<ProviderKey>> find_provider_key(std::string_view user_id,
                                                             std::string_view provider) override;
  core::Result<ProviderKey> update_provider_key(const ProviderKey& key) override;
  core::Result<void> delete_provider_key(std::string_view user_id, std::string_view id) override;

  core::Result<KnowledgeBase> create_knowledge_base(const KnowledgeBase& base) override;
  core::Result<KnowledgeBase> get_knowledge_base(std::string_view user_id,
                                                 std::string_view id) override;
  core::Result<Page<KnowledgeBase>> list_knowledge_bases(std::string_view user_id, int limit,
                                                         int offset) override;
  core::Result<void> delete_knowledge_base(std::string_view user_id, std::string_view id) override;
  core::Result<KnowledgeDocument> add_knowledge_document(
      const KnowledgeDocument& document, const std::vector<KnowledgeChunk>& chunks) override;
  core::Result<std::vector<KnowledgeDocument>> list_knowledge_documents(
      std::string_view user_id, std::string_view knowledge_base_id) override;
  core::Result<void> delete_knowledge_document(std::string_view user_id,
                                               std::string_view knowledge_base_id,
                                               std::string_view document_id,
                                               std::int64_t now) override;
  core::Result<std::vector<KnowledgeChunk>> list_knowledge_chunks(
      std::string_view user_id, std::string_view knowledge_base_id) override;

  core::Result<Call> create_call(const Call& call) override;
  core::Result<Call> update_call(const Call& call) override;
  core::Result<void> update_call_results(std::string_view user_id, std::string_view id,
                                         const CallResultsUpdate& update) override;
  core::Result<Call> get_call(std::string_view user_id, std::string_view id) override;
  core::Result<Page<Call>> list_calls(std::string_view user_id, const CallFilter& filter) override;
  core::Result<Call> get_call_by_id(std::string_view id) override;
  core::Result<std::optional<Call>> find_call_by_carrier_id(
      std::string_view carrier, std::string_view carrier_call_id) override;
  core::Result<Call> advance_call(std::string_view user_id, std::string_view id,
                                  const CallProgress& progress) override;
  core::Result<std::int64_t> count_live_calls(std::string_view user_id,
                                              std::int64_t since) override;

  core::Result<PhoneNumber> create_phone_number(const PhoneNumber& number) override;
  core::Result<std::vector<PhoneNumber>> list_phone_numbers(std::string_view user_id) override;
  core::Result<PhoneNumber> get_phone_number(std::string_view user_id,
                                             std::string_view id) override;
  core::Result<PhoneNumber> update_phone_number(const PhoneNumber& number) override;
  core::Result<void> delete_phone_number(std::string_view user_id, std::string_view id) override;
  core::Result<std::optional<PhoneNumber>> find_phone_number(std::string_view carrier,
                                                             std::string_view number) override;
  core::Result<Turn> upsert_turn(const Turn& turn) override;
  core::Result<std::vector<Turn>> list_turns(std::string_view call_id) override;

 private:
  /// Runs `fn` on a pooled connection. When a connection that sat idle turns out to be dead
  /// (the server restarted, or closed it), it is dropped and `fn` runs once more on a new one.
  template <typename F>
  auto run(F&& fn) -> std::invoke_result_t<F&, SqlConnection&> {
    for (int attempt = 0;; ++attempt) {
      OVOS_ASSIGN_OR_RETURN(auto lease, pool_->acquire());
      auto result = fn(*lease);
      const bool stale = !result.ok() && result.error().code == core::ErrorCode::kUnavailable &&
                         lease.reused() && !lease->healthy();
      if (!stale || attempt > 0) return result;
      core::log_warn("store_connection_lost", {{"action", "reconnecting"}});
    }
  }

  Dialect dialect_;
  std::unique_ptr<ConnectionPool> pool_;
};

}  // namespace ovos::store
