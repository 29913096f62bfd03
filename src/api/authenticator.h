#pragma once

#include <string>

#include "api/api_context.h"
#include "core/result.h"
#include "net/http_types.h"

namespace ovos::api {

/// The user a request acts for, and how it proved it.
struct AuthUser {
  store::User user;
  bool via_api_key = false;
};

/// Checks `Authorization: Bearer …` (an access token or an `ovos_sk_` API key) and issues
/// access tokens. Stateless apart from the context; thread-safe.
class Authenticator {
 public:
  explicit Authenticator(ApiContext& context) : context_(context) {}

  [[nodiscard]] core::Result<AuthUser> authenticate(const net::HttpRequest& request) const;
  [[nodiscard]] std::string issue_token(const store::User& user) const;

  static constexpr std::string_view kApiKeyPrefix = "ovos_sk_";

 private:
  core::Result<AuthUser> from_api_key(std::string_view key) const;
  core::Result<AuthUser> from_token(std::string_view token) const;
  ApiContext& context_;
};

}  // namespace ovos::api
