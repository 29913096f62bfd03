#include "api/used_tokens.h"

#include <algorithm>

#include "cluster/redis_client.h"

namespace ovos::api {

core::Result<bool> LocalUsedTokens::first_use(const std::string& key, std::int64_t expires_at,
                                              std::int64_t now) {
  std::lock_guard lock(mutex_);
  std::erase_if(used_, [now](const auto& entry) { return entry.second < now; });
  return used_.emplace(key, expires_at).second;
}

core::Result<bool> RedisUsedTokens::first_use(const std::string& key, std::int64_t expires_at,
                                              std::int64_t now) {
  // Kept a second past the expiry, so a token is refused for as long as it could be valid.
  const std::int64_t ttl = std::max<std::int64_t>(expires_at - now, 0) + 1;
  // Not resent after a lost connection: a second SET NX would see our own first one.
  OVOS_ASSIGN_OR_RETURN(auto reply, redis_.command({"SET", prefix_ + ":used:" + key, "1", "NX",
                                                    "EX", std::to_string(ttl)},
                                                   /*idempotent=*/false));
  return !reply.is_nil();
}

}  // namespace ovos::api
