#include "app/simulate_pool_idle.h"

#include <condition_variable>
#include <memory>
#include <mutex>

namespace ovos::app {
namespace {

/// Shared by the waiting thread and the barrier tasks, which may outlive a timed-out wait.
struct Barrier {
  std::mutex mutex;
  std::condition_variable changed;
  unsigned arrived = 0;
  bool released = false;

  void release() {
    {
      std::lock_guard lock(mutex);
      released = true;
    }
    changed.notify_all();
  }
};

}  // namespace

core::Result<bool> wait_pool_idle(core::ComputePool& pool, std::chrono::milliseconds timeout) {
  auto barrier = std::make_shared<Barrier>();
  const unsigned workers = pool.threads();
  for (unsigned i = 0; i < workers; ++i) {
    const bool queued = pool.submit([barrier] {
      std::unique_lock lock(barrier->mutex);
      ++barrier->arrived;
      barrier->changed.notify_all();
      barrier->changed.wait(lock, [&] { return barrier->released; });
    });
    if (!queued) {
      barrier->release();
      return core::Error::unavailable("the compute pool refused work");
    }
  }
  bool all_in = false;
  {
    std::unique_lock lock(barrier->mutex);
    all_in = barrier->changed.wait_for(lock, timeout, [&] { return barrier->arrived == workers; });
  }
  // Every worker is held in the barrier: the queue can only grow from other threads (none here).
  const bool idle = all_in && pool.queued() == 0;
  barrier->release();
  if (!all_in) {
    return core::Error::unavailable("local speech work did not finish within " +
                                    std::to_string(timeout.count() / 1000) + " s");
  }
  return idle;
}

}  // namespace ovos::app
