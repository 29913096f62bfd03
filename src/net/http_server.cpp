#include "net/http_server.h"

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <ctime>
#include <future>
#include <thread>
#include <tuple>
#include <unordered_set>

#include "core/clock.h"
#include "core/ids.h"
#include "core/logging.h"
#include "core/metrics.h"
#include "net/cors.h"
#include "net/erased_stream.h"
#include "net/loop_lag_probe.h"
#include "net/rate_limiter.h"
#include "net/shard_executor.h"
#include "net/ws_shard_sessions.h"

namespace ovos::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
constexpr auto kTuple = asio::as_tuple(use_awaitable);

using BeastRequest = http::request<http::string_body>;
using BeastResponse = http::response<http::string_body>;
using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

std::string http_date() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[40];
  const auto n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buf, n);
}

bool valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

/// An RFC 9457 problem for errors the server answers itself (before any handler runs).
HttpResponse problem_response(int status, std::string_view title, std::string_view detail) {
  auto r = HttpResponse::json(status, R"({"type":"about:blank","title":")" + std::string(title) +
                                          R"(","status":)" + std::to_string(status) +
                                          R"(,"detail":")" + std::string(detail) + "\"}");
  r.set_header("Content-Type", "application/problem+json");
  return r;
}

std::string status_class(int status) {
  return std::to_string(status / 100) + "xx";
}

/// Metrics shared by all shards; instruments are looked up once.
struct ServerMetrics {
  core::Gauge& connections = core::MetricsRegistry::global().gauge(
      "ovos_http_open_connections", "HTTP connections currently open.");
  core::Counter& refused = core::MetricsRegistry::global().counter(
      "ovos_http_connections_refused_total", "Connections refused over the connection limit.");
  core::Counter& rate_limited = core::MetricsRegistry::global().counter(
      "ovos_http_rate_limited_total", "Requests refused by the per-client rate limit.");
  core::Histogram& duration = core::MetricsRegistry::global().histogram(
      "ovos_http_request_duration_seconds", "Time from a request read to its response written.");
};

/// One event loop thread with its acceptor and the connections it owns. Everything in it is
/// touched only from its own thread, except `ioc` and `executor` (thread-safe) and `thread`.
struct Shard {
  Shard(std::atomic<std::size_t>& open_connections, std::atomic<std::size_t>& open_websockets)
      : executor(std::make_unique<detail::ShardExecutor>(ioc)),
        ws(*executor, open_connections, open_websockets) {}

  // Declared before `ioc` so that it outlives the handlers destroyed with the io_context.
  std::unique_ptr<detail::ShardExecutor> executor;
  asio::io_context ioc{1};
  std::optional<tcp::acceptor> acceptor;
  std::unordered_set<beast::tcp_stream*> idle;  // connections waiting for a request
  detail::WsShardSessions ws;
  std::thread thread;
};

class ServerImpl final : public HttpServer {
 public:
  ServerImpl(HttpServerOptions options, HttpHandler handler, WebSocketAcceptor acceptor)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        acceptor_(std::move(acceptor)),
        pool_(std::max(1U, options_.worker_threads)),
        cors_(options_.cors_origins),
        limiter_(options_.rate_limit_rps, options_.rate_limit_burst,
                 core::SystemClock::instance()) {}

  ~ServerImpl() override { shutdown(std::chrono::milliseconds(0)); }

  core::Result<void> bind_and_run();

  [[nodiscard]] std::uint16_t port() const override { return port_; }
  [[nodiscard]] std::size_t open_connections() const override { return connections_.load(); }
  [[nodiscard]] std::size_t shard_count() const override { return shards_.size(); }
  [[nodiscard]] core::Executor& shard_executor(std::size_t index) override {
    return *shards_.at(index)->executor;
  }
  void shutdown(std::chrono::milliseconds grace) override;

  awaitable<void> accept_loop(Shard& shard);
  awaitable<void> session(Shard& shard, tcp::socket socket);
  /// The body limit of a request whose head has been read.
  [[nodiscard]] std::size_t body_limit_for(const http::request<http::string_body>& head) const;

