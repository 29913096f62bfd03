#pragma once

// A loopback fake of the Anthropic Messages API for provider tests: raw sockets (through
// ScriptedHttpServer), scripted replies per request, SSE framing helpers, and a parser of the
// requests it received so tests can check what the provider sent.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "support/scripted_http_server.h"

namespace ovos::providers::testing {

using net::testing::RawConnection;

/// Writes one reply on the connection; returns whether the connection may serve another
/// request (false: the fake closes it).
using Reply = std::function<bool(RawConnection&)>;

/// One request as the fake read it.
struct ReceivedRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
  std::chrono::steady_clock::time_point at;
};

/// Answers the n-th request (over all connections) with replies[n]; requests beyond the list
/// get a 500. Owns its threads; the destructor joins them.
class FakeAnthropicServer {
 public:
  explicit FakeAnthropicServer(std::vector<Reply> replies);

  [[nodiscard]] std::string base_url() const;
  [[nodiscard]] std::vector<ReceivedRequest> requests() const;

 private:
  void serve(RawConnection& connection);

  std::vector<Reply> replies_;
  mutable std::mutex mutex_;
  std::vector<ReceivedRequest> requests_;
  std::unique_ptr<net::testing::ScriptedHttpServer> server_;  // last: its threads use the above
};

/// "event: <event>\ndata: <data>\n\n".
std::string sse(std::string_view event, std::string_view data);
/// `text` cut into pieces of `size` bytes (the last one shorter).
std::vector<std::string> cut(std::string_view text, std::size_t size);

/// A 200 event stream: the head, then each piece as one HTTP chunk with `pause` before it, then
/// the last chunk. With `cut_at_end` the connection is closed instead of ending the body.
Reply stream_reply(std::vector<std::string> pieces,
                   std::chrono::milliseconds pause = std::chrono::milliseconds(0),
                   bool cut_at_end = false);
/// A plain response with a JSON body and extra header lines ("Name: value\r\n").
Reply status_reply(int status, std::string body, std::string headers = "");

}  // namespace ovos::providers::testing
