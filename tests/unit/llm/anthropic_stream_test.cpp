// AnthropicLlmProvider against a loopback fake of the Messages API: the request it sends, the
// events it posts (on the caller's executor, in order), retries before the first event only,
// errors, and cancellation.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/executor.h"
#include "core/logging.h"
#include "core/metrics.h"
#include "net/event_loop.h"
#include "providers/llm/anthropic/anthropic_provider.h"
#include "unit/llm/fake_anthropic_server.h"
#include "unit/llm/llm_test_support.h"

namespace ovos::providers::anthropic {
namespace {

using namespace std::chrono_literals;
using testing::cut;
using testing::describe;
using testing::FakeAnthropicServer;
using testing::Reply;
using testing::sse;
using testing::status_reply;
using testing::stream_reply;

constexpr std::string_view kKey = "sk-ant-test-0123456789";

std::string message_start(int input_tokens) {
  return sse("message_start",
             R"({"type":"message_start","message":{"id":"msg_01","type":"message",)"
             R"("role":"assistant","content":[],"model":"claude-3-5-haiku-latest",)"
             R"("stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":)" +
                 std::to_string(input_tokens) + R"(,"output_tokens":1}}})");
}
std::string text_start(int index) {
  return sse("content_block_start", R"({"type":"content_block_start","index":)" +
                                        std::to_string(index) +
                                        R"(,"content_block":{"type":"text","text":""}})");
}
std::string text_delta(int index, std::string_view text) {
  return sse("content_block_delta",
             R"({"type":"content_block_delta","index":)" + std::to_string(index) +
                 R"(,"delta":{"type":"text_delta","text":)" + testing::json_string(text) + "}}");
}
std::string block_stop(int index) {
  return sse("content_block_stop",
             R"({"type":"content_block_stop","index":)" + std::to_string(index) + "}");
}
std::string ping() {
  return sse("ping", R"({"type": "ping"})");
}
std::string message_end(std::string_view stop_reason, int output_tokens) {
  return sse("message_delta", R"({"type":"message_delta","delta":{"stop_reason":")" +
                                  std::string(stop_reason) +
                                  R"(","stop_sequence":null},"usage":{"output_tokens":)" +
                                  std::to_string(output_tokens) + "}}") +
         sse("message_stop", R"({"type":"message_stop"})");
}
/// A whole text reply: "Hello", " there", "!" with a ping, 25 in / 15 out.
std::vector<std::string> hello_stream() {
  return {message_start(25) + text_start(0),
          ping(),
          text_delta(0, "Hello"),
          text_delta(0, " there"),
          text_delta(0, "!") + block_stop(0),
          message_end("end_turn", 15)};
}
std::string overloaded_body() {
  return R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})";
}

/// One provider on its own I/O loop, a ManualExecutor as the calls' executor (pumped by the
/// test thread against the wall clock), and the events it received.
class AnthropicStreamTest : public ::testing::Test {
 protected:
  void SetUp() override { loop_ = net::EventLoop::start("anth-io"); }
  void TearDown() override {
    completion_.reset();
    provider_.reset();
    loop_->stop();
  }

  void make_provider(const std::string& base_url) {
    AnthropicConfig config;
    config.base_url = base_url;
    config.retry.max_attempts = 3;
    config.retry.base_backoff = 20ms;
    config.retry.max_backoff = 3s;
    config.random = [] { return 0.5; };
    config.metrics = &metrics_;
    provider_ = std::make_unique<AnthropicLlmProvider>(*loop_, config);
  }

  static ChatRequest request(bool with_key = true) {
    ChatRequest chat = testing::weather_conversation();
    chat.model.clear();  // the provider's default
    if (with_key) chat.credentials["api_key"] = std::string(kKey);
    return chat;
  }

  /// Starts a completion whose events land in events_ (checked to run on the test thread).
  void start(ChatRequest chat, std::function<void(const LlmEvent&)> also = {}) {
    completion_ = provider_->stream_chat(std::move(chat), executor_,
                                         [this, also = std::move(also)](LlmEvent event) {
                                           EXPECT_EQ(std::this_thread::get_id(), test_thread_);
                                           events_.push_back(event);
                                           if (also) also(events_.back());
                                         });
  }

