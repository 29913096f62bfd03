#include "core/config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

namespace ovos::core {
namespace {

TEST(Dotenv, ParsesQuotesCommentsAndExport) {
  const auto parsed = parse_dotenv(
      "# comment\n\nOVOS_PORT=9000\nexport OVOS_HOST = 0.0.0.0 # trailing\n"
      "OVOS_JWT_SECRET=\"a value # with hash\"\nOVOS_UI_DIR='single'\n");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->at("OVOS_PORT"), "9000");
  EXPECT_EQ(parsed->at("OVOS_HOST"), "0.0.0.0");
  EXPECT_EQ(parsed->at("OVOS_JWT_SECRET"), "a value # with hash");
  EXPECT_EQ(parsed->at("OVOS_UI_DIR"), "single");
}

TEST(Dotenv, RejectsBadLinesWithLineNumber) {
  const auto parsed = parse_dotenv("OVOS_PORT=1\nnot a pair\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("line 2"), std::string::npos);
  EXPECT_FALSE(parse_dotenv("A=\"open\n").ok());
}

TEST(Settings, DefaultsAreValid) {
  const auto s = load_settings({}, {}, {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->host, "127.0.0.1");
  EXPECT_EQ(s->port, 8000);
  EXPECT_EQ(s->data_dir, "./data");
  EXPECT_TRUE(s->database_url.empty());
  EXPECT_TRUE(s->allow_registration);
}

TEST(Settings, FlagsBeatEnvironmentBeatDotenv) {
  const auto s =
      load_settings({{"OVOS_PORT", "1111"}, {"OVOS_HOST", "10.0.0.1"}},
                    {{"OVOS_PORT", "2222"}, {"OVOS_LOG_LEVEL", "debug"}}, {{"OVOS_PORT", "3333"}});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->port, 3333);
  EXPECT_EQ(s->host, "10.0.0.1");
  EXPECT_EQ(s->log_level, "debug");
}

TEST(Settings, InvalidValuesNameTheSetting) {
  const auto s = load_settings({{"OVOS_PORT", "eighty"}}, {},
                               {{"OVOS_LOG_LEVEL", "loud"},
                                {"OVOS_TRUST_PROXY", "maybe"},
                                {"DATABASE_URL", "mysql://x"},
                                {"OVOS_JWT_SECRET", "short"},
                                {"OVOS_ROLE", "media"},
                                {"OVOS_REDIS_URL", "rediss://:pw@cache:6380"}});
  ASSERT_FALSE(s.ok());
  std::set<std::string> paths;
  for (const auto& f : s.error().fields)
    paths.insert(f.path);
  EXPECT_EQ(paths, (std::set<std::string>{"OVOS_PORT", "OVOS_LOG_LEVEL", "OVOS_TRUST_PROXY",
                                          "DATABASE_URL", "OVOS_JWT_SECRET", "OVOS_ROLE",
                                          "OVOS_REDIS_URL"}));
}

TEST(Settings, UnknownOvosKeysInDotenvAreErrors) {
  const auto s = load_settings({{"OVOS_PROT", "1"}, {"OTHER_TOOL_SETTING", "x"}}, {}, {});
  ASSERT_FALSE(s.ok());
  ASSERT_EQ(s.error().fields.size(), 1U);
  EXPECT_EQ(s.error().fields[0].path, "OVOS_PROT");
}

TEST(Settings, CorsOriginsAreSplitAndTrimmed) {
  const auto s = load_settings({}, {}, {{"OVOS_CORS_ORIGINS", " http://a.test , http://b.test,"}});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->cors_origins, (std::vector<std::string>{"http://a.test", "http://b.test"}));
}

TEST(Settings, EnvSampleDocumentsEverySetting) {
  std::ifstream in(std::string(OVOS_SOURCE_DIR) + "/.env.sample");
  ASSERT_TRUE(in.good()) << ".env.sample is missing";
  std::stringstream text;
  text << in.rdbuf();
  for (const auto& spec : setting_specs()) {
    EXPECT_NE(text.str().find("\n" + std::string(spec.env) + "="), std::string::npos)
        << spec.env << " is not documented in .env.sample";
  }
}

}  // namespace
}  // namespace ovos::core
