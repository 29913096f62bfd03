// Agents: Bolna-compatible documents in, validated strictly, stored per user.
#include "api_fixture.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;
using AgentsApiTest = ApiTest;
OVOS_API_TEST_SUITE(AgentsApiTest);

TEST_P(AgentsApiTest, ANewUserStartsWithTheDemoReceptionist) {
  const std::string alice = register_user("alice@example.com");
  const std::string bob = register_user("bob@example.com");
  const auto list = http_->get("/v1/agents", alice);
  ASSERT_EQ(list.status, 200);
  const json::value listed = list.json();
  ASSERT_EQ(listed.at("total"), 1) << list.body;
  const auto& item = listed.at("items").at(0);
  EXPECT_EQ(item.at("name"), "Demo receptionist");
  const std::string id(item.at("id").as_string());
  const auto agent = http_->get("/v1/agents/" + id, alice);
  ASSERT_EQ(agent.status, 200);
  const json::value document = agent.json();
  const auto& tools = document.at("agent_config").at("tasks").at(0).at("tools_config");
  EXPECT_EQ(tools.at("llm_agent").at("agent_type"), "graph_agent");
  EXPECT_EQ(tools.at("transcriber").at("provider"), "pocketsphinx");
  EXPECT_EQ(tools.at("synthesizer").at("provider"), "flite");
  // It is an ordinary agent of hers: it validates back, and it can take a call with no key.
  const json::object back{{"agent_config", document.at("agent_config")},
                          {"agent_prompts", document.at("agent_prompts")}};
  EXPECT_EQ(http_->put("/v1/agents/" + id, back, alice).status, 200);
  EXPECT_EQ(http_->post("/v1/agents/" + id + "/web-call-tokens", json::object{}, alice).status,
            201);
  // Each user has their own copy.
  const auto bobs = http_->get("/v1/agents", bob).json();
  ASSERT_EQ(bobs.at("total"), 1);
  EXPECT_EQ(bobs.at("items").at(0).at("name"), "Demo receptionist");
  EXPECT_NE(bobs.at("items").at(0).at("id"), item.at("id"));
  EXPECT_EQ(http_->get("/v1/agents/" + id, bob).status, 404);
}

TEST_P(AgentsApiTest, AWebCallTicketCheckedAtIssueSaysWhyTheCallWouldBeRefused) {
  const std::string token = register_user("a@example.com");
  // Deepgram, OpenAI and ElevenLabs, and no key stored for any of them.
  const std::string cloud = create_agent(token, "Cloud");
  const std::string path = "/v1/agents/" + cloud + "/web-call-tokens";
  const auto refused = http_->post(path + "?check=true", json::object{}, token);
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.header("content-type"), "application/problem+json");
  const json::value problem = refused.json();
  const auto& errors = problem.at("errors").as_array();
  ASSERT_FALSE(errors.empty()) << refused.body;
  const std::string first(errors.at(0).at("path").as_string());
  EXPECT_TRUE(first.starts_with("$.agent_config.tasks[0].tools_config.")) << refused.body;
  EXPECT_NE(refused.body.find("key"), std::string::npos) << refused.body;
  // Without the check the ticket is issued as before (the upgrade refuses it later).
  EXPECT_EQ(http_->post(path, json::object{}, token).status, 201);
  EXPECT_EQ(http_->post(path + "?check=false", json::object{}, token).status, 201);
  const auto bad = http_->post(path + "?check=yes", json::object{}, token);
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.json().at("errors").at(0).at("path"), "query.check");
  // The demo receptionist runs on this server alone: its checked ticket is issued.
  const auto agents = http_->get("/v1/agents?q=Demo", token).json();
  const std::string demo(agents.at("items").at(0).at("id").as_string());
  const auto issued =
      http_->post("/v1/agents/" + demo + "/web-call-tokens?check=true", json::object{}, token);
  ASSERT_EQ(issued.status, 201) << issued.body;
  EXPECT_TRUE(issued.json().at("url").as_string().starts_with("/v1/agents/" + demo + "/web-call"));
}

