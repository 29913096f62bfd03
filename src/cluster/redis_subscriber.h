#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "cluster/redis_client.h"
#include "core/result.h"

struct redisContext;

namespace ovos::cluster {

/// Listens to the Redis channels matching one pattern (PSUBSCRIBE) on a connection and thread
/// of its own, and hands every message to a callback on that thread. A lost connection is
/// reopened (backoff up to 2 s) and the pattern subscribed again; what was published meanwhile
/// is lost, as Redis pub/sub keeps nothing.
class RedisSubscriber {
 public:
  using OnMessage = std::function<void(std::string_view channel, std::string_view message)>;

  /// Connects and subscribes before returning, so nothing published afterwards is missed.
  /// Errors as RedisClient::connect.
  [[nodiscard]] static core::Result<std::unique_ptr<RedisSubscriber>> start(RedisOptions options,
                                                                            std::string pattern,
                                                                            OnMessage on_message);
  /// Stops listening and joins the thread.
  ~RedisSubscriber();
  RedisSubscriber(const RedisSubscriber&) = delete;
  RedisSubscriber& operator=(const RedisSubscriber&) = delete;

  /// Whether the connection is up now (false while reconnecting).
  [[nodiscard]] bool connected() const { return connected_.load(); }

 private:
  RedisSubscriber(RedisOptions options, RedisAddress address, std::string pattern,
                  OnMessage on_message);
  core::Result<void> open();
  void run();
  /// Reads what arrived and hands on the messages; false when the connection failed.
  bool read_messages();
  void drop();
  /// Sleeps up to `delay` unless stopped first; false when stopped.
  bool pause(std::chrono::milliseconds delay);

  RedisOptions options_;
  RedisAddress address_;
  std::string pattern_;
  OnMessage on_message_;
  redisContext* context_ = nullptr;  // used by the thread only (and start, before it runs)
  std::atomic<bool> connected_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace ovos::cluster
