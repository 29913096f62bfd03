#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cluster/redis_client.h"
#include "core/result.h"

namespace ovos::cluster {

/// Live calls per user, counted across every node that shares one Redis: a call holds a slot
/// from acquire() until release(), or until its lease runs out unrenewed (so the calls of a
/// node that died free their slots by themselves). Acquiring checks the limit and takes the
/// slot in one step (a Lua script), so two nodes cannot both take the last one. Each user is
/// one sorted set, `<prefix>:slots:<user_id>`, of call ids scored by lease end. Thread-safe;
/// blocking (call on a worker).
class CallSlots {
 public:
  explicit CallSlots(RedisClient& redis, std::string prefix = "ovos")
      : redis_(redis), prefix_(std::move(prefix)) {}

  /// Takes a slot for `call_id` unless `user_id` already holds `limit` live ones: true when
  /// taken (or already held: the lease is renewed), false at the limit.
  [[nodiscard]] core::Result<bool> acquire(const std::string& user_id, const std::string& call_id,
                                           unsigned limit, std::chrono::milliseconds lease,
                                           std::int64_t now_ms);
  /// Extends a held slot's lease; kNotFound when the slot is gone (expired or released).
  [[nodiscard]] core::Result<void> renew(const std::string& user_id, const std::string& call_id,
                                         std::chrono::milliseconds lease, std::int64_t now_ms);
  /// Holds a slot for each (user, call) until `lease` from `now_ms`, whether or not it was
  /// still held and whatever the limit: the calls are live, so they count. One round trip.
  [[nodiscard]] core::Result<void> hold(
      const std::vector<std::pair<std::string, std::string>>& user_calls,
      std::chrono::milliseconds lease, std::int64_t now_ms);
  /// Gives the slot back; releasing a slot not held is not an error.
  [[nodiscard]] core::Result<void> release(const std::string& user_id, const std::string& call_id);
  /// Slots `user_id` holds whose lease has not ended at `now_ms`.
  [[nodiscard]] core::Result<std::int64_t> held(const std::string& user_id, std::int64_t now_ms);

 private:
  [[nodiscard]] std::string key(const std::string& user_id) const;

  RedisClient& redis_;
  std::string prefix_;
};

}  // namespace ovos::cluster
