// The OpenAI stream provider against a loopback fake server speaking the documented SSE framing.

#include "providers/llm/openai/openai_llm_provider.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "openai_stream_test_support.h"
#include "providers/llm/openai/openai_stream.h"
#include "support/fake_openai_server.h"

namespace ovos::providers::testing {
namespace {

using namespace std::chrono_literals;
using openai::OpenAiLlmProvider;
using Kind = LlmEvent::Kind;

constexpr std::string_view kUnauthorizedBody =
    R"({"error":{"message":"Incorrect API key provided: sk-bad.","type":"invalid_request_error",)"
    R"("param":null,"code":"invalid_api_key"}})";
constexpr std::string_view kRateLimitBody =
    R"({"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}})";
constexpr std::string_view kServerErrorBody =
    R"({"error":{"message":"The server had an error","type":"server_error","code":null}})";

ChatRequest hello_request() {
  ChatRequest request = weather_conversation();
  request.model = "gpt-4o-mini";
  request.credentials = {{"api_key", "sk-test"}};
  return request;
}

/// A complete short stream: "Hel", "lo", finish, usage, [DONE].
void stream_hello(FakeConnection& connection) {
  connection.start_stream();
  connection.send_event(role_chunk());
  connection.send_event(token_chunk("Hel"));
  connection.pause(20ms);
  connection.send_event(token_chunk("lo"));
  connection.send_event(stop_chunk());
  connection.send_event(usage_chunk(9, 2));
  connection.send_event("[DONE]");
  connection.end_stream();
}

/// Waits (bounded) until `flag` is set, for a server handler pacing itself on the client.
void wait_for(const std::atomic<bool>& flag, std::chrono::milliseconds limit = 5s) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!flag.load() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(2ms);
}

class OpenAiStreamTest : public StreamHarness {};

TEST_F(OpenAiStreamTest, StreamsTokensOnTheExecutorThenDone) {
  std::atomic<bool> first_token_seen{false};
  FakeOpenAiServer server([&](const CapturedRequest&, int, FakeConnection& connection) {
    connection.start_stream();
    connection.send_event(role_chunk());
    connection.send_event(token_chunk("Hel"));
    wait_for(first_token_seen);  // the token reached the caller before the stream went on
    connection.pause(20ms);
    connection.send_event(token_chunk("lo"));
    connection.send_event(stop_chunk());
    connection.send_event(usage_chunk(9, 2));
    connection.send_event("[DONE]");
    connection.end_stream();
  });
  OpenAiLlmProvider provider(*io, config_for(server.url()));
  auto handler = [this, &first_token_seen](LlmEvent event) {
    EXPECT_EQ(std::this_thread::get_id(), test_thread);
    if (event.kind == Kind::kToken) first_token_seen = true;
    events.push_back(std::move(event));
  };
  auto completion = provider.stream_chat(hello_request(), executor, handler);

  ASSERT_TRUE(pump_until_finished());
  EXPECT_EQ(described(), (std::vector<std::string>{"token:Hel", "token:lo", "done:9/2"}));

  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U);
  const CapturedRequest& request = requests[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/v1/chat/completions");
  EXPECT_EQ(request.headers.at("authorization"), "Bearer sk-test");
  EXPECT_EQ(request.headers.at("content-type"), "application/json");
  EXPECT_EQ(request.headers.count("api-key"), 0U);
  const auto body = boost::json::parse(request.body).as_object();
  EXPECT_EQ(body.at("stream"), true);
  EXPECT_EQ(body.at("stream_options").at("include_usage"), true);
  EXPECT_EQ(body.at("model"), "gpt-4o-mini");
  EXPECT_EQ(body.at("messages").as_array().size(), 6U);
  EXPECT_EQ(body.at("tools").as_array().at(0).at("function").at("name"), "get_weather");
  EXPECT_EQ(request.body.find("sk-test"), std::string::npos);  // the key is not in the body

  auto* stream = dynamic_cast<openai::OpenAiCompletion*>(completion.get());
  ASSERT_NE(stream, nullptr);
  ASSERT_TRUE(stream->time_to_first_token().has_value());
  EXPECT_GT(stream->time_to_first_token()->count(), 0);
  EXPECT_EQ(stream->attempts(), 1);
  EXPECT_EQ(metrics.histogram("ovos_llm_first_token_seconds", "", {{"provider", "openai"}}).count(),
            1U);
}

