#include <gtest/gtest.h>

#include "core/ids.h"
#include "unit/store/store_fixture.h"

namespace ovos::store::test {
namespace {

using core::ErrorCode;

class UserStoreTest : public StoreTest {
 protected:
  ApiKey make_key(const std::string& user_id, const std::string& hash, std::int64_t at) {
    ApiKey key;
    key.id = core::new_id(at);
    key.user_id = user_id;
    key.name = "key " + hash;
    key.prefix = "ovos_sk_" + hash.substr(0, 4);
    key.key_hash = hash;
    key.created_at = at;
    return key;
  }
};

TEST_P(UserStoreTest, CreateStoresLowercaseEmailAndGetReadsItBack) {
  User user;
  user.id = core::new_id();
  user.email = "Alice.Smith@Example.COM";
  user.name = "Alice Smith";
  user.password_hash = "$argon2id$hash";
  user.created_at = kT0;
  user.updated_at = kT0 + 1;
  OVOS_ASSERT_OK_AND_ASSIGN(const auto created, store_->create_user(user));
  EXPECT_EQ(created.id, user.id);
  EXPECT_EQ(created.email, "alice.smith@example.com");

  OVOS_ASSERT_OK_AND_ASSIGN(const auto got, store_->get_user(user.id));
  EXPECT_EQ(got.id, user.id);
  EXPECT_EQ(got.email, "alice.smith@example.com");
  EXPECT_EQ(got.name, "Alice Smith");
  EXPECT_EQ(got.password_hash, "$argon2id$hash");
  EXPECT_EQ(got.created_at, kT0);
  EXPECT_EQ(got.updated_at, kT0 + 1);
}

TEST_P(UserStoreTest, CreateWithoutIdAssignsOne) {
  User user;
  user.email = "noid@example.com";
  user.password_hash = "h";
  OVOS_ASSERT_OK_AND_ASSIGN(const auto created, store_->create_user(user));
  EXPECT_TRUE(core::is_uuid(created.id)) << created.id;
}

TEST_P(UserStoreTest, GetUnknownUserIsNotFound) {
  const auto got = store_->get_user(core::new_id());
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(got.error().message, "user not found");
}

TEST_P(UserStoreTest, FindByEmailIgnoresCase) {
  const auto user = create_user("Bob@Example.com");
  for (const char* email : {"bob@example.com", "BOB@EXAMPLE.COM", "Bob@Example.com"}) {
    OVOS_ASSERT_OK_AND_ASSIGN(const auto found, store_->find_user_by_email(email));
    ASSERT_TRUE(found.has_value()) << email;
    EXPECT_EQ(found->id, user.id);
  }
  OVOS_ASSERT_OK_AND_ASSIGN(const auto missing, store_->find_user_by_email("bob@example.org"));
  EXPECT_FALSE(missing.has_value());
}

TEST_P(UserStoreTest, DuplicateEmailInAnyCaseIsConflict) {
  create_user("carol@example.com");
  User again;
  again.id = core::new_id();
  again.email = "CAROL@example.com";
  again.password_hash = "other";
  const auto result = store_->create_user(again);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kConflict);
  EXPECT_EQ(result.error().message, "email already registered");
  // Nothing was written for the second attempt.
  EXPECT_FALSE(store_->get_user(again.id).ok());
}

TEST_P(UserStoreTest, UpdatePasswordReplacesHashAndTime) {
  const auto user = create_user("dave@example.com");
  OVOS_ASSERT_OK(store_->update_password(user.id, "$argon2id$new", kT0 + 5000));
  OVOS_ASSERT_OK_AND_ASSIGN(const auto got, store_->get_user(user.id));
  EXPECT_EQ(got.password_hash, "$argon2id$new");
  EXPECT_EQ(got.updated_at, kT0 + 5000);
  EXPECT_EQ(got.created_at, kT0);

  const auto missing = store_->update_password(core::new_id(), "x", kT0);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(UserStoreTest, ApiKeysCreateListFindRevokeTouch) {
  const auto alice = create_user("alice@example.com");
  const auto bob = create_user("bob@example.com");
  OVOS_ASSERT_OK_AND_ASSIGN(const auto first,
                            store_->create_api_key(make_key(alice.id, "aaaa1111", kT0)));
  OVOS_ASSERT_OK_AND_ASSIGN(const auto second,
                            store_->create_api_key(make_key(alice.id, "bbbb2222", kT0 + 10)));
  OVOS_ASSERT_OK(store_->create_api_key(make_key(bob.id, "cccc3333", kT0 + 20)));
  EXPECT_EQ(first.prefix, "ovos_sk_aaaa");
  EXPECT_FALSE(first.last_used_at.has_value());
  EXPECT_FALSE(first.revoked_at.has_value());

  OVOS_ASSERT_OK_AND_ASSIGN(const auto listed, store_->list_api_keys(alice.id));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, second.id);  // newest first
  EXPECT_EQ(listed[1].id, first.id);

  OVOS_ASSERT_OK_AND_ASSIGN(const auto found, store_->find_api_key_by_hash("aaaa1111"));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, first.id);
  EXPECT_EQ(found->user_id, alice.id);

