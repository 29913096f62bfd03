#include "net/websocket.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "core/metrics.h"
#include "net/event_loop.h"
#include "net/http_server.h"
#include "net/websocket_client.h"
#include "support/raw_http.h"
#include "ws_test_support.h"

namespace ovos::net {
namespace {

using namespace std::chrono_literals;
using ovos::testing::first_status;
using ovos::testing::raw_exchange;
using testing::binary;
using testing::closed;
using testing::connect_and_wait;
using testing::RawWebSocket;
using testing::RecordingHandler;
using testing::run_on;
using testing::text;
using testing::WsEvent;
using testing::WsRecorder;

constexpr auto kWait = 5s;

std::vector<std::uint8_t> bytes_of(const std::string& s) {
  return {s.begin(), s.end()};
}

/// Sends 16 KiB binary messages as fast as the shard lets it until the connection is gone.
class FloodHandler final : public WebSocketHandler {
 public:
  FloodHandler(WebSocketConnection& connection, std::shared_ptr<WsRecorder> recorder)
      : connection_(connection), recorder_(std::move(recorder)) {
    pump();
  }
  ~FloodHandler() override { *alive_ = false; }
  FloodHandler(const FloodHandler&) = delete;
  FloodHandler& operator=(const FloodHandler&) = delete;

  void on_text(std::string_view) override {}
  void on_binary(std::span<const std::uint8_t>) override {}
  void on_closed(std::uint16_t code, std::string_view reason) override {
    recorder_->add(closed(code, std::string(reason)));
  }

 private:
  void pump() {
    for (int i = 0; i < 8; ++i)
      connection_.send_binary(std::vector<std::uint8_t>(16 << 10, 0x55));
    connection_.executor().post([this, alive = alive_] {
      if (*alive) pump();
    });
  }
  WebSocketConnection& connection_;
  std::shared_ptr<WsRecorder> recorder_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

/// Answers "close <code>" by sending "last words" and then closing with that code; throws on
/// "throw".
class CloserHandler final : public WebSocketHandler {
 public:
  CloserHandler(WebSocketConnection& connection, std::shared_ptr<WsRecorder> recorder)
      : connection_(connection), recorder_(std::move(recorder)) {}
  void on_text(std::string_view t) override {
    if (t == "throw") throw std::runtime_error("handler bug");
    connection_.send_text("last words");
    connection_.close(static_cast<std::uint16_t>(std::stoi(std::string(t.substr(6)))),
                      "server says bye");
    connection_.send_text("dropped: after close");
  }
  void on_binary(std::span<const std::uint8_t>) override {}
  void on_closed(std::uint16_t code, std::string_view reason) override {
    recorder_->add(closed(code, std::string(reason)));
  }

 private:
  WebSocketConnection& connection_;
  std::shared_ptr<WsRecorder> recorder_;
};

class WebSocketTest : public ::testing::Test {
 protected:
  void SetUp() override { loop_ = EventLoop::start("ws-test-client"); }
  void TearDown() override {
    if (server_) server_->shutdown(2s);
    loop_->stop();
  }

  void start(HttpServerOptions options = {}, bool with_acceptor = true) {
    options.port = 0;
    options.shards = 2;
    auto http = [](HttpRequest& r) { return HttpResponse::text(200, "plain " + r.path); };
    auto server = with_acceptor ? HttpServer::start(options, http,
                                                    [this](HttpRequest& r) { return accept(r); })
                                : HttpServer::start(options, http);
    ASSERT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(server).value();
  }

  WebSocketAccept accept(HttpRequest& r) {
    {
      std::lock_guard lock(mutex_);
      seen_ = r;
      acceptor_on_shard_ = false;
      for (std::size_t i = 0; i < server_->shard_count(); ++i) {
        if (server_->shard_executor(i).running_in_this_thread()) acceptor_on_shard_ = true;
      }
    }
    if (r.path == "/refuse") {
      auto res = HttpResponse::json(std::stoi(*r.query_param("status")),
                                    R"({"title":"Refused","detail":"bad token"})");
      res.set_header("Content-Type", "application/problem+json");
      return WebSocketAccept::refuse(std::move(res));
    }
    auto rec = server_events_;
    if (r.path == "/flood") {
      return WebSocketAccept::accept(
          [rec](WebSocketConnection& c) { return std::make_unique<FloodHandler>(c, rec); });
    }
    if (r.path == "/closer") {
      return WebSocketAccept::accept(
          [rec](WebSocketConnection& c) { return std::make_unique<CloserHandler>(c, rec); });
    }
    if (r.path == "/factory-throws") {
      return WebSocketAccept::accept(
          [](WebSocketConnection&) -> std::unique_ptr<WebSocketHandler> { throw 1; });
    }
    return WebSocketAccept::accept([rec, this](WebSocketConnection& c) {
      factory_on_shard_ = c.executor().running_in_this_thread();
      factory_calls_.fetch_add(1);
      return std::make_unique<RecordingHandler>(rec, c.executor(), &c);
    });
  }

