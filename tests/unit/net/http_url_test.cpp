#include "net/http_url.h"

#include <gtest/gtest.h>

#include "net/http_request_text.h"

namespace ovos::net {
namespace {

TEST(HttpUrlTest, ParsesHttpAndHttps) {
  auto a = parse_http_url("https://api.openai.com/v1/chat/completions?key=secret");
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_TRUE(a->tls);
  EXPECT_EQ(a->port, 443);
  EXPECT_EQ(a->target, "/v1/chat/completions?key=secret");
  EXPECT_EQ(a->host_header(), "api.openai.com");
  EXPECT_EQ(a->redacted(), "https://api.openai.com:443/v1/chat/completions");
  EXPECT_EQ(a->origin(), "https://api.openai.com:443");
  auto b = parse_http_url("HTTP://[::1]:8080");
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_FALSE(b->tls);
  EXPECT_EQ(b->host, "::1");
  EXPECT_EQ(b->target, "/");
  EXPECT_EQ(b->host_header(), "[::1]:8080");
  EXPECT_EQ(b->origin(), "http://[::1]:8080");
}

TEST(HttpUrlTest, RefusesOtherSchemesAndBadParts) {
  for (const char* bad :
       {"ws://x/", "ftp://x/", "x/y", "http://", "http://u@h/", "http://h:0/", "https://h/#frag"}) {
    const auto r = parse_http_url(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error().message.find("invalid HTTP URL"), std::string::npos) << r.error().message;
  }
}

TEST(HttpRequestTextTest, FormatsRequestLineHeadersAndBody) {
  const auto url = parse_http_url("http://127.0.0.1:9000/v1/x?y=1");
  ASSERT_TRUE(url.ok());
  HttpClientRequest request{"POST", "", {{"Authorization", "Bearer k"}}, "{}"};
  const auto text = detail::format_http_request(request, *url);
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(*text,
            "POST /v1/x?y=1 HTTP/1.1\r\nHost: 127.0.0.1:9000\r\nUser-Agent: openvoiceos\r\n"
            "Authorization: Bearer k\r\nContent-Length: 2\r\n\r\n{}");
  const auto get = detail::format_http_request({"GET", "", {{"Host", "h"}}, ""}, *url);
  ASSERT_TRUE(get.ok());
  EXPECT_EQ(*get, "GET /v1/x?y=1 HTTP/1.1\r\nUser-Agent: openvoiceos\r\nHost: h\r\n\r\n");
}

TEST(HttpRequestTextTest, RefusesHeaderInjectionAndFramingHeaders) {
  const auto url = parse_http_url("http://h/");
  ASSERT_TRUE(url.ok());
  const std::vector<HttpClientRequest> bad = {
      {"GET", "", {{"X-A", "v\r\nX-Evil: 1"}}, ""},
      {"GET", "", {{"Bad Name", "v"}}, ""},
      {"GET", "", {{"Content-Length", "5"}}, ""},
      {"GET", "", {{"transfer-encoding", "chunked"}}, ""},
      {"GE T", "", {}, ""},
  };
  for (const auto& r : bad) {
    const auto text = detail::format_http_request(r, *url);
    ASSERT_FALSE(text.ok());
    EXPECT_EQ(text.error().code, core::ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace ovos::net
