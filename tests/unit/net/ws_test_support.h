#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "net/event_loop.h"
#include "net/websocket.h"
#include "net/websocket_client.h"

namespace ovos::net::testing {

/// One event a WebSocketHandler saw.
struct WsEvent {
  enum class Kind { kText, kBinary, kClosed };
  Kind kind = Kind::kText;
  std::string data;  // text, binary bytes, or close reason
  std::uint16_t code = 0;
  bool operator==(const WsEvent&) const = default;
};

WsEvent text(std::string s);
WsEvent binary(std::string s);
WsEvent closed(std::uint16_t code, std::string reason);

/// The events of one connection, written on its thread and read by the test thread.
class WsRecorder {
 public:
  void add(WsEvent event);
  [[nodiscard]] std::vector<WsEvent> events() const;
  /// Waits until `count` events arrived (true) or `timeout` passed (false).
  bool wait_for_count(std::size_t count, std::chrono::milliseconds timeout);
  /// Waits for on_closed; nullopt on timeout.
  std::optional<WsEvent> wait_closed(std::chrono::milliseconds timeout);
  [[nodiscard]] int closed_calls() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<WsEvent> events_;
  int closed_calls_ = 0;
};

/// Records events; echoes messages back to `echo_to` when given; checks that nothing comes
/// after on_closed and that every call runs on `thread`.
class RecordingHandler final : public WebSocketHandler {
 public:
  RecordingHandler(std::shared_ptr<WsRecorder> recorder, core::Executor& thread,
                   WebSocketConnection* echo_to = nullptr)
      : recorder_(std::move(recorder)), thread_(thread), echo_to_(echo_to) {}
  void on_text(std::string_view text) override;
  void on_binary(std::span<const std::uint8_t> bytes) override;
  void on_closed(std::uint16_t code, std::string_view reason) override;

 private:
  void check_thread();
  std::shared_ptr<WsRecorder> recorder_;
  core::Executor& thread_;
  WebSocketConnection* echo_to_;
  bool closed_ = false;
};

/// Runs `fn` on `loop` and waits for it (fails the test after 5 s).
void run_on(core::Executor& loop, std::function<void()> fn);

/// Connects and waits for the outcome (an error after `timeout`).
core::Result<std::shared_ptr<WebSocketConnection>> connect_and_wait(
    EventLoop& loop, WebSocketClientOptions options, std::unique_ptr<WebSocketHandler> handler,
    std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

/// A TCP connection to 127.0.0.1:port that does the client upgrade by hand, then is driven by
/// the test (for peers that stop reading or go silent). `receive_buffer` > 0 shrinks SO_RCVBUF.
class RawWebSocket {
 public:
  RawWebSocket(std::uint16_t port, const std::string& path, int receive_buffer = 0);
  ~RawWebSocket();
  RawWebSocket(const RawWebSocket&) = delete;
  RawWebSocket& operator=(const RawWebSocket&) = delete;
  /// The server's answer to the upgrade request (status line and headers).
  [[nodiscard]] const std::string& response_head() const { return head_; }
  /// True once the server has closed the connection (reads and discards what is pending).
  bool wait_server_closed(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
  std::string head_;
};

/// A port on 127.0.0.1 that nothing listens on (bound, then released).
std::uint16_t unused_port();

}  // namespace ovos::net::testing
