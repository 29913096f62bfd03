#pragma once

// A Store that forwards to a real one, counts the writes of a call's log, and can fail them.

#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/store.h"

namespace ovos::engine::testing {

/// Forwards every method to `inner`. upsert_turn and update_call are counted and fail with
/// kUnavailable while `failures_left` > 0 (each failure uses one up); `before_write` runs first
/// when set. Thread-safe as the inner store is.
class FlakyStore final : public store::Store {
 public:
  explicit FlakyStore(store::Store& inner) : inner_(inner) {}

  std::atomic<int> upserts{0};
  std::atomic<int> call_updates{0};
  std::atomic<int> failures_left{0};
  std::function<void()> before_write;

  std::string_view dialect() const override { return inner_.dialect(); }
  core::Result<int> migrate() override { return inner_.migrate(); }
  core::Result<int> schema_version() override { return inner_.schema_version(); }
  core::Result<void> ping() override { return inner_.ping(); }

  core::Result<store::User> create_user(const store::User& u) override {
    return inner_.create_user(u);
  }
  core::Result<store::User> get_user(std::string_view id) override { return inner_.get_user(id); }
  core::Result<std::optional<store::User>> find_user_by_email(std::string_view email) override {
    return inner_.find_user_by_email(email);
  }
  core::Result<void> update_password(std::string_view user_id, std::string_view hash,
                                     std::int64_t now) override {
    return inner_.update_password(user_id, hash, now);
  }

  core::Result<store::ApiKey> create_api_key(const store::ApiKey& key) override {
    return inner_.create_api_key(key);
  }
  core::Result<std::vector<store::ApiKey>> list_api_keys(std::string_view user_id) override {
    return inner_.list_api_keys(user_id);
  }
  core::Result<std::optional<store::ApiKey>> find_api_key_by_hash(std::string_view h) override {
    return inner_.find_api_key_by_hash(h);
  }
  core::Result<void> revoke_api_key(std::string_view user_id, std::string_view id,
                                    std::int64_t now) override {
    return inner_.revoke_api_key(user_id, id, now);
  }
  core::Result<void> touch_api_key(std::string_view id, std::int64_t now) override {
    return inner_.touch_api_key(id, now);
  }

  core::Result<store::Agent> create_agent(const store::Agent& a) override {
    return inner_.create_agent(a);
  }
  core::Result<store::Agent> get_agent(std::string_view user_id, std::string_view id) override {
    return inner_.get_agent(user_id, id);
  }
  core::Result<store::Page<store::Agent>> list_agents(std::string_view user_id,
                                                      const store::AgentQuery& q) override {
    return inner_.list_agents(user_id, q);
  }
  core::Result<store::Agent> update_agent(const store::Agent& a) override {
    return inner_.update_agent(a);
  }
  core::Result<void> delete_agent(std::string_view user_id, std::string_view id) override {
    return inner_.delete_agent(user_id, id);
  }

  core::Result<store::ProviderKey> create_provider_key(const store::ProviderKey& k) override {
    return inner_.create_provider_key(k);
  }
  core::Result<std::vector<store::ProviderKey>> list_provider_keys(
      std::string_view user_id) override {
    return inner_.list_provider_keys(user_id);
  }
  core::Result<store::ProviderKey> get_provider_key(std::string_view user_id,
                                                    std::string_view id) override {
    return inner_.get_provider_key(user_id, id);
  }
  core::Result<std::optional<store::ProviderKey>> find_provider_key(
      std::string_view user_id, std::string_view provider) override {
    return inner_.find_provider_key(user_id, provider);
  }
  core::Result<store::ProviderKey> update_provider_key(const store::ProviderKey& k) override {
    return inner_.update_provider_key(k);
  }
  core::Result<void> delete_provider_key(std::string_view user_id, std::string_view id) override {
    return inner_.delete_provider_key(user_id, id);
  }

