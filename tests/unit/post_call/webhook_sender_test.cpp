// Signed webhooks over the project's HTTP client against a loopback server that answers as a
// test scripts it: retries on 5xx and 429 (waiting out Retry-After), final 4xx, timeouts,
// private addresses, shutdown.
#include "agents/tasks/webhook_sender.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "post_call/webhook_test_support.h"
#include "support/scripted_http_server.h"

namespace ovos::agents::tasks {
namespace {

using namespace std::chrono_literals;
using net::testing::http_response;
using net::testing::RawConnection;
using net::testing::ScriptedHttpServer;
using testing::parse_request;
using testing::verified_timestamp;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kSecret = "whsec_0123456789abcdef";
constexpr std::string_view kBody = R"({"event":"call.completed","call":{"id":"c1"}})";

/// Answers the n-th request (0-based, over all connections) with answers[n] (the last one
/// repeats), noting when each request arrived.
class Answers {
 public:
  explicit Answers(std::vector<std::string> answers) : answers_(std::move(answers)) {}

  ScriptedHttpServer::Script script() {
    return [this](RawConnection& c) {
      while (c.read_request()) {
        const std::size_t n = count_.fetch_add(1);
        {
          const std::lock_guard lock(mutex_);
          arrivals_.push_back(Clock::now());
        }
        if (!c.write(answers_[std::min(n, answers_.size() - 1)])) return;
      }
    };
  }
  std::vector<Clock::time_point> arrivals() const {
    const std::lock_guard lock(mutex_);
    return arrivals_;
  }

 private:
  std::vector<std::string> answers_;
  std::atomic<std::size_t> count_{0};
  mutable std::mutex mutex_;
  std::vector<Clock::time_point> arrivals_;
};

class WebhookSenderTest : public ::testing::Test {
 protected:
  WebhookOptions fast_options() {
    WebhookOptions o;
    o.max_attempts = 5;
    o.base_backoff = 1ms;
    o.max_backoff = 400ms;  // also caps Retry-After
    o.timeout = 2s;
    o.allow_private_networks = true;  // the receiver is on loopback
    return o;
  }
  WebhookSender sender(WebhookOptions options) {
    return WebhookSender(*loop_, core::SystemClock::instance(), std::move(options),
                         [] { return 0.0; });  // no jitter: backoff waits are zero
  }
  static WebhookRequest request_to(const ScriptedHttpServer& server) {
    WebhookRequest r;
    r.url = "http://127.0.0.1:" + std::to_string(server.port()) + "/hooks/calls?source=ovos";
    r.body = std::string(kBody);
    r.secret = std::string(kSecret);
    r.delivery_id = "0193a5b2-7c1e-7d3f-8a9b-1c2d3e4f5a6b";
    return r;
  }

