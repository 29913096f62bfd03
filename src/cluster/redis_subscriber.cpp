#include "cluster/redis_subscriber.h"

#include <hiredis/hiredis.h>
#include <poll.h>

#include <algorithm>
#include <vector>

#include "cluster/redis_connect.h"
#include "core/logging.h"

namespace ovos::cluster {
namespace {

/// How often the thread looks up from a quiet connection to see whether it should stop.
constexpr int kPollMs = 200;

std::string_view text_of(const redisReply& r) {
  return r.str != nullptr ? std::string_view(r.str, r.len) : std::string_view();
}

}  // namespace

core::Result<std::unique_ptr<RedisSubscriber>> RedisSubscriber::start(RedisOptions options,
                                                                      std::string pattern,
                                                                      OnMessage on_message) {
  OVOS_ASSIGN_OR_RETURN(auto address, parse_redis_url(options.url));
  std::unique_ptr<RedisSubscriber> subscriber(new RedisSubscriber(
      std::move(options), std::move(address), std::move(pattern), std::move(on_message)));
  OVOS_TRY(subscriber->open());
  subscriber->thread_ = std::thread([s = subscriber.get()] { s->run(); });
  return subscriber;
}

RedisSubscriber::RedisSubscriber(RedisOptions options, RedisAddress address, std::string pattern,
                                 OnMessage on_message)
    : options_(std::move(options)),
      address_(std::move(address)),
      pattern_(std::move(pattern)),
      on_message_(std::move(on_message)) {}

RedisSubscriber::~RedisSubscriber() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  drop();
}

void RedisSubscriber::drop() {
  if (context_ != nullptr) redisFree(context_);
  context_ = nullptr;
  connected_ = false;
}

core::Result<void> RedisSubscriber::open() {
  drop();
  OVOS_ASSIGN_OR_RETURN(context_, open_redis_connection(address_, options_.connect_timeout,
                                                        options_.command_timeout));
  const char* argv[] = {"PSUBSCRIBE", pattern_.c_str()};
  const std::size_t lengths[] = {10, pattern_.size()};
  auto* reply = static_cast<redisReply*>(redisCommandArgv(context_, 2, argv, lengths));
  if (reply == nullptr || reply->type == REDIS_REPLY_ERROR) {
    const std::string why = reply != nullptr ? std::string(text_of(*reply)) : context_->errstr;
    if (reply != nullptr) freeReplyObject(reply);
    drop();
    return core::Error::unavailable("Redis refused the subscription: " + why);
  }
  freeReplyObject(reply);
  connected_ = true;
  return core::ok();
}

bool RedisSubscriber::pause(std::chrono::milliseconds delay) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, delay, [this] { return stop_; });
}

bool RedisSubscriber::read_messages() {
  for (;;) {
    void* raw = nullptr;
    if (redisGetReplyFromReader(context_, &raw) != REDIS_OK) return false;
    if (raw == nullptr) return true;  // nothing complete yet
    std::unique_ptr<redisReply, void (*)(void*)> reply(static_cast<redisReply*>(raw),
                                                       freeReplyObject);
    // ["pmessage", pattern, channel, message]; confirmations and pongs are skipped.
    if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 4 &&
        text_of(*reply->element[0]) == "pmessage") {
      try {
        on_message_(text_of(*reply->element[2]), text_of(*reply->element[3]));
      } catch (const std::exception& e) {
        core::log_error("redis.subscriber_callback_failed", {{"error", e.what()}});
      }
    }
  }
}

void RedisSubscriber::run() {
  std::chrono::milliseconds backoff{100};
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stop_) return;
    }
    if (context_ == nullptr) {
      auto opened = open();
      if (!opened.ok()) {
        core::log_warn("redis.subscriber_reconnect_failed", {{"error", opened.error().message}});
        if (!pause(backoff)) return;
        backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
        continue;
      }
      core::log_info("redis.subscriber_reconnected", {{"pattern", pattern_}});
      backoff = std::chrono::milliseconds(100);
    }
    // Replies hiredis already holds (read with an earlier one) come first.
    if (!read_messages()) {
      drop();
      continue;
    }
    pollfd fd{context_->fd, POLLIN, 0};
    const int ready = ::poll(&fd, 1, kPollMs);
    if (ready == 0) continue;
    if (ready < 0 || redisBufferRead(context_) != REDIS_OK || !read_messages()) {
      core::log_warn("redis.subscriber_lost", {{"pattern", pattern_}});
      drop();
    }
  }
}

}  // namespace ovos::cluster
