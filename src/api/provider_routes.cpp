#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/dto.h"
#include "api/json_input.h"
#include "api/route_helpers.h"
#include "api/routes.h"
#include "core/ids.h"
#include "core/logging.h"
#include "providers/credentials.h"
#include "providers/provider_catalog.h"
#include "providers/registry.h"

namespace ovos::api {
namespace {

namespace json = boost::json;
using Handler = core::Result<net::HttpResponse>;

/// What this build can run for `name`: the kinds it runs (`available_kinds`; Sarvam speaks but
/// does not transcribe here), capabilities and the config schema of each implementation, per
/// kind (a vendor such as OpenAI transcribes, answers and speaks, each with its own settings),
/// and the first one as `config_schema`.
void add_implementation(json::object& out, const providers::ProviderRegistry* registry,
                        std::string_view name) {
  json::array capabilities;
  json::object schema;
  json::object schemas;
  json::array kinds;
  const auto describe = [&](std::string_view kind, const auto* provider) {
    if (provider == nullptr) return;
    kinds.push_back(json::string(kind));
    for (const auto c : provider->capabilities()) {
      if (std::find(capabilities.begin(), capabilities.end(), json::value(c)) == capabilities.end())
        capabilities.push_back(json::string(c));
    }
    boost::system::error_code ec;
    auto parsed = json::parse(provider->config_schema(), ec);
    if (ec || !parsed.is_object()) return;
    if (schema.empty()) schema = parsed.as_object();
    schemas[kind] = std::move(parsed);
  };
  if (registry != nullptr) {
    describe("stt", registry->stt(name));
    describe("tts", registry->tts(name));
    describe("llm", registry->llm(name));
  }
  out["available"] = !kinds.empty();
  out["available_kinds"] = std::move(kinds);
  out["capabilities"] = std::move(capabilities);
  out["config_schema"] = std::move(schema);
  out["config_schemas"] = std::move(schemas);
}

json::object provider_info_json(const providers::ProviderInfo& p) {
  json::array kinds;
  for (const auto k : p.kinds)
    kinds.push_back(json::string(providers::kind_name(k)));
  json::array fields;
  for (const auto& f : p.credentials) {
    fields.push_back(json::object{
        {"name", f.name}, {"label", f.label}, {"secret", f.secret}, {"required", f.required}});
  }
  return {{"name", p.name},
          {"display_name", p.display_name},
          {"kinds", std::move(kinds)},
          {"local", p.local},
          {"credentials", std::move(fields)}};
}

/// Validates `credentials` for `provider` and fills the key's masked view and ciphertext.
core::Result<void> set_credentials(ApiContext& context, store::ProviderKey& key,
                                   const providers::ProviderInfo& provider,
                                   const json::value& credentials) {
  auto valid = providers::validate_credentials(provider, credentials);
  if (!valid.ok()) return std::move(valid).error();
  const auto& object = credentials.as_object();
  key.masked_json = json::serialize(providers::mask_credentials(provider, object));
  context.vault.seal(key, json::serialize(object));
  return core::ok();
}

Handler create_key(ApiContext& context, const Authenticator& auth, const net::HttpRequest& r) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
  OVOS_ASSIGN_OR_RETURN(const auto body, parse_json_object_body(r));
  FieldReader reader(body);
  const std::string provider_name = reader.required_string("provider", 64);
  std::string name = reader.optional_string("name", 100).value_or("");
  const auto* credentials = body.if_contains("credentials");
  (void)reader.required_object("credentials");
  const auto* provider = providers::find_provider(provider_name);
  if (!provider_name.empty() && !provider) {
    reader.fail("provider",
                "unknown provider '" + provider_name + "'; GET /v1/providers lists them");
  }
  OVOS_TRY(reader.finish());
  const auto now = context.clock.unix_ms();
  store::ProviderKey key{core::new_id(now),
                         me.user.id,
                         std::string(provider->name),
                         name.empty() ? std::string(provider->display_name) : name,
                         "",
                         "",
                         now,
                         now};
  OVOS_TRY(set_credentials(context, key, *provider, *credentials));
  OVOS_ASSIGN_OR_RETURN(auto created, context.store.create_provider_key(key));
  core::log_info("provider_key.created",
                 {{"user_id", me.user.id}, {"provider", created.provider}, {"key_id", created.id}});
  return json_response(201, provider_key_json(created));
}

Handler update_key(ApiContext& context, const Authenticator& auth, const net::HttpRequest& r,
                   std::string_view id) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
  OVOS_ASSIGN_OR_RETURN(auto key, context.store.get_provider_key(me.user.id, id));
  OVOS_ASSIGN_OR_RETURN(const auto body, parse_json_object_body(r));
  FieldReader reader(body);
  auto name = reader.optional_string("name", 100);
  if (name && name->empty()) reader.fail("name", "must not be empty");
  const auto* credentials = body.if_contains("credentials");
  if (credentials) (void)reader.required_object("credentials");
  OVOS_TRY(reader.finish());
  if (name) key.name = std::move(*name);
  if (credentials) {
    const auto* provider = providers::find_provider(key.provider);
    if (!provider) return core::Error::internal("stored key has unknown provider " + key.provider);
    OVOS_TRY(set_credentials(context, key, *provider, *credentials));
  }
  key.updated_at = context.clock.unix_ms();
  OVOS_ASSIGN_OR_RETURN(auto updated, context.store.update_provider_key(key));
  return json_response(200, provider_key_json(updated));
}

}  // namespace

void add_provider_routes(Router& router, ApiContext& context, const Authenticator& auth) {
  router.add("GET", "/v1/providers", [&](const net::HttpRequest&, const RouteParams&) -> Handler {
    json::array items;
    for (const auto& p : providers::provider_catalog()) {
      auto item = provider_info_json(p);
      add_implementation(item, context.calls ? &context.calls->providers : nullptr, p.name);
      items.push_back(std::move(item));
    }
    return json_response(200, json::object{{"items", std::move(items)}});
  });
  router.add("POST", "/v1/provider-keys", [&](const net::HttpRequest& r, const RouteParams&) {
    return create_key(context, auth, r);
  });
  router.add("GET", "/v1/provider-keys",
             [&](const net::HttpRequest& r, const RouteParams&) -> Handler {
               OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
               OVOS_ASSIGN_OR_RETURN(const auto keys, context.store.list_provider_keys(me.user.id));
               json::array items;
               for (const auto& k : keys)
                 items.push_back(provider_key_json(k));
               return json_response(200, json::object{{"items", std::move(items)}});
             });
  router.add("GET", "/v1/provider-keys/{id}",
             [&](const net::HttpRequest& r, const RouteParams& p) -> Handler {
               OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
               OVOS_ASSIGN_OR_RETURN(const auto key,
                                     context.store.get_provider_key(me.user.id, p.get("id")));
               return json_response(200, provider_key_json(key));
             });
  router.add("PUT", "/v1/provider-keys/{id}", [&](const net::HttpRequest& r, const RouteParams& p) {
    return update_key(context, auth, r, p.get("id"));
  });
  router.add("DELETE", "/v1/provider-keys/{id}",
             [&](const net::HttpRequest& r, const RouteParams& p) -> Handler {
               OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
               OVOS_TRY(context.store.delete_provider_key(me.user.id, p.get("id")));
               core::log_info("provider_key.deleted", {{"user_id", me.user.id}});
               return no_content();
             });
}

}  // namespace ovos::api
