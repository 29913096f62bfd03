#include "net/http_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <thread>

#include "core/metrics.h"
#include "http_client_test_support.h"
#include "net/event_loop.h"
#include "net/http_server.h"
#include "net/retry.h"
#include "net/sse_parser.h"
#include "support/scripted_http_server.h"

namespace ovos::net {
namespace {

using namespace std::chrono_literals;
using testing::CallRecorder;
using testing::http_chunk;
using testing::http_response;
using testing::RawConnection;
using testing::ScriptedHttpServer;

constexpr std::string_view kChunkedHead =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override { loop_ = EventLoop::start("http-client-test"); }
  void TearDown() override {
    client_.reset();
    loop_->stop();
  }
  HttpClient& client(HttpClientOptions options = {}) {
    client_ = HttpClient::create(*loop_, std::move(options));
    return *client_;
  }
  static std::string url(std::uint16_t port, std::string_view path = "/") {
    return "http://127.0.0.1:" + std::to_string(port) + std::string(path);
  }
  /// Sends and waits for the whole response.
  core::Result<HttpClientResponse> collect(HttpClient& c, HttpClientRequest request) {
    std::promise<core::Result<HttpClientResponse>> done;
    auto call = send_and_collect(c, std::move(request),
                                 [&](auto result) { done.set_value(std::move(result)); });
    auto future = done.get_future();
    if (future.wait_for(10s) != std::future_status::ready) {
      return core::Error::internal("no answer");
    }
    return future.get();
  }

  std::unique_ptr<EventLoop> loop_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(HttpClientTest, GetAndPostWithHeadersAndBodyAgainstHttpServer) {
  auto server = HttpServer::start({}, [](HttpRequest& r) {
    auto response =
        HttpResponse::text(201, r.method + " " + r.target +
                                    " auth=" + std::string(r.header("authorization").value_or("")) +
                                    " body=" + r.body);
    response.set_header("X-Reply", "yes");
    return response;
  });
  ASSERT_TRUE(server.ok()) << server.error().message;
  auto& c = client();
  auto get = collect(
      c, {"GET", url((*server)->port(), "/v1/models?x=1"), {{"Authorization", "Bearer k"}}, ""});
  ASSERT_TRUE(get.ok()) << get.error().message;
  EXPECT_EQ(get->status, 201);
  EXPECT_EQ(get->body, "GET /v1/models?x=1 auth=Bearer k body=");
  EXPECT_EQ(get->header("x-reply"), "yes");
  auto post = collect(c, {"POST",
                          url((*server)->port(), "/v1/chat"),
                          {{"Content-Type", "application/json"}},
                          "{\"a\":1}"});
  ASSERT_TRUE(post.ok()) << post.error().message;
  EXPECT_EQ(post->body, "POST /v1/chat auth= body={\"a\":1}");
  (*server)->shutdown(1s);
}

TEST_F(HttpClientTest, RateLimitedResponseIsAValueWithItsRetryAfter) {
  auto server = HttpServer::start({}, [](HttpRequest&) {
    auto response = HttpResponse::json(429, "{\"error\":\"slow down\"}");
    response.set_header("Retry-After", "7");
    return response;
  });
  ASSERT_TRUE(server.ok()) << server.error().message;
  CallRecorder rec;
  auto call =
      client().send({"POST", url((*server)->port(), "/v1/chat"), {}, "{}"}, rec.callbacks());
  ASSERT_TRUE(rec.wait_done());
  ASSERT_TRUE(rec.result().ok()) << "an HTTP error status is not a transport error";
  EXPECT_EQ(rec.status(), 429);
  EXPECT_EQ(rec.body(), "{\"error\":\"slow down\"}");
  ASSERT_EQ(rec.header("retry-after"), "7");
  const RetryPolicy policy({3, 100ms, 10s}, [] { return 0.0; });
  EXPECT_TRUE(policy.should_retry(rec.status(), 1));
  EXPECT_EQ(policy.delay(
                1, parse_retry_after(*rec.header("retry-after"), std::chrono::system_clock::now())),
            7s);
  (*server)->shutdown(1s);
}

TEST_F(HttpClientTest, ChunkedStreamIsDeliveredBeforeTheResponseEnds) {
  std::promise<void> first_seen;
  auto seen = first_seen.get_future().share();
  ScriptedHttpServer server([seen](RawConnection& c) {
    if (!c.read_request()) return;
    c.write(kChunkedHead);
    c.write(http_chunk("data: {\"t\":\"Hel\"}\n\nda"));
    if (seen.wait_for(10s) != std::future_status::ready) return;  // the client saw piece one
    c.write(http_chunk("ta: [DONE]\n\n"));
    c.write("0\r\n\r\n");
    c.read_request();  // keep the connection until the client lets go
  });
  CallRecorder rec;
  SseParser parser;
  std::vector<SseEvent> events;
  auto callbacks = rec.callbacks();
  bool signalled = false;
  callbacks.on_body_chunk = [&, inner = callbacks.on_body_chunk](std::string_view chunk) {
    inner(chunk);
    auto parsed = parser.push(chunk);
    ASSERT_TRUE(parsed.ok());
    events.insert(events.end(), parsed->begin(), parsed->end());
    if (!signalled) first_seen.set_value();
    signalled = true;
  };
  auto call = client().send({"GET", url(server.port(), "/stream"), {}, ""}, std::move(callbacks));
  ASSERT_TRUE(rec.wait_done());
  ASSERT_TRUE(rec.result().ok()) << rec.error_message();
  EXPECT_EQ(rec.status(), 200);
  EXPECT_GE(rec.chunks().size(), 2u);
  EXPECT_EQ(rec.chunks()[0], "data: {\"t\":\"Hel\"}\n\nda") << "the first piece came alone";
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].data, "{\"t\":\"Hel\"}");
  EXPECT_EQ(events[1].data, "[DONE]");
}

