// The embeddings wire format, settings, and the client against a loopback fake of the API.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <future>

#include "agents/knowledge/embedding_settings.h"
#include "agents/knowledge/embeddings_client.h"
#include "agents/knowledge/embeddings_errors.h"
#include "agents/knowledge/embeddings_protocol.h"
#include "net/event_loop.h"
#include "support/fake_openai_server.h"

namespace ovos::agents::knowledge {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using core::ErrorCode;
using providers::testing::CapturedRequest;
using providers::testing::FakeConnection;
using providers::testing::FakeOpenAiServer;

// A deterministic 3-d vector for an input text.
json::array vector_for(std::string_view text) {
  return {static_cast<double>(text.size()), 1.0, -0.5};
}

// Answers an embeddings request like OpenAI does, data in reverse order to test `index`.
std::string answer(const CapturedRequest& request) {
  const auto body = json::parse(request.body).as_object();
  const auto& inputs = body.at("input").as_array();
  json::array data;
  for (std::size_t i = inputs.size(); i-- > 0;) {
    data.push_back(json::object{
        {"object", "embedding"}, {"index", i}, {"embedding", vector_for(inputs[i].as_string())}});
  }
  return json::serialize(json::object{{"object", "list"},
                                      {"data", std::move(data)},
                                      {"model", body.at("model")},
                                      {"usage", {{"prompt_tokens", 5}, {"total_tokens", 5}}}});
}

TEST(EmbeddingsProtocolTest, EncodesTheRequestAndDecodesByIndex) {
  const std::vector<std::string> inputs = {"a", "b\"c"};
  EXPECT_EQ(embeddings_request_body("text-embedding-3-small", inputs),
            R"({"model":"text-embedding-3-small","input":["a","b\"c"]})");
  const auto vectors = parse_embeddings_response(
      R"({"data":[{"index":1,"embedding":[3,4.5]},{"index":0,"embedding":[1e-3,-2]}]})", 2);
  ASSERT_TRUE(vectors.ok()) << vectors.error().message;
  EXPECT_EQ(*vectors, (Embeddings{{1e-3F, -2.0F}, {3.0F, 4.5F}}));
  // No index: by position (some compatible servers).
  EXPECT_EQ(
      parse_embeddings_response(R"({"data":[{"embedding":[1]},{"embedding":[2]}]})", 2)->at(1),
      std::vector<float>{2.0F});
}