 private:
  awaitable<HttpResponse> respond(HttpRequest& request);
  awaitable<std::optional<HttpResponse>> upgrade(Shard& shard, beast::tcp_stream& stream,
                                                 HttpRequest& request);
  std::optional<HttpResponse> rate_limit(const HttpRequest& request);
  detail::WsSessionConfig ws_config(const HttpRequest& request) const;
  void close_websockets();
  HttpRequest to_request(BeastRequest& in, const std::string& peer) const;
  BeastResponse to_beast(const HttpRequest& request, HttpResponse response, unsigned version,
                         bool keep_alive) const;
  void close_idle(Shard& shard);

  HttpServerOptions options_;
  HttpHandler handler_;
  WebSocketAcceptor acceptor_;
  asio::thread_pool pool_;
  CorsPolicy cors_;
  RateLimiter limiter_;
  ServerMetrics metrics_;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::uint16_t port_ = 0;
  std::atomic<std::size_t> connections_{0};
  std::atomic<std::size_t> websockets_{0};  // included in connections_
  std::atomic<bool> draining_{false};
  std::atomic<bool> stopped_{false};
};

/// Runs the handler on the worker pool; an escaping exception becomes a 500.
awaitable<HttpResponse> invoke_handler(const HttpHandler& handler, HttpRequest& request) {
  const core::ScopedRequestId rid(request.request_id);
  try {
    co_return handler(request);
  } catch (const std::exception& e) {
    core::log_error("http.handler_exception",
                    {{"error", e.what()}, {"path", path_for_log(request.path)}});
  } catch (...) {
    core::log_error("http.handler_exception", {{"path", path_for_log(request.path)}});
  }
  co_return problem_response(500, "Internal Server Error",
                             "internal error; quote the request id when reporting it");
}

/// Runs the WebSocket acceptor on the worker pool; an exception becomes a 500 refusal.
awaitable<WebSocketAccept> invoke_acceptor(const WebSocketAcceptor& acceptor,
                                           HttpRequest& request) {
  const core::ScopedRequestId rid(request.request_id);
  try {
    co_return acceptor(request);
  } catch (const std::exception& e) {
    core::log_error("http.acceptor_exception",
                    {{"error", e.what()}, {"path", path_for_log(request.path)}});
  } catch (...) {
    core::log_error("http.acceptor_exception", {{"path", path_for_log(request.path)}});
  }
  co_return WebSocketAccept::refuse(problem_response(
      500, "Internal Server Error", "internal error; quote the request id when reporting it"));
}

/// The answer to a request that could not be read, or nullopt when there is nobody to answer
/// (the client closed, timed out or was cut off).
std::optional<HttpResponse> read_error_response(const boost::system::error_code& ec) {
  if (ec == http::error::header_limit) {
    return problem_response(431, "Request Header Fields Too Large",
                            "the request head is larger than the server accepts");
  }
  if (ec == http::error::body_limit) {
    return problem_response(413, "Payload Too Large",
                            "the request body is larger than the server accepts");
  }
  if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
      ec != http::error::end_of_stream && ec != http::error::partial_message) {
    return problem_response(400, "Bad Request", "malformed HTTP request");
  }
  return std::nullopt;
}

awaitable<void> run_accept_loop(ServerImpl& server, Shard& shard) {
  co_await server.accept_loop(shard);
}

awaitable<void> run_session(ServerImpl& server, Shard& shard, tcp::socket socket) {
  co_await server.session(shard, std::move(socket));
}

