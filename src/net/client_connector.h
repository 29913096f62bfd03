#pragma once
// Internal to src/net: brings Asio headers, so only net .cpp files include it.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"
#include "net/erased_stream.h"

namespace ovos::net::detail {

/// Where a client connects and how it secures the connection.
struct ClientTarget {
  std::string host;  // name or IP address literal
  std::uint16_t port = 0;
  bool tls = false;
  bool verify_peer = true;  // TLS: check the chain (system CAs or ca_file) and the host name
  std::string ca_file;      // TLS: PEM file of trusted CAs instead of the system store
  bool public_addresses_only = false;  // refuse a name resolving to any non-public address
};

/// A connected (and, for TLS, handshaken) transport.
struct ClientStream {
  ErasedStream stream;
  std::string remote_address;  // the server's IP address
};

/// Opens one client transport: resolves, connects, and for TLS handshakes with SNI and, by
/// default, peer verification. Shared by the WebSocket and HTTP clients. Used on the thread of
/// its io_context; it must outlive a run() in progress.
class ClientConnector {
 public:
  ClientConnector(boost::asio::io_context& context, ClientTarget target);
  ~ClientConnector();
  ClientConnector(const ClientConnector&) = delete;
  ClientConnector& operator=(const ClientConnector&) = delete;

  /// Connects within `timeout`; kUnavailable errors read "cannot resolve ...", "cannot connect
  /// to host:port: ...", "TLS handshake with host:port failed: ..."; with public_addresses_only,
  /// a name with a non-public address is kPermissionDenied ("host resolves to 10.0.0.5, which
  /// is not a public address"). Call once.
  boost::asio::awaitable<core::Result<ClientStream>> run(std::chrono::milliseconds timeout);
  /// Makes a run() in progress fail soon ("cancelled").
  void abort();

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace ovos::net::detail
