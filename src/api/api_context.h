#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"
#include "store/key_vault.h"
#include "store/store.h"

namespace ovos::api {

/// Settings the API layer needs, taken from core::Settings by the app.
struct ApiConfig {
  std::string jwt_secret;
  std::string jwt_issuer = "openvoiceos";
  std::int64_t jwt_ttl_seconds = 3600;
  bool allow_registration = true;
  int login_max_failures = 5;
  std::int64_t login_window_seconds = 900;
};

/// What every route handler may use. The referenced objects are owned by the app and outlive
/// the API; all are thread-safe.
struct ApiContext {
  store::Store& store;
  const store::KeyVault& vault;
  const core::Clock& clock;
  ApiConfig config;
};

}  // namespace ovos::api
