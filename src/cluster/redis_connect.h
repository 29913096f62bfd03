#pragma once

#include <chrono>

#include "cluster/redis_url.h"
#include "core/result.h"

struct redisContext;

namespace ovos::cluster {

/// Opens a hiredis connection to `address`, logged in (AUTH) and on its database, with
/// `command_timeout` on every read and write. The caller frees it (redisFree). kUnavailable if
/// the server cannot be reached, kUnauthenticated if it refuses the login; never repeats the
/// password.
[[nodiscard]] core::Result<redisContext*> open_redis_connection(
    const RedisAddress& address, std::chrono::milliseconds connect_timeout,
    std::chrono::milliseconds command_timeout);

}  // namespace ovos::cluster
