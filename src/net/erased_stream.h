#pragma once
// Internal to src/net: brings Asio headers, so only net .cpp files include it.

#include <array>
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/role.hpp>
#include <cstddef>
#include <memory>
#include <utility>

namespace ovos::net::detail {

using ErasedIoHandler =
    boost::asio::any_completion_handler<void(boost::system::error_code, std::size_t)>;
using ErasedDoneHandler = boost::asio::any_completion_handler<void(boost::system::error_code)>;
/// At most this many buffers go into one write_some; the rest wait for the next call.
using ErasedWriteBuffers = std::array<boost::asio::const_buffer, 8>;

/// A byte stream (plain TCP or TLS) behind one virtual interface, so that
/// websocket::stream<ErasedStream> is compiled once for every transport. Used on the thread of
/// the io_context its socket belongs to; owned by the websocket stream that wraps it.
class ErasedStream {
 public:
  using executor_type = boost::asio::any_io_executor;

  /// One concrete transport.
  class Transport {
   public:
    virtual ~Transport() = default;
    virtual executor_type get_executor() = 0;
    virtual void read_some(boost::asio::mutable_buffer buffer, ErasedIoHandler handler) = 0;
    virtual void write_some(const ErasedWriteBuffers& buffers, ErasedIoHandler handler) = 0;
    /// The WebSocket closing handshake's last step (TCP: shut down and close; TLS: close_notify).
    virtual void teardown(boost::beast::role_type role, ErasedDoneHandler handler) = 0;
    /// Closes the socket now; pending operations complete with operation_aborted.
    virtual void close() = 0;
  };

  explicit ErasedStream(std::unique_ptr<Transport> transport) : transport_(std::move(transport)) {}
  /// Plain TCP (with TCP_NODELAY).
  static ErasedStream tcp(boost::asio::ip::tcp::socket socket);

  executor_type get_executor() { return transport_->get_executor(); }
  Transport& transport() { return *transport_; }

  template <class MutableBufferSequence, class ReadToken>
  auto async_read_some(const MutableBufferSequence& buffers, ReadToken&& token) {
    boost::asio::mutable_buffer first;
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers); ++it) {
      first = boost::asio::mutable_buffer(*it);
      if (first.size() > 0) break;
    }
    return boost::asio::async_initiate<ReadToken, void(boost::system::error_code, std::size_t)>(
        [](auto handler, Transport* t, boost::asio::mutable_buffer b) {
          t->read_some(b, std::move(handler));
        },
        token, transport_.get(), first);
  }

  template <class ConstBufferSequence, class WriteToken>
  auto async_write_some(const ConstBufferSequence& buffers, WriteToken&& token) {
    ErasedWriteBuffers list{};
    std::size_t n = 0;
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers) && n < list.size(); ++it) {
      const boost::asio::const_buffer b(*it);
      if (b.size() > 0) list[n++] = b;
    }
    return boost::asio::async_initiate<WriteToken, void(boost::system::error_code, std::size_t)>(
        [](auto handler, Transport* t, const ErasedWriteBuffers& l) {
          t->write_some(l, std::move(handler));
        },
        token, transport_.get(), list);
  }

 private:
  std::unique_ptr<Transport> transport_;
};

/// Beast's customization points (found by argument-dependent lookup).
template <class TeardownHandler>
void async_teardown(boost::beast::role_type role, ErasedStream& stream, TeardownHandler&& handler) {
  stream.transport().teardown(role, std::forward<TeardownHandler>(handler));
}
inline void beast_close_socket(ErasedStream& stream) {
  stream.transport().close();
}

}  // namespace ovos::net::detail
