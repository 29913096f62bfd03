#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <span>

#include "agents/agent_validator.h"
#include "api/route_helpers.h"
#include "api/routes.h"
#include "core/embedded_file.h"
#include "core/metrics.h"
#include "core/version.h"

namespace ovos::embedded {
std::span<const core::EmbeddedFile> openapi_files();
}

namespace ovos::api {
namespace {

namespace json = boost::json;
using Handler = core::Result<net::HttpResponse>;

/// Points the schema's internal references ("#/$defs/X") at its new place in the document,
/// since OpenAPI tools resolve them against the document root.
void rebase_refs(json::value& v, const std::string& base) {
  if (v.is_object()) {
    for (auto& [key, child] : v.as_object()) {
      if (key == "$ref" && child.is_string() && child.as_string().starts_with("#/")) {
        child = base + std::string(child.as_string().subview(1));
      } else {
        rebase_refs(child, base);
      }
    }
  } else if (v.is_array()) {
    for (auto& child : v.as_array())
      rebase_refs(child, base);
  }
}

/// The OpenAPI document with the agent JSON Schema placed at components.schemas.AgentDocument.
/// Built once; the text never changes while the process runs.
const std::string& openapi_document() {
  static const std::string text = [] {
    json::value doc = json::parse(embedded::openapi_files().front().contents);
    json::value schema = json::parse(agents::agent_schema_json());
    schema.as_object().erase("$id");
    schema.as_object().erase("$schema");
    rebase_refs(schema, "#/components/schemas/AgentDocument");
    doc.at("components").at("schemas").as_object()["AgentDocument"] = std::move(schema);
    return json::serialize(doc);
  }();
  return text;
}

}  // namespace

void add_system_routes(Router& router, ApiContext& context) {
  router.add("GET", "/healthz", [](const net::HttpRequest&, const RouteParams&) -> Handler {
    return json_response(200, json::object{{"status", "ok"}, {"version", core::kVersion}});
  });
  router.add("GET", "/readyz", [&](const net::HttpRequest&, const RouteParams&) -> Handler {
    const auto ping = context.store.ping();
    if (!ping.ok()) {
      return json_response(503,
                           json::object{{"status", "unavailable"}, {"database", "unreachable"}});
    }
    return json_response(200,
                         json::object{{"status", "ready"}, {"database", context.store.dialect()}});
  });
  router.add("GET", "/metrics", [](const net::HttpRequest&, const RouteParams&) -> Handler {
    return net::HttpResponse::text(200, core::MetricsRegistry::global().render(),
                                   "text/plain; version=0.0.4; charset=utf-8");
  });
  router.add("GET", "/v1/openapi.json", [](const net::HttpRequest&, const RouteParams&) -> Handler {
    return net::HttpResponse::json(200, openapi_document());
  });
}

}  // namespace ovos::api
