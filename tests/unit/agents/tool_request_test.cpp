// Bolna api_tools: reading them from the agent, filling templates, building the HTTP request.
#include "agents/tools/tool_request.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <iterator>

#include "agents/tools/tool_spec.h"
#include "agents/tools/tool_template.h"

namespace ovos::agents::tools {
namespace {

namespace json = boost::json;

json::object obj(std::string_view text) {
  return json::parse(text).as_object();
}

std::string header(const net::HttpClientRequest& r, std::string_view name) {
  for (const auto& h : r.headers) {
    if (h.name == name) return h.value;
  }
  return "<none>";
}

TEST(ToolTemplateTest, FillsPythonPlaceholdersWithEscaping) {
  const json::object values = obj(R"({"name":"Ann \"A\" O'Neil","id":42,"price":9.5})");
  EXPECT_EQ(*fill_template("id=%(id)d name=%(name)s 100%%", values, TemplateEscape::kNone),
            "id=42 name=Ann \"A\" O'Neil 100%");
  EXPECT_EQ(*fill_template(R"({"n":"%(name)s"})", values, TemplateEscape::kJson),
            R"({"n":"Ann \"A\" O'Neil"})");
  EXPECT_EQ(*fill_template("q=%(name)s", values, TemplateEscape::kUrl),
            "q=Ann%20%22A%22%20O%27Neil");
  EXPECT_EQ(*fill_template("%(price)d", values, TemplateEscape::kNone), "9");
  EXPECT_EQ(*fill_template("%(price)s", values, TemplateEscape::kNone), "9.5");
  EXPECT_EQ(*fill_template("50% off, %(x", values, TemplateEscape::kNone), "50% off, %(x");
}

TEST(ToolTemplateTest, AMissingValueIsNamed) {
  const auto r = fill_template("%(date)s", {}, TemplateEscape::kNone);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.error().fields.size(), 1u);
  EXPECT_EQ(r.error().fields[0].path, "date");
}

TEST(ToolTemplateTest, WholePlaceholder) {
  EXPECT_EQ(whole_placeholder("%(id)d"), "id");
  EXPECT_EQ(whole_placeholder("x%(id)d"), "");
  EXPECT_EQ(whole_placeholder("%(id)d "), "");
}

const char* kApiTools = R"({
  "tools": [
    {"type": "function", "function": {"name": "check_slots", "description": "Free slots",
      "parameters": {"type": "object", "properties": {"date": {"type": "string"}}}}},
    {"name": "book", "description": "Book", "parameters": {"type": "object", "properties": {}}},
    {"name": "transfer_call_support", "description": "To a person",
      "parameters": {"type": "object", "properties": {}}}
  ],
  "tools_params": {
    "check_slots": {"url": "http://h/slots?user=%(user_id)s", "method": "get",
                    "param": "date=%(date)s", "api_token": "sk-1",
                    "pre_call_message": {"en": "Let me check.", "fr": "Je regarde."}},
    "book": {"url": "https://h/book", "method": "POST",
             "param": {"slot": "%(slot)s", "count": "%(count)d", "note": "for %(name)s"},
             "headers": {"X-Tenant": "%(tenant)s"}, "api_token": "Token abc"},
    "transfer_call_support": {"param": {"call_transfer_number": "+15550100"}}
  }})";

TEST(ToolSpecTest, ReadsBolnaApiTools) {
  const json::value api_tools = json::parse(kApiTools);
  auto specs = parse_api_tools(&api_tools, "fr", "$.api_tools");
  ASSERT_TRUE(specs.ok()) << specs.error().message;
  ASSERT_EQ(specs->size(), 4u);  // plus end_call
  const ToolSpec* slots = find_tool(*specs, "check_slots");
  ASSERT_NE(slots, nullptr);
  EXPECT_EQ(slots->kind, ToolKind::kHttp);
  EXPECT_EQ(slots->method, "GET");
  EXPECT_EQ(slots->pre_call_message, "Je regarde.");
  EXPECT_EQ(json::parse(slots->definition.parameters_json).at("properties").as_object().size(), 1u);
  EXPECT_EQ(find_tool(*specs, "transfer_call_support")->kind, ToolKind::kTransfer);
  EXPECT_EQ(find_tool(*specs, "transfer_call_support")->transfer_number, "+15550100");
  EXPECT_EQ(find_tool(*specs, "end_call")->kind, ToolKind::kEndCall);
}

