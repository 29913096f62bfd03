#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/result.h"
#include "store/sql_connection.h"

namespace ovos::store {

/// A bounded, thread-safe pool of SqlConnections, opened lazily by a factory. A caller borrows
/// one connection with acquire() and gives it back by dropping the Lease; a connection that is
/// no longer healthy (lost, or left in a transaction) is closed instead of being returned, and a
/// new one is opened on demand. Owns every idle connection; must outlive its leases.
class ConnectionPool {
 public:
  using Factory = std::function<core::Result<std::unique_ptr<SqlConnection>>()>;

  /// One borrowed connection. Movable; returns the connection to the pool when destroyed.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<SqlConnection> conn, bool reused)
        : pool_(pool), conn_(std::move(conn)), reused_(reused) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&& other) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    SqlConnection& operator*() const { return *conn_; }
    SqlConnection* operator->() const { return conn_.get(); }
    /// True when the connection was idle in the pool before (it may have died meanwhile).
    [[nodiscard]] bool reused() const { return reused_; }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<SqlConnection> conn_;
    bool reused_;
  };

  ConnectionPool(Factory factory, std::size_t max_size,
                 std::chrono::milliseconds acquire_timeout = std::chrono::seconds(30));
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  /// An idle connection, a new one when fewer than max_size are open, or else the first one
  /// given back within the timeout (kUnavailable after it).
  [[nodiscard]] core::Result<Lease> acquire();

  [[nodiscard]] std::size_t open_count() const;
  [[nodiscard]] std::size_t idle_count() const;

 private:
  void release(std::unique_ptr<SqlConnection> conn);

  Factory factory_;
  const std::size_t max_size_;
  const std::chrono::milliseconds acquire_timeout_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<SqlConnection>> idle_;
  std::size_t open_ = 0;  // idle + leased + being opened
};

}  // namespace ovos::store
