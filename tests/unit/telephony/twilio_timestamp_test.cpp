// Staleness of Twilio status callbacks from their RFC 2822 Timestamp parameter.
#include "telephony/twilio/twilio_timestamp.h"

#include <gtest/gtest.h>

namespace ovos::telephony::twilio {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

// 2010-08-16T03:45:01Z, the example date of Twilio's RFC 2822 fields.
constexpr std::int64_t kExampleMs = 1281930301000;

TEST(TwilioTimestamp, ParsesTwilioRfc2822Dates) {
  EXPECT_EQ(parse_rfc2822_time("Mon, 16 Aug 2010 03:45:01 +0000"), kExampleMs);
  EXPECT_EQ(parse_rfc2822_time("16 Aug 2010 03:45:01 GMT"), kExampleMs);
  EXPECT_EQ(parse_rfc2822_time("Mon, 16 Aug 2010 05:45:01 +0200"), kExampleMs);
  EXPECT_EQ(parse_rfc2822_time("Sun, 15 Aug 2010 22:15:01 -0530"), kExampleMs);
  EXPECT_EQ(parse_rfc2822_time("Thu, 01 Jan 1970 00:00:00 +0000"), 0);
  EXPECT_EQ(parse_rfc2822_time("Thu, 29 Feb 2024 12:00 UTC"), 1709208000000);
}

TEST(TwilioTimestamp, RefusesWhatIsNotAnRfc2822Date) {
  for (std::string_view text :
       {"", "2010-08-16T03:45:01Z", "Mon, 16 Aug 2010 03:45:01", "Mon 16 Aug 2010 03:45:01 +0000",
        "Mon, 30 Feb 2010 03:45:01 +0000", "Mon, 16 Foo 2010 03:45:01 +0000",
        "Mon, 16 Aug 2010 24:00:00 +0000", "Mon, 16 Aug 2010 03:45:01 +0000 x",
        "Mon, 16 Aug 2010 03:45:01 +0070", "Mon, 16 Aug 1969 03:45:01 +0000"}) {
    EXPECT_FALSE(parse_rfc2822_time(text).has_value()) << text;
  }
}

TEST(TwilioTimestamp, FreshWithinMaxAgeAndStaleBeyond) {
  const FormParams params = {{"CallStatus", "completed"},
                             {"Timestamp", "Mon, 16 Aug 2010 03:45:01 +0000"}};
  const auto max_age = minutes(5);
  EXPECT_TRUE(check_timestamp_fresh(params, kExampleMs, max_age).ok());
  EXPECT_TRUE(check_timestamp_fresh(params, kExampleMs + 300'000, max_age).ok());
  const auto stale = check_timestamp_fresh(params, kExampleMs + 300'001, max_age);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_NE(stale.error().message.find("stale"), std::string::npos);
  EXPECT_FALSE(check_timestamp_fresh(params, kExampleMs - 300'001, max_age).ok());
}

TEST(TwilioTimestamp, MissingOrUnreadableTimestampIsRefused) {
  EXPECT_FALSE(check_timestamp_fresh({{"CallStatus", "completed"}}, 0, milliseconds(1)).ok());
  EXPECT_FALSE(check_timestamp_fresh({{"Timestamp", "yesterday"}}, 0, milliseconds(1)).ok());
}

}  // namespace
}  // namespace ovos::telephony::twilio
