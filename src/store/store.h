#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/records.h"

namespace ovos::store {

/// The one repository interface over SQLite and PostgreSQL. Every user-owned read and write
/// takes the owner's id and filters on it, so one user can never reach another's rows (a
/// foreign id reads as kNotFound). Thread-safe: methods may be called from any thread; each
/// takes a pooled connection for its duration. Owned by the app; outlives all requests.
class Store {
 public:
  virtual ~Store() = default;

  /// Opens the database named by `database_url` (empty: SQLite at <data_dir>/openvoiceos.db).
  /// Does not migrate; call migrate().
  static core::Result<std::unique_ptr<Store>> open(const std::string& database_url,
                                                   const std::string& data_dir);

  [[nodiscard]] virtual std::string_view dialect() const = 0;  // "sqlite" | "postgresql"
  /// Applies the pending versioned migrations in order; returns how many were applied.
  virtual core::Result<int> migrate() = 0;
  /// Latest applied migration version (0 when none).
  virtual core::Result<int> schema_version() = 0;
  /// Cheap round trip for /readyz.
  virtual core::Result<void> ping() = 0;

  // Users. Emails are compared lowercase. create_user: kConflict when the email is taken.
  virtual core::Result<User> create_user(const User& user) = 0;
  virtual core::Result<User> get_user(std::string_view id) = 0;
  virtual core::Result<std::optional<User>> find_user_by_email(std::string_view email) = 0;
  virtual core::Result<void> update_password(std::string_view user_id,
                                             std::string_view password_hash, std::int64_t now) = 0;

  // API keys.
  virtual core::Result<ApiKey> create_api_key(const ApiKey& key) = 0;
  virtual core::Result<std::vector<ApiKey>> list_api_keys(std::string_view user_id) = 0;
  /// The unrevoked key with this hash, if any.
  virtual core::Result<std::optional<ApiKey>> find_api_key_by_hash(std::string_view key_hash) = 0;
  virtual core::Result<void> revoke_api_key(std::string_view user_id, std::string_view id,
                                            std::int64_t now) = 0;
  virtual core::Result<void> touch_api_key(std::string_view id, std::int64_t now) = 0;

  // Agents.
  virtual core::Result<Agent> create_agent(const Agent& agent) = 0;
  virtual core::Result<Agent> get_agent(std::string_view user_id, std::string_view id) = 0;
  virtual core::Result<Page<Agent>> list_agents(std::string_view user_id,
                                                const AgentQuery& query) = 0;
  /// Replaces name, agent_type, config_json and updated_at of an existing agent.
  virtual core::Result<Agent> update_agent(const Agent& agent) = 0;
  virtual core::Result<void> delete_agent(std::string_view user_id, std::string_view id) = 0;

  // Provider keys.
  virtual core::Result<ProviderKey> create_provider_key(const ProviderKey& key) = 0;
  virtual core::Result<std::vector<ProviderKey>> list_provider_keys(std::string_view user_id) = 0;
  virtual core::Result<ProviderKey> get_provider_key(std::string_view user_id,
                                                     std::string_view id) = 0;
  /// The newest key the user stored for `provider` (what the engine uses), if any.
  virtual core::Result<std::optional<ProviderKey>> find_provider_key(std::string_view user_id,
                                                                     std::string_view provider) = 0;
  virtual core::Result<ProviderKey> update_provider_key(const ProviderKey& key) = 0;
  virtual core::Result<void> delete_provider_key(std::string_view user_id, std::string_view id) = 0;

