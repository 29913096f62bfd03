#include <boost/json/array.hpp>

#include "api/dto.h"
#include "api/json_input.h"
#include "api/phone_format.h"
#include "api/route_helpers.h"
#include "api/routes.h"
#include "core/ids.h"
#include "core/logging.h"
#include "core/time_text.h"

namespace ovos::api {
namespace {

namespace json = boost::json;
using Handler = core::Result<net::HttpResponse>;

using ConnectUrl = std::function<std::string(std::string_view, std::string_view)>;

json::object phone_number_json(const store::PhoneNumber& n, const ConnectUrl& connect_url) {
  return {{"id", n.id},
          {"carrier", n.carrier},
          {"number", n.number},
          {"agent_id", n.agent_id},
          {"connect_url", connect_url(n.carrier, n.user_id)},
          {"created_at", core::format_utc_time(n.created_at)},
          {"updated_at", core::format_utc_time(n.updated_at)}};
}

/// The agent must be the user's: a number never routes calls to someone else's agent.
void check_agent(ApiContext& context, FieldReader& reader, const std::string& user_id,
                 const std::string& agent_id) {
  if (agent_id.empty()) return;
  auto agent = context.store.get_agent(user_id, agent_id);
  if (!agent.ok() && agent.error().code == core::ErrorCode::kNotFound) {
    reader.fail("agent_id", "no agent with this id");
  }
}

Handler create_number(ApiContext& context, const Authenticator& auth, const ConnectUrl& connect_url,
                      const net::HttpRequest& r) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
  OVOS_ASSIGN_OR_RETURN(const auto body, parse_json_object_body(r));
  FieldReader reader(body);
  store::PhoneNumber number;
  number.carrier = reader.required_string("carrier", 32);
  number.number = reader.required_string("number", 32);
  number.agent_id = reader.required_string("agent_id", 64);
  if (!number.carrier.empty() && !is_carrier(number.carrier)) {
    reader.fail("carrier", "must be one of: twilio, plivo, exotel");
  }
  if (!number.number.empty() && !is_e164(number.number)) {
    reader.fail("number", "must be an E.164 number such as +14155550100");
  }
  check_agent(context, reader, me.user.id, number.agent_id);
  OVOS_TRY(reader.finish());
  number.id = core::new_id();
  number.user_id = me.user.id;
  number.created_at = context.clock.unix_ms();
  number.updated_at = number.created_at;
  OVOS_ASSIGN_OR_RETURN(const auto created, context.store.create_phone_number(number));
  core::log_info("phone_number.created",
                 {{"user_id", me.user.id}, {"carrier", created.carrier}, {"id", created.id}});
  return json_response(201, phone_number_json(created, connect_url));
}

Handler list_numbers(ApiContext& context, const Authenticator& auth, const ConnectUrl& connect_url,
                     const net::HttpRequest& r) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
  OVOS_ASSIGN_OR_RETURN(const auto numbers, context.store.list_phone_numbers(me.user.id));
  json::array items;
  for (const auto& n : numbers)
    items.push_back(phone_number_json(n, connect_url));
  const auto total = static_cast<std::int64_t>(items.size());
  return json_response(200, page_json(std::move(items), total, static_cast<int>(total), 0));
}

Handler update_number(ApiContext& context, const Authenticator& auth, const ConnectUrl& connect_url,
                      const net::HttpRequest& r, std::string_view id) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
  OVOS_ASSIGN_OR_RETURN(auto number, context.store.get_phone_number(me.user.id, id));
  OVOS_ASSIGN_OR_RETURN(const auto body, parse_json_object_body(r));
  FieldReader reader(body);
  number.agent_id = reader.required_string("agent_id", 64);
  check_agent(context, reader, me.user.id, number.agent_id);
  OVOS_TRY(reader.finish());
  number.updated_at = context.clock.unix_ms();
  OVOS_ASSIGN_OR_RETURN(const auto updated, context.store.update_phone_number(number));
  return json_response(200, phone_number_json(updated, connect_url));
}

}  // namespace

void add_phone_number_routes(Router& router, ApiContext& context, const Authenticator& auth,
                             ConnectUrl connect_url) {
  router.add("POST", "/v1/phone-numbers",
             [&context, &auth, connect_url](const net::HttpRequest& r, const RouteParams&) {
               return create_number(context, auth, connect_url, r);
             });
  router.add("GET", "/v1/phone-numbers",
             [&context, &auth, connect_url](const net::HttpRequest& r, const RouteParams&) {
               return list_numbers(context, auth, connect_url, r);
             });
  router.add("PATCH", "/v1/phone-numbers/{id}",
             [&context, &auth, connect_url](const net::HttpRequest& r, const RouteParams& p) {
               return update_number(context, auth, connect_url, r, p.get("id"));
             });
  router.add("DELETE", "/v1/phone-numbers/{id}",
             [&context, &auth](const net::HttpRequest& r, const RouteParams& p) -> Handler {
               OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
               OVOS_TRY(context.store.delete_phone_number(me.user.id, p.get("id")));
               return no_content();
             });
}

}  // namespace ovos::api
