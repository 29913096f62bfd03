// Bad input of every kind gets a clear 4xx and changes nothing.
#include "api_fixture.h"
#include "support/raw_http.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;

class BadInputApiTest : public ApiTest {
  std::map<std::string, std::string> extra_env() override {
    return {{"OVOS_MAX_BODY_BYTES", "65536"}, {"OVOS_REQUEST_TIMEOUT_SECONDS", "2"}};
  }
};
OVOS_API_TEST_SUITE(BadInputApiTest);

TEST_P(BadInputApiTest, MalformedBodiesGetClearErrors) {
  const std::string token = register_user("a@example.com");
  struct Case {
    std::string body;
    std::vector<std::string> headers;
    long status;
    std::string detail_part;
  };
  const std::vector<Case> cases = {
      {"{\"agent_config\": ", {}, 400, "not valid JSON"},
      {"", {}, 400, "empty"},
      {"[1,2,3]", {}, 422, "agent is invalid"},
      {"{\"a\":1}", {"Content-Type: text/plain"}, 415, "application/json"},
      {"agent_name=x",
       {"Content-Type: application/x-www-form-urlencoded"},
       415,
       "application/json"},
      {std::string(100, '[') + std::string(100, ']'), {}, 400, "not valid JSON"},
      {"{\"agent_config\": \"\xff\xfe\"}", {}, 400, "not valid JSON"},
      {"{\"a\":1} trailing", {}, 400, "not valid JSON"},
  };
  for (const auto& c : cases) {
    const auto r = http_->request("POST", "/v1/agents", c.body, token, c.headers);
    EXPECT_EQ(r.status, c.status) << c.body.substr(0, 40) << " -> " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << c.body.substr(0, 40);
    EXPECT_NE(r.json().at("detail").as_string().find(c.detail_part), json::string::npos) << r.body;
    EXPECT_FALSE(r.json().at("request_id").as_string().empty());
  }
  EXPECT_EQ(http_->get("/v1/agents", token).json().at("total"), kStarterAgents);
}

TEST_P(BadInputApiTest, OversizedAndTruncatedBodiesChangeNothing) {
  const std::string token = register_user("a@example.com");
  auto big = sample_agent();
  big.at("agent_prompts").at("task_1").as_object()["system_prompt"] = std::string(70000, 'x');
  const auto r = http_->post("/v1/agents", big, token);
  EXPECT_EQ(r.status, 413);
  const std::string body = json::serialize(sample_agent());
  const std::string truncated =
      "POST /v1/agents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\n\r\n" + body.substr(0, body.size() / 2);
  EXPECT_EQ(raw_exchange(server_->port(), truncated, std::chrono::milliseconds(4000)), "")
      << "a body that never completes times out unanswered";
  EXPECT_EQ(
      first_status(raw_exchange(server_->port(), truncated, std::chrono::milliseconds(4000), true)),
      0);
  EXPECT_EQ(http_->get("/v1/agents", token).json().at("total"), kStarterAgents);
}

TEST_P(BadInputApiTest, UnknownRoutesAndMethods) {
  const std::string token = register_user("a@example.com");
  const auto missing = http_->get("/v1/nothing-here", token);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.header("content-type"), "application/problem+json");
  const auto method = http_->request("PATCH", "/v1/agents", "{}", token);
  EXPECT_EQ(method.status, 405);
  EXPECT_EQ(method.header("allow"), "POST, GET");
  EXPECT_EQ(http_->get("/v1/agents/not-a-uuid", token).status, 404);
  EXPECT_EQ(http_->get("/v1/agents/..%2F..%2Fetc%2Fpasswd", token).status, 404);
}

}  // namespace
}  // namespace ovos::testing
