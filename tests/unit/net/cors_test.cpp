#include "net/cors.h"

#include <gtest/gtest.h>

namespace ovos::net {
namespace {

HttpRequest preflight_from(std::string origin) {
  HttpRequest r;
  r.method = "OPTIONS";
  r.headers = {{"origin", std::move(origin)},
               {"access-control-request-method", "POST"},
               {"access-control-request-headers", "authorization, content-type"}};
  return r;
}

TEST(Cors, AllowsListedOriginOnly) {
  const CorsPolicy policy({"https://app.example"});
  ASSERT_TRUE(CorsPolicy::is_preflight(preflight_from("https://app.example")));
  const auto ok = policy.preflight(preflight_from("https://app.example"));
  EXPECT_EQ(ok.status, 204);
  EXPECT_EQ(ok.header("Access-Control-Allow-Origin").value(), "https://app.example");
  EXPECT_EQ(ok.header("Access-Control-Allow-Headers").value(), "authorization, content-type");
  EXPECT_EQ(policy.preflight(preflight_from("https://evil.example")).status, 403);
}

TEST(Cors, DecoratesOnlyAllowedOrigins) {
  const CorsPolicy none({});
  HttpRequest req;
  req.method = "GET";
  req.headers = {{"origin", "https://x.example"}};
  HttpResponse res;
  none.decorate(req, res);
  EXPECT_FALSE(res.header("Access-Control-Allow-Origin").has_value());
  const CorsPolicy any({"*"});
  any.decorate(req, res);
  EXPECT_EQ(res.header("Access-Control-Allow-Origin").value(), "https://x.example");
  EXPECT_FALSE(CorsPolicy::is_preflight(req));
}

}  // namespace
}  // namespace ovos::net
