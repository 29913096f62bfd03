// One test per kind of mistake in an agent document: the exact path and message reported.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "agents/agent_validator.h"
#include "unit/agents/agent_test_util.h"

namespace ovos::agents {
namespace {

using core::FieldError;
using testing::at;
using testing::Errors;
using testing::errors_of;
using testing::load_agent;

constexpr std::string_view kTools = "$.agent_config.tasks[0].tools_config";

std::string tools_path(std::string_view rest) {
  return std::string(kTools) + std::string(rest);
}

class AgentErrors : public ::testing::Test {
 protected:
  boost::json::value& field(std::string_view pointer) { return at(document_, pointer); }
  boost::json::object& object(std::string_view pointer) { return field(pointer).as_object(); }
  Errors errors() const { return errors_of(document_); }

  boost::json::value document_ = load_agent("simple_llm_agent");
};

constexpr std::string_view kLlmConfig = "/agent_config/tasks/0/tools_config/llm_agent/llm_config";
constexpr std::string_view kTaskConfig = "/agent_config/tasks/0/task_config";

TEST_F(AgentErrors, UnknownTranscriberProvider) {
  field("/agent_config/tasks/0/tools_config/transcriber/provider") = "whisper";
  EXPECT_EQ(errors(), (Errors{{tools_path(".transcriber.provider"),
                               "unknown transcriber provider 'whisper'; must be one of: deepgram, "
                               "azure, openai, sarvam, assembly, google, pixa, gladia, elevenlabs, "
                               "smallest, soniox, gemini, bodhi, pocketsphinx"}}));
}

TEST_F(AgentErrors, FallbackProvidersAreCheckedLikeTheFirstOnes) {
  // A valid pair first: a second voice and a second recogniser of the right kinds.
  object("/agent_config/tasks/0/tools_config/synthesizer")["fallback"] = boost::json::parse(
      R"({"provider": "cartesia", "provider_config": {"voice": "v", "voice_id": "id",
          "model": "sonic-2", "language": "en"}})");
  object("/agent_config/tasks/0/tools_config/transcriber")["fallback"] =
      boost::json::parse(R"({"provider": "pocketsphinx", "language": "en"})");
  EXPECT_EQ(errors(), Errors{});

  field("/agent_config/tasks/0/tools_config/synthesizer/fallback/provider") = "bodhi";
  field("/agent_config/tasks/0/tools_config/transcriber/fallback/provider") = "flite";
  object("/agent_config/tasks/0/tools_config/transcriber/fallback")["fallback"] =
      boost::json::parse(R"({"provider": "deepgram"})");
  EXPECT_EQ(errors(),
            (Errors{{tools_path(".transcriber.fallback.provider"),
                     "unknown transcriber provider 'flite'; must be one of: deepgram, azure, "
                     "openai, sarvam, assembly, google, pixa, gladia, elevenlabs, smallest, "
                     "soniox, gemini, bodhi, pocketsphinx"},
                    {tools_path(".transcriber.fallback.fallback"),
                     "a fallback has no fallback of its own"},
                    {tools_path(".synthesizer.fallback.provider"),
                     "unknown synthesizer provider 'bodhi'; must be one of: deepgram, openai, "
                     "sarvam, pixa, elevenlabs, smallest, gemini, polly, azuretts, cartesia, rime, "
                     "maya, kalpa, flite, espeak"}}));
}

TEST_F(AgentErrors, AFallbackSynthesizerIsValidatedByTheSchemaToo) {
  object("/agent_config/tasks/0/tools_config/synthesizer")["fallback"] =
      boost::json::parse(R"({"provider": "cartesia", "provider_config": {}, "colour": "red"})");
  const Errors found = errors();
  ASSERT_FALSE(found.empty());
  for (const auto& error : found) {
    EXPECT_TRUE(error.path.starts_with(tools_path(".synthesizer.fallback"))) << error.path;
  }
}

