#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "net/http_types.h"

namespace ovos::api {

/// Values of a route's `{name}` segments, e.g. {"id": "0190..."} for /v1/agents/{id}.
class RouteParams {
 public:
  void set(std::string name, std::string value) {
    values_.emplace_back(std::move(name), std::move(value));
  }
  [[nodiscard]] std::string_view get(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> values_;
};

/// A route handler: an Error becomes an application/problem+json response.
using RouteHandler =
    std::function<core::Result<net::HttpResponse>(const net::HttpRequest&, const RouteParams&)>;

/// One route as declared, for the OpenAPI cross-check.
struct RouteInfo {
  std::string method;
  std::string pattern;  // "/v1/agents/{id}"
};

/// Maps method + path pattern to handlers. Built once at start-up, then read-only and shared
/// by all worker threads.
class Router {
 public:
  void add(std::string method, std::string pattern, RouteHandler handler);

  /// The matching route's response; 405 (with Allow) for a known path and another method;
  /// nullopt when no route's path matches (the caller then serves a static file or a 404).
  [[nodiscard]] std::optional<net::HttpResponse> dispatch(const net::HttpRequest& request) const;

  [[nodiscard]] std::vector<RouteInfo> routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    RouteHandler handler;
  };
  static bool match(const Route& route, std::string_view path, RouteParams& params);
  std::vector<Route> routes_;
};

}  // namespace ovos::api
