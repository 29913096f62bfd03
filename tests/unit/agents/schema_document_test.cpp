// Properties of the agent schema document itself, which is also served in the OpenAPI document.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <set>
#include <string>

#include "agents/agent_validator.h"

namespace ovos::agents {
namespace {

namespace json = boost::json;

// Visits every subschema with its location ("#/$defs/Task/properties/toolchain"), except the
// if/then/else fragments, which only add constraints to fields defined elsewhere.
template <typename Visit>
void walk(const json::value& schema, const std::string& where, const Visit& visit) {
  const json::object* keywords = schema.if_object();
  if (keywords == nullptr) return;
  visit(*keywords, where);
  for (const char* map : {"properties", "$defs"}) {
    if (const json::value* members = keywords->if_contains(map)) {
      for (const auto& m : members->as_object()) {
        walk(m.value(), where + "/" + map + "/" + std::string(m.key()), visit);
      }
    }
  }
  for (const char* single : {"additionalProperties", "items", "not", "propertyNames"}) {
    if (const json::value* sub = keywords->if_contains(single)) {
      walk(*sub, where + "/" + single, visit);
    }
  }
  for (const char* list : {"allOf", "anyOf", "oneOf", "prefixItems"}) {
    if (const json::value* subs = keywords->if_contains(list)) {
      for (std::size_t i = 0; i < subs->as_array().size(); ++i) {
        walk(subs->as_array()[i], where + "/" + list + "/" + std::to_string(i), visit);
      }
    }
  }
}

const json::value& schema() {
  static const json::value parsed = json::parse(agent_schema_json());
  return parsed;
}

TEST(AgentSchemaDocument, EveryObjectWithPropertiesRefusesUnknownKeys) {
  // Bolna declares extra="allow" on exactly these two; everything else is closed.
  const std::set<std::string> open = {"#/$defs/RagConfig", "#/$defs/LanceDBProviderConfig"};
  int closed = 0;
  walk(schema(), "#", [&](const json::object& s, const std::string& where) {
    const json::value* type = s.if_contains("type");
    const bool declares_properties = s.contains("properties");
    if (!declares_properties || (type == nullptr)) return;  // if/then fragments
    const json::value* additional = s.if_contains("additionalProperties");
    ASSERT_NE(additional, nullptr) << where;
    EXPECT_EQ(additional->as_bool(), open.contains(where)) << where;
    ++closed;
  });
  EXPECT_GT(closed, 40);
}

TEST(AgentSchemaDocument, EveryFieldAndDefinitionIsDescribed) {
  walk(schema(), "#", [](const json::object& s, const std::string& where) {
    if (const json::value* properties = s.if_contains("properties");
        properties && s.contains("type")) {
      for (const auto& p : properties->as_object()) {
        EXPECT_TRUE(p.value().as_object().contains("description")) << where << "/" << p.key();
      }
    }
  });
  for (const auto& def : schema().at("$defs").as_object()) {
    EXPECT_TRUE(def.value().as_object().contains("description")) << def.key();
  }
}

TEST(AgentSchemaDocument, DefaultsMatchBolnasModels) {
  const json::object& conversation =
      schema().at("$defs").at("ConversationConfig").at("properties").as_object();
  EXPECT_EQ(conversation.at("hangup_after_silence").at("default"), 20);
  EXPECT_EQ(conversation.at("incremental_delay").at("default"), 900);
  EXPECT_EQ(conversation.at("number_of_words_for_interruption").at("default"), 1);
  const json::object& transcriber =
      schema().at("$defs").at("Transcriber").at("properties").as_object();
  EXPECT_EQ(transcriber.at("endpointing").at("default"), 500);
  EXPECT_EQ(transcriber.at("provider").at("default"), "deepgram");
}

}  // namespace
}  // namespace ovos::agents
