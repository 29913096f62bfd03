// The one translation unit that instantiates the HTTP client's coroutines and Beast's response
// parser; connection setup is in client_connector.cpp, request bytes in http_request_text.cpp.
#include "net/http_client.h"

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <cstdint>

#include "core/logging.h"
#include "core/trace.h"
#include "net/client_connector.h"
#include "net/event_loop.h"
#include "net/http_call_control.h"
#include "net/http_connection_pool.h"
#include "net/http_request_text.h"
#include "net/http_url.h"
#include "net/shard_executor.h"

namespace ovos::net {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::awaitable;
using ErrorCode = boost::system::error_code;
using BeastView = boost::beast::string_view;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kReadBytes = 16 << 10;
constexpr std::size_t kMaxHeaderBytes = 64 << 10;

/// Beast's response parser, handing the (dechunked) body out piece by piece instead of
/// storing it.
class StreamingParser final : public http::basic_parser<false> {
 public:
  StreamingParser(std::size_t max_body, bool head_request) {
    eager(true);
    header_limit(kMaxHeaderBytes);
    body_limit(max_body);
    skip(head_request);
  }
  int status = 0;
  std::vector<HttpHeader> headers;
  std::string body;  // parsed and not yet handed out

 private:
  void on_request_impl(http::verb, BeastView, BeastView, int, ErrorCode&) override {}
  void on_response_impl(int code, BeastView, int, ErrorCode&) override { status = code; }
  void on_field_impl(http::field, BeastView name, BeastView value, ErrorCode&) override {
    headers.push_back({std::string(name), std::string(value)});
  }
  void on_header_impl(ErrorCode&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>&, ErrorCode&) override {}
  std::size_t on_body_impl(BeastView data, ErrorCode&) override {
    body.append(data.data(), data.size());
    return data.size();
  }
  void on_chunk_header_impl(std::uint64_t, BeastView, ErrorCode&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, BeastView data, ErrorCode&) override {
    body.append(data.data(), data.size());
    return data.size();
  }
  void on_finish_impl(ErrorCode&) override {}
};

/// What the client's requests share; requests in flight keep it alive.
struct ClientShared {
  ClientShared(EventLoop& l, HttpClientOptions o)
      : loop(l),
        context(detail::shard_executor_of(l).context()),
        options(std::move(o)),
        pool(options.max_idle_connections_per_host, options.keep_alive_timeout) {}
  EventLoop& loop;
  asio::io_context& context;
  const HttpClientOptions options;
  detail::HttpConnectionPool pool;  // loop thread only
};

/// How one attempt on one connection ended.
struct Outcome {
  enum Kind { kFinished, kRetryFresh, kCancelled } kind = kFinished;
  core::Result<void> result;
};

/// One request in flight: owned by its coroutine; the handle reaches it through a weak
/// pointer. Loop thread only.
struct Exchange : std::enable_shared_from_this<Exchange> {
  Exchange(std::shared_ptr<ClientShared> s, HttpUrl u, std::string m, std::string bytes,
           HttpClientCallbacks cb)
      : shared(std::move(s)),
        url(std::move(u)),
        method(std::move(m)),
        request_bytes(std::move(bytes)),
        callbacks(std::move(cb)),
        deadline(shared->context) {}

  /// Closes the connection (or stops the connect) after `limit` unless re-armed or disarmed.
  void arm(std::chrono::milliseconds limit) {
    const auto generation = ++timer_generation;
    deadline.expires_after(limit);
    deadline.async_wait([weak = weak_from_this(), generation](ErrorCode ec) {
      const auto self = weak.lock();
      if (!self || ec || self->timer_generation != generation) return;
      self->timed_out = true;
      self->abort_io();
    });
  }
  void disarm() {
    ++timer_generation;
    deadline.cancel();
  }
  void abort_io() {
    if (connector != nullptr) connector->abort();
    if (stream) stream->transport().close();
  }
  void cancel() {
    aborted = true;
    disarm();
    abort_io();
  }
  [[nodiscard]] core::Error error(std::string what,
                                  core::ErrorCode code = core::ErrorCode::kUnavailable) const {
    return core::Error{code, method + " " + url.redacted() + ": " + std::move(what), {}};
  }
  [[nodiscard]] const HttpClientOptions& options() const { return shared->options; }
  /// Counts this exchange's failure once, for a request tagged with its vendor.
  void count_failure(core::VendorErrorReason reason) {
    if (!vendor || failure_counted) return;
    failure_counted = true;
    core::count_vendor_error(*vendor, reason);
  }

