#include <algorithm>
#include <array>
#include <boost/json/array.hpp>
#include <fstream>
#include <iterator>

#include "agents/tasks/post_call_runner.h"
#include "api/dto.h"
#include "api/route_helpers.h"
#include "api/routes.h"
#include "core/logging.h"

namespace ovos::api {
namespace {

namespace json = boost::json;
using Handler = core::Result<net::HttpResponse>;

constexpr std::array<std::string_view, 8> kStatuses = {
    "queued", "ringing", "in-progress", "completed", "busy", "no-answer", "failed", "canceled"};
constexpr std::array<std::string_view, 3> kDirections = {"inbound", "outbound", "web"};

template <std::size_t N>
std::optional<std::string> enum_query(const net::HttpRequest& r, std::string_view name,
                                      const std::array<std::string_view, N>& allowed,
                                      std::vector<core::FieldError>& errors) {
  auto value = r.query_param(name);
  if (!value || value->empty()) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), *value) == allowed.end()) {
    std::string list;
    for (const auto a : allowed)
      list += (list.empty() ? "" : ", ") + std::string(a);
    errors.push_back({"query." + std::string(name), "must be one of: " + list});
  }
  return value;
}

std::optional<std::int64_t> time_query(const net::HttpRequest& r, std::string_view name,
                                       std::vector<core::FieldError>& errors) {
  auto value = r.query_param(name);
  if (!value || value->empty()) return std::nullopt;
  auto ms = parse_time(*value);
  if (!ms) {
    errors.push_back({"query." + std::string(name),
                      "must be an RFC 3339 time (2026-11-23T10:00:00Z) or Unix milliseconds"});
  }
  return ms;
}

Handler list_calls(ApiContext& context, const Authenticator& auth, const net::HttpRequest& r) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
  store::CallFilter filter;
  OVOS_ASSIGN_OR_RETURN(filter.limit, int_query(r, "limit", 50, 1, 200));
  OVOS_ASSIGN_OR_RETURN(filter.offset, int_query(r, "offset", 0, 0, 1'000'000'000));
  std::vector<core::FieldError> errors;
  if (auto agent = r.query_param("agent_id"); agent && !agent->empty()) filter.agent_id = *agent;
  filter.status = enum_query(r, "status", kStatuses, errors);
  filter.direction = enum_query(r, "direction", kDirections, errors);
  filter.created_from = time_query(r, "from", errors);
  filter.created_to = time_query(r, "to", errors);
  if (!errors.empty()) return core::Error::validation("invalid query parameter", std::move(errors));
  OVOS_ASSIGN_OR_RETURN(const auto page, context.store.list_calls(me.user.id, filter));
  json::array items;
  for (const auto& c : page.items)
    items.push_back(call_json(c));
  return json_response(200, page_json(std::move(items), page.total, filter.limit, filter.offset));
}

Handler get_call(ApiContext& context, const Authenticator& auth, const net::HttpRequest& r,
                 std::string_view id) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
  // Ownership is checked here: turns are read only for a call this user owns.
  OVOS_ASSIGN_OR_RETURN(const auto call, context.store.get_call(me.user.id, id));
  OVOS_ASSIGN_OR_RETURN(const auto turns, context.store.list_turns(call.id));
  auto out = call_json(call);
  json::array turn_items;
  for (const auto& t : turns)
    turn_items.push_back(turn_json(t));
  out["turns"] = std::move(turn_items);
  return json_response(200, out);
}

Handler get_recording(ApiContext& context, const Authenticator& auth, const net::HttpRequest& r,
                      std::string_view id) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
  OVOS_ASSIGN_OR_RETURN(const auto call, context.store.get_call(me.user.id, id));
  if (call.recording_url.empty() || context.config.recordings_dir.empty()) {
    return core::Error::not_found("this call has no recording");
  }
  const auto path = context.config.recordings_dir / call.user_id / (call.id + ".wav");
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error::not_found("this call's recording is missing");
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto response = net::HttpResponse::text(200, std::move(bytes), "audio/wav");
  response.set_header("Content-Disposition", "inline; filename=\"" + call.id + ".wav\"");
  response.set_header("Cache-Control", "private, max-age=3600");
  return response;
}

Handler rerun_post_call(ApiContext& context, const Authenticator& auth, const net::HttpRequest& r,
                        std::string_view id) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
  if (context.post_call == nullptr) {
    return core::Error::unavailable("post-call tasks do not run on this server");
  }
  OVOS_ASSIGN_OR_RETURN(auto state, context.post_call->start(me.user.id, id));
  core::log_info("post_call.rerun", {{"user_id", me.user.id}, {"call_id", std::string(id)}});
  return json_response(202, state);
}

}  // namespace

void add_call_routes(Router& router, ApiContext& context, const Authenticator& auth) {
  router.add("GET", "/v1/calls", [&](const net::HttpRequest& r, const RouteParams&) {
    return list_calls(context, auth, r);
  });
  router.add("GET", "/v1/calls/{id}", [&](const net::HttpRequest& r, const RouteParams& p) {
    return get_call(context, auth, r, p.get("id"));
  });
  router.add("POST", "/v1/calls/{id}/post-call",
             [&](const net::HttpRequest& r, const RouteParams& p) {
               return rerun_post_call(context, auth, r, p.get("id"));
             });
  router.add("GET", "/v1/calls/{id}/recording",
             [&](const net::HttpRequest& r, const RouteParams& p) {
               return get_recording(context, auth, r, p.get("id"));
             });
}

}  // namespace ovos::api