  /// Runs the executor until `done` or `limit` of wall time.
  bool pump_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 10s) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      executor_.run_ready();
      if (done()) return true;
      std::this_thread::sleep_for(1ms);
    }
    executor_.run_ready();
    return done();
  }
  bool pump_until_finished() {
    return pump_until([this] {
      return !events_.empty() && (events_.back().kind == LlmEvent::Kind::kDone ||
                                  events_.back().kind == LlmEvent::Kind::kError);
    });
  }
  /// Runs the executor for `duration` regardless.
  void pump_for(std::chrono::milliseconds duration) {
    (void)pump_until([] { return false; }, duration);
  }

  std::unique_ptr<net::EventLoop> loop_;
  core::ManualClock clock_;
  core::ManualExecutor executor_{clock_};
  core::MetricsRegistry metrics_;
  std::unique_ptr<AnthropicLlmProvider> provider_;
  std::unique_ptr<LlmCompletion> completion_;
  std::vector<LlmEvent> events_;
  std::thread::id test_thread_ = std::this_thread::get_id();
};

TEST_F(AnthropicStreamTest, SendsTheMessagesRequest) {
  FakeAnthropicServer server({stream_reply(hello_stream())});
  make_provider(server.base_url() + "/");
  start(request());
  ASSERT_TRUE(pump_until_finished());

  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U);
  const auto& sent = requests[0];
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.target, "/v1/messages");
  EXPECT_EQ(sent.headers.at("x-api-key"), kKey);
  EXPECT_EQ(sent.headers.at("anthropic-version"), "2023-06-01");
  EXPECT_EQ(sent.headers.at("content-type"), "application/json");
  const auto body = boost::json::parse(sent.body).as_object();
  EXPECT_EQ(body.at("stream"), true);
  EXPECT_EQ(body.at("model"), "claude-3-5-haiku-latest");
  EXPECT_EQ(body.at("max_tokens"), 256);
  EXPECT_EQ(body.at("system"), "You are a weather bot.");
  const auto& messages = body.at("messages").as_array();
  ASSERT_EQ(messages.size(), 3U);
  EXPECT_EQ(messages[0].at("role"), "user");
  EXPECT_EQ(messages[1].at("role"), "assistant");
  EXPECT_EQ(messages[1].at("content").as_array()[1].at("type"), "tool_use");
  EXPECT_EQ(messages[2].at("content").as_array()[0].at("type"), "tool_result");
  const auto& tools = body.at("tools").as_array();
  ASSERT_EQ(tools.size(), 1U);
  EXPECT_EQ(tools[0].at("name"), "get_weather");
  EXPECT_EQ(tools[0].at("input_schema").at("required").as_array()[0], "location");
}

TEST_F(AnthropicStreamTest, StreamsTokensInOrderThenDoneWithUsage) {
  FakeAnthropicServer server({stream_reply(hello_stream(), 30ms)});
  make_provider(server.base_url());
  start(request());
  ASSERT_TRUE(pump_until_finished());
  EXPECT_EQ(describe(events_),
            (std::vector<std::string>{"token:Hello", "token: there", "token:!", "done:25/15"}));
  const auto& histogram =
      metrics_.histogram("ovos_llm_first_token_seconds", "", {{"provider", "anthropic"}});
  EXPECT_EQ(histogram.count(), 1U);
  EXPECT_GT(histogram.sum(), 0.0);
}

TEST_F(AnthropicStreamTest, EventsCutAnywhereInTheByteStream) {
  std::string whole;
  for (const auto& piece : hello_stream())
    whole += piece;
  FakeAnthropicServer server({stream_reply(cut(whole, 7), 1ms)});
  make_provider(server.base_url());
  start(request());
  ASSERT_TRUE(pump_until_finished());
  EXPECT_EQ(describe(events_),
            (std::vector<std::string>{"token:Hello", "token: there", "token:!", "done:25/15"}));
}

TEST_F(AnthropicStreamTest, ToolUseBecomesOneToolCallWithTheExactJson) {
  auto json_delta = [](std::string_view partial) {
    return sse("content_block_delta",
               R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta",)"
               R"("partial_json":)" +
                   testing::json_string(partial) + "}}");
  };
  const std::string whole =
      message_start(472) + text_start(0) + text_delta(0, "Checking.") + block_stop(0) +
      sse("content_block_start",
          R"({"type":"content_block_start","index":1,"content_block":{"type":"tool_use",)"
          R"("id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}})") +
      json_delta("") + json_delta(R"({"locat)") + ping() + json_delta(R"(ion": "San Fra)") +
      json_delta(R"(ncisco, CA", "un)") + json_delta(R"(it": "fahrenheit"})") + block_stop(1) +
      message_end("tool_use", 89);
  FakeAnthropicServer server({stream_reply(cut(whole, 61), 2ms)});
  make_provider(server.base_url());
  start(request());
  ASSERT_TRUE(pump_until_finished());
  EXPECT_EQ(
      describe(events_),
      (std::vector<std::string>{
          "token:Checking.",
          R"(tool:toolu_01T1x1fJ34qAmk2tNTrN7Up6|get_weather|{"location": "San Francisco, CA", "unit": "fahrenheit"})",
          "done:472/89"}));
}

