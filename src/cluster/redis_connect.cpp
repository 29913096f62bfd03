#include "cluster/redis_connect.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <memory>
#include <string>
#include <vector>

namespace ovos::cluster {
namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<decltype(tv.tv_sec)>(ms.count() / 1000);
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms.count() % 1000) * 1000);
  return tv;
}

/// Runs one command on `context`: kUnavailable when the connection failed, kInternal for a
/// Redis error reply.
core::Result<void> run(redisContext* context, const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  auto* raw = static_cast<redisReply*>(
      redisCommandArgv(context, static_cast<int>(argv.size()), argv.data(), lengths.data()));
  if (raw == nullptr) {
    return core::Error::unavailable("lost the connection to Redis: " +
                                    std::string(context->errstr));
  }
  std::unique_ptr<redisReply, void (*)(void*)> reply(raw, freeReplyObject);
  if (reply->type == REDIS_REPLY_ERROR) {
    return core::Error::internal("Redis: " + std::string(reply->str, reply->len));
  }
  return core::ok();
}

}  // namespace

core::Result<redisContext*> open_redis_connection(const RedisAddress& address,
                                                  std::chrono::milliseconds connect_timeout,
                                                  std::chrono::milliseconds command_timeout) {
  const std::string where = address.host + ":" + std::to_string(address.port);
  redisContext* context =
      redisConnectWithTimeout(address.host.c_str(), address.port, to_timeval(connect_timeout));
  if (context == nullptr || context->err != 0) {
    const std::string why = context != nullptr ? context->errstr : "out of memory";
    if (context != nullptr) redisFree(context);
    return core::Error::unavailable("cannot reach Redis at " + where + ": " + why);
  }
  std::unique_ptr<redisContext, void (*)(redisContext*)> owned(context, redisFree);
  redisSetTimeout(context, to_timeval(command_timeout));
  if (!address.password.empty()) {
    std::vector<std::string> auth{"AUTH"};
    if (!address.user.empty()) auth.push_back(address.user);
    auth.push_back(address.password);
    auto login = run(context, auth);
    if (!login.ok()) {
      if (login.error().code == core::ErrorCode::kUnavailable) return login.error();
      return core::Error::unauthenticated("Redis at " + where + " refused the login");
    }
  }
  if (address.database != 0) OVOS_TRY(run(context, {"SELECT", std::to_string(address.database)}));
  return owned.release();
}

}  // namespace ovos::cluster