TEST_F(AgentErrors, ProviderOfTheWrongKind) {
  field("/agent_config/tasks/0/tools_config/synthesizer/provider") = "twilio";
  field("/agent_config/tasks/0/tools_config/input/provider") = "deepgram";
  field(std::string(kLlmConfig) + "/provider") = "aws";
  EXPECT_EQ(errors(),
            (Errors{{tools_path(".synthesizer.provider"),
                     "unknown synthesizer provider 'twilio'; must be one of: deepgram, openai, "
                     "sarvam, pixa, elevenlabs, smallest, gemini, polly, azuretts, cartesia, rime, "
                     "maya, kalpa, flite, espeak"},
                    {tools_path(".input.provider"),
                     "unknown input provider 'deepgram'; must be one of: twilio, plivo, exotel, "
                     "vobiz, sip-trunk, freeswitch, default, database"},
                    {tools_path(".llm_agent.llm_config.provider"),
                     "unknown LLM provider 'aws'; must be one of: azure, openai, google, "
                     "anthropic, azure-openai, groq, together, deepseek, openrouter, fireworks, "
                     "deepinfra, perplexity, anyscale, cohere, ola, ollama, vllm, litellm, "
                     "custom, scripted"}}));
}

TEST_F(AgentErrors, WrongType) {
  field(std::string(kLlmConfig) + "/temperature") = "hot";
  field("/agent_config/tasks/0/tools_config/transcriber/stream") = "true";
  field("/agent_config/tasks") = boost::json::parse(R"([{"tools_config": [], "toolchain": 1}])");
  EXPECT_EQ(errors(), (Errors{{"$.agent_config.tasks[0].tools_config", "must be an object"},
                              {"$.agent_config.tasks[0].toolchain", "must be an object"}}));
  document_ = load_agent("simple_llm_agent");
  field(std::string(kLlmConfig) + "/temperature") = "hot";
  field("/agent_config/tasks/0/tools_config/transcriber/stream") = "true";
  EXPECT_EQ(
      errors(),
      (Errors{{tools_path(".transcriber.stream"), "must be a boolean"},
              {tools_path(".llm_agent.llm_config.temperature"), "must be a number or null"}}));
}

TEST_F(AgentErrors, BadEnum) {
  field("/agent_config/tasks/0/task_type") = "chat";
  field("/agent_config/tasks/0/toolchain/execution") = "serial";
  field("/agent_config/tasks/0/tools_config/llm_agent/agent_type") = "smart_agent";
  EXPECT_EQ(errors(),
            (Errors{{"$.agent_config.tasks[0].task_type",
                     "must be one of: conversation, extraction, summarization, notification, "
                     "webhook, null"},
                    {"$.agent_config.tasks[0].toolchain.execution",
                     "must be one of: parallel, sequential"},
                    {tools_path(".llm_agent.agent_type"),
                     "must be one of: simple_llm_agent, knowledgebase_agent, graph_agent, "
                     "llm_agent_graph, multiagent"}}));
}

TEST_F(AgentErrors, MissingRequiredField) {
  object("/agent_config").erase("agent_name");
  object("/agent_config/tasks/0/tools_config/synthesizer").erase("provider_config");
  object("/agent_config/tasks/0/tools_config/llm_agent").erase("agent_flow_type");
  EXPECT_EQ(errors(), (Errors{{"$.agent_config.agent_name", "is required"},
                              {tools_path(".llm_agent.agent_flow_type"), "is required"},
                              {tools_path(".synthesizer.provider_config"), "is required"}}));
}

TEST_F(AgentErrors, UnknownKeysAtEveryDepth) {
  document_.as_object()["agent_promts"] = boost::json::object();
  object("/agent_config")["agent_nme"] = "x";
  object(kTaskConfig)["hangup_after_silense"] = 5;
  object(kLlmConfig)["temprature"] = 0.3;
  object("/agent_config/tasks/0/tools_config/synthesizer/provider_config")["stability"] = 0.5;
  object("/agent_config/tasks/0/tools_config")["tool"] = 1;
  EXPECT_EQ(
      errors(),
      (Errors{{tools_path(".llm_agent.llm_config.temprature"),
               "unknown field 'temprature'; did you mean 'temperature'?"},
              {tools_path(".synthesizer.provider_config.stability"), "unknown field 'stability'"},
              {tools_path(".tool"), "unknown field 'tool'"},
              {"$.agent_config.tasks[0].task_config.hangup_after_silense",
               "unknown field 'hangup_after_silense'; did you mean 'hangup_after_silence'?"},
              {"$.agent_config.agent_nme", "unknown field 'agent_nme'; did you mean 'agent_name'?"},
              {"$.agent_promts", "unknown field 'agent_promts'; did you mean 'agent_prompts'?"}}));
}

