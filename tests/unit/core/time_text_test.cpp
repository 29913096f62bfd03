#include "core/time_text.h"

#include <gtest/gtest.h>

namespace ovos::core {
namespace {

TEST(FormatUtcTime, Rfc3339WithMilliseconds) {
  EXPECT_EQ(format_utc_time(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_utc_time(1'763'856'000'000), "2025-11-23T00:00:00.000Z");
  EXPECT_EQ(format_utc_time(1'763'856'000'000 + 3'723'045), "2025-11-23T01:02:03.045Z");
  EXPECT_EQ(format_utc_time(951'782'400'000), "2000-02-29T00:00:00.000Z");  // leap day
  EXPECT_EQ(format_utc_time(-1), "1969-12-31T23:59:59.999Z");
}

}  // namespace
}  // namespace ovos::core
