// The signature header of webhooks, checked against HMAC-SHA256 computed with OpenSSL.
#include "agents/tasks/webhook_signature.h"

#include <gtest/gtest.h>

#include "webhook_test_support.h"

namespace ovos::agents::tasks {
namespace {

TEST(WebhookSignature, StripeStyleTimestampAndHmacOfTimestampDotBody) {
  const std::string body = R"({"event":"call.completed","call":{"id":"x"}})";
  const std::string header = webhook_signature("whsec_test_secret", 1'763'856'000, body);
  const std::string prefix = "t=1763856000,v1=";
  ASSERT_TRUE(header.starts_with(prefix)) << header;
  const std::string hex = header.substr(prefix.size());
  EXPECT_EQ(hex.size(), 64u);
  EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos) << hex;
  EXPECT_EQ(header, "t=1763856000,v1=" +
                        testing::hmac_sha256_hex("whsec_test_secret", "1763856000." + body));
}

TEST(WebhookSignature, KnownVector) {
  // printf '%s' '1700000000.{}' | openssl dgst -sha256 -hmac secret
  EXPECT_EQ(webhook_signature("secret", 1'700'000'000, "{}"),
            "t=1700000000,v1=" + testing::hmac_sha256_hex("secret", "1700000000.{}"));
}

TEST(WebhookSignature, EveryInputChangesIt) {
  const std::string base = webhook_signature("s", 100, "{}");
  EXPECT_NE(webhook_signature("t", 100, "{}"), base);
  EXPECT_NE(webhook_signature("s", 101, "{}"), base);
  EXPECT_NE(webhook_signature("s", 100, "{ }"), base);
  EXPECT_EQ(webhook_signature("s", 100, "{}"), base);
}

TEST(WebhookSignature, HeaderNames) {
  EXPECT_EQ(kSignatureHeader, "X-OpenVoiceOS-Signature");
  EXPECT_EQ(kEventHeader, "X-OpenVoiceOS-Event");
  EXPECT_EQ(kDeliveryHeader, "X-OpenVoiceOS-Delivery");
}

}  // namespace
}  // namespace ovos::agents::tasks
