// What extraction and summarization ask the LLM, how their replies are read, and the transcript
// they are given.
#include "agents/tasks/llm_prompts.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "agents/tasks/transcript.h"

namespace ovos::agents::tasks {
namespace {

namespace json = boost::json;
using providers::ChatMessage;

store::Turn turn(int index, std::string user, std::string agent) {
  store::Turn t;
  t.index = index;
  t.user_text = std::move(user);
  t.agent_text = std::move(agent);
  return t;
}

PostCallStep extraction_step() {
  PostCallStep step;
  step.kind = StepKind::kExtraction;
  step.prompt = "Find the booking.\nname: the caller's name";
  step.fields = {{"name", "the caller's name"}, {"slot", ""}};
  return step;
}

TEST(Transcript, OneLinePerUtteranceInTurnOrder) {
  const std::vector<store::Turn> turns = {turn(0, "", "Hello, Bright Smile dental."),
                                          turn(1, "I need a\ncleaning", "Tuesday at ten?"),
                                          turn(2, "yes", "")};
  EXPECT_EQ(transcript_text(turns),
            "Agent: Hello, Bright Smile dental.\nCaller: I need a cleaning\n"
            "Agent: Tuesday at ten?\nCaller: yes\n");
  EXPECT_EQ(transcript_text({}), "(nothing was said)\n");
  const std::string cut = transcript_text(turns, 60);
  EXPECT_EQ(cut,
            "Agent: Hello, Bright Smile dental.\n"
            "[the rest of the call is left out: the transcript is too long]\n");
  EXPECT_EQ(json::value(transcript_json(turns)),
            json::parse(R"([{"turn":0,"user":"","agent":"Hello, Bright Smile dental."},
                            {"turn":1,"user":"I need a\ncleaning","agent":"Tuesday at ten?"},
                            {"turn":2,"user":"yes","agent":""}])"));
}

TEST(ExtractionPrompt, NamesTheFieldsAndAsksForOneJsonObject) {
  const auto messages = extraction_messages(extraction_step(), "Caller: I am Ann\n");
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].role, ChatMessage::Role::kSystem);
  const std::string& system = messages[0].content;
  EXPECT_NE(system.find("Find the booking."), std::string::npos);
  EXPECT_NE(system.find("- name: the caller's name"), std::string::npos);
  EXPECT_NE(system.find("- slot"), std::string::npos);
  EXPECT_NE(system.find("exactly one JSON object"), std::string::npos);
  EXPECT_NE(system.find("Its keys are: name, slot."), std::string::npos);
  EXPECT_EQ(system.find("=>"), std::string::npos) << "would read as a scripted-LLM rule";
  EXPECT_EQ(messages[1].role, ChatMessage::Role::kUser);
  EXPECT_NE(messages[1].content.find("Caller: I am Ann"), std::string::npos);
}

TEST(ExtractionReply, FieldsTheModelLeftOutAreNull) {
  const auto data =
      read_extraction(extraction_step(), "```json\n{\"name\": \"Ann\", \"phone\": \"555\"}\n```");
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(*data, json::parse(R"({"name":"Ann","phone":"555","slot":null})"));
  const auto none = read_extraction(extraction_step(), "Sorry, I can't do that.");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().message, "the model's reply has no JSON object");
}

TEST(SummaryPrompt, DefaultOrTheTasksOwnInstructions) {
  PostCallStep step;
  step.kind = StepKind::kSummarization;
  auto messages = summary_messages(step, "Agent: hi\n");
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_NE(messages[0].content.find(kDefaultSummaryPrompt), std::string::npos);
  EXPECT_NE(messages[0].content.find("\"summary\""), std::string::npos);
  step.prompt = "One line, in French.";
  messages = summary_messages(step, "Agent: hi\n");
  EXPECT_NE(messages[0].content.find("One line, in French."), std::string::npos);
  EXPECT_EQ(messages[0].content.find(kDefaultSummaryPrompt), std::string::npos);
}

TEST(SummaryReply, TheSummaryStringOfTheFirstObject) {
  EXPECT_EQ(read_summary("Here you go: {\"summary\": \"Ann booked Tuesday.\"}").value(),
            "Ann booked Tuesday.");
  EXPECT_EQ(read_summary("{\"summary\": 42}").error().message,
            "the model's JSON object has no \"summary\" string");
  EXPECT_EQ(read_summary("{\"summary\": \"\"}").error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(read_summary("Ann booked Tuesday.").error().message,
            "the model's reply has no JSON object");
}

}  // namespace
}  // namespace ovos::agents::tasks
