#include "net/websocket_url.h"

#include <gtest/gtest.h>

#include "net/websocket.h"
#include "net/websocket_client.h"

namespace ovos::net {
namespace {

TEST(WebSocketUrlTest, ParsesSchemesHostsPortsAndTargets) {
  auto a = parse_websocket_url("wss://api.deepgram.com/v1/listen?model=nova&encoding=mulaw");
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_TRUE(a->tls);
  EXPECT_EQ(a->host, "api.deepgram.com");
  EXPECT_EQ(a->port, 443);
  EXPECT_EQ(a->target, "/v1/listen?model=nova&encoding=mulaw");
  EXPECT_EQ(a->host_header(), "api.deepgram.com");
  EXPECT_EQ(a->redacted(), "wss://api.deepgram.com:443/v1/listen") << "the query may hold a key";

  auto b = parse_websocket_url("WS://127.0.0.1:8080");
  ASSERT_TRUE(b.ok());
  EXPECT_FALSE(b->tls);
  EXPECT_EQ(b->port, 8080);
  EXPECT_EQ(b->target, "/");
  EXPECT_EQ(b->host_header(), "127.0.0.1:8080");

  auto c = parse_websocket_url("ws://[::1]:9000?x=1");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->host, "::1");
  EXPECT_EQ(c->target, "/?x=1");
  EXPECT_EQ(c->host_header(), "[::1]:9000");
}

TEST(WebSocketUrlTest, RefusesWhatItCannotConnectTo) {
  for (const char* bad : {"http://x/", "x/y", "ws://", "ws://:80/", "ws://h:0/", "ws://h:65536/",
                          "ws://h:12ab/", "ws://h:/", "ws://user:pw@h/", "ws://h/#frag",
                          "ws://[::1/", "ws://[zz]/", "ws://h h/", "wss://[::1]x/"}) {
    const auto r = parse_websocket_url(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument) << bad;
  }
}

TEST(WebSocketHandshakeErrorTest, MapsStatusesToDistinctCodesAndKeepsTheStatus) {
  const std::pair<int, core::ErrorCode> cases[] = {
      {401, core::ErrorCode::kUnauthenticated}, {403, core::ErrorCode::kPermissionDenied},
      {404, core::ErrorCode::kNotFound},        {429, core::ErrorCode::kRateLimited},
      {408, core::ErrorCode::kUnavailable},     {500, core::ErrorCode::kUnavailable},
      {503, core::ErrorCode::kUnavailable},     {400, core::ErrorCode::kInvalidArgument}};
  for (const auto& [status, code] : cases) {
    const auto e = websocket_handshake_error("wss://h:443/v1", status, "{\"err\":\n\"x\"}");
    EXPECT_EQ(e.code, code) << status;
    EXPECT_EQ(websocket_handshake_status(e), status);
    EXPECT_NE(e.message.find("wss://h:443/v1"), std::string::npos);
    EXPECT_NE(e.message.find("{\"err\": \"x\"}"), std::string::npos) << e.message;
  }
  EXPECT_EQ(websocket_handshake_status(core::Error::unavailable("cannot connect")), std::nullopt);
  const auto long_body = websocket_handshake_error("ws://h:80/", 500, std::string(5000, 'a'));
  EXPECT_LT(long_body.message.size(), 400U);
}

TEST(WebSocketUpgradeTest, RecognizesUpgradeRequestsAndSendableCodes) {
  HttpRequest r;
  r.method = "GET";
  r.headers = {{"connection", "keep-alive, Upgrade"}, {"upgrade", "WebSocket"}};
  EXPECT_TRUE(is_websocket_upgrade(r));
  r.method = "POST";
  EXPECT_FALSE(is_websocket_upgrade(r));
  r.method = "GET";
  r.headers = {{"connection", "keep-alive"}, {"upgrade", "websocket"}};
  EXPECT_FALSE(is_websocket_upgrade(r));
  r.headers = {{"connection", "upgrade"}, {"upgrade", "h2c"}};
  EXPECT_FALSE(is_websocket_upgrade(r));

  EXPECT_EQ(sendable_close_code(1001), 1001);
  EXPECT_EQ(sendable_close_code(4000), 4000);
  EXPECT_EQ(sendable_close_code(1006), 1000);
  EXPECT_EQ(sendable_close_code(1005), 1000);
  EXPECT_EQ(sendable_close_code(999), 1000);
  EXPECT_EQ(sendable_close_code(5000), 1000);
}

}  // namespace
}  // namespace ovos::net