  std::shared_ptr<ClientShared> shared;
  HttpUrl url;
  std::string method;
  std::string request_bytes;
  HttpClientCallbacks callbacks;
  std::shared_ptr<detail::HttpCallControl> control;
  asio::steady_timer deadline;
  std::uint64_t timer_generation = 0;
  detail::ClientConnector* connector = nullptr;  // while connecting
  std::optional<detail::ErasedStream> stream;    // while connected
  std::array<char, kReadBytes> read_buffer{};
  bool timed_out = false;
  bool aborted = false;  // cancelled through the handle
  std::optional<core::VendorTag> vendor;
  bool failure_counted = false;
};

Outcome cancelled() {
  return {Outcome::kCancelled, {}};
}

/// Hands the head (once) and the body parsed so far to the callbacks; false once cancelled.
bool deliver(Exchange& x, StreamingParser& parser, bool& head_sent) {
  if (!head_sent && parser.is_header_done()) {
    head_sent = true;
    if (parser.status >= 400) x.count_failure(core::vendor_error_reason_for_status(parser.status));
    if (x.callbacks.on_response_head &&
        !x.control->deliver([&] { x.callbacks.on_response_head(parser.status, parser.headers); })) {
      return false;
    }
  }
  if (!parser.body.empty()) {
    const std::string piece = std::move(parser.body);
    parser.body.clear();
    if (x.callbacks.on_body_chunk &&
        !x.control->deliver([&] { x.callbacks.on_body_chunk(piece); })) {
      return false;
    }
  }
  return !x.control->stopped();
}

core::Error parse_error(const Exchange& x, const ErrorCode& ec) {
  if (ec == http::error::body_limit) {
    return x.error(
        "response body exceeds " + std::to_string(x.options().max_response_bytes) + " bytes",
        core::ErrorCode::kTooLarge);
  }
  if (ec == http::error::header_limit) {
    return x.error("response header too large", core::ErrorCode::kTooLarge);
  }
  return x.error("malformed response: " + ec.message());
}

/// Feeds `input` to the parser (starting a new one after an interim 1xx response); consumes
/// what it parsed.
ErrorCode parse(const Exchange& x, std::optional<StreamingParser>& parser, std::string& input) {
  ErrorCode ec;
  while (!input.empty() && !parser->is_done()) {
    const std::size_t used = parser->put(asio::buffer(input), ec);
    input.erase(0, used);
    if (ec == http::error::need_more) return {};
    if (ec) return ec;
    if (parser->is_done() && parser->status >= 100 && parser->status < 200) {
      parser.emplace(x.options().max_response_bytes, x.method == "HEAD");
    } else if (used == 0) {
      break;
    }
  }
  return ec;
}

bool is_end_of_stream(const ErrorCode& ec) {
  return ec == asio::error::eof || ec == asio::ssl::error::stream_truncated;
}

/// Reads the response on x.stream, handing it out as it arrives.
awaitable<Outcome> read_response(std::shared_ptr<Exchange> x, bool reused) {
  std::optional<StreamingParser> parser;
  parser.emplace(x->options().max_response_bytes, x->method == "HEAD");
  std::string input;  // received, not yet parsed
  bool any_byte = false;
  bool head_sent = false;
  for (;;) {
    auto [ec, n] = co_await x->stream->async_read_some(asio::buffer(x->read_buffer), kTuple);
    if (x->aborted) co_return cancelled();
    if (ec && !any_byte && reused && !x->timed_out) co_return Outcome{Outcome::kRetryFresh, {}};
    if (is_end_of_stream(ec) && !x->timed_out) {
      ErrorCode eof_ec;
      if (input.empty() && parser->is_header_done()) parser->put_eof(eof_ec);
      if (!parser->is_done()) {
        co_return Outcome{Outcome::kFinished, x->error("connection closed mid-response")};
      }
    } else if (ec) {
      std::string what = x->timed_out ? (any_byte ? "timed out waiting for more of the response"
                                                  : "timed out waiting for the response")
                                      : "reading the response failed: " + ec.message();
      co_return Outcome{Outcome::kFinished, x->error(std::move(what))};
    } else {
      any_byte = true;
      x->arm(x->options().idle_timeout);
      input.append(x->read_buffer.data(), n);
      if (const auto pec = parse(*x, parser, input)) {
        co_return Outcome{Outcome::kFinished, parse_error(*x, pec)};
      }
    }
    if (!deliver(*x, *parser, head_sent)) co_return cancelled();
    if (!parser->is_done()) continue;
    x->disarm();
    if (!ec && parser->keep_alive() && input.empty() && !x->timed_out) {
      x->shared->pool.put(x->url.origin(), std::move(*x->stream));
    }
    x->stream.reset();
    co_return Outcome{};
  }
}

/// Waits until the connection preconnect() is opening to `origin` is done, at most `limit`.
awaitable<void> wait_for_preconnect(ClientShared& shared, const std::string& origin,
                                    std::chrono::milliseconds limit) {
  asio::steady_timer timer(shared.context);
  timer.expires_after(limit);
  shared.pool.add_waiter(origin, &timer);
  co_await timer.async_wait(kTuple);
  shared.pool.remove_waiter(&timer);
}

/// Opens a connection to `url`'s origin and pools it (HttpClient::preconnect).
awaitable<void> run_preconnect(std::shared_ptr<ClientShared> shared, HttpUrl url) {
  const std::string origin = url.origin();
  const auto& o = shared->options;
  detail::ClientConnector connector(shared->context, {url.host, url.port, url.tls, o.verify_peer,
                                                      o.ca_file, o.public_addresses_only});
  auto connected = co_await connector.run(o.connect_timeout);
  if (connected.ok()) {
    shared->pool.put(origin, std::move(connected->stream));
  } else {
    core::log_warn("http.preconnect_failed",
                   {{"url", url.redacted()}, {"error", connected.error().message}});
  }
  shared->pool.connect_done(origin);
}

/// One attempt: a pooled connection when `allow_reuse` and one is idle (or being opened ahead),
/// else a new one.
awaitable<Outcome> run_attempt(std::shared_ptr<Exchange> x, bool allow_reuse) {
  const std::string origin = x->url.origin();
  if (allow_reuse && x->shared->pool.is_connecting(origin) && !x->shared->pool.has_idle(origin)) {
    co_await wait_for_preconnect(*x->shared, origin, x->options().connect_timeout);
    if (x->aborted) co_return cancelled();
  }
  if (allow_reuse) x->stream = x->shared->pool.take(origin);
  const bool reused = x->stream.has_value();
  if (!reused) {
    const auto& o = x->options();
    detail::ClientConnector connector(
        x->shared->context,
        {x->url.host, x->url.port, x->url.tls, o.verify_peer, o.ca_file, o.public_addresses_only});
    x->connector = &connector;
    auto connected = co_await connector.run(o.connect_timeout);
    x->connector = nullptr;
    if (x->aborted) co_return cancelled();
    if (!connected.ok()) {
      const core::Error failed = std::move(connected).error();
      co_return Outcome{Outcome::kFinished, x->error(failed.message, failed.code)};
    }
    x->stream.emplace(std::move(connected->stream));
  }
  x->arm(x->options().first_byte_timeout);
  auto [ec, written] =
      co_await asio::async_write(*x->stream, asio::buffer(x->request_bytes), kTuple);
  if (x->aborted) co_return cancelled();
  if (ec && reused && !x->timed_out) co_return Outcome{Outcome::kRetryFresh, {}};
  if (ec) {
    co_return Outcome{Outcome::kFinished,
                      x->error(x->timed_out ? "timed out sending the request"
                                            : "sending the request failed: " + ec.message())};
  }
  co_return co_await read_response(std::move(x), reused);
}

awaitable<void> run_exchange(std::shared_ptr<Exchange> x) {
  if (x->control->stopped()) co_return;
  auto outcome = co_await run_attempt(x, true);
  if (outcome.kind == Outcome::kRetryFresh) {
    x->stream.reset();  // the server had closed the idle connection
    x->timed_out = false;
    outcome = co_await run_attempt(x, false);
  }
  x->disarm();
  x->stream.reset();
  if (outcome.kind == Outcome::kCancelled) co_return;
  if (outcome.kind == Outcome::kRetryFresh) {  // a new connection cannot ask for a retry
    outcome.result = x->error("connection closed before the response");
  }
  // kPermissionDenied is our own refusal of a private address, not the vendor's failure.
  if (!outcome.result.ok() && outcome.result.error().code != core::ErrorCode::kPermissionDenied) {
    x->count_failure(x->timed_out ? core::VendorErrorReason::kTimeout
                                  : core::vendor_error_reason_for(outcome.result.error()));
  }
  x->control->finish([&] { x->callbacks.on_complete(std::move(outcome.result)); });
}

/// `cb` made to run under the trace context of the code that sends the request, so that what
/// the callbacks log belongs to the call (and turn) that asked.
HttpClientCallbacks traced(HttpClientCallbacks cb) {
  const core::TraceContext context = core::current_trace();
  if (context.empty()) return cb;
  if (cb.on_response_head) {
    cb.on_response_head = [context, f = std::move(cb.on_response_head)](
                              int status, const std::vector<HttpHeader>& headers) {
      const core::ScopedTrace scope(context);
      f(status, headers);
    };
  }
  if (cb.on_body_chunk) {
    cb.on_body_chunk = [context, f = std::move(cb.on_body_chunk)](std::string_view chunk) {
      const core::ScopedTrace scope(context);
      f(chunk);
    };
  }
  if (cb.on_complete) {
    cb.on_complete = [context, f = std::move(cb.on_complete)](core::Result<void> result) {
      const core::ScopedTrace scope(context);
      f(std::move(result));
    };
  }
  return cb;
}

}  // namespace

