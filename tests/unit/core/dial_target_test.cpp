#include "core/dial_target.h"

#include <gtest/gtest.h>

namespace ovos::core {
namespace {

TEST(DialTargetTest, E164IsAPlusANonZeroDigitAndSixToFourteenMore) {
  EXPECT_TRUE(is_e164("+14155550100"));
  EXPECT_TRUE(is_e164("+1234567"));
  EXPECT_TRUE(is_e164("+123456789012345"));
  EXPECT_FALSE(is_e164("+123456"));
  EXPECT_FALSE(is_e164("+1234567890123456"));
  EXPECT_FALSE(is_e164("14155550100"));
  EXPECT_FALSE(is_e164("+04155550100"));
  EXPECT_FALSE(is_e164("+1 415 555 0100"));
  EXPECT_FALSE(is_e164("+1415555010a"));
}

TEST(DialTargetTest, ACallIsTransferredToANumberOrASipUri) {
  EXPECT_TRUE(is_transfer_target("+14155550100"));
  EXPECT_TRUE(is_transfer_target("sip:alice@example.com"));
  EXPECT_TRUE(is_transfer_target("SIPS:bob@example.com;transport=tls"));
  EXPECT_FALSE(is_transfer_target("sip:"));
  EXPECT_FALSE(is_transfer_target("sip:<alice@example.com>"));
  EXPECT_FALSE(is_transfer_target("tel:+14155550100"));
  EXPECT_FALSE(is_transfer_target(""));
}

}  // namespace
}  // namespace ovos::core