core::Result<void> ServerImpl::bind_and_run() {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(options_.host, ec);
  if (ec)
    return core::Error::invalid("cannot listen on '" + options_.host + "': not an IP address");
  const unsigned count = std::max(1U, options_.shards);
  for (unsigned i = 0; i < count; ++i) {
    auto shard = std::make_unique<Shard>(connections_, websockets_);
    tcp::endpoint endpoint(address, i == 0 ? options_.port : port_);
    auto& acceptor = shard->acceptor.emplace(shard->ioc);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.set_option(ReusePort(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return core::Error::unavailable("cannot listen on " + options_.host + ":" +
                                      std::to_string(endpoint.port()) + ": " + ec.message());
    }
    if (i == 0) port_ = acceptor.local_endpoint().port();
    shards_.push_back(std::move(shard));
  }
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    start_loop_lag_probe(*shards_[i]->executor, std::to_string(i));
  }
  for (auto& shard : shards_) {
    asio::co_spawn(shard->ioc, run_accept_loop(*this, *shard), asio::detached);
    shard->thread = std::thread([s = shard.get()] { s->ioc.run(); });
  }
  return core::ok();
}

awaitable<void> ServerImpl::accept_loop(Shard& shard) {
  for (;;) {
    auto [ec, socket] = co_await shard.acceptor->async_accept(kTuple);
    if (draining_) co_return;
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      core::log_warn("http.accept_failed", {{"error", ec.message()}});
      asio::steady_timer pause(shard.ioc, std::chrono::milliseconds(50));  // e.g. EMFILE
      co_await pause.async_wait(kTuple);
      continue;
    }
    if (connections_.load() >= options_.max_connections) {
      metrics_.refused.inc();
      socket.close(ec);
      continue;
    }
    asio::co_spawn(shard.ioc, run_session(*this, shard, std::move(socket)), asio::detached);
  }
}

std::size_t ServerImpl::body_limit_for(const http::request<http::string_body>& head) const {
  if (!options_.upload_limit || head.find(http::field::authorization) == head.end()) {
    return options_.max_body_bytes;
  }
  const std::string_view target(head.target().data(), head.target().size());
  const std::string_view method(head.method_string().data(), head.method_string().size());
  return options_.upload_limit(method, target.substr(0, target.find('?')))
      .value_or(options_.max_body_bytes);
}

awaitable<void> ServerImpl::session(Shard& shard, tcp::socket socket) {
  connections_.fetch_add(1);
  metrics_.connections.add(1);
  boost::system::error_code ec;
  const auto peer = socket.remote_endpoint(ec);
  const std::string peer_ip = ec ? std::string("unknown") : peer.address().to_string();
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  bool handed_over = false;  // to a WebSocket session, which now counts the connection
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
    // The body limit depends on the request (uploads may be larger), so it is set once the
    // head is read, and Content-Length is checked against it before any of the body is read.
    parser.body_limit(boost::none);
    stream.expires_after(options_.request_timeout);
    shard.idle.insert(&stream);
    auto [read_ec, read_n] = co_await http::async_read_header(stream, buffer, parser, kTuple);
    shard.idle.erase(&stream);
    if (!read_ec) {
      const std::size_t limit = body_limit_for(parser.get());
      const auto length = parser.content_length();
      if (length && *length > limit) {
        read_ec = http::error::body_limit;
      } else if (!parser.is_done()) {
        parser.body_limit(limit);
        std::tie(read_ec, read_n) = co_await http::async_read(stream, buffer, parser, kTuple);
      }
    }
    const auto started = std::chrono::steady_clock::now();
    HttpResponse response;
    HttpRequest request;
    bool keep_alive = false;
    unsigned version = 11;
    if (read_ec) {
      // A malformed or oversized request gets an answer, then the connection closes.
      auto answer = read_error_response(read_ec);
      if (!answer) break;
      response = std::move(*answer);
      request.method = "-";
      request.path = "-";
      request.request_id = core::new_id();
    } else {
      request = to_request(parser.get(), peer_ip);
      version = parser.get().version();
      if (is_websocket_upgrade(request)) {
        auto refusal = co_await upgrade(shard, stream, request);
        if (!refusal) {
          handed_over = true;
          break;
        }
        response = std::move(*refusal);
      } else {
        keep_alive = parser.get().keep_alive() && !draining_;
        response = co_await respond(request);
      }
    }
    auto out = to_beast(request, std::move(response), version, keep_alive);
    const int status = static_cast<int>(out.result_int());
    stream.expires_after(options_.request_timeout);
    auto [write_ec, written] = co_await http::async_write(stream, out, kTuple);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics_.duration.observe(seconds);
    core::MetricsRegistry::global()
        .counter("ovos_http_requests_total", "HTTP requests answered.",
                 {{"method", request.method}, {"code", status_class(status)}})
        .inc();
    core::log_info("http.request", {{"request_id", request.request_id},
                                    {"method", request.method},
                                    {"path", path_for_log(request.path)},
                                    {"status", status},
                                    {"bytes", written},
                                    {"duration_ms", seconds * 1000.0},
                                    {"remote", request.remote_address}});
    if (write_ec || !keep_alive || read_ec) break;
  }
  // Counted out before the socket closes, so that a client that sees the close can connect
  // again without meeting the connection limit.
  metrics_.connections.add(-1);
  connections_.fetch_sub(1);
  if (!handed_over) {
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream.close();
  }
}

