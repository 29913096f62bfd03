// Webhook targets must be public addresses unless the operator allows private networks.
#include "agents/tasks/public_address.h"

#include <gtest/gtest.h>

namespace ovos::agents::tasks {
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

TEST(PublicAddress, HostsResolvingToPrivateAddressesAreRefused) {
  for (std::string_view host : {"127.0.0.1", "[::1]", "localhost", "169.254.169.254"}) {
    const auto checked = check_public_host(host);
    ASSERT_FALSE(checked.ok()) << host;
    EXPECT_EQ(checked.error().code, core::ErrorCode::kPermissionDenied) << host;
    EXPECT_NE(checked.error().message.find("OVOS_WEBHOOK_ALLOW_PRIVATE_NETWORKS"),
              std::string::npos);
  }
  EXPECT_TRUE(check_public_host("8.8.8.8").ok()) << "a literal needs no name server";
  const auto unknown = check_public_host("no-such-host.invalid");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, core::ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace ovos::agents::tasks