TEST_F(OpenAiStreamTest, ToolCallArgumentsSplitAcrossChunksGiveOneToolCall) {
  FakeOpenAiServer server([](const CapturedRequest&, int, FakeConnection& connection) {
    connection.start_stream();
    connection.send_event(
        chunk_json(R"({"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_abc",)"
                   R"("type":"function","function":{"name":"get_weather","arguments":""}}]})"));
    connection.send_event(
        chunk_json(R"({"tool_calls":[{"index":0,"function":{"arguments":"{\"loc"}}]})"));
    connection.pause(10ms);
    connection.send_event(chunk_json(
        R"({"tool_calls":[{"index":0,"function":{"arguments":"ation\":\"Paris\"}"}}]})"));
    connection.send_event(stop_chunk("tool_calls"));
    connection.send_event(usage_chunk(80, 17));
    connection.send_event("[DONE]");
    connection.end_stream();
  });
  OpenAiLlmProvider provider(*io, config_for(server.url()));
  auto completion = provider.stream_chat(hello_request(), executor, recorder());
  ASSERT_TRUE(pump_until_finished());
  EXPECT_EQ(described(), (std::vector<std::string>{
                             R"(tool:call_abc|get_weather|{"location":"Paris"})", "done:80/17"}));
}

TEST_F(OpenAiStreamTest, UnauthorizedIsAnErrorWithoutRetry) {
  FakeOpenAiServer server([](const CapturedRequest&, int, FakeConnection& connection) {
    connection.respond(401, kUnauthorizedBody);
  });
  OpenAiLlmProvider provider(*io, config_for(server.url()));
  auto completion = provider.stream_chat(hello_request(), executor, recorder());
  ASSERT_TRUE(pump_until_finished());
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].kind, Kind::kError);
  EXPECT_EQ(events[0].error.code, core::ErrorCode::kUnauthenticated);
  EXPECT_NE(events[0].error.message.find("Incorrect API key"), std::string::npos);
  pump_for(100ms);
  EXPECT_EQ(server.requests().size(), 1U);
  EXPECT_EQ(events.size(), 1U);
}

TEST_F(OpenAiStreamTest, RateLimitedRetriesOnceAfterRetryAfter) {
  FakeOpenAiServer server([](const CapturedRequest&, int index, FakeConnection& connection) {
    if (index == 0) {
      connection.respond(429, kRateLimitBody, "Retry-After: 1\r\n");
    } else {
      stream_hello(connection);
    }
  });
  auto config = config_for(server.url());
  config.retry.max_backoff = 2s;  // so the server's one second is honoured, not capped
  OpenAiLlmProvider provider(*io, config);
  auto completion = provider.stream_chat(hello_request(), executor, recorder());
  ASSERT_TRUE(pump_until_finished());
  EXPECT_EQ(described(), (std::vector<std::string>{"token:Hel", "token:lo", "done:9/2"}));
  const auto times = server.request_times();
  ASSERT_EQ(times.size(), 2U);
  EXPECT_GE(times[1] - times[0], 900ms);
  EXPECT_LT(times[1] - times[0], 1900ms);
  EXPECT_EQ(dynamic_cast<openai::OpenAiCompletion&>(*completion).attempts(), 2);
}

TEST_F(OpenAiStreamTest, ServerErrorsTwiceThenSuccess) {
  FakeOpenAiServer server([](const CapturedRequest&, int index, FakeConnection& connection) {
    if (index < 2) {
      connection.respond(500, kServerErrorBody);
    } else {
      stream_hello(connection);
    }
  });
  OpenAiLlmProvider provider(*io, config_for(server.url()));
  auto completion = provider.stream_chat(hello_request(), executor, recorder());
  ASSERT_TRUE(pump_until_finished());
  EXPECT_EQ(described(), (std::vector<std::string>{"token:Hel", "token:lo", "done:9/2"}));
  EXPECT_EQ(server.requests().size(), 3U);
}

