#include "net/http_connection_pool.h"

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

void HttpConnectionPool::recount() {
  std::size_t n = 0;
  for (const auto& [origin, list] : idle_)
    n += list.size();
  count_.store(n);
}

}  // namespace ovos::net::detail