TEST_P(AgentsApiTest, BolnaDocumentRoundTripsUnchanged) {
  const std::string token = register_user("a@example.com");
  const auto doc = sample_agent();
  const auto created = http_->post("/v1/agents", doc, token);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto body = created.json().as_object();
  EXPECT_EQ(body.at("name"), "Dental clinic receptionist");
  EXPECT_EQ(body.at("agent_config"), doc.at("agent_config"));
  EXPECT_EQ(body.at("agent_prompts"), doc.at("agent_prompts"));
  const std::string id(body.at("id").as_string());
  const auto fetched = http_->get("/v1/agents/" + id, token);
  ASSERT_EQ(fetched.status, 200);
  EXPECT_EQ(fetched.json().at("agent_config"), doc.at("agent_config"));
}

TEST_P(AgentsApiTest, UpdateDuplicateAndDelete) {
  const std::string token = register_user("a@example.com");
  const std::string id = create_agent(token, "Original");
  auto doc = sample_agent("Renamed");
  doc.at("agent_config").at("tasks").at(0).at("task_config").as_object()["hangup_after_silence"] =
      30;
  const auto updated = http_->put("/v1/agents/" + id, doc, token);
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.json().at("name"), "Renamed");
  EXPECT_EQ(updated.json()
                .at("agent_config")
                .at("tasks")
                .at(0)
                .at("task_config")
                .at("hangup_after_silence"),
            30);

  const auto copy = http_->request("POST", "/v1/agents/" + id + "/duplicate", "", token);
  ASSERT_EQ(copy.status, 201) << copy.body;
  EXPECT_EQ(copy.json().at("name"), "Renamed (copy)");
  EXPECT_EQ(copy.json().at("agent_config").at("agent_name"), "Renamed (copy)");
  EXPECT_NE(copy.json().at("id"), updated.json().at("id"));
  const auto named =
      http_->post("/v1/agents/" + id + "/duplicate", json::object{{"name", "Second line"}}, token);
  EXPECT_EQ(named.json().at("name"), "Second line");

  EXPECT_EQ(http_->del("/v1/agents/" + id, token).status, 204);
  EXPECT_EQ(http_->get("/v1/agents/" + id, token).status, 404);
  EXPECT_EQ(http_->del("/v1/agents/" + id, token).status, 404);
  EXPECT_EQ(http_->get("/v1/agents", token).json().at("total"), 2 + kStarterAgents);
}

TEST_P(AgentsApiTest, ListIsPaginatedAndSearchable) {
  const std::string token = register_user("a@example.com");
  for (int i = 0; i < 7; ++i)
    create_agent(token, "Sales agent " + std::to_string(i));
  create_agent(token, "Support 100% _bot_");
  create_agent(token, "Café concierge");
  const auto page = http_->get("/v1/agents?limit=3&offset=2", token);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.json().at("total"), 9 + kStarterAgents);
  EXPECT_EQ(page.json().at("items").as_array().size(), 3U);
  EXPECT_EQ(page.json().at("items").at(0).at("name"), "Sales agent 6")
      << "newest first: Café, Support, Sales 6…";
  EXPECT_EQ(http_->get("/v1/agents?q=sales", token).json().at("total"), 7);
  EXPECT_EQ(http_->get("/v1/agents?q=100%25", token).json().at("total"), 1) << "% is literal";
  EXPECT_EQ(http_->get("/v1/agents?q=_bot_", token).json().at("total"), 1) << "_ is literal";
  EXPECT_EQ(http_->get("/v1/agents?q=caf%C3%A9", token).json().at("total"), 1);
  const auto bad = http_->get("/v1/agents?limit=0", token);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.error_paths(), std::set<std::string>{"query.limit"});
  EXPECT_EQ(http_->get("/v1/agents?offset=-1", token).status, 422);
}

