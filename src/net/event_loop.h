#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/executor.h"

namespace ovos::net {

class EventLoop;

namespace detail {
class ShardExecutor;
/// The executor (and through it the io_context) behind `loop`; for src/net internals.
ShardExecutor& shard_executor_of(EventLoop& loop);
}  // namespace detail

/// One thread running one event loop (its own io_context), as a core::Executor: for tools,
/// benchmarks and client WebSocket connections. Owns its thread; stop() or the destructor
/// joins it, and work not run by then is dropped when the EventLoop is destroyed. Never stop
/// or destroy it from its own thread; release the connections that run on it first.
class EventLoop final : public core::Executor {
 public:
  /// Starts its thread (named `name`, cut to 15 characters); work may be posted at once.
  static std::unique_ptr<EventLoop> start(std::string name);
  ~EventLoop() override;
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  /// Stops the loop and joins its thread. Idempotent; blocks until the thread has ended.
  void stop();
  [[nodiscard]] const std::string& name() const;

  void post(core::Task task) override;
  core::TimerHandle post_after(std::chrono::milliseconds delay, core::Task task) override;
  [[nodiscard]] const core::Clock& clock() const override;
  [[nodiscard]] bool running_in_this_thread() const override;

 private:
  struct Impl;
  explicit EventLoop(std::string name);
  friend detail::ShardExecutor& detail::shard_executor_of(EventLoop& loop);

  std::unique_ptr<Impl> impl_;
};

}  // namespace ovos::net
