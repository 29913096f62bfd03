#include "agents/agent_validator.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <fstream>
#include <sstream>

#include "unit/agents/agent_test_util.h"

namespace ovos::agents {
namespace {

using testing::at;
using testing::describe;
using testing::errors_of;
using testing::load_agent;

class ExampleAgent : public ::testing::TestWithParam<const char*> {};

TEST_P(ExampleAgent, ValidatesUnchanged) {
  const boost::json::value document = load_agent(GetParam());
  const auto result = validate_agent(document);
  ASSERT_TRUE(result.ok()) << describe(result.error().fields);
  EXPECT_EQ(result->document, document.as_object()) << "the document is kept as given";
}

INSTANTIATE_TEST_SUITE_P(BolnaExamples, ExampleAgent,
                         ::testing::Values("simple_llm_agent", "function_calling_agent",
                                           "graph_agent", "knowledgebase_agent", "local_agent",
                                           "speech_to_speech_agent", "bolna_docs_agent",
                                           "bolna_repo_api_agent"));

TEST(ValidateAgent, ReturnsNameAndType) {
  auto result = validate_agent(load_agent("function_calling_agent"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->name, "An agent with routes");
  EXPECT_EQ(result->agent_type, "Lead Qualification");
  result = validate_agent(load_agent("local_agent"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->name, "Offline demo");
  EXPECT_EQ(result->agent_type, "other") << "Bolna's default agent_type";
}

TEST(ValidateAgent, AcceptsEveryBolnaProviderName) {
  struct Case {
    const char* pointer;
    std::vector<const char*> names;
  };
  const std::vector<Case> cases = {
      {"/agent_config/tasks/0/tools_config/transcriber/provider",
       {"deepgram", "azure", "sarvam", "assembly", "google", "pixa", "gladia", "elevenlabs",
        "smallest", "openai", "soniox", "gemini"}},
      {"/agent_config/tasks/0/tools_config/llm_agent/llm_config/provider",
       {"openai", "cohere", "ollama", "deepinfra", "together", "fireworks", "azure-openai",
        "perplexity", "vllm", "anyscale", "custom", "ola", "groq", "anthropic", "deepseek",
        "openrouter", "azure", "google"}},
      {"/agent_config/tasks/0/tools_config/input/provider",
       {"twilio", "exotel", "plivo", "vobiz", "sip-trunk", "freeswitch", "default", "database"}},
  };
  for (const Case& c : cases) {
    for (const char* name : c.names) {
      boost::json::value document = load_agent("simple_llm_agent");
      at(document, c.pointer) = name;
      EXPECT_EQ(describe(errors_of(document)), "") << c.pointer << " = " << name;
    }
  }
  // Each synthesizer with the provider_config shape Bolna defines for it.
  const std::vector<std::pair<const char*, const char*>> voices = {
      {"polly", R"({"voice":"Joanna","engine":"neural","language":"en-US"})"},
      {"openai", R"({"voice":"alloy","model":"tts-1"})"},
      {"deepgram", R"({"voice_id":"aura-asteria-en","voice":"Asteria","model":"aura-asteria-en"})"},
      {"azuretts", R"({"voice":"en-US-JennyNeural","model":"neural","language":"en-US"})"},
      {"cartesia", R"({"voice":"v","voice_id":"id","model":"sonic-2","language":"en","speed":1})"},
      {"smallest", R"({"voice":"v","voice_id":"id","model":"lightning","language":"en"})"},
      {"sarvam", R"({"voice":"v","voice_id":"id","model":"bulbul:v2","language":"hi-IN"})"},
      {"rime", R"({"voice":"v","voice_id":"id","model":"mist","language":"en"})"},
      {"pixa", R"({"voice":"v","voice_id":"id","model":"m","language":"hi","top_p":0.9})"},
      {"maya", R"({"voice":"Ananya","voice_id":"Ananya","model":"m","language":"en-IN"})"},
      {"kalpa", R"({})"},
      {"gemini",
       R"({"voice":"Kore","voice_id":"Kore","model":"m","language":"en","style":"calm"})"},
      {"espeak", R"({"voice":"en-us","speed":1.2})"},
  };
  for (const auto& [provider, config] : voices) {
    boost::json::value document = load_agent("simple_llm_agent");
    at(document, "/agent_config/tasks/0/tools_config/synthesizer/provider") = provider;
    at(document, "/agent_config/tasks/0/tools_config/synthesizer/provider_config") =
        boost::json::parse(config);
    EXPECT_EQ(describe(errors_of(document)), "") << provider;
  }
}

TEST(AgentSchema, IsServedAndCompiled) {
  const std::string_view text = agent_schema_json();
  ASSERT_FALSE(text.empty());
  const auto schema = boost::json::parse(text);
  EXPECT_EQ(schema.at("$schema"), "https://json-schema.org/draft/2020-12/schema");
  EXPECT_TRUE(schema.at("$defs").as_object().contains("ConversationConfig"));
  std::ifstream file(std::string(OVOS_AGENTS_TEST_DATA) +
                     "/../../../../src/agents/schema/agent.schema.json");
  std::stringstream on_disk;
  on_disk << file.rdbuf();
  EXPECT_EQ(text, on_disk.str()) << "the binary embeds the file byte for byte";
}

}  // namespace
}  // namespace ovos::agents

namespace ovos::agents {
namespace {

// Replaces every value of every example, one at a time, with values of each other type: the
// validator must never crash, must report each broken document with paths inside it, and stays
// within its cap.
void collect_pointers(const boost::json::value& node, const std::string& pointer,
                      std::vector<std::string>& out) {
  out.push_back(pointer);
  if (const auto* object = node.if_object()) {
    for (const auto& member : *object) {
      collect_pointers(member.value(), pointer + "/" + std::string(member.key()), out);
    }
  } else if (const auto* array = node.if_array()) {
    for (std::size_t i = 0; i < array->size(); ++i) {
      collect_pointers((*array)[i], pointer + "/" + std::to_string(i), out);
    }
  }
}

TEST_P(ExampleAgent, SurvivesEveryValueReplacedByAnotherType) {
  const boost::json::value original = load_agent(GetParam());
  const std::vector<boost::json::value> replacements = {nullptr, -1.5, "x", boost::json::object(),
                                                        boost::json::parse(R"([{"id": 1}])")};
  std::vector<std::string> pointers;
  collect_pointers(original, "", pointers);
  std::size_t documents = 0;
  std::size_t rejected = 0;
  for (const std::string& pointer : pointers) {
    boost::json::value document = original;
    boost::json::value& node = at(document, pointer);
    for (const boost::json::value& replacement : replacements) {
      node = replacement;
      const auto result = validate_agent(document);
      ++documents;
      if (result.ok()) continue;
      ++rejected;
      ASSERT_LE(result.error().fields.size(), 100u);
      for (const auto& error : result.error().fields) {
        ASSERT_EQ(error.path.rfind("$", 0), 0u) << error.path;
        ASSERT_FALSE(error.message.empty()) << error.path;
      }
    }
  }
  EXPECT_GT(rejected, documents / 2) << "most type changes must be caught";
}

}  // namespace
}  // namespace ovos::agents