  WebSocketClientOptions options_for(const std::string& path) const {
    WebSocketClientOptions o;
    o.url = "ws://127.0.0.1:" + std::to_string(server_->port()) + path;
    o.connect_timeout = 3s;
    return o;
  }

  /// A connected client whose events go to `events`.
  std::shared_ptr<WebSocketConnection> connect(const std::string& path,
                                               const std::shared_ptr<WsRecorder>& events,
                                               WebSocketClientOptions o = {}) {
    if (o.url.empty()) o = options_for(path);
    auto r = connect_and_wait(*loop_, o, std::make_unique<RecordingHandler>(events, *loop_));
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? std::move(r).value() : nullptr;
  }

  core::Error connect_error(const std::string& path) {
    auto r = connect_and_wait(
        *loop_, options_for(path),
        std::make_unique<RecordingHandler>(std::make_shared<WsRecorder>(), *loop_));
    EXPECT_FALSE(r.ok());
    return r.ok() ? core::Error{} : std::move(r).error();
  }

  bool wait_connections(std::size_t n) {
    const auto until = std::chrono::steady_clock::now() + kWait;
    while (server_->open_connections() != n && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(5ms);
    return server_->open_connections() == n;
  }

  std::unique_ptr<EventLoop> loop_;
  std::unique_ptr<HttpServer> server_;
  std::shared_ptr<WsRecorder> server_events_ = std::make_shared<WsRecorder>();
  std::mutex mutex_;
  HttpRequest seen_;
  bool acceptor_on_shard_ = true;
  std::atomic<bool> factory_on_shard_{false};
  std::atomic<int> factory_calls_{0};
};

TEST_F(WebSocketTest, EchoesTextAndBinaryInOrderBothWays) {
  start();
  auto events = std::make_shared<WsRecorder>();
  auto conn = connect("/echo", events);
  ASSERT_TRUE(conn);
  EXPECT_EQ(conn->remote_address(), "127.0.0.1");
  EXPECT_EQ(&conn->executor(), static_cast<core::Executor*>(loop_.get()));
  const std::string big(60000, 'z');
  run_on(*loop_, [&] {
    conn->send_text("one");
    conn->send_binary(bytes_of(std::string("\x00\x01\xff", 3)));
    conn->send_text("three");
    conn->send_binary(bytes_of(big));
    conn->send_text("");
    conn->send_text("héllo ✓");
  });
  const std::vector<WsEvent> expected = {text("one"),   binary(std::string("\x00\x01\xff", 3)),
                                         text("three"), binary(big),
                                         text(""),      text("héllo ✓")};
  ASSERT_TRUE(events->wait_for_count(expected.size(), kWait));
  EXPECT_EQ(events->events(), expected);
  EXPECT_EQ(server_events_->events(), expected);
  EXPECT_TRUE(wait_connections(1)) << "a WebSocket counts as an open connection";
  run_on(*loop_, [&] { EXPECT_EQ(conn->queued_bytes(), 0U); });
}

TEST_F(WebSocketTest, AcceptorSeesPathQueryAndHeadersOnTheWorkerPool) {
  start();
  auto o = options_for("/v1/calls/a%20b/media?token=abc&codec=pcmu");
  o.headers = {{"Authorization", "Bearer secret"}, {"X-Call", "42"}};
  auto events = std::make_shared<WsRecorder>();
  auto conn = connect("", events, o);
  ASSERT_TRUE(conn);
  const auto until = std::chrono::steady_clock::now() + kWait;  // the 101 may come first
  while (factory_calls_.load() == 0 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(1ms);
  std::lock_guard lock(mutex_);
  EXPECT_EQ(seen_.path, "/v1/calls/a b/media");
  EXPECT_EQ(seen_.query, "token=abc&codec=pcmu");
  EXPECT_EQ(seen_.query_param("token"), "abc");
  EXPECT_EQ(seen_.header("authorization"), "Bearer secret");
  EXPECT_EQ(seen_.header("x-call"), "42");
  EXPECT_EQ(seen_.remote_address, "127.0.0.1");
  EXPECT_FALSE(seen_.request_id.empty());
  EXPECT_FALSE(acceptor_on_shard_) << "the acceptor may block: it runs on the worker pool";
  EXPECT_TRUE(factory_on_shard_) << "the handler is built on the connection's shard";
}

TEST_F(WebSocketTest, RefusalReachesTheClientWithItsStatusAndBody) {
  start();
  const auto unauthorized = connect_error("/refuse?status=401");
  EXPECT_EQ(unauthorized.code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(websocket_handshake_status(unauthorized), 401);
  EXPECT_NE(unauthorized.message.find("bad token"), std::string::npos) << unauthorized.message;
  const auto limited = connect_error("/refuse?status=429");
  EXPECT_EQ(limited.code, core::ErrorCode::kRateLimited);
  EXPECT_EQ(websocket_handshake_status(limited), 429);
  const auto down = connect_error("/refuse?status=503");
  EXPECT_EQ(down.code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(websocket_handshake_status(down), 503);

  const auto raw =
      raw_exchange(server_->port(),
                   "GET /refuse?status=403 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                   "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                   "Sec-WebSocket-Version: 13\r\n\r\n");
  EXPECT_EQ(first_status(raw), 403) << raw;
  EXPECT_NE(raw.find("application/problem+json"), std::string::npos);
  EXPECT_NE(raw.find("Connection: close"), std::string::npos) << "then the connection closes";
  EXPECT_TRUE(wait_connections(0));
}

TEST_F(WebSocketTest, WithoutAcceptorUpgradeGetsProblemAndPlainHttpStillWorks) {
  start({}, /*with_acceptor=*/false);
  const auto raw =
      raw_exchange(server_->port(),
                   "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                   "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                   "Sec-WebSocket-Version: 13\r\n\r\n");
  EXPECT_EQ(first_status(raw), 404) << raw;
  EXPECT_NE(raw.find("application/problem+json"), std::string::npos);
  const auto error = connect_error("/ws");
  EXPECT_EQ(websocket_handshake_status(error), 404);
  const auto plain =
      raw_exchange(server_->port(), "GET /p HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(first_status(plain), 200);
  EXPECT_NE(plain.find("plain /p"), std::string::npos);
}

TEST_F(WebSocketTest, MalformedUpgradeIsAnswered400AndPlainRequestsGoToTheHandler) {
  start();
  const auto raw = raw_exchange(server_->port(),
                                "GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                                "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n");
  EXPECT_EQ(first_status(raw), 400) << raw;
  const auto plain =
      raw_exchange(server_->port(), "GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(plain.find("plain /echo"), std::string::npos) << plain;
  EXPECT_TRUE(wait_connections(0));
  EXPECT_EQ(server_events_->events().size(), 0U) << "no handler was built";
}

TEST_F(WebSocketTest, OversizedMessageClosesWith1009OnBothSides) {
  HttpServerOptions o;
  o.ws_max_message_bytes = 1000;
  start(o);
  auto events = std::make_shared<WsRecorder>();
  auto conn = connect("/echo", events);
  ASSERT_TRUE(conn);
  run_on(*loop_, [&] {
    conn->send_text(std::string(1000, 'a'));
    conn->send_text(std::string(1001, 'b'));
    conn->send_text("never delivered");
  });
  const auto client_end = events->wait_closed(kWait);
  ASSERT_TRUE(client_end);
  EXPECT_EQ(client_end->code, WebSocketClose::kTooBig) << client_end->data;
  const auto server_end = server_events_->wait_closed(kWait);
  ASSERT_TRUE(server_end);
  EXPECT_EQ(server_end->code, WebSocketClose::kTooBig);
  EXPECT_EQ(server_events_->events(),
            (std::vector<WsEvent>{text(std::string(1000, 'a')), *server_end}));
  EXPECT_TRUE(wait_connections(0));
}

TEST_F(WebSocketTest, ClientLimitAppliesToWhatTheServerSends) {
  start();
  auto events = std::make_shared<WsRecorder>();
  auto o = options_for("/echo");
  o.max_message_bytes = 100;
  auto conn = connect("", events, o);
  ASSERT_TRUE(conn);
  run_on(*loop_, [&] { conn->send_binary(std::vector<std::uint8_t>(150, 1)); });
  const auto end = events->wait_closed(kWait);
  ASSERT_TRUE(end);
  EXPECT_EQ(end->code, WebSocketClose::kTooBig);
  EXPECT_EQ(events->events().size(), 1U);
  const auto server_end = server_events_->wait_closed(kWait);
  ASSERT_TRUE(server_end);
  EXPECT_EQ(server_end->code, WebSocketClose::kTooBig) << "the peer's close code is reported";
}

TEST_F(WebSocketTest, ClientThatStopsReadingIsClosedWith1008AndOthersKeepWorking) {
  HttpServerOptions o;
  o.ws_max_queued_bytes = 256 << 10;
  start(o);
  auto other_events = std::make_shared<WsRecorder>();
  auto other = connect("/echo", other_events);
  ASSERT_TRUE(other);

  server_events_ = std::make_shared<WsRecorder>();  // for the flood connection
  RawWebSocket stuck(server_->port(), "/flood", 4096);
  EXPECT_EQ(first_status(stuck.response_head()), 101) << stuck.response_head();
  const auto end = server_events_->wait_closed(10s);
  ASSERT_TRUE(end);
  EXPECT_EQ(*end, closed(WebSocketClose::kPolicyViolation, "client is not reading"));
  EXPECT_TRUE(stuck.wait_server_closed(kWait)) << "the server closed the socket";

  run_on(*loop_, [&] { other->send_text("still here"); });
  ASSERT_TRUE(other_events->wait_for_count(1, kWait));
  EXPECT_EQ(other_events->events(), (std::vector<WsEvent>{text("still here")}));
  EXPECT_TRUE(wait_connections(1));
}

TEST_F(WebSocketTest, SilentPeerIsDetectedByTheIdleTimeout) {
  HttpServerOptions o;
  o.ws_idle_timeout = 400ms;
  start(o);
  RawWebSocket silent(server_->port(), "/echo");
  EXPECT_EQ(first_status(silent.response_head()), 101);
  const auto end = server_events_->wait_closed(kWait);
  ASSERT_TRUE(end);
  EXPECT_EQ(*end, closed(WebSocketClose::kAbnormal, "timed out"));
  EXPECT_TRUE(wait_connections(0));
}

TEST_F(WebSocketTest, PeerCloseIsReportedWithItsCodeOnBothSides) {
  start();
  auto events = std::make_shared<WsRecorder>();
  auto conn = connect("/echo", events);
  ASSERT_TRUE(conn);
  run_on(*loop_, [&] {
    conn->send_text("before");
    conn->close(4001, "bye");
    conn->close(4002, "second close is ignored");
    conn->send_text("after close: dropped");
  });
  const auto server_end = server_events_->wait_closed(kWait);
  ASSERT_TRUE(server_end);
  EXPECT_EQ(server_events_->events(), (std::vector<WsEvent>{text("before"), closed(4001, "bye")}));
  const auto client_end = events->wait_closed(kWait);
  ASSERT_TRUE(client_end);
  EXPECT_EQ(*client_end, closed(4001, "bye"));
  EXPECT_TRUE(wait_connections(0));
  EXPECT_EQ(server_events_->closed_calls(), 1);
}

TEST_F(WebSocketTest, ServerCloseSendsQueuedMessagesFirst) {
  start();
  auto events = std::make_shared<WsRecorder>();
  auto conn = connect("/closer", events);
  ASSERT_TRUE(conn);
  run_on(*loop_, [&] { conn->send_text("close 4100"); });
  const auto end = events->wait_closed(kWait);
  ASSERT_TRUE(end);
  EXPECT_EQ(events->events(),
            (std::vector<WsEvent>{text("last words"), closed(4100, "server says bye")}));
  const auto server_end = server_events_->wait_closed(kWait);
  ASSERT_TRUE(server_end);
  EXPECT_EQ(*server_end, closed(4100, "server says bye"));
}

TEST_F(WebSocketTest, HandlerExceptionsCloseWith1011) {
  start();
  auto events = std::make_shared<WsRecorder>();
  auto conn = connect("/closer", events);
  ASSERT_TRUE(conn);
  run_on(*loop_, [&] { conn->send_text("throw"); });
  const auto end = events->wait_closed(kWait);
  ASSERT_TRUE(end);
  EXPECT_EQ(*end, closed(WebSocketClose::kInternalError, "internal error"));

  auto events2 = std::make_shared<WsRecorder>();
  auto conn2 = connect("/factory-throws", events2);
  ASSERT_TRUE(conn2);
  const auto end2 = events2->wait_closed(kWait);
  ASSERT_TRUE(end2);
  EXPECT_EQ(end2->code, WebSocketClose::kInternalError);
}

TEST_F(WebSocketTest, DroppingTheClientConnectionClosesIt) {
  start();
  auto events = std::make_shared<WsRecorder>();
  auto conn = connect("/echo", events);
  ASSERT_TRUE(conn);
  conn.reset();
  const auto server_end = server_events_->wait_closed(kWait);
  ASSERT_TRUE(server_end);
  EXPECT_EQ(server_end->code, WebSocketClose::kNormal);
  const auto client_end = events->wait_closed(kWait);
  ASSERT_TRUE(client_end) << "the handler still gets on_closed";
  EXPECT_EQ(client_end->code, WebSocketClose::kNormal);
}

TEST_F(WebSocketTest, ShutdownClosesOpenWebSocketsWith1001) {
  start();
  auto events = std::make_shared<WsRecorder>();
  auto conn = connect("/echo", events);
  ASSERT_TRUE(conn);
  EXPECT_TRUE(wait_connections(1));
  const auto before = std::chrono::steady_clock::now();
  server_->shutdown(100ms);
  EXPECT_LT(std::chrono::steady_clock::now() - before, 1500ms);
  EXPECT_EQ(server_->open_connections(), 0U);
  const auto server_end = server_events_->wait_closed(kWait);
  ASSERT_TRUE(server_end);
  EXPECT_EQ(*server_end, closed(WebSocketClose::kGoingAway, "server shutting down"));
  const auto client_end = events->wait_closed(kWait);
  ASSERT_TRUE(client_end);
  EXPECT_EQ(*client_end, closed(WebSocketClose::kGoingAway, "server shutting down"));
}

TEST_F(WebSocketTest, ConnectFailuresAreErrorsWithoutStatus) {
  start();
  WebSocketClientOptions o;
  o.url = "ws://127.0.0.1:" + std::to_string(testing::unused_port()) + "/x";
  auto events = std::make_shared<WsRecorder>();
  auto refused = connect_and_wait(*loop_, o, std::make_unique<RecordingHandler>(events, *loop_));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(websocket_handshake_status(refused.error()), std::nullopt);
  EXPECT_NE(refused.error().message.find("cannot connect"), std::string::npos)
      << refused.error().message;

  o.url = "http://127.0.0.1/x";
  auto bad = connect_and_wait(*loop_, o, std::make_unique<RecordingHandler>(events, *loop_));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_TRUE(events->events().empty()) << "a handler that never connected gets no event";
}

TEST_F(WebSocketTest, UpgradeThatIsNeverAnsweredTimesOut) {
  // A listening socket that accepts (in the kernel) but never answers.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 4), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  WebSocketClientOptions o;
  o.url = "ws://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/";
  o.connect_timeout = 300ms;
  const auto before = std::chrono::steady_clock::now();
  auto r = connect_and_wait(
      *loop_, o, std::make_unique<RecordingHandler>(std::make_shared<WsRecorder>(), *loop_));
  EXPECT_LT(std::chrono::steady_clock::now() - before, 3s);
  ::close(fd);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("upgrade failed"), std::string::npos) << r.error().message;
}

TEST_F(WebSocketTest, TaggedVendorConnectionsCountRefusalsAndAbnormalEnds) {
  start();
  const auto count = [](std::string_view reason) {
    return core::MetricsRegistry::global()
        .counter("ovos_vendor_errors_total", "",
                 {{"vendor", "fakews"}, {"kind", "stt"}, {"reason", std::string(reason)}})
        .value();
  };
  auto o = options_for("/refuse?status=401");
  o.vendor = core::VendorTag{"fakews", core::VendorKind::kStt};
  auto refused = connect_and_wait(
      *loop_, o, std::make_unique<RecordingHandler>(std::make_shared<WsRecorder>(), *loop_));
  EXPECT_FALSE(refused.ok());
  EXPECT_EQ(count("auth"), 1U);

  // The vendor ends the stream with 1011 (internal error): a server error.
  auto events = std::make_shared<WsRecorder>();
  o = options_for("/closer");
  o.vendor = core::VendorTag{"fakews", core::VendorKind::kStt};
  auto conn = connect("", events, o);
  ASSERT_TRUE(conn);
  run_on(*loop_, [&] { conn->send_text("close 1011"); });
  ASSERT_TRUE(events->wait_closed(kWait));
  EXPECT_EQ(count("server"), 1U);

  // A normal end counts nothing.
  events = std::make_shared<WsRecorder>();
  conn = connect("", events, o);
  ASSERT_TRUE(conn);
  run_on(*loop_, [&] { conn->send_text("close 1000"); });
  ASSERT_TRUE(events->wait_closed(kWait));
  EXPECT_EQ(count("server"), 1U);
  EXPECT_EQ(count("network"), 0U);
}

}  // namespace
}  // namespace ovos::net
