#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/ids.h"
#include "support/test_database.h"
#include "unit/store/store_fixture.h"

namespace ovos::store::test {
namespace {

using core::ErrorCode;

class CallStoreTest : public StoreTest {
 protected:
  std::vector<std::string> ids_of(const std::string& user_id, CallFilter filter) {
    filter.limit = 200;
    auto page = store_->list_calls(user_id, filter);
    if (!page.ok()) throw std::runtime_error(page.error().message);
    std::vector<std::string> ids;
    for (const auto& call : page->items)
      ids.push_back(call.id);
    EXPECT_EQ(page->total, static_cast<std::int64_t>(ids.size()));
    return ids;
  }

  Turn make_turn(const std::string& call_id, int index, const std::string& text) {
    Turn turn;
    turn.id = core::new_id();
    turn.call_id = call_id;
    turn.index = index;
    turn.user_text = text;
    turn.created_at = kT0 + index;
    return turn;
  }
};

using Ids = std::vector<std::string>;

// Builds a CallFilter one field at a time.
class Filter {
 public:
  Filter& agent(std::string v) { return set(filter_.agent_id, std::move(v)); }
  Filter& status(std::string v) { return set(filter_.status, std::move(v)); }
  Filter& direction(std::string v) { return set(filter_.direction, std::move(v)); }
  Filter& from(std::int64_t v) { return set(filter_.created_from, v); }
  Filter& to(std::int64_t v) { return set(filter_.created_to, v); }
  operator CallFilter() const { return filter_; }  // NOLINT: implicit by design

 private:
  template <typename T, typename V>
  Filter& set(std::optional<T>& field, V value) {
    field = std::move(value);
    return *this;
  }
  CallFilter filter_;
};

Call full_call(const std::string& user_id, const std::string& agent_id) {
  Call call;
  call.id = core::new_id();
  call.user_id = user_id;
  call.agent_id = agent_id;
  call.direction = "outbound";
  call.status = "queued";
  call.carrier = "plivo";
  call.from_number = "+15550001111";
  call.to_number = "+15550002222";
  call.created_at = kT0;
  call.settings_json = R"({"voice":"flite"})";
  call.variables_json = R"({"name":"Ann"})";
  return call;
}

TEST_P(CallStoreTest, CreateGetAndUpdateEveryField) {
  const auto user = create_user("caller@example.com");
  const auto agent = create_agent(user.id, "Agent", kT0);
  const Call call = full_call(user.id, agent.id);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto created, store_->create_call(call));
  EXPECT_EQ(created.id, call.id);
  EXPECT_FALSE(created.started_at.has_value());
  EXPECT_EQ(created.usage_json, "{}");

  OVOS_ASSERT_OK_AND_ASSIGN(const auto got, store_->get_call(user.id, call.id));
  EXPECT_EQ(got.agent_id, agent.id);
  EXPECT_EQ(got.direction, "outbound");
  EXPECT_EQ(got.status, "queued");
  EXPECT_EQ(got.carrier, "plivo");
  EXPECT_EQ(got.from_number, "+15550001111");
  EXPECT_EQ(got.to_number, "+15550002222");
  EXPECT_EQ(got.settings_json, R"({"voice":"flite"})");
  EXPECT_EQ(got.variables_json, R"({"name":"Ann"})");
  EXPECT_FALSE(got.ended_at.has_value());
  EXPECT_FALSE(got.duration_ms.has_value());

