#include "core/logging.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ovos::core {
namespace {

class LoggingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    set_log_sink([this](std::string_view line) { lines_.emplace_back(line); });
  }
  void TearDown() override {
    set_log_sink(nullptr);
    configure_logging(LogLevel::kInfo, LogFormat::kJson);
  }
  std::vector<std::string> lines_;
};

TEST_F(LoggingTest, JsonLinesCarryFieldsAndRequestId) {
  configure_logging(LogLevel::kInfo, LogFormat::kJson);
  {
    const ScopedRequestId rid("req-1");
    log_info("http.request", {{"status", 200}, {"path", "/v1/\"x\"\n"}, {"ok", true}});
  }
  log_info("after");
  ASSERT_EQ(lines_.size(), 2U);
  EXPECT_NE(lines_[0].find(R"("event":"http.request")"), std::string::npos) << lines_[0];
  EXPECT_NE(lines_[0].find(R"("request_id":"req-1")"), std::string::npos);
  EXPECT_NE(lines_[0].find(R"("status":200)"), std::string::npos);
  EXPECT_NE(lines_[0].find(R"("path":"/v1/\"x\"\n")"), std::string::npos);
  EXPECT_NE(lines_[0].find(R"("ok":true)"), std::string::npos);
  EXPECT_EQ(lines_[1].find("request_id"), std::string::npos);
}

TEST_F(LoggingTest, LevelFiltersAndTextFormat) {
  configure_logging(LogLevel::kWarn, LogFormat::kText);
  log_info("hidden");
  log_warn("shown", {{"n", 3}});
  ASSERT_EQ(lines_.size(), 1U);
  EXPECT_NE(lines_[0].find("warn shown n=3"), std::string::npos) << lines_[0];
}

TEST_F(LoggingTest, ParsesLevels) {
  bool ok = false;
  EXPECT_EQ(parse_log_level("error", &ok), LogLevel::kError);
  EXPECT_TRUE(ok);
  EXPECT_EQ(parse_log_level("verbose", &ok), LogLevel::kInfo);
  EXPECT_FALSE(ok);
}

}  // namespace
}  // namespace ovos::core
