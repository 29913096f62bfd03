#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "agents/agent_validator.h"
#include "api/dto.h"
#include "api/json_input.h"
#include "api/route_helpers.h"
#include "api/routes.h"
#include "core/ids.h"
#include "core/logging.h"

namespace ovos::api {
namespace {

namespace json = boost::json;
using Handler = core::Result<net::HttpResponse>;

core::Result<agents::ValidatedAgent> read_agent(const net::HttpRequest& request) {
  OVOS_ASSIGN_OR_RETURN(const auto body, parse_json_body(request));
  return agents::validate_agent(body);
}

/// Stores a new agent for `user_id` and answers 201 with it.
Handler insert_agent(ApiContext& context, const std::string& user_id,
                     const agents::ValidatedAgent& valid) {
  const auto now = context.clock.unix_ms();
  const store::Agent agent{core::new_id(now),
                           user_id,
                           valid.name,
                           valid.agent_type,
                           json::serialize(valid.document),
                           now,
                           now};
  OVOS_ASSIGN_OR_RETURN(auto created, context.store.create_agent(agent));
  core::log_info("agent.created", {{"user_id", user_id}, {"agent_id", created.id}});
  return json_response(201, agent_json(created));
}

Handler create_agent(ApiContext& context, const Authenticator& auth, const net::HttpRequest& r) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
  OVOS_ASSIGN_OR_RETURN(auto valid, read_agent(r));
  return insert_agent(context, me.user.id, valid);
}

Handler list_agents(ApiContext& context, const Authenticator& auth, const net::HttpRequest& r) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
  store::AgentQuery query;
  OVOS_ASSIGN_OR_RETURN(query.limit, int_query(r, "limit", 50, 1, 200));
  OVOS_ASSIGN_OR_RETURN(query.offset, int_query(r, "offset", 0, 0, 1'000'000'000));
  if (auto q = r.query_param("q"); q && !q->empty()) query.name_contains = std::move(*q);
  OVOS_ASSIGN_OR_RETURN(const auto page, context.store.list_agents(me.user.id, query));
  json::array items;
  for (const auto& a : page.items)
    items.push_back(agent_summary_json(a));
  return json_response(200, page_json(std::move(items), page.total, query.limit, query.offset));
}

Handler update_agent(ApiContext& context, const Authenticator& auth, const net::HttpRequest& r,
                     std::string_view id) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
  OVOS_ASSIGN_OR_RETURN(auto agent, context.store.get_agent(me.user.id, id));
  OVOS_ASSIGN_OR_RETURN(auto valid, read_agent(r));
  agent.name = valid.name;
  agent.agent_type = valid.agent_type;
  agent.config_json = json::serialize(valid.document);
  agent.updated_at = context.clock.unix_ms();
  OVOS_ASSIGN_OR_RETURN(auto updated, context.store.update_agent(agent));
  return json_response(200, agent_json(updated));
}

Handler duplicate_agent(ApiContext& context, const Authenticator& auth, const net::HttpRequest& r,
                        std::string_view id) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
  OVOS_ASSIGN_OR_RETURN(auto source, context.store.get_agent(me.user.id, id));
  std::string name = source.name + " (copy)";
  if (!r.body.empty()) {
    OVOS_ASSIGN_OR_RETURN(const auto body, parse_json_object_body(r));
    FieldReader reader(body);
    if (auto n = reader.optional_string("name", 200)) name = std::move(*n);
    if (name.empty()) reader.fail("name", "must not be empty");
    OVOS_TRY(reader.finish());
  }
  auto document = json::parse(source.config_json);
  if (auto* config = document.as_object().if_contains("agent_config");
      config && config->is_object()) {
    config->as_object()["agent_name"] = name;
  }
  OVOS_ASSIGN_OR_RETURN(auto valid, agents::validate_agent(document));
  return insert_agent(context, me.user.id, valid);
}

}  // namespace

void add_agent_routes(Router& router, ApiContext& context, const Authenticator& auth) {
  router.add("POST", "/v1/agents", [&](const net::HttpRequest& r, const RouteParams&) {
    return create_agent(context, auth, r);
  });
  router.add("GET", "/v1/agents", [&](const net::HttpRequest& r, const RouteParams&) {
    return list_agents(context, auth, r);
  });
  router.add(
      "GET", "/v1/agents/{id}", [&](const net::HttpRequest& r, const RouteParams& p) -> Handler {
        OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
        OVOS_ASSIGN_OR_RETURN(const auto agent, context.store.get_agent(me.user.id, p.get("id")));
        return json_response(200, agent_json(agent));
      });
  router.add("PUT", "/v1/agents/{id}", [&](const net::HttpRequest& r, const RouteParams& p) {
    return update_agent(context, auth, r, p.get("id"));
  });
  router.add("DELETE", "/v1/agents/{id}",
             [&](const net::HttpRequest& r, const RouteParams& p) -> Handler {
               OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
               OVOS_TRY(context.store.delete_agent(me.user.id, p.get("id")));
               core::log_info("agent.deleted", {{"user_id", me.user.id}});
               return no_content();
             });
  router.add("POST", "/v1/agents/{id}/duplicate",
             [&](const net::HttpRequest& r, const RouteParams& p) {
               return duplicate_agent(context, auth, r, p.get("id"));
             });
}

}  // namespace ovos::api
