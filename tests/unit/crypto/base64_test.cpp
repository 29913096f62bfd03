#include "crypto/base64.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace ovos::crypto {
namespace {

// RFC 4648 section 10.
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kRfc4648 = {{
    {"", ""},
    {"f", "Zg=="},
    {"fo", "Zm8="},
    {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="},
    {"fooba", "Zm9vYmE="},
    {"foobar", "Zm9vYmFy"},
}};

TEST(Base64, EncodesRfc4648Vectors) {
  for (const auto& [plain, encoded] : kRfc4648) {
    EXPECT_EQ(base64_encode(plain), encoded) << plain;
    const std::vector<std::uint8_t> bytes(plain.begin(), plain.end());
    EXPECT_EQ(base64_encode(bytes), encoded) << plain;
  }
}

TEST(Base64, DecodesRfc4648Vectors) {
  for (const auto& [plain, encoded] : kRfc4648) {
    const auto decoded = base64_decode(encoded);
    ASSERT_TRUE(decoded.ok()) << encoded;
    EXPECT_EQ(*decoded, plain);
  }
}

TEST(Base64, RejectsGarbage) {
  for (const std::string_view bad : {"Zg", "Zg=", "Zg===", "Zm9v!", "Zm 9v", "Zm9v\n",
                                     "Z===", "Zh==", "-_8=", "=Zg=", "Zm9vYg==Zg=="}) {
    const auto decoded = base64_decode(bad);
    EXPECT_FALSE(decoded.ok()) << bad;
    if (!decoded.ok()) {
      EXPECT_EQ(decoded.error().code, core::ErrorCode::kInvalidArgument);
    }
  }
}

TEST(Base64, RoundTripsAllByteValues) {
  std::vector<std::uint8_t> bytes(256);
  for (std::size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = static_cast<std::uint8_t>(i);
  const std::string expected(bytes.begin(), bytes.end());
  const auto standard = base64_decode(base64_encode(bytes));
  ASSERT_TRUE(standard.ok());
  EXPECT_EQ(*standard, expected);
  const auto url = base64url_decode(base64url_encode(bytes));
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(*url, expected);
}

TEST(Base64Url, UsesUrlAlphabetWithoutPadding) {
  const std::array<std::uint8_t, 2> bytes = {0xfb, 0xff};
  EXPECT_EQ(base64_encode(bytes), "+/8=");
  EXPECT_EQ(base64url_encode(bytes), "-_8");
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
  const auto decoded = base64url_decode("-_8");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, "\xfb\xff");
}

TEST(Base64Url, RejectsPaddingAndStandardAlphabet) {
  for (const std::string_view bad : {"Zg==", "+/8", "Zm9v.", "Z", "Zh"}) {
    EXPECT_FALSE(base64url_decode(bad).ok()) << bad;
  }
  const auto empty = base64url_decode("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(Base64Public, DecodesLikeTheConstantTimeDecoder) {
  for (const auto& [plain, encoded] : kRfc4648) {
    const auto decoded = base64_decode_public(encoded);
    ASSERT_TRUE(decoded.ok()) << encoded;
    EXPECT_EQ(*decoded, plain);
  }
  for (const std::string_view bad : {"Zg", "Zg=", "Zg===", "Zm9v!", "Zm 9v", "Zm9v\n",
                                     "Z===", "Zh==", "Zm9=", "-_8=", "=Zg=", "Zm9vYg==Zg=="}) {
    const auto decoded = base64_decode_public(bad);
    EXPECT_FALSE(decoded.ok()) << bad;
    if (!decoded.ok()) {
      EXPECT_EQ(decoded.error().code, core::ErrorCode::kInvalidArgument);
    }
  }
}

// Strings of 0-12 characters drawn from the alphabet, '=' and a few others: both decoders
// accept the same ones and give the same bytes.
TEST(Base64Public, AgreesWithTheConstantTimeDecoderOnRandomText) {
  constexpr std::string_view kChars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/==-_ .";
  std::uint64_t seed = 42;
  int accepted = 0;
  for (int round = 0; round < 20000; ++round) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    std::string text(static_cast<std::size_t>(seed >> 60) % 13, 'A');
    for (char& c : text) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      c = kChars[(seed >> 33) % kChars.size()];
    }
    if (round % 2 == 0 && text.size() % 4 != 0) text.resize(text.size() / 4 * 4);
    const auto reference = base64_decode(text);
    const auto fast = base64_decode_public(text);
    ASSERT_EQ(reference.ok(), fast.ok()) << text;
    if (reference.ok()) {
      EXPECT_EQ(*reference, *fast) << text;
      ++accepted;
    }
  }
  EXPECT_GT(accepted, 100);  // the comparison covered valid text too
}

TEST(Base64Public, RoundTripsAllByteValues) {
  std::vector<std::uint8_t> bytes(256);
  for (std::size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = static_cast<std::uint8_t>(i);
  for (std::size_t n = 0; n <= bytes.size(); ++n) {
    const std::span<const std::uint8_t> head(bytes.data(), n);
    const auto decoded = base64_decode_public(base64_encode(head));
    ASSERT_TRUE(decoded.ok()) << n;
    EXPECT_EQ(*decoded, std::string(head.begin(), head.end()));
  }
}

}  // namespace
}  // namespace ovos::crypto
