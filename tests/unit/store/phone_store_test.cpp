#include <gtest/gtest.h>

#include "core/ids.h"
#include "support/test_database.h"
#include "unit/store/store_fixture.h"

namespace ovos::store::test {
namespace {

using core::ErrorCode;

CallProgress progress(std::string status, std::int64_t at, std::string carrier_call_id = {},
                      std::optional<std::int64_t> duration_ms = std::nullopt) {
  CallProgress p;
  p.status = std::move(status);
  p.at = at;
  p.carrier_call_id = std::move(carrier_call_id);
  p.duration_ms = duration_ms;
  return p;
}

class PhoneStoreTest : public StoreTest {
 protected:
  PhoneNumber number(const std::string& user_id, const std::string& agent_id,
                     const std::string& carrier, const std::string& e164) {
    PhoneNumber n;
    n.user_id = user_id;
    n.agent_id = agent_id;
    n.carrier = carrier;
    n.number = e164;
    n.created_at = kT0;
    n.updated_at = kT0;
    return n;
  }

  Call phone_call(const std::string& user_id, const std::string& agent_id, std::string status,
                  std::int64_t created_at = kT0) {
    Call call;
    call.id = core::new_id();
    call.user_id = user_id;
    call.agent_id = agent_id;
    call.direction = "outbound";
    call.carrier = "twilio";
    call.status = std::move(status);
    call.created_at = created_at;
    auto created = store_->create_call(call);
    if (!created.ok()) throw std::runtime_error(created.error().message);
    return *created;
  }
};

TEST_P(PhoneStoreTest, NumbersCrudAndLookupByCarrier) {
  const auto user = create_user("numbers@example.com");
  const auto agent = create_agent(user.id, "Front desk", kT0);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto created, store_->create_phone_number(number(
                                                    user.id, agent.id, "twilio", "+14155550100")));
  EXPECT_FALSE(created.id.empty());
  OVOS_ASSERT_OK_AND_ASSIGN(const auto found, store_->find_phone_number("twilio", "+14155550100"));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->user_id, user.id);
  EXPECT_EQ(found->agent_id, agent.id);
  // The same number at another carrier is another route.
  OVOS_ASSERT_OK_AND_ASSIGN(const auto other, store_->find_phone_number("plivo", "+14155550100"));
  EXPECT_FALSE(other.has_value());

  auto changed = created;
  changed.agent_id = "another-agent";
  changed.updated_at = kT0 + 5;
  OVOS_ASSERT_OK_AND_ASSIGN(const auto updated, store_->update_phone_number(changed));
  EXPECT_EQ(updated.agent_id, "another-agent");
  EXPECT_EQ(updated.updated_at, kT0 + 5);
  EXPECT_EQ(updated.number, "+14155550100");

  OVOS_ASSERT_OK_AND_ASSIGN(const auto list, store_->list_phone_numbers(user.id));
  ASSERT_EQ(list.size(), 1U);
  OVOS_ASSERT_OK(store_->delete_phone_number(user.id, created.id));
  OVOS_ASSERT_OK_AND_ASSIGN(const auto gone, store_->find_phone_number("twilio", "+14155550100"));
  EXPECT_FALSE(gone.has_value());
  EXPECT_EQ(store_->delete_phone_number(user.id, created.id).error().code, ErrorCode::kNotFound);
}

TEST_P(PhoneStoreTest, ANumberBelongsToOneUserPerCarrier) {
  const auto alice = create_user("alice@example.com");
  const auto bob = create_user("bob@example.com");
  OVOS_ASSERT_OK(store_->create_phone_number(number(alice.id, "a", "plivo", "+918000000001")));
  const auto taken = store_->create_phone_number(number(bob.id, "b", "plivo", "+918000000001"));
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
  EXPECT_NE(taken.error().message.find("already connected"), std::string::npos);
  // Bob sees, changes and deletes nothing of Alice's.
  OVOS_ASSERT_OK_AND_ASSIGN(const auto alices, store_->list_phone_numbers(alice.id));
  ASSERT_EQ(alices.size(), 1U);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto bobs, store_->list_phone_numbers(bob.id));
  EXPECT_TRUE(bobs.empty());
  EXPECT_EQ(store_->get_phone_number(bob.id, alices[0].id).error().code, ErrorCode::kNotFound);
  auto hijack = alices[0];
  hijack.user_id = bob.id;
  hijack.agent_id = "bobs-agent";
  EXPECT_EQ(store_->update_phone_number(hijack).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->delete_phone_number(bob.id, alices[0].id).error().code, ErrorCode::kNotFound);
}

