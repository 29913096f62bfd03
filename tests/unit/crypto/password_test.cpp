#include "crypto/password.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <string>

namespace ovos::crypto {
namespace {

TEST(Password, HashVerifiesAndRejectsWrongPassword) {
  const auto hash = hash_password("correct horse battery staple");
  ASSERT_TRUE(hash.ok()) << hash.error().message;
  EXPECT_TRUE(hash->starts_with("$argon2id$")) << *hash;
  EXPECT_TRUE(verify_password(*hash, "correct horse battery staple"));
  EXPECT_FALSE(verify_password(*hash, "correct horse battery stapl"));
  EXPECT_FALSE(verify_password(*hash, ""));
  EXPECT_FALSE(password_needs_rehash(*hash));
}

TEST(Password, SaltMakesEveryHashDifferent) {
  const auto a = hash_password("same password");
  const auto b = hash_password("same password");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(verify_password(*a, "same password"));
  EXPECT_TRUE(verify_password(*b, "same password"));
}

TEST(Password, EmptyAndBinaryPasswords) {
  const auto empty = hash_password("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(verify_password(*empty, ""));
  EXPECT_FALSE(verify_password(*empty, " "));
  const std::string binary("pa\0ss", 5);
  const auto hash = hash_password(binary);
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(verify_password(*hash, binary));
  EXPECT_FALSE(verify_password(*hash, "pa"));
}

TEST(Password, GarbageHashIsRejectedWithoutCrashing) {
  for (const std::string_view bad :
       {"", "$", "$argon2id$", "$argon2id$v=19$m=65536,t=2,p=1$", "plaintext-password",
        "$2b$12$abcdefghijklmnopqrstuuJ0p8o1y1o8QYpQ5V4eX7CjC1bG0F1Uq",
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$!!!!"}) {
    EXPECT_FALSE(verify_password(bad, "password")) << bad;
    EXPECT_TRUE(password_needs_rehash(bad)) << bad;
  }
  EXPECT_FALSE(verify_password(std::string(4096, '$'), "password"));
}

TEST(Password, EmbeddedNulInHashIsRejected) {
  const auto hash = hash_password("pw");
  ASSERT_TRUE(hash.ok());
  const std::string with_tail = *hash + std::string("\0junk", 5);
  EXPECT_FALSE(verify_password(with_tail, "pw"));
}

TEST(Password, WeakerParametersNeedRehash) {
  ASSERT_GE(sodium_init(), 0);  // direct libsodium use below; idempotent
  std::array<char, crypto_pwhash_STRBYTES> weak{};
  ASSERT_EQ(
      crypto_pwhash_str_alg(weak.data(), "pw", 2, crypto_pwhash_argon2id_OPSLIMIT_MIN,
                            crypto_pwhash_argon2id_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13),
      0);
  EXPECT_TRUE(verify_password(weak.data(), "pw"));
  EXPECT_TRUE(password_needs_rehash(weak.data()));

  std::array<char, crypto_pwhash_STRBYTES> argon2i{};
  ASSERT_EQ(crypto_pwhash_str_alg(
                argon2i.data(), "pw", 2, crypto_pwhash_argon2i_OPSLIMIT_INTERACTIVE,
                crypto_pwhash_argon2i_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2I13),
            0);
  EXPECT_TRUE(password_needs_rehash(argon2i.data()));
}

}  // namespace
}  // namespace ovos::crypto
