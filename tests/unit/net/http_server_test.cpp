#include "net/http_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "support/raw_http.h"

namespace ovos::net {
namespace {

using ovos::testing::first_status;
using ovos::testing::raw_exchange;
using namespace std::chrono_literals;

class HttpServerTest : public ::testing::Test {
 protected:
  void start(HttpServerOptions options = {}) {
    options.port = 0;
    if (options.shards == 1) options.shards = 2;
    auto server = HttpServer::start(options, [this](HttpRequest& r) { return handle(r); });
    ASSERT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(server).value();
  }
  void TearDown() override {
    if (server_) server_->shutdown(1s);
  }

  HttpResponse handle(HttpRequest& r) {
    calls_.fetch_add(1);
    if (r.path == "/throw") throw std::runtime_error("boom");
    if (r.path == "/slow") std::this_thread::sleep_for(300ms);
    auto res = HttpResponse::text(200, r.method + " " + r.path + " q=" + r.query +
                                           " body=" + r.body + " ip=" + r.remote_address);
    return res;
  }

  std::string get(const std::string& path, const std::string& extra = "") {
    return raw_exchange(server_->port(), "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + extra +
                                             "Connection: close\r\n\r\n");
  }

  std::unique_ptr<HttpServer> server_;
  std::atomic<int> calls_{0};
};

TEST_F(HttpServerTest, AnswersWithRequestIdAndDecodedPath) {
  start();
  const auto raw = get("/v1/a%20b?x=1", "X-Request-Id: abc-123\r\n");
  EXPECT_EQ(first_status(raw), 200) << raw;
  EXPECT_NE(raw.find("GET /v1/a b q=x=1"), std::string::npos) << raw;
  EXPECT_NE(raw.find("X-Request-Id: abc-123"), std::string::npos);
  EXPECT_NE(raw.find("Server: openvoiceos"), std::string::npos);
  const auto generated = get("/", "X-Request-Id: bad id with spaces\r\n");
  EXPECT_EQ(generated.find("bad id"), std::string::npos) << "unsafe ids are replaced";
}

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  start();
  const std::string two =
      "GET /one HTTP/1.1\r\nHost: x\r\n\r\nPOST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
      "Connection: close\r\n\r\nabc";
  const auto raw = raw_exchange(server_->port(), two);
  EXPECT_NE(raw.find("GET /one"), std::string::npos) << raw;
  EXPECT_NE(raw.find("POST /two q= body=abc"), std::string::npos) << raw;
  EXPECT_EQ(calls_.load(), 2);
}

TEST_F(HttpServerTest, OversizedHeadersAndBodiesAreRefused) {
  HttpServerOptions o;
  o.max_header_bytes = 1024;
  o.max_body_bytes = 1024;
  start(o);
  EXPECT_EQ(first_status(get("/", "X-Big: " + std::string(4000, 'a') + "\r\n")), 431);
  const auto big_body =
      raw_exchange(server_->port(), "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" +
                                        std::string(5000, 'b'));
  EXPECT_EQ(first_status(big_body), 413);
  EXPECT_EQ(calls_.load(), 0) << "the handler never saw an oversized request";
}

TEST_F(HttpServerTest, UploadsMayBeLargerOnTheirOwnPathsWithCredentials) {
  HttpServerOptions o;
  o.max_body_bytes = 1024;
  o.upload_limit = [](std::string_view method,
                      std::string_view path) -> std::optional<std::size_t> {
    if (method == "POST" && path == "/up") return 8000;
    return std::nullopt;
  };
  start(o);
  const auto post = [&](std::string_view path, std::string_view extra, std::size_t n) {
    return first_status(raw_exchange(
        server_->port(), "POST " + std::string(path) + "?name=a HTTP/1.1\r\nHost: x\r\n" +
                             std::string(extra) + "Content-Length: " + std::to_string(n) +
                             "\r\nConnection: close\r\n\r\n" + std::string(n, 'b')));
  };
  EXPECT_EQ(post("/up", "Authorization: Bearer t\r\n", 5000), 200);
  EXPECT_EQ(post("/up", "Authorization: Bearer t\r\n", 9000), 413);
  EXPECT_EQ(post("/up", "", 5000), 413) << "anonymous clients keep the general limit";
  EXPECT_EQ(post("/other", "Authorization: Bearer t\r\n", 5000), 413);
  EXPECT_EQ(post("/other", "", 1000), 200);
  EXPECT_EQ(calls_.load(), 2);
}

TEST_F(HttpServerTest, MalformedAndTruncatedRequestsNeverReachTheHandler) {
  HttpServerOptions o;
  o.request_timeout = 1s;
  start(o);
  EXPECT_EQ(first_status(raw_exchange(server_->port(), "NOT HTTP AT ALL\r\n\r\n")), 400);
  EXPECT_EQ(first_status(raw_exchange(server_->port(),
                                      "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n")),
            400);
  const auto truncated = raw_exchange(
      server_->port(), "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly-part", 3s);
  EXPECT_EQ(truncated, "") << "the server closes after the request timeout without answering";
  const auto half_closed =
      raw_exchange(server_->port(),
                   "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly-part", 3s, true);
  EXPECT_EQ(first_status(half_closed), 0);
  EXPECT_EQ(calls_.load(), 0);
}

TEST_F(HttpServerTest, HandlerExceptionBecomes500) {
  start();
  const auto raw = get("/throw");
  EXPECT_EQ(first_status(raw), 500);
  EXPECT_EQ(raw.find("boom"), std::string::npos) << "internal details stay in the log";
}

TEST_F(HttpServerTest, RateLimitAnswers429WithRetryAfter) {
  HttpServerOptions o;
  o.rate_limit_rps = 1;
  o.rate_limit_burst = 2;
  start(o);
  EXPECT_EQ(first_status(get("/")), 200);
  EXPECT_EQ(first_status(get("/")), 200);
  const auto limited = get("/");
  EXPECT_EQ(first_status(limited), 429);
  EXPECT_NE(limited.find("Retry-After: "), std::string::npos);
  EXPECT_NE(limited.find("application/problem+json"), std::string::npos);
  EXPECT_EQ(calls_.load(), 2);
}

TEST_F(HttpServerTest, TrustedProxyAddressIsUsedOnlyWhenConfigured) {
  start();
  EXPECT_NE(get("/", "X-Forwarded-For: 203.0.113.9\r\n").find("ip=127.0.0.1"), std::string::npos);
  server_->shutdown(1s);
  HttpServerOptions o;
  o.trust_proxy = true;
  start(o);
  EXPECT_NE(get("/", "X-Forwarded-For: 203.0.113.9, 10.0.0.1\r\n").find("ip=203.0.113.9"),
            std::string::npos);
}

TEST_F(HttpServerTest, CorsPreflightAndHead) {
  HttpServerOptions o;
  o.cors_origins = {"http://ui.test"};
  start(o);
  const auto pre =
      raw_exchange(server_->port(),
                   "OPTIONS /v1/agents HTTP/1.1\r\nHost: x\r\nOrigin: http://ui.test\r\n"
                   "Access-Control-Request-Method: POST\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(first_status(pre), 204);
  EXPECT_NE(pre.find("Access-Control-Allow-Origin: http://ui.test"), std::string::npos);
  EXPECT_EQ(calls_.load(), 0);
  const auto head =
      raw_exchange(server_->port(), "HEAD /abc HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(first_status(head), 200);
  EXPECT_NE(head.find("Content-Length: "), std::string::npos);
  EXPECT_EQ(head.find("HEAD /abc q="), std::string::npos) << "HEAD has no body";
}

TEST_F(HttpServerTest, ConnectionLimitRefusesExtraConnections) {
  HttpServerOptions o;
  o.max_connections = 1;
  o.shards = 1;
  start(o);
  std::thread slow([&] { (void)get("/slow"); });
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(get("/"), "") << "the second connection is closed at once";
  slow.join();
  EXPECT_EQ(first_status(get("/")), 200) << "accepted again once the first one is gone";
}

TEST_F(HttpServerTest, ShutdownLetsRequestsInFlightFinish) {
  start();
  std::string slow_reply;
  std::thread slow([&] { slow_reply = get("/slow"); });
  std::this_thread::sleep_for(100ms);
  server_->shutdown(5s);
  slow.join();
  EXPECT_EQ(first_status(slow_reply), 200) << slow_reply;
  EXPECT_NE(slow_reply.find("Connection: close"), std::string::npos);
  EXPECT_THROW((void)get("/"), std::runtime_error) << "no longer accepting";
}

TEST_F(HttpServerTest, StartFailsClearlyOnBadAddressOrBusyPort) {
  HttpServerOptions o;
  o.host = "not-an-ip";
  const auto bad = HttpServer::start(o, [](HttpRequest&) { return HttpResponse{}; });
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("not-an-ip"), std::string::npos);
}

}  // namespace
}  // namespace ovos::net
