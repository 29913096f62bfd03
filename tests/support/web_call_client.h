#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/event_loop.h"
#include "net/websocket.h"

namespace ovos::testing {

/// A browser-like web-call client for tests and benchmarks: opens the call's WebSocket on its own
/// event loop, keeps every message the server sends with its arrival time, streams caller audio
/// in real time, and can answer marks like a player does. Thread-safe.
class WebCallClient {
 public:
  struct Message {
    std::chrono::steady_clock::time_point at;
    bool binary = false;
    boost::json::value json;            // text messages
    std::vector<std::int16_t> samples;  // binary messages
  };

  /// Connects to `url` (ws://...); throws std::runtime_error with the reason on failure, and
  /// `handshake_status` (when the server refused the upgrade) is kept in last_status().
  explicit WebCallClient(const std::string& url, std::vector<net::HttpHeader> headers = {});
  ~WebCallClient();

  /// Connects and returns the refusal's HTTP status (0 when it connected).
  static int refused_status(const std::string& url, std::vector<net::HttpHeader> headers = {});

  void send_text(std::string text);
  void send_bytes(std::vector<std::uint8_t> bytes);
  void send_json(const boost::json::value& value);
  /// Streams `samples` (PCM16 at `rate`) in 20 ms messages on an absolute real-time schedule.
  void stream_audio(const std::vector<std::int16_t>& samples, int rate = 16000);
  /// Streams `ms` of silence in real time.
  void stream_silence(int ms, int rate = 16000);
  /// Answers every "mark" with "played" when its audio would have finished playing.
  void set_auto_played(bool on) { auto_played_ = on; }

  /// Waits until `predicate` holds over the messages so far, or `timeout`; returns whether it did.
  bool wait_for(const std::function<bool(const std::vector<Message>&)>& predicate,
                std::chrono::milliseconds timeout);
  /// Waits for a text message of `type`; returns it, or nullopt on timeout.
  std::optional<Message> wait_for_type(const std::string& type, std::chrono::milliseconds timeout,
                                       std::size_t skip = 0);
  [[nodiscard]] std::vector<Message> messages() const;
  [[nodiscard]] std::size_t audio_samples() const;
  [[nodiscard]] bool closed() const;
  /// Waits until the server closed the socket; returns whether it did within `timeout`.
  bool wait_closed(std::chrono::milliseconds timeout);
  [[nodiscard]] std::uint16_t close_code() const;
  /// Closes (1000) and waits for the server's close.
  void close();

  struct State;

 private:
  std::unique_ptr<net::EventLoop> loop_;
  std::shared_ptr<State> state_;
  bool auto_played_ = true;
};

/// Text messages of `type` among `messages`.
std::vector<boost::json::value> of_type(const std::vector<WebCallClient::Message>& messages,
                                        const std::string& type);

/// The live call events (GET /v1/events) of `type` among a dashboard's `messages`: every call's,
/// or only `call_id`'s when it is given.
std::vector<boost::json::object> live_events(const std::vector<WebCallClient::Message>& messages,
                                             std::string_view type, std::string_view call_id = {});

}  // namespace ovos::testing