std::optional<HttpResponse> ServerImpl::rate_limit(const HttpRequest& request) {
  const double wait = limiter_.acquire(request.remote_address);
  if (wait <= 0) return std::nullopt;
  metrics_.rate_limited.inc();
  auto r = problem_response(429, "Too Many Requests", "rate limit exceeded; retry later");
  r.set_header("Retry-After", std::to_string(static_cast<long>(wait) + 1));
  return r;
}

awaitable<HttpResponse> ServerImpl::respond(HttpRequest& request) {
  if (auto limited = rate_limit(request)) co_return std::move(*limited);
  if (CorsPolicy::is_preflight(request)) co_return cors_.preflight(request);
  auto response = co_await asio::co_spawn(pool_, invoke_handler(handler_, request), use_awaitable);
  cors_.decorate(request, response);
  co_return response;
}

awaitable<std::optional<HttpResponse>> ServerImpl::upgrade(Shard& shard, beast::tcp_stream& stream,
                                                           HttpRequest& request) {
  if (!acceptor_) {
    co_return problem_response(404, "Not Found", "this server accepts no WebSocket connections");
  }
  if (auto limited = rate_limit(request)) co_return std::move(*limited);
  auto accept = co_await asio::co_spawn(pool_, invoke_acceptor(acceptor_, request), use_awaitable);
  if (accept.refusal) co_return std::move(*accept.refusal);
  if (!accept.make_handler) {
    core::log_error("http.acceptor_without_handler", {{"path", path_for_log(request.path)}});
    co_return problem_response(500, "Internal Server Error",
                               "internal error; quote the request id when reporting it");
  }
  if (draining_) {
    co_return problem_response(503, "Service Unavailable", "the server is shutting down");
  }
  core::log_info("http.upgrade", {{"request_id", request.request_id},
                                  {"path", path_for_log(request.path)},
                                  {"remote", request.remote_address}});
  stream.expires_never();
  shard.ws.start(detail::ErasedStream::tcp(stream.release_socket()), ws_config(request), request,
                 std::move(accept.make_handler));
  co_return std::nullopt;
}

detail::WsSessionConfig ServerImpl::ws_config(const HttpRequest& request) const {
  detail::WsSessionConfig c;
  c.client = false;
  c.max_message_bytes = options_.ws_max_message_bytes;
  c.max_queued_bytes = options_.ws_max_queued_bytes;
  c.idle_timeout = options_.ws_idle_timeout;
  c.handshake_timeout = options_.request_timeout;
  c.remote_address = request.remote_address;
  c.log_id = request.request_id;
  c.path = request.path;
  return c;
}

