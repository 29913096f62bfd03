#include "net/cors.h"

#include <algorithm>

namespace ovos::net {

bool CorsPolicy::is_preflight(const HttpRequest& request) {
  return request.method == "OPTIONS" && request.header("origin") &&
         request.header("access-control-request-method");
}

bool CorsPolicy::allowed(std::string_view origin) const {
  return std::any_of(origins_.begin(), origins_.end(),
                     [&](const std::string& o) { return o == "*" || o == origin; });
}

HttpResponse CorsPolicy::preflight(const HttpRequest& request) const {
  const auto origin = request.header("origin").value_or("");
  if (!allowed(origin)) {
    return HttpResponse::text(403, "origin not allowed\n");
  }
  HttpResponse r;
  r.status = 204;
  r.set_header("Access-Control-Allow-Origin", std::string(origin));
  r.set_header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
  r.set_header("Access-Control-Allow-Headers",
               std::string(request.header("access-control-request-headers")
                               .value_or("Authorization, Content-Type")));
  r.set_header("Access-Control-Max-Age", "600");
  r.set_header("Vary", "Origin");
  return r;
}

void CorsPolicy::decorate(const HttpRequest& request, HttpResponse& response) const {
  const auto origin = request.header("origin");
  if (!origin || !allowed(*origin)) return;
  response.set_header("Access-Control-Allow-Origin", std::string(*origin));
  response.set_header("Access-Control-Expose-Headers", "X-Request-Id, Retry-After");
  response.set_header("Vary", "Origin");
}

}  // namespace ovos::net
