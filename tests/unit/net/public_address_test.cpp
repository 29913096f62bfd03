// URLs users give (webhooks, tools) reach only public addresses unless the operator allows
// private networks: the address classes, and the HTTP client refusing at connect time.
#include "net/public_address.h"

#include <gtest/gtest.h>

#include <future>

#include "net/event_loop.h"
#include "net/http_client.h"
#include "support/scripted_http_server.h"

namespace ovos::net {
namespace {

TEST(PublicAddress, PrivateLoopbackAndSpecialIpv4AreNotPublic) {
  for (std::string_view ip :
       {"127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.20",
        "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "192.0.2.10",
        "198.18.0.1", "203.0.113.5"}) {
    EXPECT_EQ(is_public_ip(ip), false) << ip;
  }
}

TEST(PublicAddress, PublicIpv4) {
  for (std::string_view ip : {"8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255", "100.128.0.1",
                              "192.169.0.1", "93.184.216.34"}) {
    EXPECT_EQ(is_public_ip(ip), true) << ip;
  }
}

TEST(PublicAddress, Ipv6) {
  for (std::string_view ip :
       {"::", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1", "2001:db8::1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "::127.0.0.1", "fec0::1"}) {
    EXPECT_EQ(is_public_ip(ip), false) << ip;
  }
  for (std::string_view ip :
       {"2001:4860:4860::8888", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"}) {
    EXPECT_EQ(is_public_ip(ip), true) << ip;
  }
}

TEST(PublicAddress, NotAnAddress) {
  EXPECT_EQ(is_public_ip("example.com"), std::nullopt);
  EXPECT_EQ(is_public_ip("[::1]"), std::nullopt);
  EXPECT_EQ(is_public_ip(""), std::nullopt);
}

TEST(PublicAddress, TheClientRefusesPrivateHostsAtConnectTime) {
  testing::ScriptedHttpServer server([](testing::RawConnection& c) {
    if (c.read_request()) c.write(testing::http_response(200, "ok"));
  });
  auto loop = EventLoop::start("public-only");
  const auto status_of = [&](const std::string& host, bool public_only) {
    HttpClientOptions options;
    options.public_addresses_only = public_only;
    auto client = HttpClient::create(*loop, options);
    std::promise<core::Result<HttpClientResponse>> promise;
    HttpCall call = send_and_collect(
        *client, {"GET", "http://" + host + ":" + std::to_string(server.port()) + "/", {}, {}},
        [&](core::Result<HttpClientResponse> r) { promise.set_value(std::move(r)); });
    return promise.get_future().get();
  };
  for (const std::string host : {"127.0.0.1", "localhost"}) {
    const auto refused = status_of(host, true);
    ASSERT_FALSE(refused.ok()) << host;
    EXPECT_EQ(refused.error().code, core::ErrorCode::kPermissionDenied) << host;
    EXPECT_NE(refused.error().message.find("is not a public address"), std::string::npos)
        << refused.error().message;
    const auto allowed = status_of(host, false);
    ASSERT_TRUE(allowed.ok()) << host << ": " << allowed.error().message;
    EXPECT_EQ(allowed->status, 200);
  }
  EXPECT_EQ(server.requests().size(), 2u);  // the refused ones never connected
  loop->stop();
}

}  // namespace
}  // namespace ovos::net
