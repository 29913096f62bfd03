#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "core/result.h"

namespace ovos::cluster {
class RedisClient;
}

namespace ovos::api {

/// Remembers single-use tokens (web-call tickets, carriers' media tokens) once used, until
/// they expire, so a token works once. Thread-safe; first_use may block (Redis).
class UsedTokens {
 public:
  virtual ~UsedTokens() = default;
  /// True the first time `key` is used, false when it was used before; `expires_at` (Unix
  /// seconds) is when the token stops being valid anyway, so it need not be kept longer.
  [[nodiscard]] virtual core::Result<bool> first_use(const std::string& key,
                                                     std::int64_t expires_at, std::int64_t now) = 0;
};

/// Used tokens remembered by this process: enough on one node.
class LocalUsedTokens final : public UsedTokens {
 public:
  [[nodiscard]] core::Result<bool> first_use(const std::string& key, std::int64_t expires_at,
                                             std::int64_t now) override;

 private:
  std::mutex mutex_;
  std::map<std::string, std::int64_t> used_;  // key -> expiry (Unix s)
};

/// Used tokens remembered in Redis (`<prefix>:used:<key>`, SET NX with the token's expiry), so
/// that a token used on one node is refused on every other.
class RedisUsedTokens final : public UsedTokens {
 public:
  explicit RedisUsedTokens(cluster::RedisClient& redis, std::string prefix = "ovos")
      : redis_(redis), prefix_(std::move(prefix)) {}
  [[nodiscard]] core::Result<bool> first_use(const std::string& key, std::int64_t expires_at,
                                             std::int64_t now) override;

 private:
  cluster::RedisClient& redis_;
  std::string prefix_;
};

}  // namespace ovos::api
