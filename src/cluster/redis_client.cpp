#include "cluster/redis_client.h"

#include <hiredis/hiredis.h>

#include "cluster/redis_connect.h"

namespace ovos::cluster {
namespace {

RedisReply convert(const redisReply& r) {
  RedisReply out;
  switch (r.type) {
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::kInteger;
      out.integer = r.integer;
      break;
    case REDIS_REPLY_STRING:
      out.type = RedisReply::Type::kString;
      out.text.assign(r.str, r.len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = RedisReply::Type::kStatus;
      out.text.assign(r.str, r.len);
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::kArray;
      for (std::size_t i = 0; i < r.elements; ++i)
        out.elements.push_back(convert(*r.element[i]));
      break;
    default:
      break;  // nil
  }
  return out;
}

}  // namespace

core::Result<std::unique_ptr<RedisClient>> RedisClient::connect(RedisOptions options) {
  OVOS_ASSIGN_OR_RETURN(auto address, parse_redis_url(options.url));
  std::unique_ptr<RedisClient> client(new RedisClient(std::move(options), std::move(address)));
  std::lock_guard lock(client->mutex_);
  OVOS_TRY(client->open());
  return client;
}

RedisClient::RedisClient(RedisOptions options, RedisAddress address)
    : options_(std::move(options)), address_(std::move(address)) {}

RedisClient::~RedisClient() {
  drop();
}

void RedisClient::drop() {
  if (context_ != nullptr) redisFree(context_);
  context_ = nullptr;
}

core::Result<void> RedisClient::open() {
  drop();
  OVOS_ASSIGN_OR_RETURN(context_, open_redis_connection(address_, options_.connect_timeout,
                                                        options_.command_timeout));
  return core::ok();
}

core::Result<RedisReply> RedisClient::run(const std::vector<std::string>& args) {
  if (context_ == nullptr) return core::Error::unavailable("not connected to Redis");
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  auto* raw = static_cast<redisReply*>(
      redisCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data()));
  if (raw == nullptr) {
    const std::string why = context_->errstr;
    drop();  // hiredis cannot use a context after an I/O error
    return core::Error::unavailable("lost the connection to Redis: " + why);
  }
  std::unique_ptr<redisReply, void (*)(void*)> reply(raw, freeReplyObject);
  if (reply->type == REDIS_REPLY_ERROR) {
    return core::Error::internal("Redis: " + std::string(reply->str, reply->len));
  }
  return convert(*reply);
}

core::Result<RedisReply> RedisClient::command(const std::vector<std::string>& args,
                                              bool idempotent) {
  std::lock_guard lock(mutex_);
  const bool was_connected = context_ != nullptr;
  if (!was_connected) OVOS_TRY(open());
  auto reply = run(args);
  if (reply.ok() || reply.error().code != core::ErrorCode::kUnavailable) return reply;
  // The connection went: a fresh one, and the command again when that cannot apply it twice.
  if (!was_connected || !idempotent) return reply;
  OVOS_TRY(open());
  return run(args);
}

}  // namespace ovos::cluster
