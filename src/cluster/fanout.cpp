#include "cluster/fanout.h"

#include "core/logging.h"

namespace ovos::cluster {

std::uint64_t Fanout::subscribe(std::string topic, Sink sink) {
  std::lock_guard lock(mutex_);
  const std::uint64_t id = next_id_++;
  sinks_[topic].emplace(id, std::move(sink));
  topics_.emplace(id, std::move(topic));
  return id;
}

void Fanout::unsubscribe(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  const auto it = topics_.find(id);
  if (it == topics_.end()) return;
  const auto topic = sinks_.find(it->second);
  if (topic != sinks_.end()) {
    topic->second.erase(id);
    if (topic->second.empty()) sinks_.erase(topic);
  }
  topics_.erase(it);
}

std::size_t Fanout::subscribers() const {
  std::lock_guard lock(mutex_);
  return topics_.size();
}

void Fanout::deliver(const std::string& topic, const std::string& message) {
  // Sinks run under the lock, so unsubscribe() returns only once none is running.
  std::lock_guard lock(mutex_);
  const auto it = sinks_.find(topic);
  if (it == sinks_.end()) return;
  for (const auto& [id, sink] : it->second)
    sink(message);
}

core::Result<std::unique_ptr<RedisFanout>> RedisFanout::start(RedisOptions options,
                                                              std::string prefix) {
  OVOS_ASSIGN_OR_RETURN(auto publisher, RedisClient::connect(options));
  std::unique_ptr<RedisFanout> fanout(new RedisFanout(std::move(publisher), prefix));
  const std::string channels = prefix + ":events:";
  RedisFanout* self = fanout.get();
  OVOS_ASSIGN_OR_RETURN(
      fanout->subscriber_,
      RedisSubscriber::start(std::move(options), channels + "*",
                             [self, channels](std::string_view channel, std::string_view message) {
                               if (!channel.starts_with(channels)) return;
                               self->deliver(std::string(channel.substr(channels.size())),
                                             std::string(message));
                             }));
  fanout->thread_ = std::thread([self] { self->run(); });
  return fanout;
}

RedisFanout::RedisFanout(std::unique_ptr<RedisClient> redis, std::string prefix)
    : redis_(std::move(redis)), prefix_(std::move(prefix)) {}

RedisFanout::~RedisFanout() {
  {
    std::lock_guard lock(queue_mutex_);
    stop_ = true;
  }
  queued_.notify_all();
  if (thread_.joinable()) thread_.join();
  subscriber_.reset();  // its thread delivers into this object: stopped before the rest goes
}

void RedisFanout::publish(const std::string& topic, std::string message) {
  {
    std::lock_guard lock(queue_mutex_);
    if (queue_.size() >= kMaxQueued) {
      if (dropped_++ % 1000 == 0) {
        core::log_warn("fanout.dropped", {{"reason", "queue full"}, {"dropped", dropped_}});
      }
      return;
    }
    queue_.emplace_back(prefix_ + ":events:" + topic, std::move(message));
  }
  queued_.notify_one();
}

std::uint64_t RedisFanout::dropped() const {
  std::lock_guard lock(queue_mutex_);
  return dropped_;
}

void RedisFanout::run() {
  for (;;) {
    std::pair<std::string, std::string> next;
    {
      std::unique_lock lock(queue_mutex_);
      queued_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything was sent
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    // PUBLISH twice would deliver twice: not sent again after a lost connection.
    auto sent = redis_->command({"PUBLISH", next.first, next.second}, false);
    if (!sent.ok()) {
      std::lock_guard lock(queue_mutex_);
      if (dropped_++ % 1000 == 0) {
        core::log_warn("fanout.dropped", {{"reason", sent.error().message}, {"dropped", dropped_}});
      }
    }
  }
}

}  // namespace ovos::cluster
