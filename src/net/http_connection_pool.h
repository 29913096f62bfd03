#pragma once
// Internal to src/net: brings Asio headers (through erased_stream.h), so only net .cpp files
// include it.

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "net/erased_stream.h"

namespace ovos::net::detail {

/// Idle keep-alive HTTP connections of one HttpClient, by origin ("https://host:443"). Used on
/// its loop thread only (idle_count() excepted); owns the idle connections.
class HttpConnectionPool {
 public:
  HttpConnectionPool(std::size_t max_per_origin, std::chrono::milliseconds max_idle)
      : max_per_origin_(max_per_origin), max_idle_(max_idle) {}

  /// The most recently used idle connection to `origin` not older than max_idle, if any.
  [[nodiscard]] std::optional<ErasedStream> take(const std::string& origin);
  /// Whether an idle connection to `origin` not older than max_idle is kept.
  [[nodiscard]] bool has_idle(const std::string& origin) const;
  /// Keeps `stream` for reuse, closing the oldest one of `origin` beyond max_per_origin.
  void put(const std::string& origin, ErasedStream stream);
  /// Closes every idle connection.
  void clear();

  /// A connection to `origin` is being opened ahead of need (HttpClient::preconnect).
  void connecting(const std::string& origin) { ++connecting_[origin]; }
  /// That connection is open (and put()) or failed: requests waiting for it go on.
  void connect_done(const std::string& origin);
  [[nodiscard]] bool is_connecting(const std::string& origin) const {
    return connecting_.contains(origin);
  }
  /// `timer` (whose wait a request awaits) is cancelled when a connection to `origin` being
  /// opened ahead is done; remove it before it is destroyed.
  void add_waiter(const std::string& origin, boost::asio::steady_timer* timer) {
    waiters_.emplace(origin, timer);
  }
  void remove_waiter(boost::asio::steady_timer* timer);
  [[nodiscard]] std::size_t idle_count() const { return count_.load(); }

 private:
  struct Idle {
    ErasedStream stream;
    std::chrono::steady_clock::time_point since;
  };
  void recount();

  std::size_t max_per_origin_;
  std::chrono::milliseconds max_idle_;
  std::map<std::string, std::vector<Idle>> idle_;
  std::map<std::string, int> connecting_;                           // origin: opens in flight
  std::multimap<std::string, boost::asio::steady_timer*> waiters_;  // not owned
  std::atomic<std::size_t> count_{0};
};

}  // namespace ovos::net::detail
