#include <gtest/gtest.h>

#include <algorithm>

#include "core/ids.h"
#include "unit/store/store_fixture.h"

namespace ovos::store::test {
namespace {

using core::ErrorCode;

class AgentStoreTest : public StoreTest {
 protected:
  std::vector<std::string> names_matching(const std::string& user_id, const std::string& needle) {
    AgentQuery query;
    query.name_contains = needle;
    query.limit = 200;
    auto page = store_->list_agents(user_id, query);
    if (!page.ok()) throw std::runtime_error(page.error().message);
    std::vector<std::string> names;
    for (const auto& agent : page->items)
      names.push_back(agent.name);
    std::sort(names.begin(), names.end());
    EXPECT_EQ(page->total, static_cast<std::int64_t>(names.size()));
    return names;
  }

  ProviderKey make_provider_key(const std::string& user_id, const std::string& provider,
                                const std::string& name, std::int64_t at) {
    ProviderKey key;
    key.id = core::new_id(at);
    key.user_id = user_id;
    key.provider = provider;
    key.name = name;
    key.ciphertext = "cipher-" + name;
    key.masked_json = R"({"api_key":"sk-…wxyz"})";
    key.created_at = at;
    key.updated_at = at;
    return key;
  }
};

using Names = std::vector<std::string>;

void expect_not_found(const core::Result<void>& result, const std::string& message) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(result.error().message, message);
}

template <typename T>
void expect_not_found(const core::Result<T>& result, const std::string& message) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(result.error().message, message);
}

TEST_P(AgentStoreTest, CreateGetUpdateDelete) {
  const auto user = create_user("owner@example.com");
  Agent agent;
  agent.id = core::new_id();
  agent.user_id = user.id;
  agent.name = "Support";
  agent.agent_type = "other";
  agent.config_json = R"({"agent_config":{"agent_name":"Support"}})";
  agent.created_at = kT0;
  agent.updated_at = kT0;
  OVOS_ASSERT_OK_AND_ASSIGN(const auto created, store_->create_agent(agent));
  EXPECT_EQ(created.id, agent.id);
  EXPECT_EQ(created.config_json, agent.config_json);

  OVOS_ASSERT_OK_AND_ASSIGN(const auto got, store_->get_agent(user.id, agent.id));
  EXPECT_EQ(got.name, "Support");
  EXPECT_EQ(got.agent_type, "other");
  EXPECT_EQ(got.config_json, agent.config_json);
  EXPECT_EQ(got.created_at, kT0);

  Agent changed = got;
  changed.name = "Sales";
  changed.agent_type = "graph_agent";
  changed.config_json = R"({"agent_config":{"agent_name":"Sales"}})";
  changed.updated_at = kT0 + 1000;
  changed.created_at = kT0 + 999;  // ignored: creation time is fixed
  OVOS_ASSERT_OK_AND_ASSIGN(const auto updated, store_->update_agent(changed));
  EXPECT_EQ(updated.name, "Sales");
  EXPECT_EQ(updated.agent_type, "graph_agent");
  EXPECT_EQ(updated.config_json, changed.config_json);
  EXPECT_EQ(updated.updated_at, kT0 + 1000);
  EXPECT_EQ(updated.created_at, kT0);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto reread, store_->get_agent(user.id, agent.id));
  EXPECT_EQ(reread.name, "Sales");

  OVOS_ASSERT_OK(store_->delete_agent(user.id, agent.id));
  expect_not_found(store_->get_agent(user.id, agent.id), "agent not found");
  expect_not_found(store_->delete_agent(user.id, agent.id), "agent not found");
  expect_not_found(store_->update_agent(changed), "agent not found");
}

TEST_P(AgentStoreTest, CreateForUnknownUserOrDuplicateId) {
  const auto user = create_user("dup@example.com");
  const auto agent = create_agent(user.id, "One", kT0);
  Agent copy = agent;
  copy.name = "Two";
  const auto dup = store_->create_agent(copy);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);

  Agent orphan = agent;
  orphan.id = core::new_id();
  orphan.user_id = core::new_id();
  expect_not_found(store_->create_agent(orphan), "user not found");
}

