#include "net/ws_shard_sessions.h"

#include <vector>

#include "net/erased_stream.h"
#include "net/shard_executor.h"

namespace ovos::net::detail {
namespace {

template <class F>
void for_each_live(const std::unordered_map<WsSession*, std::weak_ptr<WsSession>>& sessions,
                   F&& f) {
  std::vector<std::shared_ptr<WsSession>> live;  // a copy: f may end sessions
  live.reserve(sessions.size());
  for (const auto& [key, weak] : sessions) {
    if (auto s = weak.lock()) live.push_back(std::move(s));
  }
  for (const auto& s : live)
    f(*s);
}

}  // namespace

void WsShardSessions::start(ErasedStream&& transport, WsSessionConfig config,
                            const HttpRequest& request, WebSocketHandlerFactory make_handler) {
  auto session = WsSession::create(std::move(transport), std::move(config), executor_);
  WsSession* key = session.get();
  sessions_.emplace(key, session);
  open_connections_.fetch_add(1);
  open_websockets_.fetch_add(1);
  session->serve(request, std::move(make_handler), [this, key] {
    sessions_.erase(key);
    open_websockets_.fetch_sub(1);
    open_connections_.fetch_sub(1);
  });
}

void WsShardSessions::close_all(std::uint16_t code, const std::string& reason) {
  for_each_live(sessions_, [&](WsSession& s) { s.close(code, reason); });
}

void WsShardSessions::abort_all(std::uint16_t code, const std::string& reason) {
  for_each_live(sessions_, [&](WsSession& s) { s.abort(code, reason); });
}

}  // namespace ovos::net::detail
