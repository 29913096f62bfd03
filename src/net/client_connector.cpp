#include "net/client_connector.h"

#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "net/public_address.h"

namespace ovos::net::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using ErrorCode = boost::system::error_code;
using TlsStream = beast::ssl_stream<tcp::socket>;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

/// TLS over TCP, behind the erased stream interface.
class TlsTransport final : public ErasedStream::Transport {
 public:
  TlsTransport(std::shared_ptr<ssl::context> context, TlsStream stream)
      : context_(std::move(context)), stream_(std::move(stream)) {}
  ErasedStream::executor_type get_executor() override { return stream_.get_executor(); }
  void read_some(asio::mutable_buffer buffer, ErasedIoHandler handler) override {
    stream_.async_read_some(buffer, std::move(handler));
  }
  void write_some(const ErasedWriteBuffers& buffers, ErasedIoHandler handler) override {
    stream_.async_write_some(buffers, std::move(handler));
  }
  void teardown(beast::role_type role, ErasedDoneHandler handler) override {
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

core::Result<std::shared_ptr<ssl::context>> make_tls_context(const ClientTarget& t) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
  ErrorCode ec;
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                           ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                           ssl::context::no_tlsv1_1,
                       ec);
  if (t.verify_peer) {
    if (t.ca_file.empty()) {
      context->set_default_verify_paths(ec);
    } else {
      context->load_verify_file(t.ca_file, ec);
    }
    if (ec) return core::Error::invalid("cannot load trusted certificates: " + ec.message());
  }
  context->set_verify_mode(t.verify_peer ? ssl::verify_peer : ssl::verify_none, ec);
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

}  // namespace

struct ClientConnector::State {
  State(asio::io_context& context, ClientTarget t)
      : target(std::move(t)), resolver(context), socket(context), deadline(context) {}

  void stop(bool by_timeout) {
    if (done) return;
    (by_timeout ? expired : aborted) = true;
    ErrorCode ec;
    resolver.cancel();
    socket.close(ec);
    if (tls) beast::get_lowest_layer(*tls).close(ec);
  }
  /// Why the step failed: the deadline, an abort, or `ec`.
  [[nodiscard]] std::string why(const ErrorCode& ec) const {
    if (expired) return "timed out";
    if (aborted) return "cancelled";
    return ec.message();
  }
  [[nodiscard]] bool stopped() const { return expired || aborted; }

  ClientTarget target;
  tcp::resolver resolver;
  tcp::socket socket;
  std::unique_ptr<TlsStream> tls;
  asio::steady_timer deadline;
  bool expired = false;
  bool aborted = false;
  bool done = false;
};

ClientConnector::ClientConnector(asio::io_context& context, ClientTarget target)
    : state_(std::make_shared<State>(context, std::move(target))) {}

ClientConnector::~ClientConnector() {
  state_->deadline.cancel();
}

void ClientConnector::abort() {
  state_->stop(false);
}

asio::awaitable<core::Result<ClientStream>> ClientConnector::run(
    std::chrono::milliseconds timeout) {
  auto s = state_;
  s->deadline.expires_after(timeout);
  s->deadline.async_wait([weak = std::weak_ptr<State>(s)](ErrorCode ec) {
    if (auto state = weak.lock(); state && !ec) state->stop(true);
  });
  const ClientTarget& t = s->target;
  const std::string where = t.host + ":" + std::to_string(t.port);
  auto [rec, endpoints] =
      co_await s->resolver.async_resolve(t.host, std::to_string(t.port), kTuple);
  if (rec || s->stopped())
    co_return core::Error::unavailable("cannot resolve " + t.host + ": " + s->why(rec));
  if (t.public_addresses_only) {
    // Every address, not only the one connected to: a name must not mix public and private.
    for (const auto& entry : endpoints) {
      const std::string address = entry.endpoint().address().to_string();
      if (is_public_ip(address) != true) {
        co_return core::Error{
            core::ErrorCode::kPermissionDenied,
            t.host + " resolves to " + address + ", which is not a public address",
            {}};
      }
    }
  }
  auto [cec, endpoint] = co_await asio::async_connect(s->socket, endpoints, kTuple);
  if (cec || s->stopped()) {
    co_return core::Error::unavailable("cannot connect to " + where + ": " + s->why(cec));
  }
  std::string remote = endpoint.address().to_string();
  if (!t.tls) {
    s->done = true;
    s->deadline.cancel();
    co_return ClientStream{ErasedStream::tcp(std::move(s->socket)), std::move(remote)};
  }
  auto context = make_tls_context(t);
  if (!context.ok()) co_return std::move(context).error();
  s->tls = std::make_unique<TlsStream>(std::move(s->socket), **context);
  prepare_tls(*s->tls, t.host, t.verify_peer);
  auto [hec] = co_await s->tls->async_handshake(ssl::stream_base::client, kTuple);
  if (hec || s->stopped()) {
    co_return core::Error::unavailable("TLS handshake with " + where + " failed: " + s->why(hec));
  }
  s->done = true;  // from here on the deadline must not touch the moved-from stream
  s->deadline.cancel();
  co_return ClientStream{
      ErasedStream(std::make_unique<TlsTransport>(std::move(context).value(), std::move(*s->tls))),
      std::move(remote)};
}

}  // namespace ovos::net::detail