TEST_P(AgentStoreTest, ListIsNewestFirstWithPagingAndTotal) {
  const auto user = create_user("pager@example.com");
  std::vector<Agent> agents;
  agents.reserve(5);
  for (std::int64_t i = 0; i < 5; ++i) {
    agents.push_back(
        create_agent(user.id, std::string("Agent ").append(std::to_string(i)), kT0 + i * 1000));
  }
  AgentQuery query;
  query.limit = 2;
  OVOS_ASSERT_OK_AND_ASSIGN(const auto first, store_->list_agents(user.id, query));
  EXPECT_EQ(first.total, 5);
  ASSERT_EQ(first.items.size(), 2u);
  EXPECT_EQ(first.items[0].id, agents[4].id);
  EXPECT_EQ(first.items[1].id, agents[3].id);

  query.offset = 2;
  OVOS_ASSERT_OK_AND_ASSIGN(const auto second, store_->list_agents(user.id, query));
  ASSERT_EQ(second.items.size(), 2u);
  EXPECT_EQ(second.items[0].id, agents[2].id);
  EXPECT_EQ(second.items[1].id, agents[1].id);

  query.offset = 4;
  OVOS_ASSERT_OK_AND_ASSIGN(const auto last, store_->list_agents(user.id, query));
  ASSERT_EQ(last.items.size(), 1u);
  EXPECT_EQ(last.items[0].id, agents[0].id);

  query.offset = 50;
  OVOS_ASSERT_OK_AND_ASSIGN(const auto beyond, store_->list_agents(user.id, query));
  EXPECT_TRUE(beyond.items.empty());
  EXPECT_EQ(beyond.total, 5);
}

TEST_P(AgentStoreTest, ListClampsTheWindow) {
  const auto user = create_user("clamp@example.com");
  for (int i = 0; i < 3; ++i)
    create_agent(user.id, std::string("A").append(std::to_string(i)), kT0 + i);
  AgentQuery query;
  query.limit = 0;    // clamped up to 1
  query.offset = -5;  // clamped up to 0
  OVOS_ASSERT_OK_AND_ASSIGN(const auto one, store_->list_agents(user.id, query));
  ASSERT_EQ(one.items.size(), 1u);
  EXPECT_EQ(one.items[0].name, "A2");
  query.limit = 100000;  // clamped down to 200
  OVOS_ASSERT_OK_AND_ASSIGN(const auto all, store_->list_agents(user.id, query));
  EXPECT_EQ(all.items.size(), 3u);
}

TEST_P(AgentStoreTest, EqualCreationTimesAreOrderedByIdDescending) {
  const auto user = create_user("ties@example.com");
  Agent a = create_agent(user.id, "first", kT0);
  Agent b = create_agent(user.id, "second", kT0);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto page, store_->list_agents(user.id, AgentQuery{}));
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].id, std::max(a.id, b.id));
  EXPECT_EQ(page.items[1].id, std::min(a.id, b.id));
}

