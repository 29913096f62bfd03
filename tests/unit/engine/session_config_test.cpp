#include "engine/session_config.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace ovos::engine {
namespace {

using namespace std::chrono_literals;

boost::json::object agent(std::string_view task_config, std::string_view transcriber = "{}") {
  return boost::json::parse(std::string(R"({"agent_config":{"agent_name":"A",
    "agent_welcome_message":"Hi {name}","tasks":[{"task_type":"conversation",
    "tools_config":{"transcriber":)") +
                            std::string(transcriber) + R"(},"task_config":)" +
                            std::string(task_config) + "}]}}")
      .as_object();
}

TEST(SessionConfigTest, AppliesOpenVoiceOsDefaults) {
  auto config = session_config_from_agent(agent("{}"));
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->turn.endpointing, 500ms);
  EXPECT_EQ(config->turn.incremental_delay, 900ms);
  EXPECT_EQ(config->turn.words_for_interruption, 1);
  EXPECT_EQ(config->turn.interruption_min, 200ms);
  EXPECT_EQ(config->hangup_after_silence, 20s);
  EXPECT_EQ(config->user_online_after, 10s);
  EXPECT_EQ(config->max_duration, 90s);
  EXPECT_EQ(config->user_online_message, "Hey, are you still there");
  EXPECT_EQ(config->welcome_message, "Hi {name}");
  EXPECT_FALSE(config->dtmf_enabled);
  EXPECT_EQ(config->turn.backchannel_words, default_backchannel_words());
}

TEST(SessionConfigTest, ReadsTaskConfigAndTranscriber) {
  auto config = session_config_from_agent(agent(
      R"({"hangup_after_silence":7,"incremental_delay":300,"number_of_words_for_interruption":3,
          "interruption_min_ms":150,"backchannel_words":["Ja"],"call_terminate":60,
          "check_user_online_message":{"hi":"x","en":"Still there?"},"dtmf_enabled":true,
          "call_hangup_message":"Bye"})",
      R"({"provider":"deepgram","endpointing":250})"));
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->turn.endpointing, 250ms);
  EXPECT_EQ(config->turn.incremental_delay, 300ms);
  EXPECT_EQ(config->turn.words_for_interruption, 3);
  EXPECT_EQ(config->turn.interruption_min, 150ms);
  EXPECT_EQ(config->turn.backchannel_words, std::vector<std::string>{"ja"});
  EXPECT_EQ(config->hangup_after_silence, 7s);
  EXPECT_EQ(config->max_duration, 60s);
  EXPECT_EQ(config->user_online_message, "Still there?");
  EXPECT_EQ(config->hangup_message, "Bye");
  EXPECT_TRUE(config->dtmf_enabled);
}

TEST(SessionConfigTest, RefusesADocumentWithoutTasks) {
  EXPECT_FALSE(session_config_from_agent(boost::json::object{}).ok());
  EXPECT_FALSE(
      session_config_from_agent(boost::json::parse(R"({"agent_config":{"tasks":[]}})").as_object())
          .ok());
}

TEST(SessionConfigTest, FillsVariables) {
  EXPECT_EQ(fill_variables("Hi {name}, {missing} {", {{"name", "Ana"}}), "Hi Ana, {missing} {");
}

}  // namespace
}  // namespace ovos::engine