TEST_P(AgentsApiTest, InvalidAgentsAreRefusedWithPathsAndNothingIsStored) {
  const std::string token = register_user("a@example.com");
  auto doc = sample_agent();
  auto& task = doc.at("agent_config").at("tasks").at(0).as_object();
  task["tools_config"].as_object()["transcriber"].as_object()["provider"] = "no-such-stt";
  task["tools_config"]
      .as_object()["llm_agent"]
      .as_object()["llm_config"]
      .as_object()["temperature"] = "hot";
  task["task_type"] = "chitchat";
  task["unexpected"] = true;
  doc.at("agent_config").as_object().erase("agent_name");
  const auto r = http_->post("/v1/agents", doc, token);
  ASSERT_EQ(r.status, 422) << r.body;
  const auto paths = r.error_paths();
  for (const std::string expected :
       {"$.agent_config.agent_name", "$.agent_config.tasks[0].task_type",
        "$.agent_config.tasks[0].unexpected",
        "$.agent_config.tasks[0].tools_config.transcriber.provider",
        "$.agent_config.tasks[0].tools_config.llm_agent.llm_config.temperature"}) {
    EXPECT_TRUE(paths.count(expected)) << "missing error for " << expected << " in " << r.body;
  }
  EXPECT_EQ(http_->get("/v1/agents", token).json().at("total"), kStarterAgents);
  const std::string id = create_agent(token, "Keep me");
  EXPECT_EQ(http_->put("/v1/agents/" + id, doc, token).status, 422);
  EXPECT_EQ(http_->get("/v1/agents/" + id, token).json().at("name"), "Keep me")
      << "a failed update changes nothing";
}

TEST_P(AgentsApiTest, ATransferToolsNumberIsSavedAndABadOneIsRefusedByItsField) {
  const std::string token = register_user("a@example.com");
  auto doc = sample_agent("Transfers");
  auto& tools = doc.at("agent_config").at("tasks").at(0).at("tools_config").as_object();
  tools["api_tools"] = json::parse(R"({
      "tools": [{"name": "transfer_call", "description": "To a person",
                 "parameters": {"type": "object", "properties": {}}}],
      "tools_params": {"transfer_call": {"url": null, "method": "POST",
          "param": {"call_transfer_number": "+19876543210", "call_sid": "%(call_sid)s"}}}})");
  const auto saved = http_->post("/v1/agents", doc, token);
  ASSERT_EQ(saved.status, 201) << saved.body;
  const std::string id(saved.json().at("id").as_string());
  const auto stored = http_->get("/v1/agents/" + id, token).json();
  EXPECT_EQ(stored.at("agent_config")
                .at("tasks")
                .at(0)
                .at("tools_config")
                .at("api_tools")
                .at("tools_params")
                .at("transfer_call")
                .at("param")
                .at("call_transfer_number"),
            "+19876543210");

  auto& param = tools["api_tools"].at("tools_params").at("transfer_call").at("param").as_object();
  param["call_transfer_number"] = "0044 20 7946 0000";
  const auto refused = http_->put("/v1/agents/" + id, doc, token);
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.error_paths(),
            std::set<std::string>{"$.agent_config.tasks[0].tools_config.api_tools.tools_params."
                                  "transfer_call.param.call_transfer_number"})
      << refused.body;
  EXPECT_NE(refused.body.find("'0044 20 7946 0000' is not an E.164 number"), std::string::npos)
      << refused.body;
  EXPECT_EQ(http_->get("/v1/agents/" + id, token).json(), stored)
      << "a refused update changes nothing";
}

TEST_P(AgentsApiTest, HostileStringsAreStoredVerbatim) {
  const std::string token = register_user("a@example.com");
  const std::vector<std::string> names = {"Robert'); DROP TABLE agents;--", "\" OR \"1\"=\"1",
                                          "声音助手 🤖", "ʻŌlelo\tHawaiʻi",
                                          "<script>alert(1)</script>"};
  for (const auto& name : names) {
    const auto r = http_->post("/v1/agents", sample_agent(name), token);
    ASSERT_EQ(r.status, 201) << name << ": " << r.body;
    EXPECT_EQ(http_->get("/v1/agents/" + std::string(r.json().at("id").as_string()), token)
                  .json()
                  .at("name"),
              name.c_str());
  }
  EXPECT_EQ(http_->get("/v1/agents", token).json().at("total"),
            static_cast<std::int64_t>(names.size()) + kStarterAgents);
}

}  // namespace
}  // namespace ovos::testing
