#include "core/ids.h"

#include <gtest/gtest.h>

#include <set>

namespace ovos::core {
namespace {

TEST(Ids, NewIdIsCanonicalUuidV7) {
  const std::string id = new_id(0x0123456789ab);
  EXPECT_TRUE(is_uuid(id)) << id;
  EXPECT_EQ(id.substr(0, 13), "01234567-89ab");
  EXPECT_EQ(id[14], '7');
  EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);
}

TEST(Ids, IdsAreUniqueAndTimeOrdered) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i)
    seen.insert(new_id(1'700'000'000'000 + i));
  EXPECT_EQ(seen.size(), 1000U);
  EXPECT_LT(new_id(1000), new_id(2000));
}

TEST(Ids, IdsOfOneMillisecondSortInTheOrderTheyWereMade) {
  for (int round = 0; round < 20; ++round) {
    std::string previous = new_id(1'700'000'000'000 + round);
    for (int i = 0; i < 500; ++i) {
      const std::string next = new_id(1'700'000'000'000 + round);
      ASSERT_LT(previous, next) << "round " << round << ", id " << i;
      EXPECT_EQ(uuid_v7_unix_ms(next), 1'700'000'000'000 + round);
      previous = next;
    }
  }
}

TEST(Ids, IsUuidRejectsMalformed) {
  EXPECT_FALSE(is_uuid(""));
  EXPECT_FALSE(is_uuid("01234567-89ab-7def-8123-456789abcdeG"));
  EXPECT_FALSE(is_uuid("01234567-89AB-7def-8123-456789abcdef"));
  EXPECT_FALSE(is_uuid("0123456789ab-7def-8123-456789abcdef--"));
  EXPECT_FALSE(is_uuid("' OR 1=1 --"));
}

TEST(Ids, HexEncodes) {
  const std::uint8_t bytes[] = {0x00, 0x7f, 0xff};
  EXPECT_EQ(to_hex(bytes), "007fff");
}

}  // namespace
}  // namespace ovos::core

namespace ovos::core {
namespace {

TEST(Ids, UuidV7CarriesItsTimestamp) {
  EXPECT_EQ(uuid_v7_unix_ms(new_id(1'763'900'000'123)), 1'763'900'000'123);
  EXPECT_EQ(uuid_v7_unix_ms("not-a-uuid"), -1);
  EXPECT_EQ(uuid_v7_unix_ms("01234567-89ab-4def-8123-456789abcdef"), -1) << "v4 carries no time";
}

}  // namespace
}  // namespace ovos::core
