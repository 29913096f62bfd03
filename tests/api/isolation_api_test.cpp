// One user can never read, change or learn of another's resources: every route documented in
// the OpenAPI document (itself checked against the router) is tried as a second user.
#include <filesystem>
#include <fstream>

#include "api_fixture.h"
#include "core/ids.h"
#include "store/store.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;
using IsolationApiTest = ApiTest;
OVOS_API_TEST_SUITE(IsolationApiTest);

TEST_P(IsolationApiTest, EveryRouteKeepsUsersApart) {
  const std::string alice = register_user("alice@example.com");
  std::string bob = register_user("bob@example.com");
  // Alice owns one of everything.
  const std::string agent = create_agent(alice, "Alice's agent");
  const auto pk = http_->post(
      "/v1/provider-keys",
      json::object{{"provider", "openai"},
                   {"credentials", json::object{{"api_key", "sk-alice-0000000000000000"}}}},
      alice);
  const std::string provider_key(pk.json().at("id").as_string());
  const auto ak = http_->post("/v1/api-keys", json::object{{"name", "alice script"}}, alice);
  const std::string api_key(ak.json().at("id").as_string());
  const auto kb = http_->post("/v1/knowledge-bases", json::object{{"name", "Alice's FAQ"}}, alice);
  const std::string base(kb.json().at("id").as_string());
  const auto kb_doc = http_->request("POST", "/v1/knowledge-bases/" + base + "/documents",
                                     "Alice's secret opening hours are nine to five.", alice,
                                     {"Content-Type: text/plain"});
  ASSERT_EQ(kb_doc.status, 201) << kb_doc.body;
  const std::string document(kb_doc.json().at("id").as_string());
  auto s = store::Store::open(database_url_.value_or(""), server_->data_dir() + "/data");
  ASSERT_TRUE(s.ok());
  store::Call call;
  call.id = core::new_id();
  call.user_id = user_id(alice);
  call.agent_id = agent;
  call.direction = "web";
  call.status = "completed";
  call.carrier = "web";
  call.created_at = 1'763'856'000'000;
  call.recording_url = "/v1/calls/" + call.id + "/recording";
  ASSERT_TRUE((*s)->create_call(call).ok());
  const auto recording_dir =
      std::filesystem::path(server_->data_dir()) / "data" / "recordings" / call.user_id;
  std::filesystem::create_directories(recording_dir);
  std::ofstream(recording_dir / (call.id + ".wav")) << "RIFF";
  const auto phone = http_->post(
      "/v1/phone-numbers",
      json::object{{"carrier", "twilio"}, {"number", "+14155550100"}, {"agent_id", agent}}, alice);
  ASSERT_EQ(phone.status, 201) << phone.body;
  const std::string number(phone.json().at("id").as_string());
  const std::string alice_before = http_->get("/v1/agents/" + agent, alice).body;

  const auto bob_gets_404 = [&](const std::string& method, const std::string& path,
                                const json::value& body) {
    const auto r = http_->request(method, path, body.is_null() ? "" : json::serialize(body), bob);
    EXPECT_EQ(r.status, 404) << method << " " << path << ": " << r.body;
    EXPECT_EQ(r.body.find("Alice"), std::string::npos);
  };
  const auto bob_lists_nothing = [&](const std::string& path) {
    const auto r = http_->get(path, bob);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.json().at("items").as_array().size(), 0U) << path << ": " << r.body;
    EXPECT_EQ(r.body.find(call.user_id), std::string::npos) << path;
  };

  // Carrier webhooks prove who they are by a signature, not a user: unsigned ones touching
  // Alice's number or call are refused without telling anything about her.
  const auto forged_webhook = [&](const std::string& path, const std::string& form) {
    const auto r =
        http_->request("POST", path, form, "", {"Content-Type: application/x-www-form-urlencoded"});
    EXPECT_TRUE(r.status == 403 || r.status == 404) << path << ": " << r.status << " " << r.body;
    EXPECT_EQ(r.body.find("Alice"), std::string::npos);
    EXPECT_EQ(r.body.find(agent), std::string::npos);
  };
  const std::string sid = "CallSid=CA1&CallUUID=" + call.id + "&CallStatus=completed";

  std::map<std::string, std::function<void()>> cases = {
      {"GET /v1/phone-numbers", [&] { bob_lists_nothing("/v1/phone-numbers"); }},
      {"POST /v1/phone-numbers",
       [&] {
         // Neither Alice's agent nor Alice's number can become Bob's.
         const auto with_her_agent = http_->post(
             "/v1/phone-numbers",
             json::object{{"carrier", "plivo"}, {"number", "+14155550111"}, {"agent_id", agent}},
             bob);
         EXPECT_EQ(with_her_agent.status, 422) << with_her_agent.body;
         const auto bobs_agent = create_agent(bob, "Bob's line");
         const auto her_number = http_->post(
             "/v1/phone-numbers",
             json::object{
                 {"carrier", "twilio"}, {"number", "+14155550100"}, {"agent_id", bobs_agent}},
             bob);
         EXPECT_EQ(her_number.status, 409) << her_number.body;
         EXPECT_EQ(her_number.body.find("Alice"), std::string::npos);
       }},
      {"PATCH /v1/phone-numbers/{id}",
       [&] {
         bob_gets_404("PATCH", "/v1/phone-numbers/" + number, json::object{{"agent_id", agent}});
       }},
      {"DELETE /v1/phone-numbers/{id}",
       [&] { bob_gets_404("DELETE", "/v1/phone-numbers/" + number, nullptr); }},
      {"POST /v1/calls",
       [&] {
         const auto r = http_->post("/v1/calls",
                                    json::object{{"agent_id", agent},
                                                 {"to", "+14155550123"},
                                                 {"from", "+14155550100"},
                                                 {"carrier", "twilio"}},
                                    bob);
         EXPECT_EQ(r.status, 422) << r.body;
         EXPECT_EQ(r.error_paths().count("$.agent_id"), 1U) << r.body;
       }},
      {"POST /v1/telephony/twilio/voice",
       [&] { forged_webhook("/v1/telephony/twilio/voice", "To=%2B14155550100&From=%2B1415555"); }},
      {"POST /v1/telephony/twilio/status",
       [&] { forged_webhook("/v1/telephony/twilio/status", sid); }},
      {"POST /v1/telephony/twilio/status/{id}",
       [&] { forged_webhook("/v1/telephony/twilio/status/" + call.id, sid); }},
      {"POST /v1/telephony/plivo/answer",
       [&] { forged_webhook("/v1/telephony/plivo/answer", "To=14155550100&" + sid); }},
      {"POST /v1/telephony/plivo/answer/{id}",
       [&] { forged_webhook("/v1/telephony/plivo/answer/" + call.id, sid); }},
      {"POST /v1/telephony/plivo/status",
       [&] { forged_webhook("/v1/telephony/plivo/status", sid); }},
      {"POST /v1/telephony/plivo/status/{id}",
       [&] { forged_webhook("/v1/telephony/plivo/status/" + call.id, sid); }},
      {"POST /v1/telephony/plivo/transfer/{id}",
       [&] { forged_webhook("/v1/telephony/plivo/transfer/" + call.id + "?to=%2B1555", sid); }},
      {"POST /v1/telephony/exotel/status/{id}/{token}",
       [&] { forged_webhook("/v1/telephony/exotel/status/" + call.id + "/forged", sid); }},
      {"GET /v1/agents",
       [&] {
         // Bob has only what every new user gets, nothing of Alice's.
         const auto r = http_->get("/v1/agents", bob);
         EXPECT_EQ(r.json().at("total"), kStarterAgents) << r.body;
         EXPECT_EQ(r.body.find("Alice"), std::string::npos);
         EXPECT_EQ(r.body.find(agent), std::string::npos);
         bob_lists_nothing("/v1/agents?q=Alice");
       }},
      {"POST /v1/agents", [&] { create_agent(bob, "Bob's"); }},
      {"GET /v1/agents/{id}", [&] { bob_gets_404("GET", "/v1/agents/" + agent, nullptr); }},
      {"PUT /v1/agents/{id}",
       [&] { bob_gets_404("PUT", "/v1/agents/" + agent, sample_agent("Hijacked")); }},
      {"DELETE /v1/agents/{id}", [&] { bob_gets_404("DELETE", "/v1/agents/" + agent, nullptr); }},
      {"POST /v1/agents/{id}/duplicate",
       [&] { bob_gets_404("POST", "/v1/agents/" + agent + "/duplicate", json::object{}); }},
      {"POST /v1/agents/{id}/web-call-tokens",
       [&] { bob_gets_404("POST", "/v1/agents/" + agent + "/web-call-tokens", json::object{}); }},
      {"GET /v1/provider-keys", [&] { bob_lists_nothing("/v1/provider-keys"); }},
      {"POST /v1/provider-keys",
       [&] {
         http_->post(
             "/v1/provider-keys",
             json::object{{"provider", "openai"},
                          {"credentials", json::object{{"api_key", "sk-bob-00000000000000000"}}}},
             bob);
       }},
      {"GET /v1/provider-keys/{id}",
       [&] { bob_gets_404("GET", "/v1/provider-keys/" + provider_key, nullptr); }},
      {"PUT /v1/provider-keys/{id}",
       [&] {
         bob_gets_404("PUT", "/v1/provider-keys/" + provider_key, json::object{{"name", "mine"}});
       }},
      {"DELETE /v1/provider-keys/{id}",
       [&] { bob_gets_404("DELETE", "/v1/provider-keys/" + provider_key, nullptr); }},
      {"POST /v1/event-tokens",
       [&] {
         // A ticket opens its holder's own events only (WebCallTest.ADashboardSees... streams
         // them and checks another user sees none).
         const auto r = http_->post("/v1/event-tokens", json::object{}, bob);
         EXPECT_EQ(r.status, 201) << r.body;
       }},
      {"GET /v1/api-keys", [&] { bob_lists_nothing("/v1/api-keys"); }},
      {"POST /v1/api-keys",
       [&] {
         http_->post("/v1/api-keys", json::object{{"name", "bob"}}, bob);
       }},
      {"DELETE /v1/api-keys/{id}",
       [&] { bob_gets_404("DELETE", "/v1/api-keys/" + api_key, nullptr); }},
      {"GET /v1/calls",
       [&] {
         bob_lists_nothing("/v1/calls");
         bob_lists_nothing("/v1/calls?agent_id=" + agent);
       }},
      {"GET /v1/calls/{id}", [&] { bob_gets_404("GET", "/v1/calls/" + call.id, nullptr); }},
      {"POST /v1/calls/{id}/post-call",
       [&] { bob_gets_404("POST", "/v1/calls/" + call.id + "/post-call", nullptr); }},
      {"GET /v1/calls/{id}/recording",
       [&] {
         EXPECT_EQ(http_->get("/v1/calls/" + call.id + "/recording", alice).status, 200);
         bob_gets_404("GET", "/v1/calls/" + call.id + "/recording", nullptr);
       }},
      {"GET /v1/knowledge-bases", [&] { bob_lists_nothing("/v1/knowledge-bases"); }},
      {"POST /v1/knowledge-bases",
       [&] {
         EXPECT_EQ(http_->post("/v1/knowledge-bases", json::object{{"name", "Bob's"}}, bob).status,
                   201);
       }},
      {"GET /v1/knowledge-bases/{id}",
       [&] { bob_gets_404("GET", "/v1/knowledge-bases/" + base, nullptr); }},
      {"DELETE /v1/knowledge-bases/{id}",
       [&] { bob_gets_404("DELETE", "/v1/knowledge-bases/" + base, nullptr); }},
      {"GET /v1/knowledge-bases/{id}/documents",
       [&] { bob_gets_404("GET", "/v1/knowledge-bases/" + base + "/documents", nullptr); }},
      {"POST /v1/knowledge-bases/{id}/documents",
       [&] {
         const auto r = http_->request("POST", "/v1/knowledge-bases/" + base + "/documents",
                                       "Bob's planted text.", bob, {"Content-Type: text/plain"});
         EXPECT_EQ(r.status, 404) << r.body;
       }},
      {"DELETE /v1/knowledge-bases/{id}/documents/{doc_id}",
       [&] {
         bob_gets_404("DELETE", "/v1/knowledge-bases/" + base + "/documents/" + document, nullptr);
       }},
      {"POST /v1/knowledge-bases/{id}/search",
       [&] {
         bob_gets_404("POST", "/v1/knowledge-bases/" + base + "/search",
                      json::object{{"query", "opening hours"}});
       }},
      {"GET /v1/users/me",
       [&] { EXPECT_EQ(http_->get("/v1/users/me", bob).json().at("email"), "bob@example.com"); }},
      {"POST /v1/users/me/password",
       [&] {
         const auto r = http_->post("/v1/users/me/password",
                                    json::object{{"current_password", "correct horse battery"},
                                                 {"new_password", "bob-new-password"}},
                                    bob);
         ASSERT_EQ(r.status, 200) << r.body;
         bob = std::string(r.json().at("access_token").as_string());  // the old token is revoked
       }},
  };
  const std::set<std::string> public_routes = {
      "GET /healthz",           "GET /readyz",         "GET /metrics",     "GET /v1/openapi.json",
      "POST /v1/auth/register", "POST /v1/auth/login", "GET /v1/providers"};
  const auto doc = http_->get("/v1/openapi.json").json();
  int tried = 0;
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, _] : item.as_object()) {
      std::string upper(method);
      for (auto& ch : upper)
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      const std::string route = upper + " " + std::string(path);
      if (public_routes.count(route)) continue;
      const auto it = cases.find(route);
      if (it == cases.end()) {
        ADD_FAILURE() << route << " has no isolation case: add one to this test";
        continue;
      }
      SCOPED_TRACE(route);
      it->second();
      ++tried;
    }
  }
  EXPECT_EQ(tried, static_cast<int>(cases.size()));
  // Alice's things are all still there, unchanged.
  EXPECT_EQ(http_->get("/v1/agents/" + agent, alice).body, alice_before);
  const auto numbers = http_->get("/v1/phone-numbers", alice).json();
  ASSERT_EQ(numbers.at("total"), 1) << json::serialize(numbers);
  EXPECT_EQ(numbers.at("items").at(0).at("agent_id"), agent.c_str());
  EXPECT_EQ(http_->get("/v1/provider-keys/" + provider_key, alice).status, 200);
  EXPECT_EQ(http_->get("/v1/api-keys", alice).json().at("items").as_array().size(), 1U);
  EXPECT_EQ(http_->get("/v1/calls/" + call.id, alice).status, 200);
  EXPECT_EQ(http_->get("/v1/agents", alice).json().at("total"), 1 + kStarterAgents);
  EXPECT_EQ(http_->get("/v1/users/me", alice).status, 200);
  const auto docs = http_->get("/v1/knowledge-bases/" + base + "/documents", alice).json();
  EXPECT_EQ(docs.at("items").as_array().size(), 1U);
  const auto found = http_->post("/v1/knowledge-bases/" + base + "/search",
                                 json::object{{"query", "opening hours"}}, alice);
  EXPECT_EQ(found.json().at("items").as_array().size(), 1U) << found.body;
  EXPECT_EQ(http_->get("/v1/knowledge-bases", alice).json().at("total"), 1);
}

}  // namespace
}  // namespace ovos::testing
