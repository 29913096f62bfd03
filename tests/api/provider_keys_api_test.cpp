// Provider keys: validated per provider, encrypted at rest, only ever shown masked.
#include <sys/stat.h>

#include "api_fixture.h"
#include "crypto/key_file.h"
#include "crypto/secret_box.h"
#include "store/key_vault.h"
#include "store/store.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;
using ProviderKeysApiTest = ApiTest;
OVOS_API_TEST_SUITE(ProviderKeysApiTest);

constexpr const char* kSecret = "sk-proj-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c";

TEST_P(ProviderKeysApiTest, StoredEncryptedAndShownMasked) {
  const std::string token = register_user("a@example.com");
  const auto created =
      http_->post("/v1/provider-keys",
                  json::object{{"provider", "openai"},
                               {"name", "prod"},
                               {"credentials", json::object{{"api_key", kSecret}}}},
                  token);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.body.find(kSecret), std::string::npos);
  const std::string masked(created.json().at("credentials").at("api_key").as_string());
  EXPECT_NE(masked, kSecret);
  EXPECT_LE(std::count_if(masked.begin(), masked.end(),
                          [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }),
            7);
  const std::string id(created.json().at("id").as_string());
  for (const auto& r :
       {http_->get("/v1/provider-keys", token), http_->get("/v1/provider-keys/" + id, token)}) {
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body.find(kSecret), std::string::npos);
  }
  EXPECT_EQ(server_->log().find(kSecret), std::string::npos) << "secrets are never logged";

  // At rest: the row holds ciphertext; the engine's vault opens it with the master key.
  struct stat st {};
  const std::string key_file = server_->data_dir() + "/data/master.key";
  ASSERT_EQ(stat(key_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  auto store = store::Store::open(database_url_.value_or(""), server_->data_dir() + "/data");
  ASSERT_TRUE(store.ok()) << store.error().message;
  const auto row = (*store)->get_provider_key(user_id(token), id);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->ciphertext.find(kSecret), std::string::npos);
  EXPECT_EQ(row->masked_json.find(kSecret), std::string::npos);
  const auto master = crypto::load_or_create_key("", key_file, 32);
  ASSERT_TRUE(master.ok()) << master.error().message;
  const auto box = crypto::SecretBox::from_key(*master);
  const store::KeyVault vault(**store, *box);
  const auto plain = vault.credentials_for(user_id(token), "openai");
  ASSERT_TRUE(plain.ok() && plain->has_value());
  EXPECT_EQ(json::parse(**plain).at("api_key"), kSecret);
}

TEST_P(ProviderKeysApiTest, CredentialsAreValidatedPerProvider) {
  const std::string token = register_user("a@example.com");
  const auto unknown = http_->post(
      "/v1/provider-keys",
      json::object{{"provider", "acme-voice"}, {"credentials", json::object{{"api_key", "x"}}}},
      token);
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(unknown.json().at("errors").at(0).at("path"), "$.provider");
  const auto twilio = http_->post(
      "/v1/provider-keys",
      json::object{{"provider", "twilio"},
                   {"credentials", json::object{{"account_sid", "AC123"}, {"colour", "red"}}}},
      token);
  ASSERT_EQ(twilio.status, 422) << twilio.body;
  const auto paths = twilio.error_paths();
  EXPECT_TRUE(paths.count("$.credentials.auth_token")) << twilio.body;
  EXPECT_TRUE(paths.count("$.credentials.colour")) << twilio.body;
  EXPECT_EQ(http_->get("/v1/provider-keys", token).json().at("items").as_array().size(), 0U);
}

TEST_P(ProviderKeysApiTest, RotateRenameAndDelete) {
  const std::string token = register_user("a@example.com");
  const auto created = http_->post(
      "/v1/provider-keys",
      json::object{{"provider", "deepgram"},
                   {"credentials", json::object{{"api_key", "dg-old-key-0000000000000000"}}}},
      token);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(created.json().at("id").as_string());
  const auto rotated = http_->put(
      "/v1/provider-keys/" + id,
      json::object{{"name", "rotated"},
                   {"credentials", json::object{{"api_key", "dg-new-key-1111111111111111"}}}},
      token);
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  EXPECT_EQ(rotated.json().at("name"), "rotated");
  EXPECT_NE(rotated.json().at("credentials"), created.json().at("credentials"));
  EXPECT_EQ(http_->del("/v1/provider-keys/" + id, token).status, 204);
  EXPECT_EQ(http_->get("/v1/provider-keys/" + id, token).status, 404);
}

TEST_P(ProviderKeysApiTest, CatalogueListsProvidersAndTheirFields) {
  const auto r = http_->get("/v1/providers");
  ASSERT_EQ(r.status, 200);
  std::map<std::string, json::value> by_name;
  const auto body = r.json();
  for (const auto& p : body.at("items").as_array())
    by_name[std::string(p.at("name").as_string())] = p;
  for (const char* name :
       {"openai", "anthropic", "deepgram", "elevenlabs", "cartesia", "twilio", "plivo", "exotel"}) {
    EXPECT_TRUE(by_name.count(name)) << name;
  }
  bool auth_token_secret = false;
  for (const auto& f : by_name.at("twilio").at("credentials").as_array()) {
    if (f.at("name") == "auth_token") auth_token_secret = f.at("secret").as_bool();
  }
  EXPECT_TRUE(auth_token_secret);
}

}  // namespace
}  // namespace ovos::testing