TEST(ToolSpecTest, ToolsMayBeJsonText) {
  json::object api_tools = obj(kApiTools);
  api_tools["tools"] = json::serialize(api_tools["tools"]);
  const json::value value = api_tools;
  auto specs = parse_api_tools(&value, "en", "$");
  ASSERT_TRUE(specs.ok()) << specs.error().message;
  EXPECT_EQ(find_tool(*specs, "check_slots")->pre_call_message, "Let me check.");
}

TEST(ToolSpecTest, ATransferNumberMayBeInParamGivenAsJsonText) {
  // As Bolna's function-calling example writes it: param as JSON text with a template beside.
  json::object api_tools = obj(kApiTools);
  auto& transfer = api_tools["tools_params"].as_object()["transfer_call_support"].as_object();
  transfer["param"] = R"({"call_transfer_number":"+19876543210","call_sid":"%(call_sid)s"})";
  json::value value = api_tools;
  auto specs = parse_api_tools(&value, "en", "$");
  ASSERT_TRUE(specs.ok()) << specs.error().fields.at(0).message;
  EXPECT_EQ(find_tool(*specs, "transfer_call_support")->transfer_number, "+19876543210");
  // A template is the model's to fill: no number of the tool's own.
  transfer["param"] = json::object{{"call_transfer_number", "%(call_transfer_number)s"}};
  value = api_tools;
  specs = parse_api_tools(&value, "en", "$");
  ASSERT_TRUE(specs.ok()) << specs.error().fields.at(0).message;
  EXPECT_EQ(find_tool(*specs, "transfer_call_support")->transfer_number, "");
  // Param text that is no JSON object holds no number (Bolna's %(x)d templates are not JSON).
  transfer["param"] = "number=%(n)d";
  value = api_tools;
  specs = parse_api_tools(&value, "en", "$");
  ASSERT_TRUE(specs.ok()) << specs.error().fields.at(0).message;
  EXPECT_EQ(find_tool(*specs, "transfer_call_support")->transfer_number, "");
}

TEST(ToolSpecTest, NoToolsStillOffersEndCall) {
  auto specs = parse_api_tools(nullptr, "en", "$");
  ASSERT_TRUE(specs.ok());
  ASSERT_EQ(specs->size(), 1u);
  EXPECT_EQ((*specs)[0].definition.name, "end_call");
}

TEST(ToolSpecTest, BadToolsAreRefusedWithTheField) {
  const auto error_path = [](std::string_view text) {
    const json::value v = json::parse(text);
    auto specs = parse_api_tools(&v, "en", "$.t");
    return specs.ok() ? std::string("ok") : specs.error().fields.at(0).path;
  };
  EXPECT_EQ(
      error_path(R"({"tools":[{"name":"a","description":"","parameters":{}}],"tools_params":{}})"),
      "$.t.tools_params.a");
  EXPECT_EQ(error_path(R"({"tools":[{"name":"a","description":"","parameters":{}}],
                           "tools_params":{"a":{"url":"ftp://x"}}})"),
            "$.t.tools_params.a.url");
  EXPECT_EQ(error_path(R"({"tools":[{"name":"a","description":"","parameters":{}}],
                           "tools_params":{"a":{"method":"GET"}}})"),
            "$.t.tools_params.a.url");
  EXPECT_EQ(error_path(R"({"tools":[{"name":"a","description":"","parameters":{}}],
                           "tools_params":{"a":{"url":"http://x","headers":"[1]"}}})"),
            "$.t.tools_params.a.headers");
  EXPECT_EQ(error_path(R"({"tools":"not json","tools_params":{}})"), "$.t.tools");
  EXPECT_EQ(error_path(R"({"tools":[{"name":"a","description":"","parameters":{}},
                                    {"name":"a","description":"","parameters":{}}],
                           "tools_params":{"a":{"url":"http://x"}}})"),
            "$.t.tools[1]");
  EXPECT_EQ(error_path(R"({"tools":[{"name":"transfer_call","description":"","parameters":{}}],
                           "tools_params":{"transfer_call":{"param":{"call_transfer_number":"5"}}}})"),
            "$.t.tools_params.transfer_call.param.call_transfer_number");
}

