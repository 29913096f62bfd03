#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "cluster/redis_url.h"
#include "core/result.h"

struct redisContext;

namespace ovos::cluster {

/// One reply of a Redis command (RESP2). Plain data.
struct RedisReply {
  enum class Type { kNil, kInteger, kString, kStatus, kArray };
  Type type = Type::kNil;
  std::int64_t integer = 0;
  std::string text;  // kString, kStatus
  std::vector<RedisReply> elements;

  [[nodiscard]] bool is_nil() const { return type == Type::kNil; }
};

/// Where to connect and how long to wait.
struct RedisOptions {
  std::string url = "redis://127.0.0.1:6379";
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds command_timeout{2000};
};

/// A blocking Redis connection (hiredis) for workers and background threads, never an event
/// loop. Thread-safe: commands run one at a time. A command that fails on the connection
/// (lost, timed out) reconnects once and is sent again only if `idempotent` says it may be.
/// Never logs or reports the password.
class RedisClient {
 public:
  /// Connects, logs in (AUTH) and selects the database; kUnavailable if the server cannot be
  /// reached, kUnauthenticated if it refuses the login, kValidation for a bad URL.
  [[nodiscard]] static core::Result<std::unique_ptr<RedisClient>> connect(RedisOptions options);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  /// Runs one command ("SET", key, value, ...). A Redis error reply is kInternal with Redis's
  /// words; a lost connection kUnavailable.
  [[nodiscard]] core::Result<RedisReply> command(const std::vector<std::string>& args,
                                                 bool idempotent = true);

 private:
  RedisClient(RedisOptions options, RedisAddress address);
  core::Result<void> open();
  core::Result<RedisReply> run(const std::vector<std::string>& args);
  void drop();

  RedisOptions options_;
  RedisAddress address_;
  std::mutex mutex_;
  redisContext* context_ = nullptr;
};

}  // namespace ovos::cluster
