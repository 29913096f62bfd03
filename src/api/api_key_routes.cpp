#include <boost/json/array.hpp>

#include "api/dto.h"
#include "api/json_input.h"
#include "api/route_helpers.h"
#include "api/routes.h"
#include "core/ids.h"
#include "core/logging.h"
#include "crypto/hmac.h"
#include "crypto/tokens.h"

namespace ovos::api {
namespace {

namespace json = boost::json;
constexpr std::size_t kPreviewLength = 12;  // "ovos_sk_" and 4 random characters

core::Result<net::HttpResponse> create_key(ApiContext& context, const Authenticator& auth,
                                           const net::HttpRequest& request) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(request));
  OVOS_ASSIGN_OR_RETURN(const auto body, parse_json_object_body(request));
  FieldReader reader(body);
  const std::string name = reader.required_string("name", 100);
  OVOS_TRY(reader.finish());
  const std::string secret = crypto::random_token(Authenticator::kApiKeyPrefix, 32);
  const auto now = context.clock.unix_ms();
  store::ApiKey key{
      core::new_id(now),          me.user.id, name,         secret.substr(0, kPreviewLength),
      crypto::sha256_hex(secret), now,        std::nullopt, std::nullopt};
  OVOS_ASSIGN_OR_RETURN(auto created, context.store.create_api_key(key));
  core::log_info("api_key.created", {{"user_id", me.user.id}, {"key_id", created.id}});
  auto out = api_key_json(created);
  out["key"] = secret;  // shown this once; only its hash is kept
  return json_response(201, out);
}

}  // namespace

void add_api_key_routes(Router& router, ApiContext& context, const Authenticator& auth) {
  router.add("POST", "/v1/api-keys", [&](const net::HttpRequest& r, const RouteParams&) {
    return create_key(context, auth, r);
  });
  router.add("GET", "/v1/api-keys",
             [&](const net::HttpRequest& r, const RouteParams&) -> core::Result<net::HttpResponse> {
               OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
               OVOS_ASSIGN_OR_RETURN(const auto keys, context.store.list_api_keys(me.user.id));
               json::array items;
               for (const auto& k : keys) {
                 if (!k.revoked_at) items.push_back(api_key_json(k));
               }
               return json_response(200, json::object{{"items", std::move(items)}});
             });
  router.add(
      "DELETE", "/v1/api-keys/{id}",
      [&](const net::HttpRequest& r, const RouteParams& p) -> core::Result<net::HttpResponse> {
        OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
        OVOS_TRY(context.store.revoke_api_key(me.user.id, p.get("id"), context.clock.unix_ms()));
        core::log_info("api_key.revoked", {{"user_id", me.user.id}});
        return no_content();
      });
}

}  // namespace ovos::api
