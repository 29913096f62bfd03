#pragma once

// A loopback stand-in for an OpenAI chat completions server, for the provider's stream tests:
// raw sockets, so a test can write SSE chunks with pauses, cut the stream or wait for the
// client to hang up.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace ovos::providers::testing {

/// One request as the fake server read it.
struct CapturedRequest {
  std::string method;
  std::string target;                          // path and query, as sent
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
};

class FakeOpenAiServer;

/// The server side of one connection, for a handler (blocking, on the connection's thread).
class FakeConnection {
 public:
  FakeConnection(FakeOpenAiServer& server, int fd) : server_(server), fd_(fd) {}
  /// Writes all of `bytes`; false when the peer is gone.
  bool write(std::string_view bytes);
  /// Sleeps; false (early) when the server stops.
  bool pause(std::chrono::milliseconds duration);
  /// Blocks until the client closes the connection; true when it did within `limit`.
  bool wait_for_peer_close(std::chrono::milliseconds limit = std::chrono::seconds(5));
  /// Closes the connection now; the handler's loop then ends.
  void close();

  /// Starts a 200 `text/event-stream` response with a chunked body.
  bool start_stream();
  /// Writes one SSE event `data: <data>\n\n` as one chunk.
  bool send_event(std::string_view data);
  /// Ends the chunked body.
  bool end_stream();
  /// A whole response with a Content-Length body.
  bool respond(int status, std::string_view body, std::string_view extra_headers = "");

 private:
  friend class FakeOpenAiServer;
  std::optional<CapturedRequest> read_request();

  FakeOpenAiServer& server_;
  int fd_;
  std::string pending_;
  bool closed_ = false;
};

/// A raw HTTP/1.1 server on 127.0.0.1. Every request on every connection is recorded and given
/// to `handler` with its number (0 for the first the server read); the handler writes the
/// answer. Owns its threads; the destructor unblocks and joins them.
class FakeOpenAiServer {
 public:
  using Handler = std::function<void(const CapturedRequest&, int index, FakeConnection&)>;
  explicit FakeOpenAiServer(Handler handler);
  ~FakeOpenAiServer();
  FakeOpenAiServer(const FakeOpenAiServer&) = delete;
  FakeOpenAiServer& operator=(const FakeOpenAiServer&) = delete;

  /// "http://127.0.0.1:<port>".
  [[nodiscard]] std::string url() const;
  [[nodiscard]] std::vector<CapturedRequest> requests() const;
  /// Times (steady clock) at which each request was read.
  [[nodiscard]] std::vector<std::chrono::steady_clock::time_point> request_times() const;
  [[nodiscard]] bool stopping() const { return stop_.load(); }
  /// Connections accepted so far.
  [[nodiscard]] std::size_t connections() const {
    const std::lock_guard lock(mutex_);
    return fds_.size();
  }

 private:
  friend class FakeConnection;
  void accept_loop();
  int record(CapturedRequest request);

  Handler handler_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
  mutable std::mutex mutex_;
  std::vector<std::thread> threads_;
  std::vector<int> fds_;
  std::vector<CapturedRequest> requests_;
  std::vector<std::chrono::steady_clock::time_point> times_;
};

}  // namespace ovos::providers::testing