TEST_F(AnthropicStreamTest, UnauthorizedIsNotRetried) {
  FakeAnthropicServer server(
      {status_reply(401, R"({"type":"error","error":{"type":"authentication_error",)"
                         R"("message":"invalid x-api-key"}})")});
  make_provider(server.base_url());
  start(request());
  ASSERT_TRUE(pump_until_finished());
  ASSERT_EQ(events_.size(), 1U);
  EXPECT_EQ(events_[0].kind, LlmEvent::Kind::kError);
  EXPECT_EQ(events_[0].error.code, core::ErrorCode::kUnauthenticated);
  EXPECT_NE(events_[0].error.message.find("invalid x-api-key"), std::string::npos);
  pump_for(100ms);
  EXPECT_EQ(server.requests().size(), 1U);
}

TEST_F(AnthropicStreamTest, OverloadedIsRetriedAndTheKeyIsNotLogged) {
  std::vector<std::string> lines;
  std::mutex lines_mutex;
  core::set_log_sink([&](std::string_view line) {
    const std::lock_guard lock(lines_mutex);
    lines.emplace_back(line);
  });
  FakeAnthropicServer server({status_reply(529, overloaded_body()), stream_reply(hello_stream())});
  make_provider(server.base_url());
  start(request());
  ASSERT_TRUE(pump_until_finished());
  provider_.reset();
  completion_.reset();
  loop_->stop();
  core::set_log_sink(nullptr);

  EXPECT_EQ(describe(events_),
            (std::vector<std::string>{"token:Hello", "token: there", "token:!", "done:25/15"}));
  EXPECT_EQ(server.requests().size(), 2U);
  ASSERT_FALSE(lines.empty());  // the retry was logged...
  for (const auto& line : lines)
    EXPECT_EQ(line.find(kKey), std::string::npos) << line;  // ...without the key
}

TEST_F(AnthropicStreamTest, RateLimitedWaitsForRetryAfter) {
  FakeAnthropicServer server(
      {status_reply(429, R"({"type":"error","error":{"type":"rate_limit_error","message":"slow"}})",
                    "Retry-After: 1\r\n"),
       stream_reply(hello_stream())});
  make_provider(server.base_url());
  start(request());
  ASSERT_TRUE(pump_until_finished());
  EXPECT_EQ(events_.back().kind, LlmEvent::Kind::kDone);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_GE(requests[1].at - requests[0].at, 900ms);
}

TEST_F(AnthropicStreamTest, RetriesStopAtMaxAttempts) {
  FakeAnthropicServer server({status_reply(503, "upstream down"), status_reply(500, "{}"),
                              status_reply(529, overloaded_body()), stream_reply(hello_stream())});
  make_provider(server.base_url());
  start(request());
  ASSERT_TRUE(pump_until_finished());
  ASSERT_EQ(events_.size(), 1U);
  EXPECT_EQ(events_[0].error.code, core::ErrorCode::kUnavailable);
  EXPECT_NE(events_[0].error.message.find("overloaded_error"), std::string::npos);
  pump_for(100ms);
  EXPECT_EQ(server.requests().size(), 3U);
}

TEST_F(AnthropicStreamTest, ErrorEventMidStreamIsFinal) {
  FakeAnthropicServer server(
      {stream_reply({message_start(10) + text_start(0) + text_delta(0, "Hi"),
                     sse("error", R"({"type": "error", "error": {"type": "overloaded_error", )"
                                  R"("message": "Overloaded"}})")}),
       stream_reply(hello_stream())});
  make_provider(server.base_url());
  start(request());
  ASSERT_TRUE(pump_until_finished());
  EXPECT_EQ(
      describe(events_),
      (std::vector<std::string>{
          "token:Hi", "error:" + std::to_string(static_cast<int>(core::ErrorCode::kUnavailable))}));
  EXPECT_NE(events_.back().error.message.find("Overloaded"), std::string::npos);
  pump_for(100ms);
  EXPECT_EQ(server.requests().size(), 1U);
}

TEST_F(AnthropicStreamTest, StreamCutAfterTokensIsAnErrorWithoutRetry) {
  FakeAnthropicServer server(
      {stream_reply({message_start(10) + text_start(0), text_delta(0, "Half"), text_delta(0, " a")},
                    5ms, /*cut_at_end=*/true),
       stream_reply(hello_stream())});
  make_provider(server.base_url());
  start(request());
  ASSERT_TRUE(pump_until_finished());
  ASSERT_EQ(events_.size(), 3U);
  EXPECT_EQ(describe(events_[0]), "token:Half");
  EXPECT_EQ(describe(events_[1]), "token: a");
  EXPECT_EQ(events_[2].kind, LlmEvent::Kind::kError);
  EXPECT_EQ(events_[2].error.code, core::ErrorCode::kUnavailable);
  pump_for(100ms);
  EXPECT_EQ(server.requests().size(), 1U);
}