TEST_F(OpenAiStreamTest, ServerErrorsUntilAttemptsRunOutIsAnError) {
  FakeOpenAiServer server([](const CapturedRequest&, int, FakeConnection& connection) {
    connection.respond(503, kServerErrorBody);
  });
  OpenAiLlmProvider provider(*io, config_for(server.url()));
  auto completion = provider.stream_chat(hello_request(), executor, recorder());
  ASSERT_TRUE(pump_until_finished());
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].error.code, core::ErrorCode::kUnavailable);
  EXPECT_NE(events[0].error.message.find("HTTP 503"), std::string::npos);
  EXPECT_EQ(server.requests().size(), 3U);
}

TEST_F(OpenAiStreamTest, StreamCutBeforeAnyTokenIsRetried) {
  FakeOpenAiServer server([](const CapturedRequest&, int index, FakeConnection& connection) {
    if (index == 0) {
      connection.start_stream();
      connection.send_event(role_chunk());
      connection.close();
    } else {
      stream_hello(connection);
    }
  });
  OpenAiLlmProvider provider(*io, config_for(server.url()));
  auto completion = provider.stream_chat(hello_request(), executor, recorder());
  ASSERT_TRUE(pump_until_finished());
  EXPECT_EQ(described(), (std::vector<std::string>{"token:Hel", "token:lo", "done:9/2"}));
  EXPECT_EQ(server.requests().size(), 2U);
}

TEST_F(OpenAiStreamTest, StreamCutAfterATokenIsAnErrorWithoutRetry) {
  FakeOpenAiServer server([](const CapturedRequest&, int, FakeConnection& connection) {
    connection.start_stream();
    connection.send_event(role_chunk());
    connection.send_event(token_chunk("Hel"));
    connection.pause(20ms);
    connection.close();
  });
  OpenAiLlmProvider provider(*io, config_for(server.url()));
  auto completion = provider.stream_chat(hello_request(), executor, recorder());
  ASSERT_TRUE(pump_until_finished());
  ASSERT_EQ(events.size(), 2U);
  EXPECT_EQ(describe(events[0]), "token:Hel");
  EXPECT_EQ(events[1].kind, Kind::kError);
  EXPECT_EQ(events[1].error.code, core::ErrorCode::kUnavailable);
  pump_for(200ms);  // well past any backoff
  EXPECT_EQ(server.requests().size(), 1U);
  EXPECT_EQ(events.size(), 2U);
}

TEST_F(OpenAiStreamTest, CancelMidStreamDeliversNothingMoreAndClosesTheConnection) {
  std::atomic<bool> peer_closed{false};
  FakeOpenAiServer server([&](const CapturedRequest&, int, FakeConnection& connection) {
    connection.start_stream();
    connection.send_event(role_chunk());
    for (int i = 0; i < 1000; ++i) {  // tokens every few milliseconds until the client hangs up
      if (!connection.send_event(token_chunk("t"))) break;
      if (connection.wait_for_peer_close(3ms)) {
        peer_closed = true;
        return;
      }
    }
    peer_closed = connection.wait_for_peer_close();
  });
  OpenAiLlmProvider provider(*io, config_for(server.url()));
  auto completion = provider.stream_chat(hello_request(), executor, recorder());
  ASSERT_TRUE(pump_until([this] { return events.size() >= 3; }));
  std::this_thread::sleep_for(30ms);  // more tokens are now queued on the executor
  completion->cancel();
  const std::size_t at_cancel = events.size();
  pump_for(100ms);
  EXPECT_EQ(events.size(), at_cancel);
  for (const auto& event : events)
    EXPECT_EQ(event.kind, Kind::kToken);
  wait_for(peer_closed);
  EXPECT_TRUE(peer_closed.load());
  completion->cancel();  // idempotent
  completion.reset();
  pump_for(20ms);
  EXPECT_EQ(events.size(), at_cancel);
}