  // Knowledge bases. Every method takes the owner's id; another user's base reads as kNotFound.
  virtual core::Result<KnowledgeBase> create_knowledge_base(const KnowledgeBase& base) = 0;
  virtual core::Result<KnowledgeBase> get_knowledge_base(std::string_view user_id,
                                                         std::string_view id) = 0;
  virtual core::Result<Page<KnowledgeBase>> list_knowledge_bases(std::string_view user_id,
                                                                 int limit, int offset) = 0;
  /// Deletes the base with its documents and chunks.
  virtual core::Result<void> delete_knowledge_base(std::string_view user_id,
                                                   std::string_view id) = 0;
  /// In one transaction: inserts the document and its chunks, and bumps the base's version and
  /// updated_at (`document.created_at`). kNotFound when the base is not the user's.
  virtual core::Result<KnowledgeDocument> add_knowledge_document(
      const KnowledgeDocument& document, const std::vector<KnowledgeChunk>& chunks) = 0;
  /// The base's documents, oldest first; kNotFound when the base is not the user's.
  virtual core::Result<std::vector<KnowledgeDocument>> list_knowledge_documents(
      std::string_view user_id, std::string_view knowledge_base_id) = 0;
  /// Deletes a document and its chunks and bumps the base's version, in one transaction.
  virtual core::Result<void> delete_knowledge_document(std::string_view user_id,
                                                       std::string_view knowledge_base_id,
                                                       std::string_view document_id,
                                                       std::int64_t now) = 0;
  /// Every chunk of the base (with its document's filename), by document then ordinal.
  virtual core::Result<std::vector<KnowledgeChunk>> list_knowledge_chunks(
      std::string_view user_id, std::string_view knowledge_base_id) = 0;

  // Phone numbers. A number already connected (by anyone) for the carrier is kConflict.
  virtual core::Result<PhoneNumber> create_phone_number(const PhoneNumber& number) = 0;
  virtual core::Result<std::vector<PhoneNumber>> list_phone_numbers(std::string_view user_id) = 0;
  virtual core::Result<PhoneNumber> get_phone_number(std::string_view user_id,
                                                     std::string_view id) = 0;
  /// Replaces agent_id and updated_at.
  virtual core::Result<PhoneNumber> update_phone_number(const PhoneNumber& number) = 0;
  virtual core::Result<void> delete_phone_number(std::string_view user_id, std::string_view id) = 0;
  /// Whose number it is (any user): for the carrier's inbound-call webhook.
  virtual core::Result<std::optional<PhoneNumber>> find_phone_number(std::string_view carrier,
                                                                     std::string_view number) = 0;

  // Calls and turns (written by the engine, read by the API).
  virtual core::Result<Call> create_call(const Call& call) = 0;
  /// Replaces every mutable field of an existing call (matched by id and user_id).
  virtual core::Result<Call> update_call(const Call& call) = 0;
  /// Writes only the result columns `update` gives (kNotFound when the call is not the user's),
  /// so post-call tasks and the engine never overwrite each other's fields.
  virtual core::Result<void> update_call_results(std::string_view user_id, std::string_view id,
                                                 const CallResultsUpdate& update) = 0;
  virtual core::Result<Call> get_call(std::string_view user_id, std::string_view id) = 0;
  /// Any user's call: only for carrier webhooks and media streams, which prove who they are
  /// by a signature or a token, not as a user.
  virtual core::Result<Call> get_call_by_id(std::string_view id) = 0;
  /// Any user's call with this carrier id, if any (the newest): for carrier webhooks.
  virtual core::Result<std::optional<Call>> find_call_by_carrier_id(
      std::string_view carrier, std::string_view carrier_call_id) = 0;
  /// Moves a call forward (CallProgress): returns the call as stored after, whether or not the
  /// progress applied (a late "ringing" after "in-progress" changes nothing).
  virtual core::Result<Call> advance_call(std::string_view user_id, std::string_view id,
                                          const CallProgress& progress) = 0;
  /// The user's phone calls not yet ended that were created at or after `since` (Unix ms).
  virtual core::Result<std::int64_t> count_live_calls(std::string_view user_id,
                                                      std::int64_t since) = 0;
  virtual core::Result<Page<Call>> list_calls(std::string_view user_id,
                                              const CallFilter& filter) = 0;
  /// Inserts or replaces a turn (matched by call_id and index), so a turn can be written early
  /// and completed later.
  virtual core::Result<Turn> upsert_turn(const Turn& turn) = 0;
  virtual core::Result<std::vector<Turn>> list_turns(std::string_view call_id) = 0;
};

}  // namespace ovos::store