TEST(ToolRequestTest, GetPutsTheTemplateInTheQuery) {
  const json::value api_tools = json::parse(kApiTools);
  auto specs = parse_api_tools(&api_tools, "en", "$");
  auto request = build_tool_request(*find_tool(*specs, "check_slots"), obj(R"({"date":"May 3"})"),
                                    {{"user_id", "u 1"}});
  ASSERT_TRUE(request.ok()) << request.error().message;
  EXPECT_EQ(request->method, "GET");
  EXPECT_EQ(request->url, "http://h/slots?user=u%201&date=May%203");
  EXPECT_EQ(header(*request, "Authorization"), "Bearer sk-1");
  EXPECT_TRUE(request->body.empty());
}

TEST(ToolRequestTest, PostFillsAnObjectKeepingTypes) {
  const json::value api_tools = json::parse(kApiTools);
  auto specs = parse_api_tools(&api_tools, "en", "$");
  auto request =
      build_tool_request(*find_tool(*specs, "book"),
                         obj(R"({"slot":"10:00","count":2,"name":"Bo"})"), {{"tenant", "acme"}});
  ASSERT_TRUE(request.ok()) << request.error().message;
  EXPECT_EQ(json::parse(request->body),
            json::parse(R"({"slot":"10:00","count":2,"note":"for Bo"})"));
  EXPECT_EQ(header(*request, "Content-Type"), "application/json");
  EXPECT_EQ(header(*request, "Authorization"), "Token abc");
  EXPECT_EQ(header(*request, "X-Tenant"), "acme");
}

TEST(ToolRequestTest, ArgumentsOverrideCallVariables) {
  ToolSpec spec;
  spec.url = "http://h/x";
  spec.param = "{\"who\":\"%(name)s\"}";
  auto request = build_tool_request(spec, obj(R"({"name":"\"},\"admin\":true,\"x\":\""})"),
                                    {{"name", "variable"}});
  ASSERT_TRUE(request.ok());
  // The model's text is escaped: it cannot add fields to the JSON body.
  const json::value body = json::parse(request->body);
  EXPECT_EQ(body.as_object().size(), 1u);
  EXPECT_EQ(body.at("who").as_string(), "\"},\"admin\":true,\"x\":\"");
}

TEST(ToolRequestTest, NoParamSendsTheArguments) {
  ToolSpec spec;
  spec.url = "http://h/x";
  auto post = build_tool_request(spec, obj(R"({"a":1})"), {});
  EXPECT_EQ(post->body, R"({"a":1})");
  spec.method = "GET";
  auto get = build_tool_request(spec, obj(R"({"a":"b c"})"), {});
  EXPECT_EQ(get->url, "http://h/x?a=b%20c");
}

TEST(ToolRequestTest, AMissingArgumentIsAnError) {
  ToolSpec spec;
  spec.url = "http://h/x/%(id)s";
  const auto request = build_tool_request(spec, {}, {});
  ASSERT_FALSE(request.ok());
  EXPECT_EQ(request.error().fields.at(0).path, "id");
}

}  // namespace
}  // namespace ovos::agents::tools

namespace ovos::agents::tools {
namespace {

// Bolna's own worked examples (tests/unit/agents/data) read as tools the engine can run.
TEST(ToolSpecTest, ReadsBolnaExamples) {
  for (const char* name : {"function_calling_agent.json", "graph_agent.json"}) {
    std::ifstream in(std::string(OVOS_AGENTS_TEST_DATA) + "/" + name);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const json::value document = json::parse(text);
    const json::value& api_tools =
        document.at("agent_config").at("tasks").at(0).at("tools_config").at("api_tools");
    auto specs = parse_api_tools(&api_tools, "en", "$");
    ASSERT_TRUE(specs.ok()) << name << ": " << specs.error().fields.at(0).path << " "
                            << specs.error().fields.at(0).message;
    EXPECT_GE(specs->size(), 2u) << name;
    for (const ToolSpec& spec : *specs) {
      if (spec.kind == ToolKind::kHttp) {
        EXPECT_FALSE(spec.url.empty()) << spec.definition.name;
      }
    }
  }
}

}  // namespace
}  // namespace ovos::agents::tools
