#include "net/websocket_client.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/logging.h"
#include "net/client_connector.h"
#include "net/erased_stream.h"
#include "net/event_loop.h"
#include "net/shard_executor.h"
#include "net/websocket_url.h"
#include "net/ws_session.h"

namespace ovos::net {
namespace {

namespace asio = boost::asio;
using asio::awaitable;

/// What WebSocketClient::connect hands out: forwards to the session, which keeps itself alive
/// while open; dropping the last reference closes the connection.
class ClientConnection final : public WebSocketConnection {
 public:
  explicit ClientConnection(const std::shared_ptr<detail::WsSession>& session)
      : session_(session), executor_(session->executor()), remote_(session->remote_address()) {}
  ~ClientConnection() override {
    executor_.post([weak = session_] {
      if (auto s = weak.lock()) s->close(WebSocketClose::kNormal, "");
    });
  }
  ClientConnection(const ClientConnection&) = delete;
  ClientConnection& operator=(const ClientConnection&) = delete;

  void send_text(std::string text) override {
    if (auto s = session_.lock()) s->send_text(std::move(text));
  }
  void send_binary(std::vector<std::uint8_t> bytes) override {
    if (auto s = session_.lock()) s->send_binary(std::move(bytes));
  }
  void close(std::uint16_t code, std::string reason) override {
    if (auto s = session_.lock()) s->close(code, std::move(reason));
  }
  [[nodiscard]] core::Executor& executor() override { return executor_; }
  [[nodiscard]] std::size_t queued_bytes() const override {
    const auto s = session_.lock();
    return s ? s->queued_bytes() : 0;
  }
  [[nodiscard]] const std::string& remote_address() const override { return remote_; }

 private:
  std::weak_ptr<detail::WsSession> session_;
  core::Executor& executor_;
  std::string remote_;
};

/// One connect attempt: what its coroutine carries from the call to the open session.
struct Attempt {
  Attempt(EventLoop& l, WebSocketClientOptions o, WebSocketUrl u,
          std::unique_ptr<WebSocketHandler> h, WebSocketConnectCallback cb)
      : loop(l),
        options(std::move(o)),
        url(std::move(u)),
        handler(std::move(h)),
        on_connected(std::move(cb)) {}

  /// Reports a failure before the upgrade started; the handler is destroyed unused.
  void fail(core::Error error) {
    core::log_info("ws.connect_failed", {{"url", url.redacted()}, {"error", error.message}});
    handler.reset();
    on_connected(std::move(error));
  }

  EventLoop& loop;  // runs the connection and its handler
  WebSocketClientOptions options;
  WebSocketUrl url;
  std::unique_ptr<WebSocketHandler> handler;
  WebSocketConnectCallback on_connected;
  std::string remote;  // the server's IP address, once connected
};

detail::WsSessionConfig session_config(const Attempt& a) {
  detail::WsSessionConfig c;
  c.client = true;
  c.max_message_bytes = a.options.max_message_bytes;
  c.max_queued_bytes = a.options.max_queued_bytes;
  c.idle_timeout = a.options.idle_timeout;
  c.handshake_timeout = a.options.connect_timeout;
  c.remote_address = a.remote;
  c.log_id = a.url.host;
  c.path = a.url.target.substr(0, a.url.target.find('?'));
  return c;
}

awaitable<void> connect_flow(std::shared_ptr<Attempt> a) {
  detail::ClientConnector connector(
      detail::shard_executor_of(a->loop).context(),
      {a->url.host, a->url.port, a->url.tls, a->options.verify_peer, a->options.ca_file});
  auto transport = co_await connector.run(a->options.connect_timeout);
  if (!transport.ok()) {
    a->fail(std::move(transport).error());
    co_return;
  }
  a->remote = std::move(transport->remote_address);
  auto session =
      detail::WsSession::create(std::move(transport->stream), session_config(*a), a->loop);
  detail::WsClientRequest request{a->url.host_header(), a->url.target, a->options.headers,
                                  a->url.redacted()};
  session->connect(std::move(request), std::move(a->handler),
                   [cb = std::move(a->on_connected)](auto result) {
                     if (!result.ok()) {
                       cb(std::move(result).error());
                       return;
                     }
                     cb(std::shared_ptr<WebSocketConnection>(
                         std::make_shared<ClientConnection>(result.value())));
                   });
}

}  // namespace

void WebSocketClient::connect(WebSocketClientOptions options, EventLoop& loop,
                              std::unique_ptr<WebSocketHandler> handler,
                              WebSocketConnectCallback on_connected) {
  auto url = parse_websocket_url(options.url);
  if (!url.ok()) {
    loop.post([cb = std::move(on_connected), error = std::move(url).error()] { cb(error); });
    return;
  }
  auto& executor = detail::shard_executor_of(loop);
  auto attempt = std::make_shared<Attempt>(loop, std::move(options), std::move(url).value(),
                                           std::move(handler), std::move(on_connected));
  asio::co_spawn(executor.context(), connect_flow(std::move(attempt)), asio::detached);
}

}  // namespace ovos::net
