// Users, sessions, passwords and API keys over real HTTP.
#include "api_fixture.h"
#include "crypto/jwt.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;
using AuthApiTest = ApiTest;
OVOS_API_TEST_SUITE(AuthApiTest);

TEST_P(AuthApiTest, RegisterLoginAndMe) {
  const auto reg = http_->post(
      "/v1/auth/register",
      json::object{{"email", "Ada@Example.com"}, {"password", "s3cret-pass"}, {"name", "Ada"}});
  ASSERT_EQ(reg.status, 201) << reg.body;
  EXPECT_EQ(reg.json().at("user").at("email"), "ada@example.com");
  EXPECT_EQ(reg.json().at("token_type"), "Bearer");
  EXPECT_EQ(reg.body.find("s3cret-pass"), std::string::npos);
  EXPECT_EQ(reg.body.find("argon2"), std::string::npos) << "the hash never leaves the server";

  const auto login = http_->post(
      "/v1/auth/login", json::object{{"email", "ada@EXAMPLE.com"}, {"password", "s3cret-pass"}});
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string token(login.json().at("access_token").as_string());
  const auto me = http_->get("/v1/users/me", token);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json().at("name"), "Ada");
  EXPECT_EQ(me.json().at("id"), reg.json().at("user").at("id"));
  EXPECT_EQ(server_->log().find("s3cret-pass"), std::string::npos) << "passwords are never logged";
}

TEST_P(AuthApiTest, RegistrationValidatesEveryField) {
  const auto r = http_->post(
      "/v1/auth/register",
      json::object{{"email", "not-an-email"}, {"password", "short"}, {"role", "admin"}});
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_EQ(r.error_paths(), (std::set<std::string>{"$.email", "$.password", "$.role"}));
  const auto dup1 = http_->post("/v1/auth/register",
                                json::object{{"email", "x@y.io"}, {"password", "password1"}});
  EXPECT_EQ(dup1.status, 201);
  const auto dup2 = http_->post("/v1/auth/register",
                                json::object{{"email", "X@Y.io"}, {"password", "password2"}});
  EXPECT_EQ(dup2.status, 409) << dup2.body;
}

TEST_P(AuthApiTest, WrongPasswordAndUnknownEmailLookTheSame) {
  register_user("bob@example.com", "right-password");
  const auto wrong = http_->post(
      "/v1/auth/login", json::object{{"email", "bob@example.com"}, {"password", "wrong-password"}});
  const auto unknown = http_->post("/v1/auth/login", json::object{{"email", "nobody@example.com"},
                                                                  {"password", "wrong-password"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.json().at("detail"), unknown.json().at("detail"));
}

TEST_P(AuthApiTest, RepeatedFailedLoginsAreThrottled) {
  register_user("carol@example.com", "right-password");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(http_
                  ->post("/v1/auth/login", json::object{{"email", "carol@example.com"},
                                                        {"password", "guess-" + std::to_string(i)}})
                  .status,
              401);
  }
  const auto limited = http_->post("/v1/auth/login", json::object{{"email", "carol@example.com"},
                                                                  {"password", "right-password"}});
  EXPECT_EQ(limited.status, 429) << "even the right password waits out the lock-out";
  EXPECT_FALSE(limited.header("retry-after").empty());
  EXPECT_EQ(http_
                ->post("/v1/auth/login",
                       json::object{{"email", "dave@example.com"}, {"password", "whatever1"}})
                .status,
            401)
      << "other accounts are not locked";
}

TEST_P(AuthApiTest, PasswordChangeRevokesOldTokens) {
  const std::string old_token = register_user("eve@example.com", "first-password");
  const auto wrong = http_->post(
      "/v1/users/me/password",
      json::object{{"current_password", "nope-nope"}, {"new_password", "second-password"}},
      old_token);
  EXPECT_EQ(wrong.status, 422);
  const auto changed = http_->post(
      "/v1/users/me/password",
      json::object{{"current_password", "first-password"}, {"new_password", "second-password"}},
      old_token);
  ASSERT_EQ(changed.status, 200) << changed.body;
  const std::string new_token(changed.json().at("access_token").as_string());
  EXPECT_EQ(http_->get("/v1/users/me", old_token).status, 401);
  EXPECT_EQ(http_->get("/v1/users/me", new_token).status, 200);
  EXPECT_EQ(http_
                ->post("/v1/auth/login",
                       json::object{{"email", "eve@example.com"}, {"password", "first-password"}})
                .status,
            401);
  EXPECT_EQ(http_
                ->post("/v1/auth/login",
                       json::object{{"email", "eve@example.com"}, {"password", "second-password"}})
                .status,
            200);
}

TEST_P(AuthApiTest, MissingExpiredAndForgedTokensAreRefused) {
  const std::string token = register_user("frank@example.com");
  const std::string id = user_id(token);
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  crypto::JwtClaims expired{id, now - 7200, now - 3600, "0190a000-0000-7000-8000-000000000000",
                            "openvoiceos"};
  crypto::JwtClaims valid_claims{id, now, now + 3600, "", "openvoiceos"};
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"", "missing"},
      {"garbage", "malformed"},
      {crypto::sign_jwt(expired, kJwtSecret), "expired"},
      {crypto::sign_jwt(valid_claims, "another-secret-that-is-long-enough!!"), "forged"},
      {"eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." +
           token.substr(token.find('.') + 1, token.rfind('.') - token.find('.') - 1) + ".",
       "alg none"},
  };
  for (const auto& [credential, what] : bad) {
    const auto r = http_->get("/v1/users/me", credential);
    EXPECT_EQ(r.status, 401) << what << ": " << r.body;
    EXPECT_EQ(r.header("www-authenticate"), "Bearer") << what;
  }
  EXPECT_EQ(
      http_->request("GET", "/v1/users/me", "", "", {"Authorization: Basic Zm9vOmJhcg=="}).status,
      401);
}

