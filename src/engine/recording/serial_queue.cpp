#include "engine/recording/serial_queue.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <utility>

#include "core/logging.h"

namespace ovos::engine {
namespace {

// Tasks one drain runs before it yields its pool thread to other queues' work.
constexpr int kTasksPerTurn = 8;

}  // namespace

struct SerialQueue::State : std::enable_shared_from_this<State> {
  explicit State(core::ComputePool& p) : pool(p) {}

  core::ComputePool& pool;
  mutable std::mutex mutex;
  std::condition_variable idle;
  std::deque<core::Task> tasks;
  bool draining = false;  // a drain is submitted to the pool or running

  // Submits a drain; on refusal the tasks stay queued for the next post() or wait_idle().
  // Called with `draining` just set by the caller.
  void submit_drain() {
    if (pool.submit([self = shared_from_this()] { self->drain(/*inline_run=*/false); })) return;
    core::log_warn("serial_queue_refused", {{"reason", "compute pool full or stopping"}});
    std::lock_guard lock(mutex);
    draining = false;
    idle.notify_all();
  }

  void drain(bool inline_run) {
    for (int ran = 0;; ++ran) {
      core::Task task;
      {
        std::lock_guard lock(mutex);
        if (tasks.empty()) {
          draining = false;
          idle.notify_all();
          return;
        }
        if (ran == kTasksPerTurn && !inline_run) break;
        task = std::move(tasks.front());
        tasks.pop_front();
      }
      run(task);
    }
    // Yield: go to the back of the pool's queue; if it refuses, carry on here.
    if (pool.submit([self = shared_from_this()] { self->drain(false); })) return;
    drain(/*inline_run=*/true);
  }

  static void run(const core::Task& task) {
    try {
      task();
    } catch (const std::exception& e) {
      core::log_error("serial_queue_task_failed", {{"error", std::string(e.what())}});
    } catch (...) {
      core::log_error("serial_queue_task_failed", {{"error", "unknown exception"}});
    }
  }
};

SerialQueue::SerialQueue(core::ComputePool& pool) : state_(std::make_shared<State>(pool)) {}

SerialQueue::~SerialQueue() = default;

void SerialQueue::post(core::Task task) {
  {
    std::lock_guard lock(state_->mutex);
    state_->tasks.push_back(std::move(task));
    if (state_->draining) return;
    state_->draining = true;
  }
  state_->submit_drain();
}

void SerialQueue::wait_idle() {
  std::unique_lock lock(state_->mutex);
  for (;;) {
    if (state_->tasks.empty() && !state_->draining) return;
    if (!state_->draining) {
      // The pool refused the drain: run the tasks here.
      state_->draining = true;
      lock.unlock();
      state_->drain(/*inline_run=*/true);
      lock.lock();
      continue;
    }
    state_->idle.wait(lock);
  }
}

bool SerialQueue::idle() const {
  std::lock_guard lock(state_->mutex);
  return state_->tasks.empty() && !state_->draining;
}

}  // namespace ovos::engine