  OVOS_ASSERT_OK(store_->touch_api_key(first.id, kT0 + 99));
  OVOS_ASSERT_OK_AND_ASSIGN(const auto touched, store_->find_api_key_by_hash("aaaa1111"));
  ASSERT_TRUE(touched.has_value());
  EXPECT_EQ(touched->last_used_at, kT0 + 99);

  // Bob cannot revoke Alice's key.
  const auto foreign = store_->revoke_api_key(bob.id, first.id, kT0 + 100);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto still, store_->find_api_key_by_hash("aaaa1111"));
  EXPECT_TRUE(still.has_value());

  OVOS_ASSERT_OK(store_->revoke_api_key(alice.id, first.id, kT0 + 200));
  OVOS_ASSERT_OK_AND_ASSIGN(const auto revoked, store_->find_api_key_by_hash("aaaa1111"));
  EXPECT_FALSE(revoked.has_value());
  // Revoking again keeps the first time; the listing still shows the revoked key.
  OVOS_ASSERT_OK(store_->revoke_api_key(alice.id, first.id, kT0 + 300));
  OVOS_ASSERT_OK_AND_ASSIGN(const auto after, store_->list_api_keys(alice.id));
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[1].revoked_at, kT0 + 200);
  EXPECT_FALSE(after[0].revoked_at.has_value());

  OVOS_ASSERT_OK_AND_ASSIGN(const auto unknown, store_->find_api_key_by_hash("zzzz"));
  EXPECT_FALSE(unknown.has_value());
  const auto touch_missing = store_->touch_api_key(core::new_id(), kT0);
  ASSERT_FALSE(touch_missing.ok());
  EXPECT_EQ(touch_missing.error().code, ErrorCode::kNotFound);
}

TEST_P(UserStoreTest, ApiKeyHashIsUniqueAndOwnerMustExist) {
  const auto user = create_user("erin@example.com");
  OVOS_ASSERT_OK(store_->create_api_key(make_key(user.id, "dup0dup0", kT0)));
  const auto dup = store_->create_api_key(make_key(user.id, "dup0dup0", kT0 + 1));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);

  const auto orphan = store_->create_api_key(make_key(core::new_id(), "orph0000", kT0));
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(orphan.error().message, "user not found");
}

TEST_P(UserStoreTest, InjectionLikeTextIsStoredVerbatim) {
  const std::string nasty = "x'); DROP TABLE users; -- \" ? $1 \\ %_ \xF0\x9F\x98\x80";
  User user;
  user.id = core::new_id();
  user.email = "inject@example.com";
  user.name = nasty;
  user.password_hash = nasty;
  OVOS_ASSERT_OK(store_->create_user(user));
  OVOS_ASSERT_OK_AND_ASSIGN(const auto got, store_->get_user(user.id));
  EXPECT_EQ(got.name, nasty);
  EXPECT_EQ(got.password_hash, nasty);
  // The table is still there and still answers by email.
  OVOS_ASSERT_OK_AND_ASSIGN(const auto found, store_->find_user_by_email("inject@example.com"));
  EXPECT_TRUE(found.has_value());
  OVOS_ASSERT_OK_AND_ASSIGN(const auto by_nasty_email, store_->find_user_by_email(nasty));
  EXPECT_FALSE(by_nasty_email.has_value());
}

TEST_P(UserStoreTest, TextWithNulByteIsRejectedOnBothEngines) {
  User user;
  user.email = "nul@example.com";
  user.name = std::string("a\0b", 3);
  user.password_hash = "h";
  const auto result = store_->create_user(user);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Backends, UserStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), backend_name);

}  // namespace
}  // namespace ovos::store::test
