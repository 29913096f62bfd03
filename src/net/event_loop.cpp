#include "net/event_loop.h"

#include <pthread.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <cassert>
#include <exception>
#include <optional>
#include <thread>

#include "core/logging.h"
#include "net/shard_executor.h"

namespace ovos::net {

namespace asio = boost::asio;

struct EventLoop::Impl {
  explicit Impl(std::string n) : name(std::move(n)) {}

  std::string name;
  // Declared before `context` so that it outlives the handlers destroyed with the io_context.
  detail::ShardExecutor executor{context};
  asio::io_context context{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work{
      context.get_executor()};
  std::thread thread;
  bool stopped = false;  // touched only by the owner's thread
};

namespace {

void run_loop(asio::io_context& context, const std::string& name) {
  const std::string short_name = name.substr(0, 15);
  pthread_setname_np(pthread_self(), short_name.c_str());
  for (;;) {
    try {
      context.run();
      return;
    } catch (const std::exception& e) {  // tasks are wrapped; this is a completion handler
      core::log_error("event_loop.exception", {{"loop", name}, {"error", e.what()}});
    }
  }
}

}  // namespace

EventLoop::EventLoop(std::string name) : impl_(std::make_unique<Impl>(std::move(name))) {}

std::unique_ptr<EventLoop> EventLoop::start(std::string name) {
  std::unique_ptr<EventLoop> loop(new EventLoop(std::move(name)));
  Impl& impl = *loop->impl_;
  impl.thread = std::thread([&impl] { run_loop(impl.context, impl.name); });
  return loop;
}

EventLoop::~EventLoop() {
  stop();
}

void EventLoop::stop() {
  assert(!running_in_this_thread() && "an EventLoop cannot stop itself");
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->work.reset();
  impl_->context.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

const std::string& EventLoop::name() const {
  return impl_->name;
}

void EventLoop::post(core::Task task) {
  impl_->executor.post(std::move(task));
}

core::TimerHandle EventLoop::post_after(std::chrono::milliseconds delay, core::Task task) {
  return impl_->executor.post_after(delay, std::move(task));
}

const core::Clock& EventLoop::clock() const {
  return impl_->executor.clock();
}

bool EventLoop::running_in_this_thread() const {
  return impl_->executor.running_in_this_thread();
}

namespace detail {

ShardExecutor& shard_executor_of(EventLoop& loop) {
  return loop.impl_->executor;
}

}  // namespace detail
}  // namespace ovos::net
