#pragma once

#include <chrono>

#include "core/executor.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace ovos::net::detail {

/// core::Executor over one io_context that one thread runs: an HttpServer shard or an EventLoop.
/// Internal to src/net. Does not own the io_context, which must outlive it. Tasks that throw
/// are logged and dropped; the loop goes on.
class ShardExecutor final : public core::Executor {
 public:
  explicit ShardExecutor(boost::asio::io_context& context) : context_(context) {}

  void post(core::Task task) override;
  /// Backed by an asio::steady_timer; a cancelled timer stays queued until it is due but runs
  /// nothing.
  core::TimerHandle post_after(std::chrono::milliseconds delay, core::Task task) override;
  [[nodiscard]] const core::Clock& clock() const override;
  [[nodiscard]] bool running_in_this_thread() const override;

  [[nodiscard]] boost::asio::io_context& context() const { return context_; }

 private:
  boost::asio::io_context& context_;
};

}  // namespace ovos::net::detail
