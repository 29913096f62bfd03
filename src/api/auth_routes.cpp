#include <algorithm>
#include <cctype>

#include "api/dto.h"
#include "api/json_input.h"
#include "api/problem.h"
#include "api/route_helpers.h"
#include "api/routes.h"
#include "api/user_setup.h"
#include "core/ids.h"
#include "core/logging.h"
#include "core/utf8.h"
#include "crypto/password.h"

namespace ovos::api {
namespace {

namespace json = boost::json;
constexpr std::size_t kMinPassword = 8;
constexpr std::size_t kMaxPassword = 1024;

bool plausible_email(std::string_view e) {
  const auto at = e.find('@');
  if (at == 0 || at == std::string_view::npos || e.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const auto domain = e.substr(at + 1);
  const auto dot = domain.find('.');
  if (dot == 0 || dot == std::string_view::npos || domain.back() == '.') return false;
  return std::none_of(e.begin(), e.end(), [](char c) {
    return std::isspace(static_cast<unsigned char>(c)) ||
           std::iscntrl(static_cast<unsigned char>(c));
  });
}

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

void check_password(FieldReader& reader, std::string_view key, const std::string& password) {
  if (password.empty()) return;  // already reported as required
  if (core::utf8_length(password) < kMinPassword) {
    reader.fail(key, "must be at least " + std::to_string(kMinPassword) + " characters");
  }
}

/// A hash to verify against when the email is unknown, so both cases take the same time.
const std::string& dummy_hash() {
  static const std::string hash = crypto::hash_password("not-a-real-password").value();
  return hash;
}

json::object session_json(const Authenticator& auth, const ApiContext& context,
                          const store::User& user) {
  return {{"access_token", auth.issue_token(user)},
          {"token_type", "Bearer"},
          {"expires_in", context.config.jwt_ttl_seconds},
          {"user", user_json(user)}};
}

core::Result<net::HttpResponse> register_user(ApiContext& context, const Authenticator& auth,
                                              const net::HttpRequest& request) {
  if (!context.config.allow_registration) {
    return core::Error{core::ErrorCode::kPermissionDenied,
                       "registration is disabled on this server; ask an administrator",
                       {}};
  }
  OVOS_ASSIGN_OR_RETURN(const auto body, parse_json_object_body(request));
  FieldReader reader(body);
  const std::string email = lowercase(reader.required_string("email", 254));
  const std::string password = reader.required_string("password", kMaxPassword);
  const std::string name = reader.optional_string("name", 200).value_or("");
  if (!email.empty() && !plausible_email(email)) reader.fail("email", "must be an email address");
  check_password(reader, "password", password);
  OVOS_TRY(reader.finish());
  OVOS_ASSIGN_OR_RETURN(auto hash, crypto::hash_password(password));
  const auto now = context.clock.unix_ms();
  store::User user{core::new_id(now), email, name, std::move(hash), now, now};
  OVOS_ASSIGN_OR_RETURN(auto created, create_user_account(context.store, user));
  core::log_info("auth.registered", {{"user_id", created.id}});
  return json_response(201, session_json(auth, context, created));
}

core::Result<net::HttpResponse> login(ApiContext& context, const Authenticator& auth,
                                      LoginThrottle& throttle, const net::HttpRequest& request) {
  OVOS_ASSIGN_OR_RETURN(const auto body, parse_json_object_body(request));
  FieldReader reader(body);
  const std::string email = lowercase(reader.required_string("email", 254));
  const std::string password = reader.required_string("password", kMaxPassword);
  OVOS_TRY(reader.finish());
  if (const auto wait = throttle.retry_after(email, request.remote_address); wait > 0) {
    auto response = problem(
        request, core::Error{core::ErrorCode::kRateLimited,
                             "too many failed logins; try again in " + std::to_string(wait) + " s",
                             {}});
    response.set_header("Retry-After", std::to_string(wait));
    return response;
  }
  OVOS_ASSIGN_OR_RETURN(auto user, context.store.find_user_by_email(email));
  const bool ok = crypto::verify_password(user ? user->password_hash : dummy_hash(), password);
  if (!user || !ok) {
    throttle.record_failure(email, request.remote_address);
    core::log_warn("auth.login_failed", {{"remote", request.remote_address}});
    return core::Error::unauthenticated("invalid email or password");
  }
  throttle.record_success(email, request.remote_address);
  return json_response(200, session_json(auth, context, *user));
}

core::Result<net::HttpResponse> change_password(ApiContext& context, const Authenticator& auth,
                                                const net::HttpRequest& request) {
  OVOS_ASSIGN_OR_RETURN(auto me, auth.authenticate(request));
  OVOS_ASSIGN_OR_RETURN(const auto body, parse_json_object_body(request));
  FieldReader reader(body);
  const std::string current = reader.required_string("current_password", kMaxPassword);
  const std::string next = reader.required_string("new_password", kMaxPassword);
  check_password(reader, "new_password", next);
  OVOS_TRY(reader.finish());
  if (!crypto::verify_password(me.user.password_hash, current)) {
    return core::Error::validation("the current password is wrong",
                                   {{"$.current_password", "does not match"}});
  }
  OVOS_ASSIGN_OR_RETURN(auto hash, crypto::hash_password(next));
  const auto now = context.clock.unix_ms();
  OVOS_TRY(context.store.update_password(me.user.id, hash, now));
  me.user.password_hash = std::move(hash);
  me.user.updated_at = now;
  core::log_info("auth.password_changed", {{"user_id", me.user.id}});
  // Tokens issued before now are revoked; hand back a fresh one.
  return json_response(200, session_json(auth, context, me.user));
}

}  // namespace

void add_auth_routes(Router& router, ApiContext& context, const Authenticator& auth,
                     LoginThrottle& throttle) {
  router.add("POST", "/v1/auth/register", [&](const net::HttpRequest& r, const RouteParams&) {
    return register_user(context, auth, r);
  });
  router.add("POST", "/v1/auth/login", [&](const net::HttpRequest& r, const RouteParams&) {
    return login(context, auth, throttle, r);
  });
  router.add("GET", "/v1/users/me",
             [&](const net::HttpRequest& r, const RouteParams&) -> core::Result<net::HttpResponse> {
               OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
               return json_response(200, user_json(me.user));
             });
  router.add("POST", "/v1/users/me/password", [&](const net::HttpRequest& r, const RouteParams&) {
    return change_password(context, auth, r);
  });
}

}  // namespace ovos::api
