#pragma once

// One connection at a time to a speech vendor's WebSocket, with the connect, retry and
// stale-callback rules every vendor socket shares (Deepgram, Bodhi, and the WebSocket voices).

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/executor.h"
#include "core/result.h"
#include "net/event_loop.h"
#include "net/retry.h"
#include "net/websocket.h"
#include "net/websocket_client.h"

namespace ovos::providers::speech {

/// What a VendorSocket's owner hears, on the vendor loop. Only the current connection's
/// events arrive; a replaced or abandoned connection's late callbacks are dropped.
class VendorSocketOwner {
 public:
  virtual ~VendorSocketOwner() = default;
  /// A connection opened (the first, or one after a reconnect): send what must go first.
  virtual void on_open(net::WebSocketConnection& connection) = 0;
  virtual void on_text(std::string_view text) = 0;
  virtual void on_binary(std::span<const std::uint8_t> /*bytes*/) {}
  /// The open connection was closed by the vendor or the network. The owner decides whether
  /// to call reconnect_after() now, later (connect()) or never.
  virtual void on_closed(std::uint16_t code, std::string_view reason) = 0;
  /// Connecting failed for good: the vendor refused (`permanent`: a status such as 401 that
  /// retrying cannot mend) or the retries ran out. The socket is idle again, its attempts
  /// counted from zero.
  virtual void on_failed(core::Error error, bool permanent) = 0;
};

/// The error of a vendor closing its stream with `code`: "<who> closed the stream: <code>
/// <reason>", kInvalidArgument for 1003 and 1008 (data it will not take, which retrying cannot
/// mend), else kUnavailable.
[[nodiscard]] core::Error vendor_close_error(std::string_view who, std::uint16_t code,
                                             std::string_view reason);

/// How a VendorSocket connects; `ws` holds the URL and auth headers (never log them).
struct VendorSocketSetup {
  std::string vendor;              // for logs and error messages, e.g. "deepgram"
  net::EventLoop* loop = nullptr;  // must outlive the socket
  net::WebSocketClientOptions ws;
  net::RetryPolicy retry{net::RetryPolicy::Options{}};
  /// Sent before a connection we no longer want is closed (Deepgram's CloseStream); optional.
  std::string goodbye;
  /// The vendor's words for a refused upgrade's HTTP status (Bodhi: "402: no credits left");
  /// optional. The error then reads "<vendor>: <words> (<transport error>)".
  std::function<std::string(int status)> describe_refusal;
};

/// A vendor WebSocket on the vendor loop: connect() opens it unless it is open, opening or
/// waiting to retry. A refused upgrade is retried as `retry` says by its status (never 401,
/// 403, ...; 408, 429 and 5xx with backoff), a network failure by the error; after a drop, the
/// owner's reconnect_after() does the same. mark_alive() (the vendor answered) gives the next
/// drop the whole retry budget again. close() ends it for good. Loop thread only; the owner
/// is held weakly.
class VendorSocket : public std::enable_shared_from_this<VendorSocket> {
 public:
  static std::shared_ptr<VendorSocket> create(VendorSocketSetup setup,
                                              std::weak_ptr<VendorSocketOwner> owner);
  VendorSocket(const VendorSocket&) = delete;
  VendorSocket& operator=(const VendorSocket&) = delete;

  void connect();
  /// After the open connection dropped with `error`: reconnect after the policy's delay, or
  /// report on_failed when the policy gives up.
  void reconnect_after(core::Error error);
  void mark_alive() { attempt_ = 0; }
  /// Abandons the open connection (or the attempt under way) without a goodbye: nothing more
  /// of it reaches the owner, not even its close. connect() or reconnect_after() go on from
  /// there (a stalled vendor, or one that cannot be told to stop speaking).
  void drop();
  /// Which connection is current: changes with every attempt and drop (for timers that belong
  /// to one connection).
  [[nodiscard]] int generation() const { return generation_; }
  /// Sends `goodbye` on the open connection, closes it and stops for good.
  void close();
  /// The open connection, or nullptr.
  [[nodiscard]] net::WebSocketConnection* connection() const { return connection_.get(); }
  /// True while connecting or waiting to retry.
  [[nodiscard]] bool pending() const { return connecting_ || retry_pending_; }
  [[nodiscard]] const VendorSocketSetup& setup() const { return setup_; }

 private:
  class Handler;
  VendorSocket(VendorSocketSetup setup, std::weak_ptr<VendorSocketOwner> owner);
  void on_connected(int gen, core::Result<std::shared_ptr<net::WebSocketConnection>> result);
  void on_text(int gen, std::string_view text);
  void on_binary(int gen, std::span<const std::uint8_t> bytes);
  void on_closed(int gen, std::uint16_t code, std::string_view reason);
  void retry_or_fail(core::Error error, bool retryable, bool permanent);
  void say_goodbye(net::WebSocketConnection& connection) const;

  VendorSocketSetup setup_;
  std::weak_ptr<VendorSocketOwner> owner_;
  bool stopped_ = false;
  bool connecting_ = false;
  bool retry_pending_ = false;
  int generation_ = 0;  // of the current attempt; older callbacks are ignored
  int attempt_ = 0;     // attempts since the last sign of life
  std::shared_ptr<net::WebSocketConnection> connection_;
  core::TimerHandle retry_timer_;
};

}  // namespace ovos::providers::speech
