#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/vendor_errors.h"
#include "net/http_types.h"

namespace ovos::net {

class EventLoop;
namespace detail {
class HttpCallControl;
}  // namespace detail

/// Limits of one HttpClient; they apply to every request it sends.
struct HttpClientOptions {
  /// Name resolution + TCP connect + TLS handshake.
  std::chrono::milliseconds connect_timeout{10000};
  /// From the start of sending the request to the first byte of the response.
  std::chrono::milliseconds first_byte_timeout{60000};
  /// Between two reads once the response has started (a stalled stream fails after this).
  std::chrono::milliseconds idle_timeout{30000};
  std::size_t max_response_bytes = std::size_t{16} << 20;  // of the body; larger is kTooLarge
  std::size_t max_idle_connections_per_host = 4;           // kept for reuse, per scheme+host+port
  /// A pooled connection unused for longer is closed instead of reused.
  std::chrono::milliseconds keep_alive_timeout{30000};
  bool verify_peer = true;  // https: check the certificate chain and the host name
  std::string ca_file;      // https: PEM file of trusted CAs, instead of the system store
  /// Connect only where every address of the host is public (net/public_address.h): for URLs
  /// users give (webhooks, tools). A refused host fails with kPermissionDenied.
  bool public_addresses_only = false;
};

/// One request. Host, Content-Length and User-Agent are added; Content-Length and
/// Transfer-Encoding must not be given.
struct HttpClientRequest {
  std::string method = "GET";
  std::string url;  // http://host[:port]/path?query or https://...
  std::vector<HttpHeader> headers;
  std::string body;
};

/// What happens to a request, on the client's loop thread, in this order: on_response_head
/// once, on_body_chunk for each piece of the body as it arrives (dechunked), on_complete once.
/// A failure before the head gives only on_complete. Any of them may be empty except
/// on_complete. A 4xx/5xx response is not an error here: its status goes to on_response_head.
struct HttpClientCallbacks {
  std::function<void(int status, const std::vector<HttpHeader>& headers)> on_response_head;
  std::function<void(std::string_view chunk)> on_body_chunk;
  std::function<void(core::Result<void>)> on_complete;
};

/// Controls one request in flight. Destroying it or calling cancel() stops the request: once
/// cancel() returns no callback of that request runs any more. cancel() may be called from
/// any thread, and from inside the request's own callbacks (a callback must not wait for a
/// thread that is cancelling it). Move-only; a default one controls nothing.
class HttpCall {
 public:
  HttpCall() = default;
  explicit HttpCall(std::shared_ptr<detail::HttpCallControl> control);
  ~HttpCall();
  HttpCall(HttpCall&& other) noexcept;
  HttpCall& operator=(HttpCall&& other) noexcept;
  HttpCall(const HttpCall&) = delete;
  HttpCall& operator=(const HttpCall&) = delete;

  void cancel();
  /// Lets the request run to its end without this handle (no cancel on destruction).
  void detach() { control_.reset(); }

 private:
  std::shared_ptr<detail::HttpCallControl> control_;
};

/// Asynchronous HTTP/1.1 client (http:// and https://, TLS with SNI and verification) on one
/// EventLoop, for the vendors' REST and streaming (SSE) APIs. Keeps idle keep-alive
/// connections per scheme+host+port; a reused connection found closed before any response
/// byte is retried once on a new one. Owns its pool; requests in flight keep what they need
/// alive, so it may be destroyed before them (even inside a callback), but the loop must outlive
/// all of them. send() is thread-safe.
class HttpClient {
 public:
  static std::unique_ptr<HttpClient> create(EventLoop& loop, HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// Starts `request`. A bad URL or header fails through on_complete, like any other error.
  /// With `vendor`, a 4xx/5xx answer or a failed exchange (not a cancelled one) counts once
  /// in ovos_vendor_errors_total.
  [[nodiscard]] HttpCall send(HttpClientRequest request, HttpClientCallbacks callbacks,
                              std::optional<core::VendorTag> vendor = std::nullopt);
  /// Opens a connection to the origin of `url` (scheme, host, port) and keeps it idle in the
  /// pool, unless one is idle there already: set up before the first request needs it (a
  /// call's synthesizer at call setup). A request that starts while it is being opened waits
  /// for it (at most connect_timeout) instead of opening another. Failures are only logged;
  /// the request then connects as usual. Thread-safe.
  void preconnect(std::string_view url);
  /// Idle pooled connections (approximate when read off the loop thread).
  [[nodiscard]] std::size_t idle_connections() const;
  /// The loop its callbacks run on: for work that belongs beside them (deadlines, results
  /// delivered without a request).
  [[nodiscard]] EventLoop& loop() const;

 private:
  struct Impl;
  explicit HttpClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// A whole response, for the non-streaming calls.
struct HttpClientResponse {
  int status = 0;
  std::vector<HttpHeader> headers;  // names as the server sent them
  std::string body;

  /// First header with this name (case-insensitive).
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const;
};

/// Sends `request` and collects the whole response; `done` runs once on the loop (4xx/5xx
/// responses are values, transport failures errors). `vendor` as for HttpClient::send.
[[nodiscard]] HttpCall send_and_collect(HttpClient& client, HttpClientRequest request,
                                        std::function<void(core::Result<HttpClientResponse>)> done,
                                        std::optional<core::VendorTag> vendor = std::nullopt);

}  // namespace ovos::net
