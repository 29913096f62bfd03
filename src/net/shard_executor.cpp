#include "net/shard_executor.h"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <exception>
#include <memory>

#include "core/clock.h"
#include "core/logging.h"
#include "core/trace.h"

namespace ovos::net::detail {
namespace {

namespace asio = boost::asio;

/// Runs `task` under the trace context it was posted with (core/trace.h), logging what it
/// throws.
void run_logged(const core::Task& task, const core::TraceContext& context) {
  const core::ScopedTrace scope(context);
  try {
    task();
  } catch (const std::exception& e) {
    core::log_error("executor.task_exception", {{"error", e.what()}});
  } catch (...) {
    core::log_error("executor.task_exception");
  }
}

}  // namespace

void ShardExecutor::post(core::Task task) {
  asio::post(context_,
             [task = std::move(task), trace = core::current_trace()] { run_logged(task, trace); });
}

core::TimerHandle ShardExecutor::post_after(std::chrono::milliseconds delay, core::Task task) {
  auto cancelled = std::make_shared<std::atomic<bool>>(false);
  auto timer = std::make_shared<asio::steady_timer>(context_, delay);
  timer->async_wait([timer, cancelled, task = std::move(task),
                     trace = core::current_trace()](boost::system::error_code ec) {
    if (ec || cancelled->exchange(true)) return;  // fired: the handle is no longer active
    run_logged(task, trace);
  });
  return core::TimerHandle(std::move(cancelled));
}

const core::Clock& ShardExecutor::clock() const {
  return core::SystemClock::instance();
}

bool ShardExecutor::running_in_this_thread() const {
  return context_.get_executor().running_in_this_thread();
}

}  // namespace ovos::net::detail
