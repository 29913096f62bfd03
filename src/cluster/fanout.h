#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "cluster/redis_client.h"
#include "cluster/redis_subscriber.h"
#include "core/result.h"

namespace ovos::cluster {

/// Hands each message published under a topic to every subscriber of that topic: this node's
/// only (LocalFanout), or every node's (RedisFanout). Live call events reach dashboards this
/// way, one topic per user. Thread-safe.
class Fanout {
 public:
  /// Receives one message, on a thread of the fanout's: it must not block, nor subscribe or
  /// unsubscribe (post the work elsewhere).
  using Sink = std::function<void(const std::string& message)>;

  virtual ~Fanout() = default;
  /// Sends `message` to the subscribers of `topic`, in publishing order per publisher. Never
  /// blocks on the network.
  virtual void publish(const std::string& topic, std::string message) = 0;
  /// Calls `sink` with each message published under `topic` from now on; returns the id that
  /// unsubscribes it.
  std::uint64_t subscribe(std::string topic, Sink sink);
  /// Once this returns, `id`'s sink is not running and is never called again.
  void unsubscribe(std::uint64_t id);
  /// Subscribers on this node now.
  [[nodiscard]] std::size_t subscribers() const;

 protected:
  /// Hands `message` to this node's subscribers of `topic`.
  void deliver(const std::string& topic, const std::string& message);

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::map<std::uint64_t, Sink>> sinks_;  // topic -> id -> sink
  std::map<std::uint64_t, std::string> topics_;                 // id -> topic
  std::uint64_t next_id_ = 1;
};

/// One node: a message goes straight to this node's subscribers, on the publisher's thread.
class LocalFanout final : public Fanout {
 public:
  void publish(const std::string& topic, std::string message) override { deliver(topic, message); }
};

/// Several nodes: messages go through Redis pub/sub (`<prefix>:events:<topic>`), so a subscriber
/// on any node gets what any node publishes. Publishing queues the message for a thread (and a
/// connection) of its own (at most kMaxQueued waiting; beyond that messages are dropped and
/// counted, never the publisher held up); one subscription per node (PSUBSCRIBE
/// `<prefix>:events:*`) delivers. Redis keeps nothing: a node that was disconnected misses what was
/// sent meanwhile.
class RedisFanout final : public Fanout {
 public:
  static constexpr std::size_t kMaxQueued = 10000;

  /// Connects (one connection to publish, one to listen) and subscribes before returning.
  [[nodiscard]] static core::Result<std::unique_ptr<RedisFanout>> start(
      RedisOptions options, std::string prefix = "ovos");
  /// Sends what is queued (each try bounded by Redis's command timeout), then stops.
  ~RedisFanout() override;

  void publish(const std::string& topic, std::string message) override;
  /// Messages dropped because the queue was full or Redis could not be reached.
  [[nodiscard]] std::uint64_t dropped() const;

 private:
  RedisFanout(std::unique_ptr<RedisClient> redis, std::string prefix);
  void run();

  std::unique_ptr<RedisClient> redis_;  // publishing, from the fanout's thread only
  std::string prefix_;
  std::unique_ptr<RedisSubscriber> subscriber_;
  mutable std::mutex queue_mutex_;
  std::condition_variable queued_;
  std::deque<std::pair<std::string, std::string>> queue_;  // channel, message
  bool stop_ = false;
  std::uint64_t dropped_ = 0;
  std::thread thread_;
};

}  // namespace ovos::cluster