TEST(EmbeddingsProtocolTest, MalformedResponsesAreClearErrors) {
  const auto check = [](std::string_view body, std::size_t expected, std::string_view needle) {
    const auto result = parse_embeddings_response(body, expected);
    ASSERT_FALSE(result.ok()) << body;
    EXPECT_EQ(result.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(result.error().message.find("malformed embeddings response"), std::string::npos);
    EXPECT_NE(result.error().message.find(needle), std::string::npos) << result.error().message;
  };
  check("<html>", 1, "not JSON");
  check(R"({"object":"list"})", 1, "no \"data\" array");
  check(R"({"data":[{"embedding":[1]}]})", 2, "1 vectors for 2 inputs");
  check(R"({"data":[{"index":0,"embedding":[1]},{"index":0,"embedding":[2]}]})", 2, "twice");
  check(R"({"data":[{"index":5,"embedding":[1]}]})", 1, "index");
  check(R"({"data":[{"index":0,"embedding":"AAAA"}]})", 1, "float vectors");
  check(R"({"data":[{"index":0,"embedding":[]}]})", 1, "non-empty");
  check(R"({"data":[{"index":0,"embedding":[1,"x"]}]})", 1, "finite number");
  check(R"({"data":[{"index":0,"embedding":[1e300]}]})", 1, "finite number");
  check(R"({"data":[{"embedding":[1,2]},{"embedding":[1]}]})", 2, "dimensions");
}

TEST(EmbeddingSettingsTest, ParsesAndRefusesWithPaths) {
  const auto ok = parse_embedding_settings(
      json::parse(R"({"provider":"openai","model":"text-embedding-3-small"})").as_object(),
      "$.embedding");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(json::serialize(ok->to_json()),
            R"({"provider":"openai","model":"text-embedding-3-small"})");
  EXPECT_TRUE(
      parse_embedding_settings(json::parse(R"({"provider":"ollama","model":"nomic-embed-text",)"
                                           R"("base_url":"http://localhost:11434/v1"})")
                                   .as_object(),
                               "$.embedding")
          .ok());
  const auto bad = parse_embedding_settings(
      json::parse(R"({"provider":"anthropic","base_url":"ftp://x","dims":3})").as_object(),
      "$.embedding");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kValidation);
  std::set<std::string> paths;
  std::string provider_message;
  for (const auto& field : bad.error().fields) {
    paths.insert(field.path);
    if (field.path == "$.embedding.provider") provider_message = field.message;
  }
  EXPECT_EQ(paths, (std::set<std::string>{"$.embedding.provider", "$.embedding.model",
                                          "$.embedding.base_url", "$.embedding.dims"}));
  EXPECT_NE(provider_message.find("use one of openai, azure-openai"), std::string::npos)
      << provider_message;

  const auto stored = stored_embedding_settings(R"({"provider":"openai","model":"m"})");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ((*stored)->model, "m");
  EXPECT_FALSE(stored_embedding_settings("").value().has_value());
  EXPECT_EQ(stored_embedding_settings("{oops").error().code, ErrorCode::kInternal);
}

TEST(EmbeddingSettingsTest, ResolvesTheEndpointWithTheStoredKey) {
  const EmbeddingSettings openai{"openai", "text-embedding-3-small", ""};
  const auto target = resolve_embeddings_target(openai, {{"api_key", "sk-123"}});
  ASSERT_TRUE(target.ok());
  EXPECT_EQ(target->url, "https://api.openai.com/v1/embeddings");
  EXPECT_EQ(target->headers.at(0).name, "Authorization");
  EXPECT_EQ(target->headers.at(0).value, "Bearer sk-123");
  const auto no_key = resolve_embeddings_target(openai, {});
  ASSERT_FALSE(no_key.ok());
  EXPECT_EQ(no_key.error().code, ErrorCode::kValidation);
  EXPECT_NE(no_key.error().message.find("POST /v1/provider-keys"), std::string::npos);
  // A self-hosted server: no key needed; the settings' base URL is used when the key has none.
  const auto ollama = resolve_embeddings_target({"ollama", "nomic", "http://gpu:11434/v1/"}, {});
  ASSERT_TRUE(ollama.ok());
  EXPECT_EQ(ollama->url, "http://gpu:11434/v1/embeddings");
  const auto keyed =
      resolve_embeddings_target({"custom", "m", "http://a/v1"}, {{"base_url", "http://b/v1"}});
  EXPECT_EQ(keyed->url, "http://b/v1/embeddings");
  const auto azure =
      resolve_embeddings_target({"azure-openai", "embed-deploy", ""},
                                {{"api_key", "k"}, {"endpoint", "https://r.openai.azure.com"}});
  ASSERT_TRUE(azure.ok());
  EXPECT_EQ(azure->url,
            "https://r.openai.azure.com/openai/deployments/embed-deploy/embeddings?api-version="
            "2024-10-21");
  EXPECT_EQ(embeddings_failure(core::Error::unauthenticated("HTTP 401")).code,
            ErrorCode::kValidation);
  EXPECT_EQ(embeddings_failure(core::Error::unavailable("down")).code, ErrorCode::kUnavailable);
}

class EmbeddingsClientTest : public ::testing::Test {
 protected:
  EmbeddingsTarget target_for(const FakeOpenAiServer& server) {
    auto target = resolve_embeddings_target({"custom", "embed-small", server.url() + "/v1"},
                                            {{"api_key", "sk-secret"}});
    EXPECT_TRUE(target.ok());
    return *target;
  }
  EmbeddingsClient::Options fast_options() {
    EmbeddingsClient::Options options;
    options.retry.base_backoff = 5ms;
    options.retry.max_backoff = 20ms;
    return options;
  }
  std::unique_ptr<net::EventLoop> loop_ = net::EventLoop::start("embed-test");
};

TEST_F(EmbeddingsClientTest, BatchesInOrderWithBearerAuth) {
  FakeOpenAiServer server(
      [](const CapturedRequest& r, int, FakeConnection& c) { c.respond(200, answer(r)); });
  auto options = fast_options();
  options.batch_inputs = 2;
  EmbeddingsClient client(*loop_, options);
  const std::vector<std::string> inputs = {"a", "bb", "ccc", "dddd", "eeeee"};
  const auto vectors = client.embed_blocking(target_for(server), inputs);
  ASSERT_TRUE(vectors.ok()) << vectors.error().message;
  ASSERT_EQ(vectors->size(), 5U);
  for (std::size_t i = 0; i < inputs.size(); ++i)
    EXPECT_EQ((*vectors)[i].at(0), static_cast<float>(inputs[i].size())) << i;
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3U);  // 2 + 2 + 1
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/v1/embeddings");
  EXPECT_EQ(requests[0].headers.at("authorization"), "Bearer sk-secret");
  EXPECT_EQ(requests[0].headers.at("content-type"), "application/json");
  EXPECT_EQ(requests[2].body, R"({"model":"embed-small","input":["eeeee"]})");
  EXPECT_TRUE(client.embed_blocking(target_for(server), {}).value().empty());
}

TEST_F(EmbeddingsClientTest, BatchesByBytesToo) {
  FakeOpenAiServer server(
      [](const CapturedRequest& r, int, FakeConnection& c) { c.respond(200, answer(r)); });
  auto options = fast_options();
  options.batch_bytes = 10;
  EmbeddingsClient client(*loop_, options);
  const auto vectors =
      client.embed_blocking(target_for(server), {"0123456", "0123", "0123456789abc", "x"});
  ASSERT_TRUE(vectors.ok());
  // [7] then 7 + 4 > 10: [4]; [13] goes alone; [1].
  EXPECT_EQ(server.requests().size(), 4U);
}

TEST_F(EmbeddingsClientTest, MapsVendorErrorsClearly) {
  struct Case {
    int status;
    std::string body;
    ErrorCode code;
    std::string needle;
  };
  const std::vector<Case> cases = {
      {401,
       R"({"error":{"message":"Incorrect API key provided: sk-bad.","type":"invalid_request_error","code":"invalid_api_key"}})",
       ErrorCode::kUnauthenticated, "HTTP 401 invalid_api_key: Incorrect API key"},
      {400, R"({"error":{"message":"model not found"}})", ErrorCode::kInvalidArgument,
       "model not found"},
      {429, R"({"error":{"message":"quota","code":"insufficient_quota"}})",
       ErrorCode::kPermissionDenied, "insufficient_quota"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.status);
    FakeOpenAiServer server(
        [&](const CapturedRequest&, int, FakeConnection& conn) { conn.respond(c.status, c.body); });
    EmbeddingsClient client(*loop_, fast_options());
    const auto result = client.embed_blocking(target_for(server), {"hello"});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, c.code);
    EXPECT_NE(result.error().message.find("embeddings (custom, embed-small): "), std::string::npos)
        << result.error().message;
    EXPECT_NE(result.error().message.find(c.needle), std::string::npos) << result.error().message;
    EXPECT_EQ(result.error().message.find("sk-secret"), std::string::npos);
    EXPECT_EQ(server.requests().size(), 1U);  // not retried
  }
  FakeOpenAiServer garbage([](const CapturedRequest&, int, FakeConnection& conn) {
    conn.respond(200, "{\"data\": nope");
  });
  EmbeddingsClient client(*loop_, fast_options());
  const auto malformed = client.embed_blocking(target_for(garbage), {"hello"});
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(malformed.error().message.find("malformed embeddings response: not JSON"),
            std::string::npos);
}