HttpRequest ServerImpl::to_request(BeastRequest& in, const std::string& peer) const {
  HttpRequest r;
  r.method = std::string(in.method_string());
  r.target = std::string(in.target());
  const auto q = r.target.find('?');
  r.path = percent_decode(std::string_view(r.target).substr(0, q)).value_or("\x01invalid");
  if (q != std::string::npos) r.query = r.target.substr(q + 1);
  for (const auto& field : in) {
    std::string name(field.name_string());
    for (auto& c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.push_back({std::move(name), std::string(field.value())});
  }
  r.body = std::move(in.body());
  r.remote_address = peer;
  if (options_.trust_proxy) {
    if (const auto xff = r.header("x-forwarded-for")) {
      const auto first = xff->substr(0, xff->find(','));
      const auto b = first.find_first_not_of(' ');
      const auto e = first.find_last_not_of(' ');
      if (b != std::string_view::npos) r.remote_address = std::string(first.substr(b, e - b + 1));
    }
  }
  const auto rid = r.header("x-request-id");
  r.request_id = rid && valid_request_id(*rid) ? std::string(*rid) : core::new_id();
  return r;
}

BeastResponse ServerImpl::to_beast(const HttpRequest& request, HttpResponse response,
                                   unsigned version, bool keep_alive) const {
  BeastResponse out;
  out.version(version);
  out.result(static_cast<unsigned>(response.status));
  for (auto& h : response.headers)
    out.insert(h.name, h.value);
  out.set(http::field::server, "openvoiceos");
  out.set(http::field::date, http_date());
  out.set("X-Request-Id", request.request_id);
  if (!response.header("X-Content-Type-Options")) out.set("X-Content-Type-Options", "nosniff");
  out.keep_alive(keep_alive);
  const std::size_t size = response.body.size();
  out.body() = std::move(response.body);
  out.prepare_payload();
  if (request.method == "HEAD") {
    out.body().clear();
    out.content_length(size);
  }
  return out;
}

void ServerImpl::close_idle(Shard& shard) {
  if (shard.acceptor) {
    boost::system::error_code ec;
    shard.acceptor->close(ec);
  }
  for (auto* stream : shard.idle)
    stream->cancel();
}

/// WebSockets still open after the grace period get a close frame, then, if their peers do
/// not complete the closing handshake soon, their sockets are closed.
void ServerImpl::close_websockets() {
  const auto wait_for_zero = [this](std::chrono::milliseconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (websockets_.load() > 0 && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  };
  for (auto& shard : shards_) {
    asio::post(shard->ioc, [s = shard.get()] {
      s->ws.close_all(WebSocketClose::kGoingAway, "server shutting down");
    });
  }
  wait_for_zero(std::chrono::milliseconds(1000));
  for (auto& shard : shards_) {
    asio::post(shard->ioc, [s = shard.get()] {
      s->ws.abort_all(WebSocketClose::kGoingAway, "server shutting down");
    });
  }
  wait_for_zero(std::chrono::milliseconds(500));
}

void ServerImpl::shutdown(std::chrono::milliseconds grace) {
  if (stopped_.exchange(true)) return;
  draining_ = true;
  for (auto& shard : shards_) {
    asio::post(shard->ioc, [this, s = shard.get()] { close_idle(*s); });
  }
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (connections_.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    for (auto& shard : shards_) {
      asio::post(shard->ioc, [s = shard.get()] {
        for (auto* stream : s->idle)
          stream->cancel();
      });
    }
  }
  if (websockets_.load() > 0) close_websockets();
  for (auto& shard : shards_)
    shard->ioc.stop();
  for (auto& shard : shards_) {
    if (shard->thread.joinable()) shard->thread.join();
  }
  pool_.join();
  if (connections_.load() > 0) {
    core::log_warn("http.shutdown_forced", {{"connections", connections_.load()}});
  }
}

}  // namespace

core::Result<std::unique_ptr<HttpServer>> HttpServer::start(HttpServerOptions options,
                                                            HttpHandler handler,
                                                            WebSocketAcceptor acceptor) {
  auto server =
      std::make_unique<ServerImpl>(std::move(options), std::move(handler), std::move(acceptor));
  OVOS_TRY(server->bind_and_run());
  return std::unique_ptr<HttpServer>(std::move(server));
}

}  // namespace ovos::net
