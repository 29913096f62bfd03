#include "crypto/tokens.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "crypto/base64.h"

namespace ovos::crypto {
namespace {

TEST(RandomToken, PrefixAndLength) {
  const std::string token = random_token("ovos_sk_", 32);
  EXPECT_TRUE(token.starts_with("ovos_sk_")) << token;
  EXPECT_EQ(token.size(), 8U + 43U);  // 32 bytes -> ceil(32 * 4 / 3) unpadded characters
  EXPECT_EQ(random_token("", 3).size(), 4U);
  EXPECT_EQ(random_token("p_", 0), "p_");
}

TEST(RandomToken, UrlSafeCharsetAndDecodable) {
  for (int i = 0; i < 50; ++i) {
    const std::string token = random_token("", 33);
    for (const char c : token) {
      const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_';
      EXPECT_TRUE(ok) << token;
    }
    const auto decoded = base64url_decode(token);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->size(), 33U);
  }
}

TEST(RandomToken, Unique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i)
    seen.insert(random_token("t_", 16));
  EXPECT_EQ(seen.size(), 1000U);
}

}  // namespace
}  // namespace ovos::crypto