TEST_F(AnthropicStreamTest, StreamCutBeforeAnyEventIsRetried) {
  FakeAnthropicServer server(
      {stream_reply({message_start(10)}, 0ms, /*cut_at_end=*/true), stream_reply(hello_stream())});
  make_provider(server.base_url());
  start(request());
  ASSERT_TRUE(pump_until_finished());
  EXPECT_EQ(describe(events_),
            (std::vector<std::string>{"token:Hello", "token: there", "token:!", "done:25/15"}));
  EXPECT_EQ(server.requests().size(), 2U);
}

TEST_F(AnthropicStreamTest, NoEventAfterCancelAndTheRequestStops) {
  std::atomic<bool> server_saw_close{false};
  Reply endless = [&](testing::RawConnection& connection) {
    connection.write(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
    connection.write(net::testing::http_chunk(message_start(5) + text_start(0)));
    for (int i = 0; i < 500; ++i) {
      if (!connection.pause(5ms)) break;
      if (!connection.write(net::testing::http_chunk(text_delta(0, "t" + std::to_string(i))))) {
        server_saw_close = true;
        break;
      }
    }
    return false;
  };
  FakeAnthropicServer server({endless});
  make_provider(server.base_url());
  start(request());
  ASSERT_TRUE(pump_until([&] { return events_.size() >= 3; }));
  // Let more tokens queue on the executor, then cancel before running them.
  std::this_thread::sleep_for(30ms);
  completion_->cancel();
  const auto seen = events_.size();
  pump_for(200ms);
  EXPECT_EQ(events_.size(), seen);
  EXPECT_TRUE(pump_until([&] { return server_saw_close.load(); }, 5s));
  for (std::size_t i = 0; i < events_.size(); ++i)
    EXPECT_EQ(describe(events_[i]), "token:t" + std::to_string(i));
}

TEST_F(AnthropicStreamTest, CancelFromInsideTheHandlerDropsTheRestOfTheBatch) {
  FakeAnthropicServer server(
      {stream_reply({message_start(5) + text_start(0) + text_delta(0, "a") + text_delta(0, "b") +
                     text_delta(0, "c") + block_stop(0) + message_end("end_turn", 3)},
                    0ms)});
  make_provider(server.base_url());
  start(request(), [this](const LlmEvent&) { completion_->cancel(); });
  ASSERT_TRUE(pump_until([&] { return !events_.empty(); }));
  pump_for(100ms);
  EXPECT_EQ(describe(events_), (std::vector<std::string>{"token:a"}));
}

TEST_F(AnthropicStreamTest, DestroyedFromInsideTheHandlerOnDone) {
  FakeAnthropicServer server({stream_reply(hello_stream())});
  make_provider(server.base_url());
  start(request(), [this](const LlmEvent& event) {
    if (event.kind == LlmEvent::Kind::kDone) completion_.reset();
  });
  ASSERT_TRUE(pump_until_finished());
  EXPECT_EQ(completion_, nullptr);
  EXPECT_EQ(events_.back().kind, LlmEvent::Kind::kDone);
}

TEST_F(AnthropicStreamTest, MissingApiKeyIsAnErrorNamingTheField) {
  FakeAnthropicServer server({stream_reply(hello_stream())});
  make_provider(server.base_url());
  start(request(/*with_key=*/false));
  ASSERT_TRUE(pump_until_finished());
  ASSERT_EQ(events_.size(), 1U);
  EXPECT_EQ(events_[0].error.code, core::ErrorCode::kUnauthenticated);
  EXPECT_NE(events_[0].error.message.find("api_key"), std::string::npos);
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(AnthropicStreamTest, BaseUrlFromCredentialsWins) {
  FakeAnthropicServer server({stream_reply(hello_stream())});
  make_provider("http://127.0.0.1:1");  // nothing listens there
  auto chat = request();
  chat.credentials["base_url"] = server.base_url();
  start(std::move(chat));
  ASSERT_TRUE(pump_until_finished());
  EXPECT_EQ(events_.back().kind, LlmEvent::Kind::kDone);
  EXPECT_EQ(server.requests().size(), 1U);
}

TEST_F(AnthropicStreamTest, UnreachableServerFailsAfterRetries) {
  make_provider("http://127.0.0.1:1");
  start(request());
  ASSERT_TRUE(pump_until_finished());
  ASSERT_EQ(events_.size(), 1U);
  EXPECT_EQ(events_[0].error.code, core::ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace ovos::providers::anthropic