TEST_F(HttpClientTest, ContentLengthBodyArrivingInParts) {
  ScriptedHttpServer server([](RawConnection& c) {
    if (!c.read_request()) return;
    c.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234");
    c.pause(50ms);
    c.write("56789");
    c.read_request();
  });
  CallRecorder rec;
  auto call = client().send({"GET", url(server.port()), {}, ""}, rec.callbacks());
  ASSERT_TRUE(rec.wait_done());
  ASSERT_TRUE(rec.result().ok()) << rec.error_message();
  EXPECT_EQ(rec.body(), "0123456789");
  EXPECT_EQ(rec.chunks().size(), 2u);
}

TEST_F(HttpClientTest, InterimResponsesAreSkippedAndHeadHasNoBody) {
  ScriptedHttpServer server([](RawConnection& c) {
    while (auto request = c.read_request()) {
      if (request->starts_with("HEAD")) {
        c.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
      } else {
        c.write("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" + http_response(200, "ok"));
      }
    }
  });
  auto& c = client();
  auto get = collect(c, {"GET", url(server.port()), {}, ""});
  ASSERT_TRUE(get.ok()) << get.error().message;
  EXPECT_EQ(get->status, 200);
  EXPECT_EQ(get->body, "ok");
  EXPECT_FALSE(get->header("link").has_value()) << "the 103's headers are not the response's";
  auto head = collect(c, {"HEAD", url(server.port()), {}, ""});
  ASSERT_TRUE(head.ok()) << head.error().message;
  EXPECT_EQ(head->header("content-length"), "100");
  EXPECT_EQ(head->body, "");
  auto again = collect(c, {"GET", url(server.port()), {}, ""});
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(server.connections_accepted(), 1) << "the connection stayed usable after HEAD";
}

TEST_F(HttpClientTest, SequentialRequestsReuseOneConnection) {
  ScriptedHttpServer server([](RawConnection& c) {
    while (auto request = c.read_request())
      c.write(http_response(200, "ok"));
  });
  auto& c = client();
  for (int i = 0; i < 3; ++i) {
    auto r = collect(c, {"GET", url(server.port(), "/n"), {}, ""});
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->body, "ok");
  }
  EXPECT_EQ(server.connections_accepted(), 1);
  EXPECT_EQ(server.requests().size(), 3u);
  EXPECT_EQ(c.idle_connections(), 1u);
}

TEST_F(HttpClientTest, APreconnectedConnectionServesTheFirstRequest) {
  ScriptedHttpServer server([](RawConnection& c) {
    while (auto request = c.read_request())
      c.write(http_response(200, "warm"));
  });
  auto& c = client();
  c.preconnect(url(server.port(), "/ignored?x=1"));
  for (int i = 0; i < 200 && c.idle_connections() == 0; ++i)
    std::this_thread::sleep_for(5ms);
  EXPECT_EQ(c.idle_connections(), 1u);
  c.preconnect(url(server.port()));  // one is idle already: nothing more is opened
  auto r = collect(c, {"GET", url(server.port(), "/speak"), {}, ""});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->body, "warm");
  EXPECT_EQ(server.connections_accepted(), 1);
}

