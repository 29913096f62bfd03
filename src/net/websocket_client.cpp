#include "net/websocket_client.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/logging.h"
#include "core/trace.h"
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

/// Counts a failed connect of a vendor connection: by the upgrade's HTTP status, else by error.
void count_failure(const std::optional<core::VendorTag>& vendor, const core::Error& error) {
  if (!vendor) return;
  const auto status = websocket_handshake_status(error);
  core::count_vendor_error(*vendor, status ? core::vendor_error_reason_for_status(*status)
                                           : core::vendor_error_reason_for(error));
}

/// Passes a connection's events on under the trace context of the code that connected, and
/// for a vendor's connection counts an abnormal end in ovos_vendor_errors_total.
class ObservedHandler final : public WebSocketHandler {
 public:
  ObservedHandler(std::optional<core::VendorTag> tag, core::TraceContext trace,
                  std::unique_ptr<WebSocketHandler> inner)
      : tag_(std::move(tag)), trace_(trace), inner_(std::move(inner)) {}
  void on_text(std::string_view text) override {
    const core::ScopedTrace scope(trace_);
    inner_->on_text(text);
  }
  void on_binary(std::span<const std::uint8_t> bytes) override {
    const core::ScopedTrace scope(trace_);
    inner_->on_binary(bytes);
  }
  void on_closed(std::uint16_t code, std::string_view reason) override {
    const core::ScopedTrace scope(trace_);
    if (const auto why = core::vendor_error_reason_for_close(code); why && tag_) {
      core::count_vendor_error(*tag_, *why);
    }
    inner_->on_closed(code, reason);
  }

 private:
  std::optional<core::VendorTag> tag_;
  core::TraceContext trace_;
  std::unique_ptr<WebSocketHandler> inner_;
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
    const core::ScopedTrace scope(trace);
    core::log_info("ws.connect_failed", {{"url", url.redacted()}, {"error", error.message}});
    count_failure(options.vendor, error);
    handler.reset();
    on_connected(std::move(error));
  }

  EventLoop& loop;  // runs the connection and its handler
  WebSocketClientOptions options;
  WebSocketUrl url;
  std::unique_ptr<WebSocketHandler> handler;
  WebSocketConnectCallback on_connected;
  std::string remote;                                // the server's IP address, once connected
  core::TraceContext trace = core::current_trace();  // of the code that connects
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
  std::unique_ptr<WebSocketHandler> handler = std::move(a->handler);
  if (a->options.vendor || !a->trace.empty()) {
    handler = std::make_unique<ObservedHandler>(a->options.vendor, a->trace, std::move(handler));
  }
  session->connect(
      std::move(request), std::move(handler),
      [cb = std::move(a->on_connected), vendor = a->options.vendor, trace = a->trace](auto result) {
        const core::ScopedTrace scope(trace);
        if (!result.ok()) {
          count_failure(vendor, result.error());
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
