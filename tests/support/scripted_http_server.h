#pragma once

// A raw loopback TCP server for HTTP client tests, scripted byte by byte; FakeOpenAiServer
// parses requests on top of it.

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
#include <utility>
#include <vector>

namespace ovos::net::testing {

class ScriptedHttpServer;

/// One accepted connection, as a script sees it (blocking calls, on the connection's thread).
class RawConnection {
 public:
  RawConnection(ScriptedHttpServer& server, int fd) : server_(server), fd_(fd) {}
  /// The next request (head and Content-Length body); nullopt when the peer closed or the
  /// server stops.
  std::optional<std::string> read_request();
  /// Writes all of `bytes`; false when the peer is gone.
  bool write(std::string_view bytes);
  /// Sleeps, returning early (false) when the server stops.
  bool pause(std::chrono::milliseconds duration);
  /// Blocks until the peer closes the connection (or the server stops); true when it did.
  bool wait_for_peer_close(std::chrono::milliseconds limit = std::chrono::seconds(10));
  /// Closes the connection now (a FIN; with `reset` an RST).
  void close(bool reset = false);

 private:
  ScriptedHttpServer& server_;
  int fd_;
  std::string pending_;  // read past the last request
};

/// A raw TCP server on 127.0.0.1 for HTTP client tests: each accepted connection runs
/// `script` on its own thread, which reads requests and writes whatever bytes, delays and
/// cuts a test needs (chunked streams, slow or silent or broken peers). Owns its threads; the
/// destructor unblocks and joins them.
class ScriptedHttpServer {
 public:
  using Script = std::function<void(RawConnection&)>;
  explicit ScriptedHttpServer(Script script);
  ~ScriptedHttpServer();
  ScriptedHttpServer(const ScriptedHttpServer&) = delete;
  ScriptedHttpServer& operator=(const ScriptedHttpServer&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] int connections_accepted() const { return accepted_.load(); }
  /// Every request read so far, in order.
  [[nodiscard]] std::vector<std::string> requests() const;
  [[nodiscard]] bool stopping() const { return stop_.load(); }

 private:
  friend class RawConnection;
  void accept_loop();
  void record(std::string request);

  Script script_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::thread acceptor_;
  mutable std::mutex mutex_;
  std::vector<std::thread> threads_;
  std::vector<int> fds_;
  std::vector<std::string> requests_;
};

/// A request as RawConnection::read_request returned it, taken apart: headers in order, names
/// as sent, values without surrounding blanks.
struct RawRequest {
  std::string method;
  std::string target;  // path and query, as sent
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  /// The headers by lowercased name (of repeats, the last).
  [[nodiscard]] std::map<std::string, std::string> lowercase_headers() const;
};
[[nodiscard]] RawRequest parse_request(std::string_view raw);

/// "HTTP/1.1 <status> X\r\n<headers>Content-Length: n\r\n\r\n<body>".
std::string http_response(int status, std::string_view body, std::string_view headers = "");
/// One chunk of a chunked body: "<hex size>\r\n<data>\r\n".
std::string http_chunk(std::string_view data);

}  // namespace ovos::net::testing
