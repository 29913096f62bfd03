#include "api/router.h"

#include "api/problem.h"
#include "core/logging.h"

namespace ovos::api {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    out.emplace_back(path.substr(start, slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

}  // namespace

std::string_view RouteParams::get(std::string_view name) const {
  for (const auto& [k, v] : values_) {
    if (k == name) return v;
  }
  return {};
}

void Router::add(std::string method, std::string pattern, RouteHandler handler) {
  auto segments = split_path(pattern);
  routes_.push_back(
      {std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
}

bool Router::match(const Route& route, std::string_view path, RouteParams& params) {
  const auto parts = split_path(path);
  if (parts.size() != route.segments.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& seg = route.segments[i];
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      if (parts[i].empty()) return false;
      params.set(seg.substr(1, seg.size() - 2), parts[i]);
    } else if (seg != parts[i]) {
      return false;
    }
  }
  return true;
}

std::optional<net::HttpResponse> Router::dispatch(const net::HttpRequest& request) const {
  std::string allow;
  for (const auto& route : routes_) {
    RouteParams params;
    if (!match(route, request.path, params)) continue;
    if (route.method != request.method && !(request.method == "HEAD" && route.method == "GET")) {
      allow += (allow.empty() ? "" : ", ") + route.method;
      continue;
    }
    auto result = route.handler(request, params);
    if (result.ok()) return std::move(result).value();
    const auto& error = result.error();
    if (error.code == core::ErrorCode::kInternal) {
      core::log_error("api.internal_error",
                      {{"path", net::path_for_log(request.path)}, {"error", error.message}});
    }
    return problem(request, error);
  }
  if (!allow.empty()) {
    auto response = problem(request, 405, "method " + request.method + " is not allowed here");
    response.set_header("Allow", allow);
    return response;
  }
  return std::nullopt;
}

std::vector<RouteInfo> Router::routes() const {
  std::vector<RouteInfo> out;
  out.reserve(routes_.size());
  for (const auto& r : routes_)
    out.push_back({r.method, r.pattern});
  return out;
}

}  // namespace ovos::api
