#include "net/http_types.h"

#include <gtest/gtest.h>

namespace ovos::net {
namespace {

TEST(PercentDecode, DecodesAndRejectsBadEscapes) {
  EXPECT_EQ(percent_decode("/a%20b%2Fc").value(), "/a b/c");
  EXPECT_EQ(percent_decode("a+b", true).value(), "a b");
  EXPECT_EQ(percent_decode("a+b", false).value(), "a+b");
  EXPECT_FALSE(percent_decode("%").has_value());
  EXPECT_FALSE(percent_decode("%4").has_value());
  EXPECT_FALSE(percent_decode("%zz").has_value());
  EXPECT_EQ(percent_decode("%e2%82%ac").value(), "\xe2\x82\xac");
}

TEST(HttpRequest, QueryParamsAndHeaders) {
  HttpRequest r;
  r.query = "q=caf%C3%A9+bar&limit=10&flag&q=second";
  r.headers = {{"content-type", "application/json"}};
  EXPECT_EQ(r.query_param("q").value(), "café bar");
  EXPECT_EQ(r.query_param("limit").value(), "10");
  EXPECT_EQ(r.query_param("flag").value(), "");
  EXPECT_FALSE(r.query_param("missing").has_value());
  EXPECT_EQ(r.header("content-type").value(), "application/json");
  EXPECT_FALSE(r.header("accept").has_value());
}

TEST(HttpResponse, SetHeaderReplacesCaseInsensitively) {
  auto r = HttpResponse::json(201, "{}");
  r.set_header("content-type", "application/problem+json");
  ASSERT_EQ(r.headers.size(), 1U);
  EXPECT_EQ(r.header("Content-Type").value(), "application/problem+json");
  EXPECT_TRUE(iequals("X-Request-Id", "x-request-id"));
  EXPECT_FALSE(iequals("abc", "abcd"));
}

}  // namespace
}  // namespace ovos::net

namespace ovos::net {
namespace {

TEST(PathForLogTest, SignedTokensInPathsNeverReachALog) {
  const std::string token =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjYWxsIn0.603xO5eEaOsTyu90HJmnsz_WwIrU5RI";
  EXPECT_EQ(path_for_log("/v1/telephony/twilio/media/" + token),
            "/v1/telephony/twilio/media/<token>");
  EXPECT_EQ(path_for_log("/a/" + token + "/b"), "/a/<token>/b");
  // Ordinary paths are kept as they are, dots and all.
  EXPECT_EQ(path_for_log("/v1/agents/01a20caa-4ad9-73c8-b9de-15d29406e750"),
            "/v1/agents/01a20caa-4ad9-73c8-b9de-15d29406e750");
  EXPECT_EQ(path_for_log("/assets/app.min.js"), "/assets/app.min.js");
  EXPECT_EQ(path_for_log("/"), "/");
  EXPECT_EQ(path_for_log(""), "");
}

}  // namespace
}  // namespace ovos::net
