#include "core/executor.h"

#include <algorithm>
#include <condition_variable>
#include <thread>
#include <utility>
#include <vector>

#include "core/trace.h"

namespace ovos::core {

namespace {

std::int64_t elapsed_ms(const Clock& clock) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.now().time_since_epoch())
      .count();
}

}  // namespace

void ManualExecutor::post(Task task) {
  task = with_current_trace(std::move(task));
  std::lock_guard lock(mutex_);
  ready_.push_back(std::move(task));
}

TimerHandle ManualExecutor::post_after(std::chrono::milliseconds delay, Task task) {
  auto cancelled = std::make_shared<std::atomic<bool>>(false);
  task = with_current_trace(std::move(task));
  std::lock_guard lock(mutex_);
  const std::int64_t due = elapsed_ms(clock_) + std::max<std::int64_t>(0, delay.count());
  timers_.emplace(due, Timer{cancelled, std::move(task)});
  return TimerHandle(cancelled);
}

std::size_t ManualExecutor::run_ready() {
  std::size_t ran = 0;
  for (;;) {
    Task task;
    {
      std::lock_guard lock(mutex_);
      // Due timers join the ready queue in due order (clock may have been advanced elsewhere).
      const std::int64_t now = elapsed_ms(clock_);
      while (!timers_.empty() && timers_.begin()->first <= now) {
        auto node = timers_.extract(timers_.begin());
        if (!node.mapped().cancelled->load()) {
          node.mapped().cancelled->store(true);  // fired: the handle is no longer active
          ready_.push_back(std::move(node.mapped().task));
        }
      }
      if (ready_.empty()) return ran;
      task = std::move(ready_.front());
      ready_.pop_front();
    }
    task();
    ++ran;
  }
}

void ManualExecutor::advance(std::chrono::milliseconds by) {
  run_ready();
  const std::int64_t target = elapsed_ms(clock_) + by.count();
  for (;;) {
    std::int64_t next = target;
    {
      std::lock_guard lock(mutex_);
      for (auto it = timers_.begin(); it != timers_.end();) {
        if (it->second.cancelled->load()) {
          it = timers_.erase(it);
          continue;
        }
        next = std::min(next, it->first);
        break;
      }
    }
    const std::int64_t now = elapsed_ms(clock_);
    if (next > now) clock_.advance(std::chrono::milliseconds(next - now));
    run_ready();
    if (next >= target) return;
  }
}

std::size_t ManualExecutor::pending() const {
  std::lock_guard lock(mutex_);
  std::size_t active = 0;
  for (const auto& [due, timer] : timers_)
    active += timer.cancelled->load() ? 0 : 1;
  return ready_.size() + active;
}

struct ComputePool::State {
  std::size_t max_queued;
  mutable std::mutex mutex;
  std::condition_variable wake;
  std::deque<Task> queue;
  bool stopping = false;
  std::vector<std::thread> workers;

  void work() {
    for (;;) {
      Task task;
      {
        std::unique_lock lock(mutex);
        wake.wait(lock, [&] { return stopping || !queue.empty(); });
        if (queue.empty()) return;
        task = std::move(queue.front());
        queue.pop_front();
      }
      task();
    }
  }
};

ComputePool::ComputePool(unsigned threads, std::size_t max_queued)
    : state_(std::make_unique<State>()) {
  state_->max_queued = max_queued;
  const unsigned count = threads == 0 ? 1 : threads;
  state_->workers.reserve(count);
  for (unsigned i = 0; i < count; ++i)
    state_->workers.emplace_back([s = state_.get()] { s->work(); });
}

ComputePool::~ComputePool() {
  {
    std::lock_guard lock(state_->mutex);
    state_->stopping = true;
  }
  state_->wake.notify_all();
  for (auto& worker : state_->workers)
    worker.join();
}

bool ComputePool::submit(Task task) {
  task = with_current_trace(std::move(task));
  {
    std::lock_guard lock(state_->mutex);
    if (state_->stopping || state_->queue.size() >= state_->max_queued) return false;
    state_->queue.push_back(std::move(task));
  }
  state_->wake.notify_one();
  return true;
}

std::size_t ComputePool::queued() const {
  std::lock_guard lock(state_->mutex);
  return state_->queue.size();
}

unsigned ComputePool::threads() const {
  return static_cast<unsigned>(state_->workers.size());
}

}  // namespace ovos::core
