#include <gtest/gtest.h>

#include "net/event_loop.h"
#include "net/http_server.h"
#include "net/websocket_client.h"
#include "tls_proxy.h"
#include "ws_test_support.h"

namespace ovos::net {
namespace {

using namespace std::chrono_literals;
using testing::binary;
using testing::closed;
using testing::connect_and_wait;
using testing::RecordingHandler;
using testing::run_on;
using testing::TestCertificate;
using testing::text;
using testing::TlsProxy;
using testing::WsEvent;
using testing::WsRecorder;

/// An echo WebSocket server behind a TLS terminator with a certificate made for the test.
class WebSocketTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(certificate_.ok()) << "the openssl command could not make a certificate";
    HttpServerOptions o;
    o.port = 0;
    auto server = HttpServer::start(
        o, [](HttpRequest&) { return HttpResponse::text(200, "plain"); },
        [this](HttpRequest& r) {
          if (r.path == "/private") {
            return WebSocketAccept::refuse(HttpResponse::json(401, R"({"detail":"no key"})"));
          }
          return WebSocketAccept::accept([this](WebSocketConnection& c) {
            return std::make_unique<RecordingHandler>(server_events_, c.executor(), &c);
          });
        });
    ASSERT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(server).value();
    proxy_ = std::make_unique<TlsProxy>(certificate_, server_->port());
    loop_ = EventLoop::start("wss-test");
  }
  void TearDown() override {
    if (server_) server_->shutdown(2s);
    if (loop_) loop_->stop();
    proxy_.reset();
  }

  WebSocketClientOptions options(const std::string& host, const std::string& path = "/echo") {
    WebSocketClientOptions o;
    o.url = "wss://" + host + ":" + std::to_string(proxy_->port()) + path;
    o.connect_timeout = 3s;
    return o;
  }

  core::Result<std::shared_ptr<WebSocketConnection>> connect(
      WebSocketClientOptions o, const std::shared_ptr<WsRecorder>& events) {
    return connect_and_wait(*loop_, std::move(o),
                            std::make_unique<RecordingHandler>(events, *loop_));
  }

  TestCertificate certificate_{"DNS:localhost,IP:127.0.0.1"};
  std::shared_ptr<WsRecorder> server_events_ = std::make_shared<WsRecorder>();
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<TlsProxy> proxy_;
  std::unique_ptr<EventLoop> loop_;
};

TEST_F(WebSocketTlsTest, SelfSignedCertificateIsRejectedByDefault) {
  auto events = std::make_shared<WsRecorder>();
  auto r = connect(options("127.0.0.1"), events);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("certificate verify failed"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(websocket_handshake_status(r.error()), std::nullopt);
  EXPECT_TRUE(events->events().empty());
}

TEST_F(WebSocketTlsTest, TrustedCertificateEchoesBothWaysAndClosesCleanly) {
  auto o = options("127.0.0.1");
  o.ca_file = certificate_.cert_file();
  auto events = std::make_shared<WsRecorder>();
  auto r = connect(o, events);
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto conn = std::move(r).value();
  const std::string big(60000, 'x');  // under the server's default message limit
  run_on(*loop_, [&] {
    conn->send_text("over tls");
    conn->send_binary(std::vector<std::uint8_t>(big.begin(), big.end()));
    conn->send_text("done");
  });
  ASSERT_TRUE(events->wait_for_count(3, 5s));
  run_on(*loop_, [&] { conn->close(1000, "finished"); });
  const auto end = events->wait_closed(5s);
  ASSERT_TRUE(end);
  EXPECT_EQ(events->events(), (std::vector<WsEvent>{text("over tls"), binary(big), text("done"),
                                                    closed(1000, "finished")}));
  const auto server_end = server_events_->wait_closed(5s);
  ASSERT_TRUE(server_end);
  EXPECT_EQ(*server_end, closed(1000, "finished"));
  EXPECT_EQ(proxy_->server_names(), (std::vector<std::string>{""})) << "no SNI for an IP address";
}

TEST_F(WebSocketTlsTest, HostNameIsSentAsSniAndVerified) {
  auto o = options("localhost");
  o.ca_file = certificate_.cert_file();
  auto events = std::make_shared<WsRecorder>();
  auto r = connect(o, events);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(proxy_->server_names(), (std::vector<std::string>{"localhost"}));

  TestCertificate other("DNS:elsewhere.test");
  ASSERT_TRUE(other.ok());
  auto wrong = options("127.0.0.1");
  wrong.ca_file = other.cert_file();
  auto w = connect(wrong, events);
  ASSERT_FALSE(w.ok()) << "a certificate for another CA (and name) is refused";

  auto unverified = options("127.0.0.1");
  unverified.verify_peer = false;
  auto u = connect(unverified, std::make_shared<WsRecorder>());
  EXPECT_TRUE(u.ok()) << "verification can be turned off (development only)";
}

TEST_F(WebSocketTlsTest, RefusedUpgradeOverTlsCarriesTheStatus) {
  auto o = options("127.0.0.1", "/private");
  o.ca_file = certificate_.cert_file();
  auto r = connect(o, std::make_shared<WsRecorder>());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(websocket_handshake_status(r.error()), 401);
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnauthenticated);
  EXPECT_NE(r.error().message.find("no key"), std::string::npos);
  EXPECT_EQ(r.error().message.find("/private?"), std::string::npos);
}

TEST_F(WebSocketTlsTest, MissingCaFileIsAnError) {
  auto o = options("127.0.0.1");
  o.ca_file = "/nonexistent/ca.pem";
  auto r = connect(o, std::make_shared<WsRecorder>());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace ovos::net