TEST_P(AgentStoreTest, SearchIsCaseInsensitiveAndTreatsWildcardsLiterally) {
  const auto user = create_user("search@example.com");
  int t = 0;
  for (const char* name : {"100% Sales", "100 Sales", "my_bot", "mybot", "O'Brien \"quoted\" bot",
                           "back\\slash", "Café Ñandú", "agente ñandú", "Plain"}) {
    create_agent(user.id, name, kT0 + t++);
  }
  EXPECT_EQ(names_matching(user.id, "%"), Names({"100% Sales"}));
  EXPECT_EQ(names_matching(user.id, "0%"), Names({"100% Sales"}));
  EXPECT_EQ(names_matching(user.id, "_"), Names({"my_bot"}));
  EXPECT_EQ(names_matching(user.id, "MY_"), Names({"my_bot"}));
  EXPECT_EQ(names_matching(user.id, "\\"), Names({"back\\slash"}));
  EXPECT_EQ(names_matching(user.id, "o'brien"), Names({"O'Brien \"quoted\" bot"}));
  EXPECT_EQ(names_matching(user.id, "\"QUOTED\""), Names({"O'Brien \"quoted\" bot"}));
  EXPECT_EQ(names_matching(user.id, "sales"), Names({"100 Sales", "100% Sales"}));
  EXPECT_EQ(names_matching(user.id, "BOT"), Names({"O'Brien \"quoted\" bot", "my_bot", "mybot"}));
  // Non-ASCII letters fold too, the same way on both engines.
  EXPECT_EQ(names_matching(user.id, "café"), Names({"Café Ñandú"}));
  EXPECT_EQ(names_matching(user.id, "CAFÉ"), Names({"Café Ñandú"}));
  EXPECT_EQ(names_matching(user.id, "ñandú"), Names({"Café Ñandú", "agente ñandú"}));
  EXPECT_EQ(names_matching(user.id, "ÑANDÚ"), Names({"Café Ñandú", "agente ñandú"}));
  EXPECT_EQ(names_matching(user.id, "ndú"), Names({"Café Ñandú", "agente ñandú"}));
  EXPECT_TRUE(names_matching(user.id, "nothing like it").empty());
  EXPECT_EQ(names_matching(user.id, "").size(), 9u);  // empty needle: no filter

  AgentQuery query;
  query.name_contains = "bot";
  query.limit = 1;
  OVOS_ASSERT_OK_AND_ASSIGN(const auto page, store_->list_agents(user.id, query));
  EXPECT_EQ(page.total, 3);
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].name, "O'Brien \"quoted\" bot");  // the newest of the three
}

TEST_P(AgentStoreTest, UsersOnlyReachTheirOwnAgents) {
  const auto alice = create_user("alice@example.com");
  const auto bob = create_user("bob@example.com");
  const auto agent = create_agent(alice.id, "Alice's agent", kT0);
  create_agent(bob.id, "Bob's agent", kT0 + 1);

  expect_not_found(store_->get_agent(bob.id, agent.id), "agent not found");
  Agent hijack = agent;
  hijack.user_id = bob.id;
  hijack.name = "hijacked";
  expect_not_found(store_->update_agent(hijack), "agent not found");
  expect_not_found(store_->delete_agent(bob.id, agent.id), "agent not found");

  OVOS_ASSERT_OK_AND_ASSIGN(const auto intact, store_->get_agent(alice.id, agent.id));
  EXPECT_EQ(intact.name, "Alice's agent");
  OVOS_ASSERT_OK_AND_ASSIGN(const auto bobs, store_->list_agents(bob.id, AgentQuery{}));
  ASSERT_EQ(bobs.items.size(), 1u);
  EXPECT_EQ(bobs.total, 1);
  EXPECT_EQ(bobs.items[0].name, "Bob's agent");
  EXPECT_EQ(names_matching(bob.id, "agent"), Names({"Bob's agent"}));
}

TEST_P(AgentStoreTest, InjectionLikeNamesAndConfigAreStoredVerbatim) {
  const auto user = create_user("inject@example.com");
  const std::string name = "Robert'); DROP TABLE agents;--";
  Agent agent = create_agent(user.id, name, kT0);
  agent.config_json = R"({"q":"' OR '1'='1","b":"\\","s":"?; $1"})";
  agent.updated_at = kT0 + 1;
  OVOS_ASSERT_OK(store_->update_agent(agent));
  OVOS_ASSERT_OK_AND_ASSIGN(const auto got, store_->get_agent(user.id, agent.id));
  EXPECT_EQ(got.name, name);
  EXPECT_EQ(got.config_json, agent.config_json);
  EXPECT_EQ(names_matching(user.id, "drop table"), Names({name}));
}