struct HttpClient::Impl {
  std::shared_ptr<ClientShared> shared;
};

HttpClient::HttpClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::unique_ptr<HttpClient> HttpClient::create(EventLoop& loop, HttpClientOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->shared = std::make_shared<ClientShared>(loop, std::move(options));
  return std::unique_ptr<HttpClient>(new HttpClient(std::move(impl)));
}

HttpClient::~HttpClient() {
  // Idle connections belong to the loop: close them there.
  impl_->shared->loop.post([shared = impl_->shared] { shared->pool.clear(); });
}

void HttpClient::preconnect(std::string_view url) {
  auto parsed = parse_http_url(std::string(url));
  if (!parsed.ok()) return;
  impl_->shared->loop.post([shared = impl_->shared, parsed = std::move(parsed).value()]() mutable {
    const std::string origin = parsed.origin();
    if (shared->pool.has_idle(origin) || shared->pool.is_connecting(origin)) return;
    shared->pool.connecting(origin);
    asio::co_spawn(shared->context, run_preconnect(shared, std::move(parsed)), asio::detached);
  });
}

std::size_t HttpClient::idle_connections() const {
  return impl_->shared->pool.idle_count();
}

EventLoop& HttpClient::loop() const {
  return impl_->shared->loop;
}

HttpCall HttpClient::send(HttpClientRequest request, HttpClientCallbacks callbacks,
                          std::optional<core::VendorTag> vendor) {
  callbacks = traced(std::move(callbacks));
  auto& loop = impl_->shared->loop;
  auto url = parse_http_url(request.url);
  auto bytes = url.ok() ? detail::format_http_request(request, *url)
                        : core::Result<std::string>(url.error());
  if (!bytes.ok()) {
    auto control = std::make_shared<detail::HttpCallControl>(nullptr);
    loop.post([control, done = std::move(callbacks.on_complete), error = bytes.error()] {
      control->finish([&] { done(error); });
    });
    return HttpCall(control);
  }
  auto exchange =
      std::make_shared<Exchange>(impl_->shared, std::move(url).value(), std::move(request.method),
                                 std::move(bytes).value(), std::move(callbacks));
  exchange->vendor = std::move(vendor);
  exchange->control =
      std::make_shared<detail::HttpCallControl>([weak = std::weak_ptr<Exchange>(exchange), &loop] {
        loop.post([weak] {
          if (const auto x = weak.lock()) x->cancel();
        });
      });
  HttpCall call(exchange->control);
  asio::co_spawn(impl_->shared->context, run_exchange(std::move(exchange)), asio::detached);
  return call;
}

}  // namespace ovos::net