TEST_F(HttpClientTest, ARequestRightAfterAPreconnectWaitsForItsConnection) {
  ScriptedHttpServer server([](RawConnection& c) {
    while (auto request = c.read_request())
      c.write(http_response(200, "shared"));
  });
  auto& c = client();
  c.preconnect(url(server.port()));
  auto r = collect(c, {"GET", url(server.port(), "/now"), {}, ""});  // before it is open
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(server.connections_accepted(), 1);
}

TEST_F(HttpClientTest, AFailedPreconnectLeavesRequestsToConnectThemselves) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const auto port = ntohs(addr.sin_port);
  ::close(fd);  // nobody listens there
  auto& c = client();
  c.preconnect(url(port));
  auto r = collect(c, {"GET", url(port), {}, ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(c.idle_connections(), 0u);
}

TEST_F(HttpClientTest, StalePooledConnectionIsRetriedOnceOnANewOne) {
  ScriptedHttpServer server([](RawConnection& c) {
    if (auto request = c.read_request()) c.write(http_response(200, "first"));
    // Then the server drops the idle keep-alive connection (the script returns: FIN).
  });
  auto& c = client();
  auto first = collect(c, {"GET", url(server.port()), {}, ""});
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(c.idle_connections(), 1u);
  std::this_thread::sleep_for(50ms);  // let the FIN arrive
  auto second = collect(c, {"POST", url(server.port()), {}, "x"});
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->body, "first") << "answered by the second connection's script";
  EXPECT_EQ(server.connections_accepted(), 2);
}

TEST_F(HttpClientTest, ClosedPortFailsAtOnce) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), len), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ::close(fd);  // bound, never listened: connections are refused
  CallRecorder rec;
  auto call = client().send({"GET", url(ntohs(addr.sin_port)), {}, ""}, rec.callbacks());
  ASSERT_TRUE(rec.wait_done(5s));
  ASSERT_FALSE(rec.result().ok());
  EXPECT_EQ(rec.result().error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(rec.error_message().find("cannot connect to 127.0.0.1"), std::string::npos)
      << rec.error_message();
  EXPECT_EQ(rec.status(), 0);
}

TEST_F(HttpClientTest, ConnectTimeoutWhenTheBacklogIsFull) {
  // A listener that never accepts, with its accept queue filled: further SYNs are dropped.
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), len), 0);
  ASSERT_EQ(::listen(listener, 0), 0);
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  std::vector<int> fillers;
  for (int i = 0; i < 4; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ::connect(fd, reinterpret_cast<sockaddr*>(&addr), len);
    fillers.push_back(fd);
  }
  std::this_thread::sleep_for(50ms);
  CallRecorder rec;
  HttpClientOptions options;
  options.connect_timeout = 300ms;
  auto call = client(options).send({"GET", url(ntohs(addr.sin_port)), {}, ""}, rec.callbacks());
  ASSERT_TRUE(rec.wait_done(5s));
  ASSERT_FALSE(rec.result().ok());
  EXPECT_NE(rec.error_message().find("timed out"), std::string::npos) << rec.error_message();
  for (const int fd : fillers)
    ::close(fd);
  ::close(listener);
}

