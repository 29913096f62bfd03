#include "core/result.h"

#include <gtest/gtest.h>

namespace ovos::core {
namespace {

Result<int> parse_positive(int v) {
  if (v <= 0) return Error::invalid("not positive");
  return v;
}

Result<int> doubled(int v) {
  OVOS_ASSIGN_OR_RETURN(const int x, parse_positive(v));
  return x * 2;
}

Result<void> check(int v) {
  OVOS_TRY(parse_positive(v));
  return ok();
}

TEST(Result, CarriesValueOrError) {
  EXPECT_EQ(doubled(4).value(), 8);
  const auto bad = doubled(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message, "not positive");
}

TEST(Result, VoidPropagatesErrors) {
  EXPECT_TRUE(check(1).ok());
  EXPECT_FALSE(check(0).ok());
  EXPECT_EQ(check(0).error().message, "not positive");
}

}  // namespace
}  // namespace ovos::core
