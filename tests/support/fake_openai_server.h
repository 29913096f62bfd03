#pragma once

// A loopback stand-in for an OpenAI chat completions server (and the other vendors' REST APIs),
// for the providers' stream tests: ScriptedHttpServer's raw sockets, so a test can write SSE
// chunks with pauses, cut the stream or wait for the client to hang up; each request parsed.

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "support/scripted_http_server.h"

namespace ovos::providers::testing {

/// One request as the fake server read it.
struct CapturedRequest {
  std::string method;
  std::string target;                          // path and query, as sent
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
};

/// The server side of one connection, for a handler (blocking, on the connection's thread).
class FakeConnection {
 public:
  explicit FakeConnection(net::testing::RawConnection& raw) : raw_(raw) {}
  /// Writes all of `bytes`; false when the peer is gone.
  bool write(std::string_view bytes) { return raw_.write(bytes); }
  /// Sleeps; false (early) when the server stops.
  bool pause(std::chrono::milliseconds duration) { return raw_.pause(duration); }
  /// Blocks until the client closes the connection; true when it did within `limit`.
  bool wait_for_peer_close(std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    return raw_.wait_for_peer_close(limit);
  }
  /// Closes the connection now; the handler's loop then ends.
  void close() {
    closed_ = true;
    raw_.close();
  }
  [[nodiscard]] bool closed() const { return closed_; }

  /// Starts a 200 `text/event-stream` response with a chunked body.
  bool start_stream();
  /// Writes one SSE event `data: <data>\n\n` as one chunk.
  bool send_event(std::string_view data);
  /// Ends the chunked body.
  bool end_stream();
  /// A whole response with a Content-Length body.
  bool respond(int status, std::string_view body, std::string_view extra_headers = "");

 private:
  net::testing::RawConnection& raw_;
  bool closed_ = false;
};

/// A raw HTTP/1.1 server on 127.0.0.1. Every request on every connection is recorded and given
/// to `handler` with its number (0 for the first the server read); the handler writes the
/// answer. Owns its ScriptedHttpServer (and so its threads); the destructor joins them first.
class FakeOpenAiServer {
 public:
  using Handler = std::function<void(const CapturedRequest&, int index, FakeConnection&)>;
  explicit FakeOpenAiServer(Handler handler);
  FakeOpenAiServer(const FakeOpenAiServer&) = delete;
  FakeOpenAiServer& operator=(const FakeOpenAiServer&) = delete;

  /// "http://127.0.0.1:<port>".
  [[nodiscard]] std::string url() const;
  [[nodiscard]] std::vector<CapturedRequest> requests() const;
  /// Times (steady clock) at which each request was read.
  [[nodiscard]] std::vector<std::chrono::steady_clock::time_point> request_times() const;
  [[nodiscard]] bool stopping() const { return server_.stopping(); }
  /// Connections accepted so far.
  [[nodiscard]] std::size_t connections() const {
    return static_cast<std::size_t>(server_.connections_accepted());
  }

 private:
  void serve(net::testing::RawConnection& raw);
  int record(CapturedRequest request);

  Handler handler_;
  mutable std::mutex mutex_;
  std::vector<CapturedRequest> requests_;
  std::vector<std::chrono::steady_clock::time_point> times_;
  net::testing::ScriptedHttpServer server_;  // last: stopped before the rest goes
};

}  // namespace ovos::providers::testing