  core::Result<store::KnowledgeBase> create_knowledge_base(const store::KnowledgeBase& b) override {
    return inner_.create_knowledge_base(b);
  }
  core::Result<store::KnowledgeBase> get_knowledge_base(std::string_view user_id,
                                                        std::string_view id) override {
    return inner_.get_knowledge_base(user_id, id);
  }
  core::Result<store::Page<store::KnowledgeBase>> list_knowledge_bases(std::string_view user_id,
                                                                       int limit,
                                                                       int offset) override {
    return inner_.list_knowledge_bases(user_id, limit, offset);
  }
  core::Result<void> delete_knowledge_base(std::string_view user_id, std::string_view id) override {
    return inner_.delete_knowledge_base(user_id, id);
  }
  core::Result<store::KnowledgeDocument> add_knowledge_document(
      const store::KnowledgeDocument& d, const std::vector<store::KnowledgeChunk>& c) override {
    return inner_.add_knowledge_document(d, c);
  }
  core::Result<std::vector<store::KnowledgeDocument>> list_knowledge_documents(
      std::string_view user_id, std::string_view base_id) override {
    return inner_.list_knowledge_documents(user_id, base_id);
  }
  core::Result<void> delete_knowledge_document(std::string_view user_id, std::string_view base_id,
                                               std::string_view document_id,
                                               std::int64_t now) override {
    return inner_.delete_knowledge_document(user_id, base_id, document_id, now);
  }
  core::Result<std::vector<store::KnowledgeChunk>> list_knowledge_chunks(
      std::string_view user_id, std::string_view base_id) override {
    return inner_.list_knowledge_chunks(user_id, base_id);
  }

  core::Result<store::Call> create_call(const store::Call& c) override {
    return inner_.create_call(c);
  }
  core::Result<store::Call> update_call(const store::Call& c) override {
    ++call_updates;
    if (auto failed = fail()) return *failed;
    return inner_.update_call(c);
  }
  core::Result<void> update_call_results(std::string_view user_id, std::string_view id,
                                         const store::CallResultsUpdate& update) override {
    return inner_.update_call_results(user_id, id, update);
  }
  core::Result<store::Call> get_call(std::string_view user_id, std::string_view id) override {
    return inner_.get_call(user_id, id);
  }
  core::Result<store::Page<store::Call>> list_calls(std::string_view user_id,
                                                    const store::CallFilter& f) override {
    return inner_.list_calls(user_id, f);
  }
  core::Result<store::Call> get_call_by_id(std::string_view id) override {
    return inner_.get_call_by_id(id);
  }
  core::Result<std::optional<store::Call>> find_call_by_carrier_id(
      std::string_view carrier, std::string_view carrier_call_id) override {
    return inner_.find_call_by_carrier_id(carrier, carrier_call_id);
  }
  core::Result<store::Call> advance_call(std::string_view user_id, std::string_view id,
                                         const store::CallProgress& p) override {
    return inner_.advance_call(user_id, id, p);
  }
  core::Result<std::int64_t> count_live_calls(std::string_view user_id,
                                              std::int64_t since) override {
    return inner_.count_live_calls(user_id, since);
  }
  core::Result<store::PhoneNumber> create_phone_number(const store::PhoneNumber& n) override {
    return inner_.create_phone_number(n);
  }
  core::Result<std::vector<store::PhoneNumber>> list_phone_numbers(
      std::string_view user_id) override {
    return inner_.list_phone_numbers(user_id);
  }
  core::Result<store::PhoneNumber> get_phone_number(std::string_view user_id,
                                                    std::string_view id) override {
    return inner_.get_phone_number(user_id, id);
  }
  core::Result<store::PhoneNumber> update_phone_number(const store::PhoneNumber& n) override {
    return inner_.update_phone_number(n);
  }
  core::Result<void> delete_phone_number(std::string_view user_id, std::string_view id) override {
    return inner_.delete_phone_number(user_id, id);
  }
  core::Result<std::optional<store::PhoneNumber>> find_phone_number(
      std::string_view carrier, std::string_view number) override {
    return inner_.find_phone_number(carrier, number);
  }
  core::Result<store::Turn> upsert_turn(const store::Turn& t) override {
    ++upserts;
    if (auto failed = fail()) return *failed;
    return inner_.upsert_turn(t);
  }
  core::Result<std::vector<store::Turn>> list_turns(std::string_view call_id) override {
    return inner_.list_turns(call_id);
  }

 private:
  std::optional<core::Error> fail() {
    if (before_write) before_write();
    int left = failures_left.load();
    while (left > 0) {
      if (failures_left.compare_exchange_weak(left, left - 1)) {
        return core::Error::unavailable("injected failure");
      }
    }
    return std::nullopt;
  }

  store::Store& inner_;
};

}  // namespace ovos::engine::testing
