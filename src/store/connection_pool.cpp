#include "store/connection_pool.h"

#include <cassert>

namespace ovos::store {

ConnectionPool::Lease::~Lease() {
  if (conn_ != nullptr) pool_->release(std::move(conn_));
}

ConnectionPool::ConnectionPool(Factory factory, std::size_t max_size,
                               std::chrono::milliseconds acquire_timeout)
    : factory_(std::move(factory)), max_size_(max_size), acquire_timeout_(acquire_timeout) {
  assert(max_size_ > 0);
}

core::Result<ConnectionPool::Lease> ConnectionPool::acquire() {
  {
    std::unique_lock lock(mutex_);
    const bool ready = available_.wait_for(lock, acquire_timeout_,
                                           [this] { return !idle_.empty() || open_ < max_size_; });
    if (!ready) return core::Error::unavailable("no database connection free (pool exhausted)");
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn), true);
    }
    ++open_;  // reserve the slot, then connect without holding the lock
  }
  auto opened = factory_();
  if (!opened.ok()) {
    {
      const std::lock_guard lock(mutex_);
      --open_;
    }
    available_.notify_one();
    return std::move(opened).error();
  }
  return Lease(this, std::move(opened).value(), false);
}

void ConnectionPool::release(std::unique_ptr<SqlConnection> conn) {
  const bool keep = conn->healthy();
  if (!keep) conn.reset();  // close outside the lock
  {
    const std::lock_guard lock(mutex_);
    if (keep) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;
    }
  }
  available_.notify_one();
}

std::size_t ConnectionPool::open_count() const {
  const std::lock_guard lock(mutex_);
  return open_;
}

std::size_t ConnectionPool::idle_count() const {
  const std::lock_guard lock(mutex_);
  return idle_.size();
}

}  // namespace ovos::store