  std::unique_ptr<net::EventLoop> loop_ = net::EventLoop::start("webhook-test");
};

TEST_F(WebhookSenderTest, RetriesA500ThenA429AfterItsRetryAfterThenDelivers) {
  Answers answers({http_response(500, "oops"), http_response(429, "", "Retry-After: 1\r\n"),
                   http_response(200, "ok")});
  ScriptedHttpServer server(answers.script());
  const auto before = std::chrono::system_clock::now();
  const WebhookOutcome outcome = sender(fast_options()).deliver(request_to(server), {});
  EXPECT_TRUE(outcome.delivered) << outcome.error;
  EXPECT_EQ(outcome.attempts, 3);
  EXPECT_EQ(outcome.http_status, 200);
  EXPECT_EQ(outcome.error, "");
  ASSERT_TRUE(outcome.delivered_at.has_value());
  EXPECT_EQ(outcome.delivery_id, "0193a5b2-7c1e-7d3f-8a9b-1c2d3e4f5a6b");

  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  const auto before_s =
      std::chrono::duration_cast<std::chrono::seconds>(before.time_since_epoch()).count();
  for (const std::string& raw : requests) {
    const auto request = parse_request(raw);
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.target, "/hooks/calls?source=ovos");
    EXPECT_EQ(request.body, kBody) << "the exact bytes signed";
    EXPECT_EQ(request.headers.at("content-type"), "application/json");
    EXPECT_EQ(request.headers.at("x-openvoiceos-event"), "call.completed");
    EXPECT_EQ(request.headers.at("x-openvoiceos-delivery"), outcome.delivery_id)
        << "the same on every retry";
    const long long t = verified_timestamp(request, kSecret);
    EXPECT_GE(t, before_s) << "signature: " << request.headers.at("x-openvoiceos-signature");
    EXPECT_LE(t, now_s);
    EXPECT_EQ(verified_timestamp(request, "another secret"), -1);
  }
  // Retry-After: 1 (capped at max_backoff, 400 ms) was waited out; the 500 was retried at once.
  const auto arrivals = answers.arrivals();
  ASSERT_EQ(arrivals.size(), 3u);
  EXPECT_GE(arrivals[2] - arrivals[1], 380ms);
  EXPECT_LT(arrivals[1] - arrivals[0], 380ms);
}

TEST_F(WebhookSenderTest, AnyOther4xxIsFinal) {
  for (const int status : {400, 401, 404, 410, 422}) {
    Answers answers({http_response(status, R"({"error":"no"})")});
    ScriptedHttpServer server(answers.script());
    const WebhookOutcome outcome = sender(fast_options()).deliver(request_to(server), {});
    EXPECT_FALSE(outcome.delivered);
    EXPECT_EQ(outcome.attempts, 1) << status;
    EXPECT_EQ(outcome.http_status, status);
    EXPECT_EQ(outcome.error, "the receiver answered HTTP " + std::to_string(status));
    EXPECT_FALSE(outcome.delivered_at.has_value());
  }
}

TEST_F(WebhookSenderTest, RedirectsAreNotFollowed) {
  Answers answers({http_response(302, "", "Location: http://169.254.169.254/\r\n")});
  ScriptedHttpServer server(answers.script());
  const WebhookOutcome outcome = sender(fast_options()).deliver(request_to(server), {});
  EXPECT_FALSE(outcome.delivered);
  EXPECT_EQ(outcome.attempts, 1);
  EXPECT_EQ(outcome.http_status, 302);
}

TEST_F(WebhookSenderTest, GivesUpAfterMaxAttemptsOf408And5xx) {
  Answers answers({http_response(408, ""), http_response(502, ""), http_response(503, "")});
  ScriptedHttpServer server(answers.script());
  WebhookOptions options = fast_options();
  options.max_attempts = 4;
  const WebhookOutcome outcome = sender(options).deliver(request_to(server), {});
  EXPECT_FALSE(outcome.delivered);
  EXPECT_EQ(outcome.attempts, 4);
  EXPECT_EQ(server.requests().size(), 4u);
  EXPECT_EQ(outcome.http_status, 503);
  EXPECT_EQ(outcome.error, "the receiver answered HTTP 503");
}

TEST_F(WebhookSenderTest, ATimeoutIsRetriedThenReported) {
  ScriptedHttpServer server([](RawConnection& c) {
    while (c.read_request()) {
      if (!c.pause(5s)) return;  // never answers in time
    }
  });
  WebhookOptions options = fast_options();
  options.max_attempts = 2;
  options.timeout = 150ms;
  const auto started = Clock::now();
  const WebhookOutcome outcome = sender(options).deliver(request_to(server), {});
  EXPECT_FALSE(outcome.delivered);
  EXPECT_EQ(outcome.attempts, 2);
  EXPECT_FALSE(outcome.http_status.has_value());
  EXPECT_NE(outcome.error.find("timed out"), std::string::npos) << outcome.error;
  EXPECT_EQ(outcome.error.find("source=ovos"), std::string::npos) << "the query is not shown";
  EXPECT_LT(Clock::now() - started, 4s);
}

TEST_F(WebhookSenderTest, AStalledAnswerIsCutAtTheAttemptLimit) {
  ScriptedHttpServer server([](RawConnection& c) {
    while (c.read_request()) {
      (void)c.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
      for (int i = 0; i < 100; ++i) {  // a byte every 50 ms: never idle long enough to time out
        if (!c.write("x") || !c.pause(50ms)) return;
      }
    }
  });
  WebhookOptions options = fast_options();
  options.max_attempts = 1;
  options.attempt_limit = 300ms;
  const WebhookOutcome outcome = sender(options).deliver(request_to(server), {});
  // The head said 200: the receiver has the webhook, even if its answer never ends.
  EXPECT_TRUE(outcome.delivered) << outcome.error;
  EXPECT_EQ(outcome.http_status, 200);
}

TEST_F(WebhookSenderTest, AnUnreachableReceiverIsRetried) {
  std::uint16_t port = 0;
  {
    ScriptedHttpServer gone([](RawConnection&) {});
    port = gone.port();
  }  // nothing listens there any more: connection refused
  WebhookRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(port) + "/";
  request.body = "{}";
  request.secret = "s";
  request.delivery_id = "d";
  WebhookOptions options = fast_options();
  options.max_attempts = 3;
  const WebhookOutcome outcome = sender(options).deliver(request, {});
  EXPECT_FALSE(outcome.delivered);
  EXPECT_EQ(outcome.attempts, 3);
  EXPECT_FALSE(outcome.error.empty());
}

TEST_F(WebhookSenderTest, PrivateAddressesAreRefusedUnlessAllowed) {
  Answers answers({http_response(200, "")});
  ScriptedHttpServer server(answers.script());
  WebhookOptions options = fast_options();
  options.allow_private_networks = false;
  const WebhookOutcome outcome = sender(options).deliver(request_to(server), {});
  EXPECT_FALSE(outcome.delivered);
  EXPECT_EQ(outcome.attempts, 1);  // refused at connect time, not retried
  EXPECT_NE(outcome.error.find("127.0.0.1, which is not a public address"), std::string::npos)
      << outcome.error;
  EXPECT_NE(outcome.error.find("OVOS_WEBHOOK_ALLOW_PRIVATE_NETWORKS=true"), std::string::npos);
  EXPECT_EQ(server.connections_accepted(), 0);
}

TEST_F(WebhookSenderTest, AnUnusableUrlIsReported) {
  WebhookRequest request;
  request.url = "ftp://example.com/";
  request.delivery_id = "d";
  const WebhookOutcome outcome = sender(fast_options()).deliver(request, {});
  EXPECT_FALSE(outcome.delivered);
  EXPECT_EQ(outcome.attempts, 0);
  EXPECT_NE(outcome.error.find("the webhook URL is not usable"), std::string::npos);
}

TEST_F(WebhookSenderTest, StoppingEndsTheRetryWait) {
  Answers answers({http_response(503, "")});
  ScriptedHttpServer server(answers.script());
  WebhookOptions options = fast_options();
  options.base_backoff = 60s;
  options.max_backoff = 60s;
  std::stop_source stop;
  std::thread stopper([&] {
    while (server.requests().empty())
      std::this_thread::sleep_for(5ms);
    std::this_thread::sleep_for(50ms);
    stop.request_stop();
  });
  const auto started = Clock::now();
  // With jitter a real wait: [0, 60 s]; this one draws the longest.
  const WebhookOutcome outcome = WebhookSender(*loop_, core::SystemClock::instance(), options, [] {
                                   return 0.999;
                                 }).deliver(request_to(server), stop.get_token());
  stopper.join();
  EXPECT_LT(Clock::now() - started, 5s);
  EXPECT_FALSE(outcome.delivered);
  EXPECT_EQ(outcome.attempts, 1);
  EXPECT_EQ(outcome.error,
            "the receiver answered HTTP 503; interrupted: the server is shutting down");
}

TEST_F(WebhookSenderTest, OutcomeJson) {
  WebhookOutcome delivered;
  delivered.delivered = true;
  delivered.attempts = 2;
  delivered.http_status = 204;
  delivered.delivered_at = 1'763'856'000'000;
  delivered.delivery_id = "d1";
  EXPECT_EQ(delivered.to_json(),
            boost::json::parse(R"({"status":"delivered","attempts":2,"http_status":204,
              "error":null,"delivered_at":"2025-11-23T00:00:00.000Z","delivery_id":"d1"})"));
  WebhookOutcome failed;
  failed.error = "no secret";
  failed.delivery_id = "d2";
  EXPECT_EQ(failed.to_json(),
            boost::json::parse(R"({"status":"failed","attempts":0,"http_status":null,
              "error":"no secret","delivered_at":null,"delivery_id":"d2"})"));
}

}  // namespace
}  // namespace ovos::agents::tasks
