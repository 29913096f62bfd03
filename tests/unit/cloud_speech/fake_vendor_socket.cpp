#include "fake_vendor_socket.h"

#include <thread>

namespace ovos::providers::testing {

/// Records one session's messages and runs the script on each.
class FakeVendorSocket::Handler final : public net::WebSocketHandler {
 public:
  Handler(FakeVendorSocket& fake, int index, net::WebSocketConnection& connection)
      : fake_(fake), index_(index), peer_(connection) {}
  void on_text(std::string_view text) override {
    fake_.changed([&](auto& sessions) { sessions[index_].texts.emplace_back(text); });
    fake_.script_(index_, text, peer_);
  }
  void on_binary(std::span<const std::uint8_t> bytes) override {
    fake_.changed([&](auto& sessions) { sessions[index_].audio_bytes += bytes.size(); });
    fake_.script_(index_, "", peer_);
  }
  void on_closed(std::uint16_t, std::string_view) override {
    fake_.changed([&](auto& sessions) { sessions[index_].closed = true; });
  }

 private:
  FakeVendorSocket& fake_;
  int index_;
  SocketPeer peer_;
};

FakeVendorSocket::FakeVendorSocket(Plan plan, Script script, Http http)
    : plan_(std::move(plan)), script_(std::move(script)), http_(std::move(http)) {
  net::HttpServerOptions options;
  options.port = 0;
  options.shards = 1;
  options.worker_threads = 2;
  auto server = net::HttpServer::start(
      options,
      [this](net::HttpRequest& request) {
        return http_ ? http_(request) : net::HttpResponse::text(404, "websocket only");
      },
      [this](net::HttpRequest& request) { return accept(request); });
  if (server.ok()) server_ = std::move(server).value();
}

FakeVendorSocket::~FakeVendorSocket() {
  if (server_) server_->shutdown(std::chrono::milliseconds(200));
}

std::string FakeVendorSocket::base_url() const {
  return "ws://127.0.0.1:" + std::to_string(server_ ? server_->port() : 0);
}

std::string FakeVendorSocket::http_url() const {
  return "http://127.0.0.1:" + std::to_string(server_ ? server_->port() : 0);
}

net::WebSocketAccept FakeVendorSocket::accept(net::HttpRequest& request) {
  int index = 0;
  changed([&](auto& sessions) {
    index = static_cast<int>(sessions.size());
    SocketSession session;
    session.path = request.path;
    session.query = request.query;
    session.authorization = std::string(request.header("authorization").value_or(""));
    session.headers = request.headers;
    sessions.push_back(std::move(session));
  });
  const SocketHandshake handshake = plan_(index);
  if (handshake.delay.count() > 0) std::this_thread::sleep_for(handshake.delay);
  if (handshake.status != 0) {
    changed([&](auto& sessions) { sessions[index].closed = true; });
    auto refusal = net::HttpResponse::json(handshake.status, handshake.body);
    return net::WebSocketAccept::refuse(std::move(refusal));
  }
  return net::WebSocketAccept::accept([this, index](net::WebSocketConnection& connection) {
    return std::make_unique<Handler>(*this, index, connection);
  });
}

void FakeVendorSocket::changed(const std::function<void(std::vector<SocketSession>&)>& update) {
  {
    const std::lock_guard lock(mutex_);
    update(sessions_);
  }
  cv_.notify_all();
}

std::vector<SocketSession> FakeVendorSocket::sessions() const {
  const std::lock_guard lock(mutex_);
  return sessions_;
}

bool FakeVendorSocket::wait_until(
    const std::function<bool(const std::vector<SocketSession>&)>& done) {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, std::chrono::seconds(10), [&] { return done(sessions_); });
}

}  // namespace ovos::providers::testing
