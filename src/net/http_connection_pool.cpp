#include "net/http_connection_pool.h"

#include <algorithm>

namespace ovos::net::detail {

std::optional<ErasedStream> HttpConnectionPool::take(const std::string& origin) {
  const auto it = idle_.find(origin);
  if (it == idle_.end()) return std::nullopt;
  auto& list = it->second;
  const auto oldest_allowed = std::chrono::steady_clock::now() - max_idle_;
  std::optional<ErasedStream> out;
  while (!list.empty() && !out) {
    Idle idle = std::move(list.back());
    list.pop_back();
    if (idle.since >= oldest_allowed) out.emplace(std::move(idle.stream));
  }
  if (list.empty()) idle_.erase(it);
  recount();
  return out;
}

bool HttpConnectionPool::has_idle(const std::string& origin) const {
  const auto it = idle_.find(origin);
  if (it == idle_.end()) return false;
  const auto oldest_allowed = std::chrono::steady_clock::now() - max_idle_;
  return std::any_of(it->second.begin(), it->second.end(),
                     [oldest_allowed](const Idle& idle) { return idle.since >= oldest_allowed; });
}

void HttpConnectionPool::put(const std::string& origin, ErasedStream stream) {
  if (max_per_origin_ == 0) return;
  auto& list = idle_[origin];
  list.push_back(Idle{std::move(stream), std::chrono::steady_clock::now()});
  if (list.size() > max_per_origin_) list.erase(list.begin());
  recount();
}

void HttpConnectionPool::clear() {
  idle_.clear();
  recount();
}

void HttpConnectionPool::connect_done(const std::string& origin) {
  const auto it = connecting_.find(origin);
  if (it != connecting_.end() && --it->second <= 0) connecting_.erase(it);
  const auto [first, last] = waiters_.equal_range(origin);
  for (auto w = first; w != last; ++w)
    w->second->cancel();
  waiters_.erase(first, last);
}

void HttpConnectionPool::remove_waiter(boost::asio::steady_timer* timer) {
  std::erase_if(waiters_, [timer](const auto& entry) { return entry.second == timer; });
}

void HttpConnectionPool::recount() {
  std::size_t n = 0;
  for (const auto& [origin, list] : idle_)
    n += list.size();
  count_.store(n);
}

}  // namespace ovos::net::detail
