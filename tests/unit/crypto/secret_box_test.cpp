#include "crypto/secret_box.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "crypto/base64.h"

namespace ovos::crypto {
namespace {

static_assert(!std::is_copy_constructible_v<SecretBox>);
static_assert(!std::is_copy_assignable_v<SecretBox>);
static_assert(std::is_nothrow_move_constructible_v<SecretBox>);
static_assert(std::is_nothrow_move_assignable_v<SecretBox>);

std::array<std::uint8_t, 32> key_of(std::uint8_t fill) {
  std::array<std::uint8_t, 32> key{};
  key.fill(fill);
  return key;
}

SecretBox box_of(std::uint8_t fill) {
  auto box = SecretBox::from_key(key_of(fill));
  EXPECT_TRUE(box.ok());
  return std::move(box).value();
}

void expect_cannot_decrypt(const core::Result<std::string>& opened) {
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_TRUE(opened.error().message.starts_with("cannot decrypt")) << opened.error().message;
}

TEST(SecretBox, KeyMustBe32Bytes) {
  const std::vector<std::uint8_t> short_key(31, 1);
  const std::vector<std::uint8_t> long_key(33, 1);
  const auto a = SecretBox::from_key(short_key);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_FALSE(SecretBox::from_key(long_key).ok());
  EXPECT_FALSE(SecretBox::from_key({}).ok());
}

TEST(SecretBox, SealOpenRoundTrip) {
  const SecretBox box = box_of(7);
  for (const std::string& plain : {std::string(), std::string("sk-live-123"),
                                   std::string("\0binary\xff", 8), std::string(10000, 'x')}) {
    const std::string sealed = box.seal(plain, "provider_key:42");
    EXPECT_TRUE(sealed.starts_with("v1.")) << sealed;
    EXPECT_EQ(sealed.find('='), std::string::npos);
    const auto opened = box.open(sealed, "provider_key:42");
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    EXPECT_EQ(*opened, plain);
  }
}

TEST(SecretBox, SealedFormIsNonceThenCiphertextAndTag) {
  const SecretBox box = box_of(7);
  const std::string sealed = box.seal("hello", "");
  const auto raw = base64url_decode(std::string_view(sealed).substr(3));
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->size(), 24U + 5U + 16U);
  EXPECT_EQ(raw->find("hello"), std::string::npos);
}

TEST(SecretBox, FreshNonceEveryTime) {
  const SecretBox box = box_of(7);
  const std::string a = box.seal("same", "ad");
  const std::string b = box.seal("same", "ad");
  EXPECT_NE(a, b);
  EXPECT_NE(a.substr(3, 32), b.substr(3, 32));  // the nonce prefix differs
}

TEST(SecretBox, WrongKeyFails) {
  const std::string sealed = box_of(7).seal("secret", "ad");
  expect_cannot_decrypt(box_of(8).open(sealed, "ad"));
}

TEST(SecretBox, WrongAssociatedDataFails) {
  const SecretBox box = box_of(7);
  const std::string sealed = box.seal("secret", "provider_key:1");
  expect_cannot_decrypt(box.open(sealed, "provider_key:2"));
  expect_cannot_decrypt(box.open(sealed, ""));
}

TEST(SecretBox, TamperingFails) {
  const SecretBox box = box_of(7);
  const std::string sealed = box.seal("secret value", "ad");
  auto raw = base64url_decode(std::string_view(sealed).substr(3));
  ASSERT_TRUE(raw.ok());
  for (std::size_t i = 0; i < raw->size(); ++i) {  // every byte: nonce, ciphertext and tag
    std::string bytes = *raw;
    bytes[i] = static_cast<char>(bytes[i] ^ 0x01);
    expect_cannot_decrypt(box.open("v1." + base64url_encode(bytes), "ad"));
  }
}

TEST(SecretBox, BadPrefixFails) {
  const SecretBox box = box_of(7);
  const std::string sealed = box.seal("secret", "ad");
  expect_cannot_decrypt(box.open("v2." + sealed.substr(3), "ad"));
  expect_cannot_decrypt(box.open(sealed.substr(3), "ad"));
  expect_cannot_decrypt(box.open("", "ad"));
  expect_cannot_decrypt(box.open("V1." + sealed.substr(3), "ad"));
}

TEST(SecretBox, TruncatedOrGarbledInputFails) {
  const SecretBox box = box_of(7);
  const std::string sealed = box.seal("secret", "ad");
  for (std::size_t len = 3; len < sealed.size(); ++len) {
    expect_cannot_decrypt(box.open(sealed.substr(0, len), "ad"));
  }
  expect_cannot_decrypt(box.open("v1.", "ad"));
  expect_cannot_decrypt(box.open("v1.!!!!", "ad"));
  expect_cannot_decrypt(box.open(sealed + "=", "ad"));
  expect_cannot_decrypt(box.open(sealed + "AAAA", "ad"));
}

TEST(SecretBox, MovedBoxKeepsWorking) {
  SecretBox a = box_of(7);
  const std::string sealed = a.seal("secret", "ad");
  SecretBox b = std::move(a);
  const auto opened = b.open(sealed, "ad");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "secret");
  SecretBox c = box_of(9);
  c = std::move(b);
  EXPECT_TRUE(c.open(sealed, "ad").ok());
}

}  // namespace
}  // namespace ovos::crypto