  Call done = got;
  done.status = "completed";
  done.carrier_call_id = "CA123";
  done.started_at = kT0 + 100;
  done.ended_at = kT0 + 60'100;
  done.duration_ms = 60'000;
  done.hangup_reason = "caller hung up";
  done.recording_url = "https://rec.example/1.wav";
  done.extracted_data_json = R"({"intent":"buy"})";
  done.summary = "Bought it.";
  done.usage_json = R"({"tokens":42})";
  done.webhook_json = R"({"status":200})";
  done.variables_json = R"({"name":"Bo"})";
  done.post_call_json = R"({"status":"done"})";
  done.agent_id = core::new_id();  // ignored: fixed at creation
  done.created_at = kT0 + 5;       // ignored
  OVOS_ASSERT_OK_AND_ASSIGN(const auto updated, store_->update_call(done));
  OVOS_ASSERT_OK_AND_ASSIGN(const auto reread, store_->get_call(user.id, call.id));
  for (const auto* c : {&updated, &reread}) {
    EXPECT_EQ(c->status, "completed");
    EXPECT_EQ(c->carrier_call_id, "CA123");
    EXPECT_EQ(c->started_at, kT0 + 100);
    EXPECT_EQ(c->ended_at, kT0 + 60'100);
    EXPECT_EQ(c->duration_ms, 60'000);
    EXPECT_EQ(c->hangup_reason, "caller hung up");
    EXPECT_EQ(c->recording_url, "https://rec.example/1.wav");
    EXPECT_EQ(c->extracted_data_json, R"({"intent":"buy"})");
    EXPECT_EQ(c->summary, "Bought it.");
    EXPECT_EQ(c->usage_json, R"({"tokens":42})");
    EXPECT_EQ(c->webhook_json, R"({"status":200})");
    EXPECT_EQ(c->variables_json, R"({"name":"Bo"})");
    EXPECT_EQ(c->post_call_json, R"({"status":"done"})");
    EXPECT_EQ(c->agent_id, agent.id);
    EXPECT_EQ(c->created_at, kT0);
  }
}

TEST_P(CallStoreTest, UpdateWritesAbsentTimesBackAsNull) {
  const auto user = create_user("nulls@example.com");
  Call call = full_call(user.id, core::new_id());
  call.started_at = kT0 + 1;
  call.ended_at = kT0 + 2;
  call.duration_ms = 1;
  OVOS_ASSERT_OK_AND_ASSIGN(Call stored, store_->create_call(call));
  EXPECT_EQ(stored.started_at, kT0 + 1);
  stored.started_at.reset();
  stored.duration_ms.reset();
  OVOS_ASSERT_OK(store_->update_call(stored));
  OVOS_ASSERT_OK_AND_ASSIGN(const auto after, store_->get_call(user.id, call.id));
  EXPECT_FALSE(after.started_at.has_value());
  EXPECT_FALSE(after.duration_ms.has_value());
  EXPECT_EQ(after.ended_at, kT0 + 2);
}

TEST_P(CallStoreTest, ResultUpdatesWriteOnlyTheGivenColumns) {
  const auto user = create_user("results@example.com");
  Call call = full_call(user.id, core::new_id());
  call.status = "completed";
  call.summary = "old summary";
  call.hangup_reason = "inactivity_timeout";
  OVOS_ASSERT_OK(store_->create_call(call));
  EXPECT_EQ(store_->get_call(user.id, call.id)->post_call_json, "{}");

  CallResultsUpdate update;
  update.extracted_data_json = R"({"slot":"Tuesday"})";
  update.post_call_json = R"({"status":"running"})";
  OVOS_ASSERT_OK(store_->update_call_results(user.id, call.id, update));
  OVOS_ASSERT_OK_AND_ASSIGN(auto after, store_->get_call(user.id, call.id));
  EXPECT_EQ(after.extracted_data_json, R"({"slot":"Tuesday"})");
  EXPECT_EQ(after.post_call_json, R"({"status":"running"})");
  EXPECT_EQ(after.summary, "old summary");  // not given: untouched
  EXPECT_EQ(after.webhook_json, "{}");
  EXPECT_EQ(after.status, "completed");
  EXPECT_EQ(after.hangup_reason, "inactivity_timeout");

  update = {};
  update.summary = "new summary";
  update.webhook_json = R"({"status":"delivered"})";
  OVOS_ASSERT_OK(store_->update_call_results(user.id, call.id, update));
  OVOS_ASSERT_OK_AND_ASSIGN(after, store_->get_call(user.id, call.id));
  EXPECT_EQ(after.summary, "new summary");
  EXPECT_EQ(after.webhook_json, R"({"status":"delivered"})");
  EXPECT_EQ(after.extracted_data_json, R"({"slot":"Tuesday"})");

  EXPECT_EQ(code_of(store_->update_call_results(user.id, call.id, {})),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(code_of(store_->update_call_results(user.id, core::new_id(), update)),
            ErrorCode::kNotFound);
  const auto bob = create_user("bob-results@example.com");
  update.summary = "hijacked";
  EXPECT_EQ(code_of(store_->update_call_results(bob.id, call.id, update)), ErrorCode::kNotFound);
  EXPECT_EQ(store_->get_call(user.id, call.id)->summary, "new summary");
}

TEST_P(CallStoreTest, UsersOnlyReachTheirOwnCalls) {
  const auto alice = create_user("alice@example.com");
  const auto bob = create_user("bob@example.com");
  const auto agent = create_agent(alice.id, "A", kT0);
  const auto call = create_call(alice.id, agent.id, kT0);

  const auto got = store_->get_call(bob.id, call.id);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(got.error().message, "call not found");
  Call hijack = call;
  hijack.user_id = bob.id;
  hijack.status = "failed";
  const auto updated = store_->update_call(hijack);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(ids_of(bob.id, CallFilter{}).empty());
  EXPECT_TRUE(ids_of(bob.id, Filter().agent(agent.id)).empty());
  OVOS_ASSERT_OK_AND_ASSIGN(const auto intact, store_->get_call(alice.id, call.id));
  EXPECT_EQ(intact.status, "completed");
}

TEST_P(CallStoreTest, ListFiltersByEveryField) {
  const auto user = create_user("filters@example.com");
  const auto other = create_user("other@example.com");
  const auto a1 = create_agent(user.id, "one", kT0).id;
  const auto a2 = create_agent(user.id, "two", kT0).id;
  const auto c0 = create_call(user.id, a1, kT0 + 0, "completed", "inbound").id;
  const auto c1 = create_call(user.id, a1, kT0 + 1000, "failed", "outbound").id;
  const auto c2 = create_call(user.id, a2, kT0 + 2000, "completed", "outbound").id;
  const auto c3 = create_call(user.id, a2, kT0 + 3000, "in-progress", "web").id;
  const auto c4 = create_call(user.id, a1, kT0 + 4000, "completed", "inbound").id;
  create_call(other.id, a1, kT0 + 2500, "completed", "inbound");  // someone else's

  EXPECT_EQ(ids_of(user.id, {}), Ids({c4, c3, c2, c1, c0}));
  EXPECT_EQ(ids_of(user.id, Filter().agent(a1)), Ids({c4, c1, c0}));
  EXPECT_EQ(ids_of(user.id, Filter().agent(a2)), Ids({c3, c2}));
  EXPECT_EQ(ids_of(user.id, Filter().status("completed")), Ids({c4, c2, c0}));
  EXPECT_EQ(ids_of(user.id, Filter().direction("outbound")), Ids({c2, c1}));
  EXPECT_EQ(ids_of(user.id, Filter().direction("web")), Ids({c3}));
  // created_from is inclusive, created_to exclusive.
  EXPECT_EQ(ids_of(user.id, Filter().from(kT0 + 1000).to(kT0 + 3000)), Ids({c2, c1}));
  EXPECT_EQ(ids_of(user.id, Filter().from(kT0 + 3000)), Ids({c4, c3}));
  EXPECT_EQ(ids_of(user.id, Filter().to(kT0 + 1)), Ids({c0}));
  EXPECT_EQ(
      ids_of(user.id, Filter().agent(a1).status("completed").direction("inbound").from(kT0 + 1)),
      Ids({c4}));
  EXPECT_TRUE(ids_of(user.id, Filter().status("busy")).empty());
  EXPECT_TRUE(ids_of(user.id, Filter().agent("' OR '1'='1")).empty());
}

TEST_P(CallStoreTest, ListPagesWithTotal) {
  const auto user = create_user("pages@example.com");
  const auto agent = create_agent(user.id, "A", kT0).id;
  std::vector<std::string> ids;
  ids.reserve(7);
  for (int i = 0; i < 7; ++i)
    ids.push_back(create_call(user.id, agent, kT0 + i).id);
  CallFilter filter;
  filter.limit = 3;
  filter.offset = 3;
  OVOS_ASSERT_OK_AND_ASSIGN(const auto page, store_->list_calls(user.id, filter));
  EXPECT_EQ(page.total, 7);
  ASSERT_EQ(page.items.size(), 3u);
  EXPECT_EQ(page.items[0].id, ids[3]);
  EXPECT_EQ(page.items[2].id, ids[1]);
  filter.offset = 6;
  OVOS_ASSERT_OK_AND_ASSIGN(const auto tail, store_->list_calls(user.id, filter));
  ASSERT_EQ(tail.items.size(), 1u);
  EXPECT_EQ(tail.items[0].id, ids[0]);
  filter.status = "completed";
  filter.offset = 0;
  filter.limit = -1;  // clamped to 1
  OVOS_ASSERT_OK_AND_ASSIGN(const auto one, store_->list_calls(user.id, filter));
  EXPECT_EQ(one.total, 7);
  ASSERT_EQ(one.items.size(), 1u);
  EXPECT_EQ(one.items[0].id, ids[6]);
}

TEST_P(CallStoreTest, UpsertTurnInsertsThenReplacesAndListsInOrder) {
  const auto user = create_user("turns@example.com");
  const auto call = create_call(user.id, core::new_id(), kT0);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto early, store_->upsert_turn(make_turn(call.id, 1, "hi")));
  EXPECT_FALSE(early.interrupted);
  EXPECT_FALSE(early.stt_final_at.has_value());
  OVOS_ASSERT_OK(store_->upsert_turn(make_turn(call.id, 0, "first")));

  Turn complete = make_turn(call.id, 1, "hi there");
  complete.agent_text = "Hello! How";
  complete.interrupted = true;
  complete.user_speech_end_at = kT0 + 10;
  complete.stt_final_at = kT0 + 20;
  complete.llm_first_token_at = kT0 + 30;
  complete.tts_first_byte_at = kT0 + 40;
  complete.first_audio_out_at = kT0 + 50;
  complete.interrupted_at = kT0 + 60;
  complete.metadata_json = R"({"tools":["end_call"]})";
  complete.created_at = kT0 + 999;
  OVOS_ASSERT_OK_AND_ASSIGN(const auto replaced, store_->upsert_turn(complete));
  EXPECT_EQ(replaced.id, early.id);  // the row keeps its identity
  EXPECT_EQ(replaced.created_at, early.created_at);
  EXPECT_EQ(replaced.user_text, "hi there");

  OVOS_ASSERT_OK_AND_ASSIGN(const auto turns, store_->list_turns(call.id));
  ASSERT_EQ(turns.size(), 2u);
  EXPECT_EQ(turns[0].index, 0);
  EXPECT_EQ(turns[0].user_text, "first");
  EXPECT_FALSE(turns[0].interrupted);
  const auto& t = turns[1];
  EXPECT_EQ(t.index, 1);
  EXPECT_EQ(t.id, early.id);
  EXPECT_EQ(t.user_text, "hi there");
  EXPECT_EQ(t.agent_text, "Hello! How");
  EXPECT_TRUE(t.interrupted);
  EXPECT_EQ(t.user_speech_end_at, kT0 + 10);
  EXPECT_EQ(t.stt_final_at, kT0 + 20);
  EXPECT_EQ(t.llm_first_token_at, kT0 + 30);
  EXPECT_EQ(t.tts_first_byte_at, kT0 + 40);
  EXPECT_EQ(t.first_audio_out_at, kT0 + 50);
  EXPECT_EQ(t.interrupted_at, kT0 + 60);
  EXPECT_EQ(t.metadata_json, R"({"tools":["end_call"]})");

  OVOS_ASSERT_OK_AND_ASSIGN(const auto none, store_->list_turns(core::new_id()));
  EXPECT_TRUE(none.empty());
}

TEST_P(CallStoreTest, UpsertTurnForUnknownCallIsNotFound) {
  const auto result = store_->upsert_turn(make_turn(core::new_id(), 0, "orphan"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(result.error().message, "call not found");
}

TEST_P(CallStoreTest, DeletingAnAgentKeepsItsCalls) {
  const auto user = create_user("history@example.com");
  const auto agent = create_agent(user.id, "Gone soon", kT0);
  const auto call = create_call(user.id, agent.id, kT0 + 1);
  OVOS_ASSERT_OK(store_->upsert_turn(make_turn(call.id, 0, "kept")));
  OVOS_ASSERT_OK(store_->delete_agent(user.id, agent.id));
  OVOS_ASSERT_OK_AND_ASSIGN(const auto got, store_->get_call(user.id, call.id));
  EXPECT_EQ(got.agent_id, agent.id);
  EXPECT_EQ(ids_of(user.id, Filter().agent(agent.id)), Ids({call.id}));
  OVOS_ASSERT_OK_AND_ASSIGN(const auto turns, store_->list_turns(call.id));
  EXPECT_EQ(turns.size(), 1u);
}

TEST_P(CallStoreTest, DeletingAUserCascadesToEverythingTheyOwn) {
  const auto gone = create_user("gone@example.com");
  const auto stays = create_user("stays@example.com");
  const auto agent = create_agent(gone.id, "A", kT0);
  const auto kept_agent = create_agent(stays.id, "B", kT0);
  const auto call = create_call(gone.id, agent.id, kT0);
  const auto kept_call = create_call(stays.id, kept_agent.id, kT0);
  OVOS_ASSERT_OK(store_->upsert_turn(make_turn(call.id, 0, "bye")));
  OVOS_ASSERT_OK(store_->upsert_turn(make_turn(kept_call.id, 0, "hello")));
  ApiKey key{.id = core::new_id(),
             .user_id = gone.id,
             .name = "k",
             .prefix = "ovos_sk_x",
             .key_hash = "hash-gone",
             .created_at = kT0,
             .last_used_at = {},
             .revoked_at = {}};
  OVOS_ASSERT_OK(store_->create_api_key(key));
  ProviderKey pkey{.id = core::new_id(),
                   .user_id = gone.id,
                   .provider = "openai",
                   .name = "p",
                   .ciphertext = "c",
                   .masked_json = "{}",
                   .created_at = kT0,
                   .updated_at = kT0};
  OVOS_ASSERT_OK(store_->create_provider_key(pkey));

  // The Store has no delete_user; delete the row below it, as an admin would.
  OVOS_ASSERT_OK_AND_ASSIGN(auto conn, db_.raw_connection());
  OVOS_ASSERT_OK_AND_ASSIGN(const auto deleted,
                            conn->exec("DELETE FROM users WHERE id = ?", {gone.id}));
  EXPECT_EQ(deleted.affected, 1);

  EXPECT_EQ(code_of(store_->get_agent(gone.id, agent.id)), ErrorCode::kNotFound);
  EXPECT_EQ(code_of(store_->get_call(gone.id, call.id)), ErrorCode::kNotFound);
  EXPECT_EQ(code_of(store_->get_provider_key(gone.id, pkey.id)), ErrorCode::kNotFound);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto found_key, store_->find_api_key_by_hash("hash-gone"));
  EXPECT_FALSE(found_key.has_value());
  OVOS_ASSERT_OK_AND_ASSIGN(const auto turns, store_->list_turns(call.id));
  EXPECT_TRUE(turns.empty());
  OVOS_ASSERT_OK_AND_ASSIGN(const auto count, conn->exec("SELECT COUNT(*) FROM turns"));
  EXPECT_EQ(count.rows.at(0).at(0), "1");

  // The other user's rows are untouched.
  OVOS_ASSERT_OK(store_->get_agent(stays.id, kept_agent.id));
  OVOS_ASSERT_OK(store_->get_call(stays.id, kept_call.id));
  OVOS_ASSERT_OK_AND_ASSIGN(const auto kept_turns, store_->list_turns(kept_call.id));
  EXPECT_EQ(kept_turns.size(), 1u);
}

TEST_P(CallStoreTest, ConcurrentWritersShareThePool) {
  const auto user = create_user("busy@example.com");
  const auto agent = create_agent(user.id, "A", kT0).id;
  constexpr int kThreads = 12;  // more than the pool holds
  constexpr int kCallsEach = 10;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (std::int64_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCallsEach; ++i) {
        Call call;
        call.id = core::new_id();
        call.user_id = user.id;
        call.agent_id = agent;
        call.direction = "web";
        call.status = "completed";
        call.created_at = kT0 + t * 100 + i;
        auto created = store_->create_call(call);
        if (!created.ok() || !store_->upsert_turn(make_turn(call.id, 0, "x")).ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(failures.load(), 0);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto page, store_->list_calls(user.id, CallFilter{}));
  EXPECT_EQ(page.total, kThreads * kCallsEach);
}

INSTANTIATE_TEST_SUITE_P(Backends, CallStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), backend_name);

// PostgreSQL only: the server dropping pooled connections (a restart, a failover).
class PgReconnectTest : public ::testing::Test {};

TEST_F(PgReconnectTest, ReplacesConnectionsTheServerClosed) {
  TestDatabase db;
  if (!db.create(Backend::kPostgres)) GTEST_SKIP() << db.skip_reason();
  OVOS_ASSERT_OK_AND_ASSIGN(auto store, Store::open(db.url(), ""));
  OVOS_ASSERT_OK(store->migrate());
  OVOS_ASSERT_OK(store->ping());
  EXPECT_GE(ovos::testing::terminate_test_database_sessions(db.url()), 1);
  OVOS_ASSERT_OK(store->ping());  // the dead idle connection is dropped and replaced
  OVOS_ASSERT_OK_AND_ASSIGN(const auto version, store->schema_version());
  EXPECT_GE(version, 1);
}

}  // namespace
}  // namespace ovos::store::test
