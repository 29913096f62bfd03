#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "api/api_context.h"
#include "api/authenticator.h"
#include "api/login_throttle.h"
#include "api/router.h"

namespace ovos::api {

// Each resource registers its routes here; the handlers live in <resource>_routes.cpp.
// Every handler of a user-owned resource authenticates first and passes the user's id to the
// store, which filters on it.

void add_auth_routes(Router& router, ApiContext& context, const Authenticator& auth,
                     LoginThrottle& throttle);
void add_api_key_routes(Router& router, ApiContext& context, const Authenticator& auth);
void add_agent_routes(Router& router, ApiContext& context, const Authenticator& auth);
void add_provider_routes(Router& router, ApiContext& context, const Authenticator& auth);
void add_call_routes(Router& router, ApiContext& context, const Authenticator& auth);
/// `connect_url(carrier, user_id)`: where the carrier must send the number's calls (shown with
/// each number).
void add_phone_number_routes(
    Router& router, ApiContext& context, const Authenticator& auth,
    std::function<std::string(std::string_view, std::string_view)> connect_url);
void add_knowledge_routes(Router& router, ApiContext& context, const Authenticator& auth);
void add_system_routes(Router& router, ApiContext& context);

}  // namespace ovos::api
