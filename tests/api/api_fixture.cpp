#include "api_fixture.h"

#include <fstream>
#include <sstream>

#include "support/test_database.h"

namespace ovos::testing {

namespace json = boost::json;

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "sqlite" : "postgres";
}

void ApiTest::SetUp() {
  auto env = extra_env();
  env["OVOS_JWT_SECRET"] = kJwtSecret;
  if (GetParam() == Backend::kPostgres) {
    database_url_ = create_test_database();
    if (!database_url_) GTEST_SKIP() << "OVOS_TEST_PG_URL is not set; scripts/test.sh sets it";
    env["DATABASE_URL"] = *database_url_;
  }
  server_ = std::make_unique<ServerProcess>(env);
  before_start(*server_);
  server_->start();
  http_ = std::make_unique<HttpClient>(server_->base_url());
}

void ApiTest::TearDown() {
  if (server_) {
    EXPECT_EQ(server_->stop(), 0) << "the server exits cleanly on SIGTERM\n" << server_->log();
  }
  if (database_url_) drop_test_database(*database_url_);
}

std::string ApiTest::register_user(const std::string& email, const std::string& password) {
  const auto r =
      http_->post("/v1/auth/register", json::object{{"email", email}, {"password", password}});
  EXPECT_EQ(r.status, 201) << r.body;
  return std::string(r.json().at("access_token").as_string());
}

json::value ApiTest::sample_agent(const std::string& name) {
  std::ifstream in(std::string(OVOS_API_TEST_DATA) + "/phone_agent.json");
  std::stringstream text;
  text << in.rdbuf();
  auto doc = json::parse(text.str());
  if (!name.empty()) doc.at("agent_config").as_object()["agent_name"] = name;
  return doc;
}

std::string ApiTest::create_agent(const std::string& token, const std::string& name) {
  const auto r = http_->post("/v1/agents", sample_agent(name), token);
  EXPECT_EQ(r.status, 201) << r.body;
  return std::string(r.json().at("id").as_string());
}

std::string ApiTest::user_id(const std::string& token) {
  return std::string(http_->get("/v1/users/me", token).json().at("id").as_string());
}

}  // namespace ovos::testing