TEST_P(PhoneStoreTest, ProgressOnlyMovesACallForward) {
  const auto user = create_user("progress@example.com");
  const auto agent = create_agent(user.id, "Agent", kT0);
  const auto call = phone_call(user.id, agent.id, "queued");

  OVOS_ASSERT_OK_AND_ASSIGN(
      auto now, store_->advance_call(user.id, call.id, progress("ringing", kT0 + 1, "CA1")));
  EXPECT_EQ(now.status, "ringing");
  EXPECT_EQ(now.carrier_call_id, "CA1");
  OVOS_ASSERT_OK_AND_ASSIGN(
      now, store_->advance_call(user.id, call.id, progress("in-progress", kT0 + 2)));
  EXPECT_EQ(now.status, "in-progress");
  EXPECT_EQ(now.started_at, kT0 + 2);
  // A late "ringing" and a second carrier id change nothing.
  OVOS_ASSERT_OK_AND_ASSIGN(
      now, store_->advance_call(user.id, call.id, progress("ringing", kT0 + 3, "CA2")));
  EXPECT_EQ(now.status, "in-progress");
  EXPECT_EQ(now.carrier_call_id, "CA1");
  OVOS_ASSERT_OK_AND_ASSIGN(
      now, store_->advance_call(user.id, call.id, progress("completed", kT0 + 9000, "", 8000)));
  EXPECT_EQ(now.status, "completed");
  EXPECT_EQ(now.ended_at, kT0 + 9000);
  EXPECT_EQ(now.duration_ms, 8000);
  EXPECT_EQ(now.hangup_reason, "completed");
  // An end state is final.
  OVOS_ASSERT_OK_AND_ASSIGN(now,
                            store_->advance_call(user.id, call.id, progress("failed", kT0 + 9999)));
  EXPECT_EQ(now.status, "completed");
  EXPECT_EQ(now.ended_at, kT0 + 9000);

  EXPECT_EQ(store_->advance_call(user.id, call.id, progress("dialing", kT0)).error().code,
            ErrorCode::kInvalidArgument);
  const auto other = create_user("other@example.com");
  EXPECT_EQ(store_->advance_call(other.id, call.id, progress("failed", kT0)).error().code,
            ErrorCode::kNotFound);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto by_sid, store_->find_call_by_carrier_id("twilio", "CA1"));
  ASSERT_TRUE(by_sid.has_value());
  EXPECT_EQ(by_sid->id, call.id);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto other_carrier,
                            store_->find_call_by_carrier_id("plivo", "CA1"));
  EXPECT_FALSE(other_carrier.has_value());
  OVOS_ASSERT_OK_AND_ASSIGN(const auto by_id, store_->get_call_by_id(call.id));
  EXPECT_EQ(by_id.user_id, user.id);
  EXPECT_EQ(store_->get_call_by_id("nope").error().code, ErrorCode::kNotFound);
}

TEST_P(PhoneStoreTest, BusyWithoutAnswerKeepsNoStartTime) {
  const auto user = create_user("busy@example.com");
  const auto agent = create_agent(user.id, "Agent", kT0);
  const auto call = phone_call(user.id, agent.id, "queued");
  OVOS_ASSERT_OK_AND_ASSIGN(const auto now,
                            store_->advance_call(user.id, call.id, progress("busy", kT0 + 4000)));
  EXPECT_EQ(now.status, "busy");
  EXPECT_FALSE(now.started_at.has_value());
  EXPECT_EQ(now.hangup_reason, "busy");
}

TEST_P(PhoneStoreTest, AnEndGivenWithAReasonKeepsTheReason) {
  // A node that died: the call is ended by another node with the reason why.
  const auto user = create_user("lost@example.com");
  const auto agent = create_agent(user.id, "Agent", kT0);
  const auto call = phone_call(user.id, agent.id, "queued");
  ASSERT_TRUE(store_->advance_call(user.id, call.id, progress("in-progress", kT0 + 1)).ok());
  auto lost = progress("failed", kT0 + 5000);
  lost.hangup_reason = "node-lost";
  OVOS_ASSERT_OK_AND_ASSIGN(const auto now, store_->advance_call(user.id, call.id, lost));
  EXPECT_EQ(now.status, "failed");
  EXPECT_EQ(now.hangup_reason, "node-lost");
  EXPECT_EQ(now.ended_at, kT0 + 5000);
  auto later = progress("completed", kT0 + 6000);
  later.hangup_reason = "caller-hung-up";
  OVOS_ASSERT_OK_AND_ASSIGN(const auto after, store_->advance_call(user.id, call.id, later));
  EXPECT_EQ(after.hangup_reason, "node-lost") << "an ended call stays as it ended";
}

TEST_P(PhoneStoreTest, LiveCallsCountOnlyUnendedPhoneCallsOfTheUserSinceATime) {
  const auto user = create_user("live@example.com");
  const auto other = create_user("live-other@example.com");
  const auto agent = create_agent(user.id, "Agent", kT0);
  phone_call(user.id, agent.id, "queued");
  phone_call(user.id, agent.id, "ringing");
  phone_call(user.id, agent.id, "in-progress");
  phone_call(user.id, agent.id, "completed");
  phone_call(user.id, agent.id, "in-progress", kT0 - 10'000);  // before the window
  phone_call(other.id, create_agent(other.id, "B", kT0).id, "in-progress");
  Call web;
  web.user_id = user.id;
  web.agent_id = agent.id;
  web.direction = "web";
  web.carrier = "web";
  web.status = "in-progress";
  web.created_at = kT0;
  OVOS_ASSERT_OK(store_->create_call(web));
  OVOS_ASSERT_OK_AND_ASSIGN(const auto count, store_->count_live_calls(user.id, kT0 - 1));
  EXPECT_EQ(count, 3);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto all, store_->count_live_calls(user.id, 0));
  EXPECT_EQ(all, 4);
}

INSTANTIATE_TEST_SUITE_P(Backends, PhoneStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), backend_name);

}  // namespace
}  // namespace ovos::store::test
