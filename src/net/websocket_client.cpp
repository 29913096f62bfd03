#include "net/websocket_client.h"

#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "core/logging.h"
#include "net/erased_stream.h"
#include "net/event_loop.h"
#include "net/shard_executor.h"
#include "net/websocket_url.h"
#include "net/ws_session.h"

namespace ovos::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using asio::awaitable;
using ErrorCode = boost::system::error_code;
using TlsStream = beast::ssl_stream<tcp::socket>;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

/// TLS over TCP, behind the erased stream interface.
class TlsTransport final : public detail::ErasedStream::Transport {
 public:
  TlsTransport(std::shared_ptr<ssl::context> context, TlsStream stream)
      : context_(std::move(context)), stream_(std::move(stream)) {}
  detail::ErasedStream::executor_type get_executor() override { return stream_.get_executor(); }
  void read_some(asio::mutable_buffer buffer, detail::ErasedIoHandler handler) override {
    stream_.async_read_some(buffer, std::move(handler));
  }
  void write_some(const detail::ErasedWriteBuffers& buffers,
                  detail::ErasedIoHandler handler) override {
    stream_.async_write_some(buffers, std::move(handler));
  }
  void teardown(beast::role_type role, detail::ErasedDoneHandler handler) override {
    using beast::websocket::async_teardown;
    async_teardown(role, stream_, asio::bind_executor(stream_.get_executor(), std::move(handler)));
  }
  void close() override {
    ErrorCode ec;
    beast::get_lowest_layer(stream_).close(ec);
  }

 private:
  std::shared_ptr<ssl::context> context_;  // declared first: outlives the stream
  TlsStream stream_;
};

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

/// One connect attempt: everything its coroutine and its deadline share.
struct Attempt {
  Attempt(EventLoop& l, detail::ShardExecutor& ex, WebSocketClientOptions o, WebSocketUrl u,
          std::unique_ptr<WebSocketHandler> h, WebSocketConnectCallback cb)
      : loop(l),
        options(std::move(o)),
        url(std::move(u)),
        handler(std::move(h)),
        on_connected(std::move(cb)),
        resolver(ex.context()),
        socket(ex.context()),
        deadline(ex.context()) {}

  /// Reports a failure before the upgrade started; the handler is destroyed unused.
  void fail(core::Error error) {
    done = true;
    core::log_info("ws.connect_failed", {{"url", url.redacted()}, {"error", error.message}});
    handler.reset();
    on_connected(std::move(error));
  }
  void expire() {
    if (done) return;
    expired = true;
    ErrorCode ec;
    resolver.cancel();
    socket.close(ec);
    if (tls) beast::get_lowest_layer(*tls).close(ec);
  }

  EventLoop& loop;  // runs the connection and its handler
  WebSocketClientOptions options;
  WebSocketUrl url;
  std::unique_ptr<WebSocketHandler> handler;
  WebSocketConnectCallback on_connected;
  tcp::resolver resolver;
  tcp::socket socket;
  std::unique_ptr<TlsStream> tls;
  asio::steady_timer deadline;
  std::string remote;  // the server's IP address, once connected
  bool expired = false;
  bool done = false;
};

core::Result<std::shared_ptr<ssl::context>> make_tls_context(const WebSocketClientOptions& o) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
  ErrorCode ec;
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                           ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                           ssl::context::no_tlsv1_1,
                       ec);
  if (o.verify_peer) {
    if (o.ca_file.empty()) {
      context->set_default_verify_paths(ec);
    } else {
      context->load_verify_file(o.ca_file, ec);
    }
    if (ec) return core::Error::invalid("cannot load trusted certificates: " + ec.message());
  }
  context->set_verify_mode(o.verify_peer ? ssl::verify_peer : ssl::verify_none, ec);
  return context;
}

/// Sets the server name (SNI) and, when verifying, the name the certificate must carry.
void prepare_tls(TlsStream& stream, const std::string& host, bool verify) {
  ErrorCode ec;
  asio::ip::make_address(host, ec);
  if (ec) {  // a name, not an IP address literal
    SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
             const_cast<char*>(host.c_str()));
  }
  if (verify) stream.set_verify_callback(ssl::host_name_verification(host));
}

awaitable<core::Result<detail::ErasedStream>> open_transport(Attempt& a) {
  const std::string where = a.url.host + ":" + std::to_string(a.url.port);
  auto [rec, endpoints] =
      co_await a.resolver.async_resolve(a.url.host, std::to_string(a.url.port), kTuple);
  if (rec || a.expired) {
    co_return core::Error::unavailable("cannot resolve " + a.url.host + ": " +
                                       (a.expired ? "timed out" : rec.message()));
  }
  auto [cec, endpoint] = co_await asio::async_connect(a.socket, endpoints, kTuple);
  if (cec || a.expired) {
    co_return core::Error::unavailable("cannot connect to " + where + ": " +
                                       (a.expired ? "timed out" : cec.message()));
  }
  a.remote = endpoint.address().to_string();
  if (!a.url.tls) {
    a.done = true;
    co_return detail::ErasedStream::tcp(std::move(a.socket));
  }
  auto context = make_tls_context(a.options);
  if (!context.ok()) co_return std::move(context).error();
  a.tls = std::make_unique<TlsStream>(std::move(a.socket), **context);
  prepare_tls(*a.tls, a.url.host, a.options.verify_peer);
  auto [hec] = co_await a.tls->async_handshake(ssl::stream_base::client, kTuple);
  if (hec || a.expired) {
    co_return core::Error::unavailable("TLS handshake with " + where +
                                       " failed: " + (a.expired ? "timed out" : hec.message()));
  }
  a.done = true;  // from here on the deadline must not touch the moved-from stream
  co_return detail::ErasedStream(
      std::make_unique<TlsTransport>(std::move(context).value(), std::move(*a.tls)));
}

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
  a->deadline.expires_after(a->options.connect_timeout);
  a->deadline.async_wait([weak = std::weak_ptr<Attempt>(a)](ErrorCode ec) {
    if (auto attempt = weak.lock(); attempt && !ec) attempt->expire();
  });
  auto transport = co_await open_transport(*a);
  if (!transport.ok()) {
    a->fail(std::move(transport).error());
    co_return;
  }
  a->deadline.cancel();
  auto session =
      detail::WsSession::create(std::move(transport).value(), session_config(*a), a->loop);
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
  auto attempt =
      std::make_shared<Attempt>(loop, executor, std::move(options), std::move(url).value(),
                                std::move(handler), std::move(on_connected));
  asio::co_spawn(executor.context(), connect_flow(std::move(attempt)), asio::detached);
}

}  // namespace ovos::net