TEST_P(AuthApiTest, ApiKeysAreShownOnceListedMaskedAndRevocable) {
  const std::string token = register_user("gina@example.com");
  const auto created = http_->post("/v1/api-keys", json::object{{"name", "ci script"}}, token);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string key(created.json().at("key").as_string());
  const std::string key_id(created.json().at("id").as_string());
  EXPECT_EQ(key.rfind("ovos_sk_", 0), 0U);
  const auto listed = http_->get("/v1/api-keys", token);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.find(key), std::string::npos) << "the full key is never listed";
  EXPECT_EQ(listed.json().at("items").as_array().size(), 1U);
  EXPECT_EQ(http_->get("/v1/users/me", key).status, 200) << "the key authenticates";
  EXPECT_NE(http_->get("/v1/api-keys", token).json().at("items").at(0).at("last_used_at"),
            json::value(nullptr));
  EXPECT_EQ(http_->del("/v1/api-keys/" + key_id, token).status, 204);
  EXPECT_EQ(http_->get("/v1/users/me", key).status, 401);
  EXPECT_EQ(http_->get("/v1/api-keys", token).json().at("items").as_array().size(), 0U);
  EXPECT_EQ(http_->get("/v1/users/me", key.substr(0, key.size() - 1) + "x").status, 401);
}

class ClosedRegistrationTest : public ApiTest {
  std::map<std::string, std::string> extra_env() override {
    return {{"OVOS_ALLOW_REGISTRATION", "false"}};
  }
};
OVOS_API_TEST_SUITE(ClosedRegistrationTest);

TEST_P(ClosedRegistrationTest, OnlyTheCliCreatesUsers) {
  EXPECT_EQ(http_
                ->post("/v1/auth/register",
                       json::object{{"email", "h@example.com"}, {"password", "password1"}})
                .status,
            403);
  const auto [code, out] = server_->run_command(
      "user create --email Admin@Example.com --name Admin", "admin-password\n");
  ASSERT_EQ(code, 0) << out;
  EXPECT_EQ(http_
                ->post("/v1/auth/login",
                       json::object{{"email", "admin@example.com"}, {"password", "admin-password"}})
                .status,
            200);
  const auto [dup_code, dup_out] =
      server_->run_command("user create --email admin@example.com", "admin-password\n");
  EXPECT_NE(dup_code, 0);
  EXPECT_NE(dup_out.find("already"), std::string::npos) << dup_out;
}

}  // namespace
}  // namespace ovos::testing
