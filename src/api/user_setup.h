#pragma once

#include "core/result.h"
#include "store/store.h"

namespace ovos::api {

/// Creates `user` (POST /v1/auth/register and `openvoiceos user create` both come here) and
/// gives them the starter agent, "Demo receptionist" (agents::demo_agent_json), so a new
/// account can call an agent at once with nothing else set up. kConflict when the email is
/// taken. The user is kept when storing the demo agent fails (logged as
/// user.demo_agent_failed): an account without its demo is better than a half-failed sign-up.
/// Blocking (database): call on a worker thread.
[[nodiscard]] core::Result<store::User> create_user_account(store::Store& store,
                                                            const store::User& user);

}  // namespace ovos::api