TEST_F(HttpClientTest, FirstByteTimeout) {
  std::atomic<bool> peer_closed{false};
  ScriptedHttpServer server([&](RawConnection& c) {
    if (!c.read_request()) return;
    peer_closed = c.wait_for_peer_close();  // never answers
  });
  HttpClientOptions options;
  options.first_byte_timeout = 200ms;
  CallRecorder rec;
  auto call = client(options).send({"GET", url(server.port()), {}, ""}, rec.callbacks());
  ASSERT_TRUE(rec.wait_done());
  ASSERT_FALSE(rec.result().ok());
  EXPECT_EQ(rec.result().error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(rec.error_message().find("timed out waiting for the response"), std::string::npos)
      << rec.error_message();
  EXPECT_EQ(rec.status(), 0) << "no head";
  for (int i = 0; i < 200 && !peer_closed; ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_TRUE(peer_closed) << "the client closed the connection it gave up on";
}

TEST_F(HttpClientTest, IdleTimeoutMidBody) {
  ScriptedHttpServer server([](RawConnection& c) {
    if (!c.read_request()) return;
    c.write(kChunkedHead);
    c.write(http_chunk("data: a\n\n"));
    c.wait_for_peer_close();  // then stalls
  });
  HttpClientOptions options;
  options.idle_timeout = 200ms;
  CallRecorder rec;
  auto call = client(options).send({"GET", url(server.port()), {}, ""}, rec.callbacks());
  ASSERT_TRUE(rec.wait_done());
  EXPECT_EQ(rec.status(), 200);
  EXPECT_EQ(rec.body(), "data: a\n\n");
  ASSERT_FALSE(rec.result().ok());
  EXPECT_NE(rec.error_message().find("timed out waiting for more of the response"),
            std::string::npos)
      << rec.error_message();
}

TEST_F(HttpClientTest, ConnectionCutMidStreamIsAnError) {
  ScriptedHttpServer server([](RawConnection& c) {
    if (!c.read_request()) return;
    c.write(kChunkedHead);
    c.write(http_chunk("data: a\n\n"));
    c.pause(30ms);
    c.close();
  });
  CallRecorder rec;
  auto call = client().send({"GET", url(server.port()), {}, ""}, rec.callbacks());
  ASSERT_TRUE(rec.wait_done());
  EXPECT_EQ(rec.body(), "data: a\n\n");
  ASSERT_FALSE(rec.result().ok());
  EXPECT_EQ(rec.result().error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(rec.error_message().find("connection closed mid-response"), std::string::npos)
      << rec.error_message();
  EXPECT_NE(rec.error_message().find("GET http://127.0.0.1:"), std::string::npos)
      << "says which request failed";
}

TEST_F(HttpClientTest, CancelFromInsideABodyChunkStopsEverything) {
  std::atomic<bool> peer_closed{false};
  ScriptedHttpServer server([&](RawConnection& c) {
    if (!c.read_request()) return;
    c.write(kChunkedHead);
    for (int i = 0; i < 100 && c.write(http_chunk("data: tick\n\n")); ++i)
      c.pause(10ms);
    peer_closed = c.wait_for_peer_close(2s);
  });
  CallRecorder rec;
  std::mutex mutex;  // makes `call` assigned before a callback can use it
  HttpCall call;
  auto callbacks = rec.callbacks();
  callbacks.on_body_chunk = [&, inner = callbacks.on_body_chunk](std::string_view chunk) {
    inner(chunk);
    const std::lock_guard lock(mutex);
    call.cancel();
  };
  {
    const std::lock_guard lock(mutex);
    call = client().send({"GET", url(server.port()), {}, ""}, std::move(callbacks));
  }
  ASSERT_TRUE(rec.wait_chunks(1));
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(rec.chunks().size(), 1u) << "no chunk after cancel";
  EXPECT_EQ(rec.completions(), 0) << "no on_complete after cancel";
  EXPECT_EQ(client_->idle_connections(), 0u) << "a cancelled connection is not reused";
  for (int i = 0; i < 200 && !peer_closed; ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_TRUE(peer_closed) << "cancel closed the connection";
}

TEST_F(HttpClientTest, DestroyingTheHandleBeforeTheAnswerMeansNoCallback) {
  ScriptedHttpServer server([](RawConnection& c) {
    if (!c.read_request()) return;
    c.pause(200ms);
    c.write(http_response(200, "late"));
  });
  CallRecorder rec;
  {
    auto call = client().send({"GET", url(server.port()), {}, ""}, rec.callbacks());
    std::this_thread::sleep_for(50ms);
  }
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(rec.completions(), 0);
  EXPECT_EQ(rec.status(), 0);
}

TEST_F(HttpClientTest, ResponseLargerThanTheLimitIsTooLarge) {
  ScriptedHttpServer server([](RawConnection& c) {
    while (auto request = c.read_request()) {
      if (request->find("GET /declared") == 0) {
        c.write(http_response(200, std::string(100, 'x')));
      } else {
        c.write(kChunkedHead);
        for (int i = 0; i < 10; ++i)
          c.write(http_chunk(std::string(20, 'y')));
        c.write("0\r\n\r\n");
      }
    }
  });
  HttpClientOptions options;
  options.max_response_bytes = 64;
  auto& c = client(options);
  for (const char* path : {"/declared", "/chunked"}) {
    auto r = collect(c, {"GET", url(server.port(), path), {}, ""});
    ASSERT_FALSE(r.ok()) << path;
    EXPECT_EQ(r.error().code, core::ErrorCode::kTooLarge) << r.error().message;
    EXPECT_NE(r.error().message.find("exceeds 64 bytes"), std::string::npos) << r.error().message;
  }
}

TEST_F(HttpClientTest, BadUrlAndHeaderFailThroughOnComplete) {
  auto& c = client();
  auto bad_url = collect(c, {"GET", "ftp://x/", {}, ""});
  ASSERT_FALSE(bad_url.ok());
  EXPECT_EQ(bad_url.error().code, core::ErrorCode::kInvalidArgument);
  auto bad_header = collect(c, {"GET", "http://127.0.0.1:1/", {{"X", "a\nb"}}, ""});
  ASSERT_FALSE(bad_header.ok());
  EXPECT_EQ(bad_header.error().code, core::ErrorCode::kInvalidArgument);
}

/// The count of ovos_vendor_errors_total for one vendor, kind and reason.
std::uint64_t vendor_errors(const std::string& vendor, std::string_view kind,
                            std::string_view reason) {
  return core::MetricsRegistry::global()
      .counter("ovos_vendor_errors_total", "",
               {{"vendor", vendor}, {"kind", std::string(kind)}, {"reason", std::string(reason)}})
      .value();
}

TEST_F(HttpClientTest, TaggedFailuresCountOnceByVendorKindAndReason) {
  auto server = HttpServer::start({}, [](HttpRequest& r) {
    if (r.target == "/limited") return HttpResponse::json(429, "{}");
    if (r.target == "/denied") return HttpResponse::json(401, "{}");
    if (r.target == "/down") return HttpResponse::json(503, "{}");
    return HttpResponse::json(200, "{}");
  });
  ASSERT_TRUE(server.ok()) << server.error().message;
  auto& c = client();
  const core::VendorTag tag{"fakevendor", core::VendorKind::kTts};
  const auto send = [&](std::string_view path, std::optional<core::VendorTag> vendor) {
    std::promise<int> done;
    auto call = send_and_collect(
        c, {"POST", url((*server)->port(), path), {}, "{}"},
        [&](auto result) { done.set_value(result.ok() ? result->status : 0); }, vendor);
    return done.get_future().get();
  };
  EXPECT_EQ(send("/limited", tag), 429);
  EXPECT_EQ(send("/limited", tag), 429);
  EXPECT_EQ(send("/denied", tag), 401);
  EXPECT_EQ(send("/down", tag), 503);
  EXPECT_EQ(send("/ok", tag), 200);
  EXPECT_EQ(send("/down", std::nullopt), 503) << "untagged: not a vendor's";
  EXPECT_EQ(vendor_errors("fakevendor", "tts", "rate_limited"), 2U);
  EXPECT_EQ(vendor_errors("fakevendor", "tts", "auth"), 1U);
  EXPECT_EQ(vendor_errors("fakevendor", "tts", "server"), 1U);
  (*server)->shutdown(1s);

  // A transport failure: a port nobody listens on.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), len), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ::close(fd);
  CallRecorder rec;
  auto call = c.send({"GET", url(ntohs(addr.sin_port)), {}, ""}, rec.callbacks(),
                     core::VendorTag{"fakecarrier", core::VendorKind::kCarrier});
  ASSERT_TRUE(rec.wait_done(5s));
  EXPECT_FALSE(rec.result().ok());
  EXPECT_EQ(vendor_errors("fakecarrier", "carrier", "network"), 1U);
}

TEST_F(HttpClientTest, TaggedTimeoutCountsAsTimeoutAndACancelNotAtAll) {
  ScriptedHttpServer server([&](RawConnection& c) {
    if (!c.read_request()) return;
    (void)c.wait_for_peer_close();  // never answers
  });
  HttpClientOptions options;
  options.first_byte_timeout = 200ms;
  auto& c = client(options);
  const core::VendorTag tag{"slowvendor", core::VendorKind::kLlm};
  CallRecorder rec;
  auto call = c.send({"GET", url(server.port()), {}, ""}, rec.callbacks(), tag);
  ASSERT_TRUE(rec.wait_done());
  EXPECT_FALSE(rec.result().ok());
  EXPECT_EQ(vendor_errors("slowvendor", "llm", "timeout"), 1U);

  CallRecorder cancelled;
  auto second = c.send({"GET", url(server.port()), {}, ""}, cancelled.callbacks(), tag);
  second.cancel();
  std::this_thread::sleep_for(400ms);  // past the timeout it would have had
  EXPECT_EQ(vendor_errors("slowvendor", "llm", "timeout"), 1U) << "a cancelled request is ours";
  EXPECT_EQ(vendor_errors("slowvendor", "llm", "network"), 0U);
}

}  // namespace
}  // namespace ovos::net
