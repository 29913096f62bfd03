#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "agents/agent_validator.h"

namespace ovos::agents {
namespace {

TEST(EffectiveTaskConfig, FillsOurDefaultsWhereBolnaDisagrees) {
  const auto config = effective_task_config({});
  EXPECT_EQ(config.at("hangup_after_silence"), 20);               // not task_manager's 10
  EXPECT_EQ(config.at("incremental_delay"), 900);                 // not task_manager's 100
  EXPECT_EQ(config.at("number_of_words_for_interruption"), 1);    // not task_manager's 3
  EXPECT_EQ(config.at("backchanneling_message_gap"), 5);          // not task_manager's 2
  EXPECT_EQ(config.at("trigger_user_online_message_after"), 10);  // not task_manager's 6
  EXPECT_EQ(config.at("check_user_online_message"), "Hey, are you still there");
}

TEST(EffectiveTaskConfig, FillsEveryConversationKey) {
  const auto config = effective_task_config({});
  EXPECT_EQ(config.at("optimize_latency"), true);
  EXPECT_EQ(config.at("interruption_backoff_period"), 100);
  EXPECT_EQ(config.at("call_terminate"), 90);
  EXPECT_EQ(config.at("check_if_user_online"), true);
  EXPECT_EQ(config.at("voicemail_detection_duration"), 30.0);
  EXPECT_EQ(config.at("voicemail_min_transcript_length"), 7);
  EXPECT_EQ(config.at("discard_pre_welcome_utterance"), false);
  EXPECT_TRUE(config.at("call_hangup_message").is_null());
  EXPECT_EQ(config.at("interruption_min_ms"), 200);
  EXPECT_EQ(config.size(), 25u);
}

TEST(EffectiveTaskConfig, KeepsGivenValuesAndTreatsNullAsDefault) {
  const auto config = effective_task_config(boost::json::parse(R"({
    "hangup_after_silence": null, "incremental_delay": 100.0, "number_of_words_for_interruption": 3,
    "voicemail_check_interval": 5.5, "backchanneling": true, "ambient_noise_track": "office"})")
                                                .as_object());
  EXPECT_EQ(config.at("hangup_after_silence"), 20) << "null means the default (Bolna: 10)";
  EXPECT_TRUE(config.at("incremental_delay").is_int64()) << "integer keys become integers";
  EXPECT_EQ(config.at("incremental_delay"), 100);
  EXPECT_EQ(config.at("number_of_words_for_interruption"), 3);
  EXPECT_EQ(config.at("voicemail_check_interval"), 5.5);
  EXPECT_EQ(config.at("backchanneling"), true);
  EXPECT_EQ(config.at("ambient_noise_track"), "office") << "keys it does not know are kept";
}

TEST(EffectiveTranscriberConfig, UsesBolnasModelDefaults) {
  const auto config = effective_transcriber_config({});
  EXPECT_EQ(config.at("endpointing"), 500);  // not the hosted docs' 250
  EXPECT_EQ(config.at("provider"), "deepgram");
  EXPECT_EQ(config.at("model"), "nova-2");
  EXPECT_EQ(config.at("sampling_rate"), 16000);
  EXPECT_EQ(config.at("encoding"), "linear16");
  const auto given = effective_transcriber_config(
      boost::json::parse(R"({"endpointing": 250.0, "provider": "azure"})").as_object());
  EXPECT_EQ(given.at("endpointing"), 250);
  EXPECT_EQ(given.at("provider"), "azure");
}

}  // namespace
}  // namespace ovos::agents