TEST_P(AgentStoreTest, ProviderKeysCrudAndNewestForProvider) {
  const auto user = create_user("keys@example.com");
  OVOS_ASSERT_OK_AND_ASSIGN(const auto old_key, store_->create_provider_key(make_provider_key(
                                                    user.id, "openai", "old", kT0)));
  OVOS_ASSERT_OK_AND_ASSIGN(const auto new_key, store_->create_provider_key(make_provider_key(
                                                    user.id, "openai", "new", kT0 + 50)));
  OVOS_ASSERT_OK_AND_ASSIGN(const auto twilio, store_->create_provider_key(make_provider_key(
                                                   user.id, "twilio", "carrier", kT0 + 10)));

  OVOS_ASSERT_OK_AND_ASSIGN(const auto got, store_->get_provider_key(user.id, old_key.id));
  EXPECT_EQ(got.provider, "openai");
  EXPECT_EQ(got.ciphertext, "cipher-old");
  EXPECT_EQ(got.masked_json, R"({"api_key":"sk-…wxyz"})");

  OVOS_ASSERT_OK_AND_ASSIGN(const auto listed, store_->list_provider_keys(user.id));
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].id, new_key.id);
  EXPECT_EQ(listed[1].id, twilio.id);
  EXPECT_EQ(listed[2].id, old_key.id);

  OVOS_ASSERT_OK_AND_ASSIGN(const auto newest, store_->find_provider_key(user.id, "openai"));
  ASSERT_TRUE(newest.has_value());
  EXPECT_EQ(newest->id, new_key.id);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto none, store_->find_provider_key(user.id, "deepgram"));
  EXPECT_FALSE(none.has_value());

  ProviderKey changed = old_key;
  changed.name = "renamed";
  changed.ciphertext = "cipher-2";
  changed.masked_json = R"({"api_key":"sk-…abcd"})";
  changed.provider = "deepgram";  // ignored: the provider is fixed
  changed.updated_at = kT0 + 77;
  OVOS_ASSERT_OK_AND_ASSIGN(const auto updated, store_->update_provider_key(changed));
  EXPECT_EQ(updated.name, "renamed");
  EXPECT_EQ(updated.ciphertext, "cipher-2");
  EXPECT_EQ(updated.masked_json, changed.masked_json);
  EXPECT_EQ(updated.provider, "openai");
  EXPECT_EQ(updated.updated_at, kT0 + 77);
  EXPECT_EQ(updated.created_at, kT0);

  OVOS_ASSERT_OK(store_->delete_provider_key(user.id, new_key.id));
  OVOS_ASSERT_OK_AND_ASSIGN(const auto fallback, store_->find_provider_key(user.id, "openai"));
  ASSERT_TRUE(fallback.has_value());
  EXPECT_EQ(fallback->id, old_key.id);
  expect_not_found(store_->get_provider_key(user.id, new_key.id), "provider key not found");
  expect_not_found(store_->delete_provider_key(user.id, new_key.id), "provider key not found");
}

TEST_P(AgentStoreTest, UsersOnlyReachTheirOwnProviderKeys) {
  const auto alice = create_user("alice@example.com");
  const auto bob = create_user("bob@example.com");
  OVOS_ASSERT_OK_AND_ASSIGN(const auto key, store_->create_provider_key(make_provider_key(
                                                alice.id, "openai", "mine", kT0)));
  expect_not_found(store_->get_provider_key(bob.id, key.id), "provider key not found");
  ProviderKey hijack = key;
  hijack.user_id = bob.id;
  hijack.ciphertext = "stolen";
  expect_not_found(store_->update_provider_key(hijack), "provider key not found");
  expect_not_found(store_->delete_provider_key(bob.id, key.id), "provider key not found");
  OVOS_ASSERT_OK_AND_ASSIGN(const auto bobs, store_->find_provider_key(bob.id, "openai"));
  EXPECT_FALSE(bobs.has_value());
  OVOS_ASSERT_OK_AND_ASSIGN(const auto bob_list, store_->list_provider_keys(bob.id));
  EXPECT_TRUE(bob_list.empty());
  OVOS_ASSERT_OK_AND_ASSIGN(const auto intact, store_->get_provider_key(alice.id, key.id));
  EXPECT_EQ(intact.ciphertext, "cipher-mine");
}

INSTANTIATE_TEST_SUITE_P(Backends, AgentStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), backend_name);

}  // namespace
}  // namespace ovos::store::test
