#include <gtest/gtest.h>

#include "http_client_test_support.h"
#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/http_server.h"
#include "tls_proxy.h"

namespace ovos::net {
namespace {

using namespace std::chrono_literals;
using testing::CallRecorder;

class HttpClientTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(certificate_.ok()) << "openssl could not make a test certificate";
    auto server = HttpServer::start({}, [](HttpRequest& r) {
      return HttpResponse::text(200, "secure " + r.method + " " + r.path + " " + r.body);
    });
    ASSERT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(server).value();
    proxy_ = std::make_unique<testing::TlsProxy>(certificate_, server_->port());
    loop_ = EventLoop::start("https-test");
  }
  void TearDown() override {
    client_.reset();
    if (loop_) loop_->stop();
    proxy_.reset();
    if (server_) server_->shutdown(1s);
  }
  std::string url(std::string_view path) const {
    return "https://localhost:" + std::to_string(proxy_->port()) + std::string(path);
  }

  testing::TestCertificate certificate_{"DNS:localhost,IP:127.0.0.1"};
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<testing::TlsProxy> proxy_;
  std::unique_ptr<EventLoop> loop_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(HttpClientTlsTest, HttpsWithTheTestCaVerifiesAndSendsSni) {
  HttpClientOptions options;
  options.ca_file = certificate_.cert_file();
  client_ = HttpClient::create(*loop_, options);
  for (int i = 0; i < 2; ++i) {
    CallRecorder rec;
    auto call = client_->send({"POST", url("/v1/tts"), {}, "hi"}, rec.callbacks());
    ASSERT_TRUE(rec.wait_done());
    ASSERT_TRUE(rec.result().ok()) << rec.error_message();
    EXPECT_EQ(rec.status(), 200);
    EXPECT_EQ(rec.body(), "secure POST /v1/tts hi");
  }
  const auto names = proxy_->server_names();
  ASSERT_EQ(names.size(), 1u) << "the second request reused the TLS connection";
  EXPECT_EQ(names[0], "localhost");
}

TEST_F(HttpClientTlsTest, UntrustedCertificateFailsVerification) {
  client_ = HttpClient::create(*loop_, {});  // system CAs only
  CallRecorder rec;
  auto call = client_->send({"GET", url("/"), {}, ""}, rec.callbacks());
  ASSERT_TRUE(rec.wait_done());
  ASSERT_FALSE(rec.result().ok());
  EXPECT_NE(rec.error_message().find("TLS handshake with localhost:"), std::string::npos)
      << rec.error_message();
  EXPECT_NE(rec.error_message().find("certificate verify failed"), std::string::npos)
      << rec.error_message();
  EXPECT_EQ(rec.status(), 0);
}

TEST_F(HttpClientTlsTest, VerificationCanBeTurnedOff) {
  HttpClientOptions options;
  options.verify_peer = false;
  client_ = HttpClient::create(*loop_, options);
  CallRecorder rec;
  auto call = client_->send({"GET", url("/x"), {}, ""}, rec.callbacks());
  ASSERT_TRUE(rec.wait_done());
  ASSERT_TRUE(rec.result().ok()) << rec.error_message();
  EXPECT_EQ(rec.body(), "secure GET /x ");
}

}  // namespace
}  // namespace ovos::net