TEST_F(OpenAiStreamTest, CompletionMayBeDestroyedInsideItsHandler) {
  FakeOpenAiServer server([](const CapturedRequest&, int, FakeConnection& connection) {
    connection.start_stream();
    for (int i = 0; i < 200; ++i) {
      if (!connection.send_event(token_chunk("t"))) return;
      connection.pause(2ms);
    }
  });
  OpenAiLlmProvider provider(*io, config_for(server.url()));
  std::unique_ptr<LlmCompletion> completion;
  int delivered = 0;
  completion = provider.stream_chat(hello_request(), executor, [&](LlmEvent) {
    ++delivered;
    if (delivered == 2) completion.reset();  // barge-in from inside the handler
  });
  ASSERT_TRUE(pump_until([&] { return completion == nullptr; }));
  pump_for(100ms);
  EXPECT_EQ(delivered, 2);
}

TEST_F(OpenAiStreamTest, AzureUsesTheDeploymentPathAndApiKeyHeader) {
  FakeOpenAiServer server(
      [](const CapturedRequest&, int, FakeConnection& connection) { stream_hello(connection); });
  auto config = *openai::openai_provider_config("azure-openai");
  config.metrics = &metrics;
  OpenAiLlmProvider provider(*io, config);
  EXPECT_EQ(provider.name(), "azure-openai");
  ChatRequest request = hello_request();
  request.model.clear();
  request.credentials = {
      {"api_key", "az-key"}, {"endpoint", server.url() + "/"}, {"deployment", "gpt4o-prod"}};
  auto completion = provider.stream_chat(request, executor, recorder());
  ASSERT_TRUE(pump_until_finished());
  EXPECT_EQ(described(), (std::vector<std::string>{"token:Hel", "token:lo", "done:9/2"}));
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].target,
            "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");
  EXPECT_EQ(requests[0].headers.at("api-key"), "az-key");
  EXPECT_EQ(requests[0].headers.count("authorization"), 0U);
  const auto body = boost::json::parse(requests[0].body).as_object();
  EXPECT_FALSE(body.contains("model"));
  EXPECT_EQ(body.at("stream"), true);
}

TEST_F(OpenAiStreamTest, SelfHostedServerTakesBaseUrlAndNoKey) {
  FakeOpenAiServer server(
      [](const CapturedRequest&, int, FakeConnection& connection) { stream_hello(connection); });
  auto config = *openai::openai_provider_config("ollama");
  config.metrics = &metrics;
  OpenAiLlmProvider provider(*io, config);
  ChatRequest request = hello_request();
  request.credentials = {{"base_url", server.url() + "/v1"}};
  auto completion = provider.stream_chat(request, executor, recorder());
  ASSERT_TRUE(pump_until_finished());
  EXPECT_EQ(described(), (std::vector<std::string>{"token:Hel", "token:lo", "done:9/2"}));
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].target, "/v1/chat/completions");
  EXPECT_EQ(requests[0].headers.count("authorization"), 0U);
}

TEST_F(OpenAiStreamTest, MissingApiKeyIsAPostedError) {
  OpenAiLlmProvider provider(*io, config_for("http://127.0.0.1:9"));
  ChatRequest request = hello_request();
  request.credentials.clear();
  auto completion = provider.stream_chat(request, executor, recorder());
  EXPECT_TRUE(events.empty());  // posted, not called from inside stream_chat
  executor.run_ready();
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].kind, Kind::kError);
  EXPECT_EQ(events[0].error.code, core::ErrorCode::kUnauthenticated);
  EXPECT_NE(events[0].error.message.find("api_key"), std::string::npos);
}

TEST_F(OpenAiStreamTest, MissingBaseUrlOfACustomServerIsAPostedError) {
  auto config = *openai::openai_provider_config("custom");
  config.metrics = &metrics;
  OpenAiLlmProvider provider(*io, config);
  auto completion = provider.stream_chat(hello_request(), executor, recorder());
  executor.run_ready();
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].kind, Kind::kError);
  EXPECT_NE(events[0].error.message.find("base_url"), std::string::npos);
}

TEST_F(OpenAiStreamTest, CancelBeforeTheErrorIsDeliveredDropsIt) {
  OpenAiLlmProvider provider(*io, config_for("http://127.0.0.1:9"));
  ChatRequest request = hello_request();
  request.credentials.clear();
  auto completion = provider.stream_chat(request, executor, recorder());
  completion->cancel();
  executor.run_ready();
  EXPECT_TRUE(events.empty());
}

}  // namespace
}  // namespace ovos::providers::testing
