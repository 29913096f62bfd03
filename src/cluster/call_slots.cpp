#include "cluster/call_slots.h"

namespace ovos::cluster {
namespace {

// KEYS[1] the user's set; ARGV: now (ms), lease end (ms), limit, call id, key TTL (ms).
constexpr const char* kAcquire = R"(
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if not redis.call('ZSCORE', KEYS[1], ARGV[4]) and
   redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
)";

// KEYS[1] the user's set; ARGV: now (ms), lease end (ms), call id, key TTL (ms).
constexpr const char* kRenew = R"(
local score = redis.call('ZSCORE', KEYS[1], ARGV[3])
if not score or tonumber(score) <= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
)";

// KEYS: the users' sets; ARGV[1] lease end (ms), ARGV[2] key TTL (ms), then one call id per key.
constexpr const char* kHold = R"(
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, ARGV[1], ARGV[i + 2])
  redis.call('PEXPIRE', key, ARGV[2])
end
return #KEYS
)";

}  // namespace

std::string CallSlots::key(const std::string& user_id) const {
  return prefix_ + ":slots:" + user_id;
}

core::Result<bool> CallSlots::acquire(const std::string& user_id, const std::string& call_id,
                                      unsigned limit, std::chrono::milliseconds lease,
                                      std::int64_t now_ms) {
  // Idempotent: taking a slot twice for one call holds one slot.
  OVOS_ASSIGN_OR_RETURN(
      auto reply, redis_.command({"EVAL", kAcquire, "1", key(user_id), std::to_string(now_ms),
                                  std::to_string(now_ms + lease.count()), std::to_string(limit),
                                  call_id, std::to_string(lease.count())}));
  return reply.integer == 1;
}

core::Result<void> CallSlots::renew(const std::string& user_id, const std::string& call_id,
                                    std::chrono::milliseconds lease, std::int64_t now_ms) {
  OVOS_ASSIGN_OR_RETURN(auto reply,
                        redis_.command({"EVAL", kRenew, "1", key(user_id), std::to_string(now_ms),
                                        std::to_string(now_ms + lease.count()), call_id,
                                        std::to_string(lease.count())}));
  if (reply.integer != 1) return core::Error::not_found("the call's slot has ended");
  return core::ok();
}

core::Result<void> CallSlots::hold(
    const std::vector<std::pair<std::string, std::string>>& user_calls,
    std::chrono::milliseconds lease, std::int64_t now_ms) {
  if (user_calls.empty()) return core::ok();
  std::vector<std::string> args{"EVAL", kHold, std::to_string(user_calls.size())};
  for (const auto& [user, call] : user_calls)
    args.push_back(key(user));
  args.push_back(std::to_string(now_ms + lease.count()));
  args.push_back(std::to_string(lease.count()));
  for (const auto& [user, call] : user_calls)
    args.push_back(call);
  OVOS_TRY(redis_.command(args));
  return core::ok();
}

core::Result<void> CallSlots::release(const std::string& user_id, const std::string& call_id) {
  OVOS_TRY(redis_.command({"ZREM", key(user_id), call_id}));
  return core::ok();
}

core::Result<std::int64_t> CallSlots::held(const std::string& user_id, std::int64_t now_ms) {
  OVOS_ASSIGN_OR_RETURN(
      auto reply, redis_.command({"ZCOUNT", key(user_id), "(" + std::to_string(now_ms), "+inf"}));
  return reply.integer;
}

}  // namespace ovos::cluster