TEST_F(AgentErrors, NullWhereNotAllowed) {
  field("/agent_config/agent_name") = nullptr;
  field("/agent_config/tasks/0/tools_config/transcriber/stream") = nullptr;
  field(kTaskConfig) = nullptr;
  field(std::string(kLlmConfig) + "/temperature") = nullptr;  // Optional in Bolna: allowed
  EXPECT_EQ(errors(), (Errors{{"$.agent_config.agent_name", "must be a string"},
                              {tools_path(".transcriber.stream"), "must be a boolean"},
                              {"$.agent_config.tasks[0].task_config", "must be an object"}}));
}

TEST_F(AgentErrors, OutOfRangeNumbers) {
  field(std::string(kLlmConfig) + "/temperature") = 2.5;
  field(std::string(kLlmConfig) + "/top_p") = 1.5;
  field(std::string(kLlmConfig) + "/max_tokens") = 0;
  field("/agent_config/tasks/0/tools_config/transcriber/endpointing") = -1;
  field("/agent_config/tasks/0/tools_config/transcriber/sampling_rate") = 12345;
  field(std::string(kTaskConfig) + "/hangup_after_silence") = -3;
  EXPECT_EQ(
      errors(),
      (Errors{{tools_path(".transcriber.sampling_rate"),
               "must be one of: 8000, 16000, 22050, 24000, 32000, 44100, 48000, null"},
              {tools_path(".transcriber.endpointing"), "must be at least 0"},
              {tools_path(".llm_agent.llm_config.max_tokens"), "must be greater than 0"},
              {tools_path(".llm_agent.llm_config.temperature"), "must be at most 2"},
              {tools_path(".llm_agent.llm_config.top_p"), "must be at most 1"},
              {"$.agent_config.tasks[0].task_config.hangup_after_silence", "must be at least 0"}}));
}

TEST_F(AgentErrors, PromptForAMissingTask) {
  object("/agent_prompts")["task_2"] = boost::json::parse(R"({"system_prompt": "x"})");
  object("/agent_prompts")["prompt_3"] = boost::json::parse(R"({"system_prompt": "x"})");
  object("/agent_prompts/task_1")["user_prompt"] = "x";
  object("/agent_prompts")["task_99999999999999999999999"] = boost::json::object();
  EXPECT_EQ(errors(),
            (Errors{{"$.agent_prompts.prompt_3",
                     "field name 'prompt_3' must match the pattern ^task_[1-9][0-9]*$"},
                    {"$.agent_prompts.task_1.user_prompt", "unknown field 'user_prompt'"},
                    {"$.agent_prompts.task_2", "there is no task 2; the agent has 1 task"},
                    {"$.agent_prompts.task_99999999999999999999999",
                     "there is no task 99999999999999999999999; the agent has 1 task"}}));
}

TEST_F(AgentErrors, FirstTaskMustBeAConversation) {
  field("/agent_config/tasks/0/task_type") = "summarization";
  EXPECT_EQ(errors(), (Errors{{"$.agent_config.tasks[0].task_type",
                               "the first task must be a conversation task"}}));
  field("/agent_config/tasks") = boost::json::array();
  EXPECT_EQ(errors(),
            (Errors{{"$.agent_config.tasks", "must not be empty"},
                    {"$.agent_prompts.task_1", "there is no task 1; the agent has 0 tasks"}}));
}

TEST_F(AgentErrors, PipelineUsesAToolThatIsNotSet) {
  field("/agent_config/tasks/0/tools_config/synthesizer") = nullptr;
  EXPECT_EQ(errors(), (Errors{{"$.agent_config.tasks[0].toolchain.pipelines[0][2]",
                               "the pipeline uses synthesizer but tools_config.synthesizer is not "
                               "set"}}));
}