TEST_F(EmbeddingsClientTest, RetriesRateLimitsAndServerErrorsThenGivesUp) {
  FakeOpenAiServer flaky([](const CapturedRequest& r, int index, FakeConnection& c) {
    if (index == 0) {
      c.respond(429, R"({"error":{"message":"slow down","code":"rate_limit_exceeded"}})",
                "Retry-After: 0\r\n");
    } else if (index == 1) {
      c.respond(503, R"({"error":{"message":"overloaded"}})");
    } else {
      c.respond(200, answer(r));
    }
  });
  EmbeddingsClient client(*loop_, fast_options());
  const auto recovered = client.embed_blocking(target_for(flaky), {"hello"});
  ASSERT_TRUE(recovered.ok()) << recovered.error().message;
  EXPECT_EQ(flaky.requests().size(), 3U);

  FakeOpenAiServer down([](const CapturedRequest&, int, FakeConnection& c) {
    c.respond(500, R"({"error":{"message":"The server had an error"}})");
  });
  const auto failed = client.embed_blocking(target_for(down), {"hello"});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(failed.error().message.find("HTTP 500"), std::string::npos);
  EXPECT_EQ(down.requests().size(), 3U);  // max_attempts
}

TEST_F(EmbeddingsClientTest, CancelStopsTheCallback) {
  std::atomic<bool> release{false};
  FakeOpenAiServer slow([&](const CapturedRequest& r, int, FakeConnection& c) {
    for (int i = 0; i < 500 && !release.load(); ++i)
      c.pause(2ms);
    c.respond(200, answer(r));
  });
  EmbeddingsClient client(*loop_, fast_options());
  std::atomic<int> calls{0};
  {
    auto call =
        client.embed(target_for(slow), {"hello"}, [&](core::Result<Embeddings>) { ++calls; });
    std::this_thread::sleep_for(30ms);
    call.cancel();
  }
  release = true;
  std::promise<void> done;
  auto after = client.embed(target_for(slow), {"again"}, [&](core::Result<Embeddings> r) {
    EXPECT_TRUE(r.ok());
    EXPECT_TRUE(loop_->running_in_this_thread());
    done.set_value();
  });
  ASSERT_EQ(done.get_future().wait_for(5s), std::future_status::ready);
  EXPECT_EQ(calls.load(), 0);
}

}  // namespace
}  // namespace ovos::agents::knowledge
