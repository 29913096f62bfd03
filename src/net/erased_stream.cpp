#include "net/erased_stream.h"

#include <array>

namespace ovos::net::detail {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

/// Plain TCP: the socket itself.
class TcpTransport final : public ErasedStream::Transport {
 public:
  explicit TcpTransport(tcp::socket socket) : socket_(std::move(socket)) {
    boost::system::error_code ec;
    socket_.set_option(tcp::no_delay(true), ec);
  }
  ErasedStream::executor_type get_executor() override { return socket_.get_executor(); }
  void read_some(asio::mutable_buffer buffer, ErasedIoHandler handler) override {
    socket_.async_read_some(buffer, std::move(handler));
  }
  void write_some(const ErasedWriteBuffers& buffers, ErasedIoHandler handler) override {
    socket_.async_write_some(buffers, std::move(handler));
  }
  /// RFC 6455 section 7.1.1: the server shuts its side down first; both read until the peer's
  /// end, so that no unread data turns the close into a reset. (Beast 1.81's own TCP teardown
  /// can stop reading early, see boostorg/beast#1373.) The closing handshake's timeout bounds it.
  void teardown(boost::beast::role_type role, ErasedDoneHandler handler) override {
    boost::system::error_code ec;
    if (role == boost::beast::role_type::server) socket_.shutdown(tcp::socket::shutdown_send, ec);
    drain(role, std::move(handler));
  }
  void close() override {
    boost::system::error_code ec;
    socket_.close(ec);
  }

 private:
  void drain(boost::beast::role_type role, ErasedDoneHandler handler) {
    socket_.async_read_some(
        asio::buffer(drain_buffer_),
        [this, role, h = std::move(handler)](boost::system::error_code ec, std::size_t) mutable {
          if (!ec) {
            drain(role, std::move(h));
            return;
          }
          if (ec == asio::error::eof) {
            boost::system::error_code ignored;
            if (role == boost::beast::role_type::client) {
              socket_.shutdown(tcp::socket::shutdown_send, ignored);
            }
            socket_.close(ignored);
            ec = {};
          }
          std::move(h)(ec);
        });
  }

  tcp::socket socket_;
  std::array<char, 2048> drain_buffer_{};
};

}  // namespace

ErasedStream ErasedStream::tcp(tcp::socket socket) {
  return ErasedStream(std::make_unique<TcpTransport>(std::move(socket)));
}

}  // namespace ovos::net::detail