TEST_F(AgentErrors, ElevenLabsNeedsVoiceAndVoiceId) {
  field("/agent_config/tasks/0/tools_config/synthesizer/provider_config/voice_id") = "";
  object("/agent_config/tasks/0/tools_config/synthesizer/provider_config").erase("voice");
  EXPECT_EQ(errors(),
            (Errors{{tools_path(".synthesizer.provider_config.voice"), "is required"},
                    {tools_path(".synthesizer.provider_config.voice_id"), "must not be empty"}}));
}

TEST_F(AgentErrors, ToolsAsJsonTextMustParse) {
  object("/agent_config/tasks/0/tools_config")["api_tools"] = boost::json::parse(
      R"({"tools": "[{\"name\": \"book\", \"description\": \"Book\"}]", "tools_params": {}})");
  EXPECT_EQ(
      errors(),
      (Errors{
          {tools_path(".api_tools.tools"), "in the JSON text, [0].parameters is required"},
          {tools_path(".api_tools.tools_params.book"), "is missing: say which URL runs 'book'"}}));
  field("/agent_config/tasks/0/tools_config/api_tools/tools") = "[{\"name\": ";
  EXPECT_EQ(errors(), (Errors{{tools_path(".api_tools.tools"),
                               "must be JSON text of a list of function definitions"}}));
}

TEST_F(AgentErrors, EveryToolNeedsAWayToRun) {
  object("/agent_config/tasks/0/tools_config")["api_tools"] = boost::json::parse(R"({
      "tools": [{"name": "book", "description": "Book", "parameters": {}},
                {"name": "transfer_call", "description": "To a person", "parameters": {}}],
      "tools_params": {"book": {"method": "POST"}}})");
  EXPECT_EQ(
      errors(),
      (Errors{{tools_path(".api_tools.tools_params.book.url"), "is required to run 'book'"}}));
  object("/agent_config/tasks/0/tools_config/api_tools/tools_params/book")["url"] =
      "file:///etc/passwd";
  EXPECT_EQ(errors(), (Errors{{tools_path(".api_tools.tools_params.book.url"),
                               "must be an http:// or https:// URL"}}));
  field("/agent_config/tasks/0/tools_config/api_tools/tools_params/book/url") =
      "https://example.com/book";
  EXPECT_EQ(errors(), Errors{});  // transfer_call needs no tools_params
}

TEST_F(AgentErrors, ATransferToolsNumberIsAnE164NumberOrASipUri) {
  // Bolna gives a transfer tool its number in param: an object, or JSON text of one.
  object("/agent_config/tasks/0/tools_config")["api_tools"] = boost::json::parse(R"({
      "tools": [{"name": "transfer_call", "description": "To a person", "parameters": {}},
                {"name": "transfer_call_sales", "description": "To sales", "parameters": {}}],
      "tools_params": {
        "transfer_call": {"param": {"call_transfer_number": "+19876543210"}},
        "transfer_call_sales": {"url": "https://example.com/transfer", "method": "POST",
          "param": "{\"call_transfer_number\":\"sip:sales@example.com\",\"call_sid\":\"%(call_sid)s\"}"}}})");
  EXPECT_EQ(errors(), Errors{});
  const std::string params = "/agent_config/tasks/0/tools_config/api_tools/tools_params";
  const std::string number = params + "/transfer_call/param/call_transfer_number";
  field(number) = "%(call_transfer_number)s";  // a template: the model gives the number
  EXPECT_EQ(errors(), Errors{});

  const std::string path =
      tools_path(".api_tools.tools_params.transfer_call.param.call_transfer_number");
  for (const char* bad : {"9876543210", "+1 987 654 3210", "+0123456789", "+12", "call me"}) {
    field(number) = bad;
    EXPECT_EQ(errors(), (Errors{{path, "'" + std::string(bad) +
                                           "' is not an E.164 number ('+' and 7 to 15 digits, "
                                           "the first not 0, e.g. +14155550100) nor a sip: URI"}}))
        << bad;
  }
  field(number) = 19876543210;
  EXPECT_EQ(errors(), (Errors{{path,
                               "must be a string: an E.164 number such as +14155550100, "
                               "or a sip: URI"}}));
  field(number) = nullptr;
  EXPECT_EQ(errors(), Errors{}) << "no number of its own: the model gives one";
  field(params + "/transfer_call_sales/param") =
      R"({"call_transfer_number": "sip:bad address@example.com"})";
  EXPECT_EQ(errors(),
            (Errors{{tools_path(".api_tools.tools_params.transfer_call_sales.param."
                                "call_transfer_number"),
                     "'sip:bad address@example.com' is not an E.164 number ('+' and 7 to 15 "
                     "digits, the first not 0, e.g. +14155550100) nor a sip: URI"}}));
}

TEST_F(AgentErrors, ReasoningEffortTheModelDoesNotSupport) {
  field(std::string(kLlmConfig) + "/model") = "openai/gpt-5";
  object(kLlmConfig)["reasoning_effort"] = "none";
  EXPECT_EQ(errors(), (Errors{{tools_path(".llm_agent.llm_config.reasoning_effort"),
                               "'none' is not supported by model 'gpt-5'; must be one of: "
                               "minimal, low, medium, high"}}));
  field(std::string(kLlmConfig) + "/model") = "claude-sonnet-4";  // only GPT models are checked
  EXPECT_EQ(errors(), Errors{});
}

TEST_F(AgentErrors, NonObjectTopLevel) {
  for (std::string_view text : {"[]", "null", "\"agent\"", "42"}) {
    EXPECT_EQ(errors_of(boost::json::parse(text)), (Errors{{"$", "must be an object"}})) << text;
  }
  EXPECT_EQ(errors_of(boost::json::parse("{}")), (Errors{{"$.agent_config", "is required"}}));
}

TEST_F(AgentErrors, ManyErrorsAtOnce) {
  field("/agent_config/agent_name") = "";
  field("/agent_config/tasks/0/tools_config/transcriber/provider") = "nope";
  field(std::string(kLlmConfig) + "/temperature") = 9;
  field("/agent_config/tasks/0/tools_config/output/format") = 1;
  object(kTaskConfig)["number_of_words_for_interruption"] = "2";
  object("/agent_prompts")["task_9"] = boost::json::object();
  EXPECT_EQ(errors(),
            (Errors{{"$.agent_config.agent_name", "must not be empty"},
                    {tools_path(".output.format"), "must be a string or null"},
                    {tools_path(".llm_agent.llm_config.temperature"), "must be at most 2"},
                    {"$.agent_config.tasks[0].task_config.number_of_words_for_interruption",
                     "must be an integer or null"},
                    {tools_path(".transcriber.provider"),
                     "unknown transcriber provider 'nope'; must be one of: deepgram, "
                     "azure, openai, sarvam, assembly, google, pixa, gladia, elevenlabs, "
                     "smallest, soniox, gemini, bodhi, pocketsphinx"},
                    {"$.agent_prompts.task_9", "there is no task 9; the agent has 1 task"}}));
}

TEST_F(AgentErrors, BlankName) {
  field("/agent_config/agent_name") = "   ";
  EXPECT_EQ(errors(), (Errors{{"$.agent_config.agent_name", "must not be blank"}}));
  field("/agent_config/agent_name") = std::string(201, 'a');
  EXPECT_EQ(errors(),
            (Errors{{"$.agent_config.agent_name", "must be at most 200 characters long"}}));
}

TEST_F(AgentErrors, LongUserTextIsClippedInMessages) {
  const std::string key(100000, 'k');
  object("/agent_config")[key] = 1;
  field("/agent_config/tasks/0/tools_config/synthesizer/provider") = std::string(500, 'p');
  const Errors found = errors();
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].path, "$.agent_config." + key) << "paths stay exact";
  EXPECT_EQ(found[0].message, "unknown field '" + std::string(60, 'k') + "…'");
  EXPECT_EQ(
      found[1].message.rfind("unknown synthesizer provider '" + std::string(60, 'p') + "…';", 0),
      0u);
}

}  // namespace
}  // namespace ovos::agents
