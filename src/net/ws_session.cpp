#include "net/ws_session.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <cassert>
#include <deque>
#include <exception>
#include <optional>
#include <variant>

#include "core/logging.h"
#include "core/metrics.h"
#include "net/erased_stream.h"
#include "net/websocket_client.h"

namespace ovos::net::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using asio::awaitable;
using ErrorCode = boost::system::error_code;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kMaxCloseReason = 123;  // RFC 6455: 125 payload bytes minus the code

/// WebSocket metrics of one role (server or client), looked up once.
struct WsMetrics {
  explicit WsMetrics(const std::string& role)
      : open(core::MetricsRegistry::global().gauge(
            "ovos_ws_open_connections", "WebSocket connections currently open.", {{"role", role}})),
        in(core::MetricsRegistry::global().counter("ovos_ws_messages_total",
                                                   "WebSocket messages received and sent.",
                                                   {{"role", role}, {"direction", "in"}})),
        out(core::MetricsRegistry::global().counter("ovos_ws_messages_total",
                                                    "WebSocket messages received and sent.",
                                                    {{"role", role}, {"direction", "out"}})) {}
  core::Gauge& open;
  core::Counter& in;
  core::Counter& out;
};

WsMetrics& metrics_for(bool client) {
  static WsMetrics server_metrics("server");
  static WsMetrics client_metrics("client");
  return client ? client_metrics : server_metrics;
}

/// One outbound message, text or binary.
struct Outgoing {
  std::variant<std::string, std::vector<std::uint8_t>> payload;

  [[nodiscard]] bool binary() const { return payload.index() == 1; }
  [[nodiscard]] asio::const_buffer buffer() const {
    return std::visit([](const auto& p) { return asio::buffer(p); }, payload);
  }
  [[nodiscard]] std::size_t size() const { return buffer().size(); }
};

std::string cut_reason(std::string reason) {
  if (reason.size() <= kMaxCloseReason) return reason;
  std::size_t n = kMaxCloseReason;
  while (n > 0 && (static_cast<unsigned char>(reason[n]) & 0xC0) == 0x80)
    --n;  // do not split a UTF-8 sequence
  reason.resize(n);
  return reason;
}

/// What the exception being handled says, for a log line.
std::string current_exception_text() {
  try {
    throw;
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

websocket::request_type to_beast_request(const HttpRequest& request) {
  websocket::request_type out;
  out.method(http::verb::get);
  out.target(request.target);
  out.version(11);
  for (const auto& h : request.headers)
    out.insert(h.name, h.value);
  return out;
}

class Session final : public WsSession, public std::enable_shared_from_this<Session> {
 public:
  Session(ErasedStream&& transport, WsSessionConfig config, core::Executor& executor)
      : ws_(std::move(transport)),
        config_(std::move(config)),
        executor_(executor),
        metrics_(metrics_for(config_.client)),
        close_timer_(ws_.get_executor()) {}
  ~Session() override;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void send_text(std::string text) override { enqueue(Outgoing{std::move(text)}); }
  void send_binary(std::vector<std::uint8_t> bytes) override {
    enqueue(Outgoing{std::move(bytes)});
  }
  void close(std::uint16_t code, std::string reason) override;
  [[nodiscard]] core::Executor& executor() override { return executor_; }
  [[nodiscard]] std::size_t queued_bytes() const override { return queued_bytes_; }
  [[nodiscard]] const std::string& remote_address() const override {
    return config_.remote_address;
  }

  void serve(const HttpRequest& request, WebSocketHandlerFactory make_handler,
             std::function<void()> on_done) override;
  void connect(WsClientRequest request, std::unique_ptr<WebSocketHandler> handler,
               WsSessionCallback on_connected) override;
  void abort(std::uint16_t code, std::string reason) override;

  awaitable<void> run_server(websocket::request_type request, WebSocketHandlerFactory factory);
  awaitable<void> run_client(WsClientRequest request);
  /// Ends the session after an exception escaped its coroutine.
  void fail(const std::string& what);

 private:
  enum class State { kHandshake, kOpen, kClosing, kAborted, kDone };

  void configure();
  void opened();
  awaitable<void> read_loop();
  void dispatch(const beast::flat_buffer& buffer);
  void note_end(const ErrorCode& ec);
  void decide(std::uint16_t code, std::string reason);
  void finish();
  void report_connected(core::Result<std::shared_ptr<WsSession>> result);
  void enqueue(Outgoing message);
  void write_next();
  void on_written(const ErrorCode& ec);
  void start_close();

  websocket::stream<ErasedStream> ws_;
  WsSessionConfig config_;
  core::Executor& executor_;
  WsMetrics& metrics_;
  asio::steady_timer close_timer_;
  std::unique_ptr<WebSocketHandler> handler_;
  std::function<void()> on_done_;
  WsSessionCallback on_connected_;
  std::deque<Outgoing> outbox_;  // front() is being written while writing_
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool close_started_ = false;
  bool opened_ = false;
  State state_ = State::kHandshake;
  std::optional<std::pair<std::uint16_t, std::string>> end_;  // what on_closed will report
  std::uint64_t messages_in_ = 0;
  std::uint64_t messages_out_ = 0;
  std::chrono::steady_clock::time_point opened_at_;
};

awaitable<void> serve_session(std::shared_ptr<Session> self, websocket::request_type request,
                              WebSocketHandlerFactory factory) {
  try {
    co_await self->run_server(std::move(request), std::move(factory));
  } catch (...) {
    self->fail(current_exception_text());
  }
}

awaitable<void> connect_session(std::shared_ptr<Session> self, WsClientRequest request) {
  try {
    co_await self->run_client(std::move(request));
  } catch (...) {
    self->fail(current_exception_text());
  }
}

Session::~Session() {
  if (opened_ && state_ != State::kDone) {
    // The event loop was destroyed with this connection open; its handler goes without an
    // on_closed, since nothing may run on that loop any more.
    metrics_.open.add(-1);
    core::log_warn("ws.dropped_with_loop", {{"id", config_.log_id}});
  }
}

void Session::configure() {
  ws_.set_option(websocket::stream_base::timeout{config_.handshake_timeout, config_.idle_timeout,
                                                 /*keep_alive_pings=*/true});
  websocket::permessage_deflate deflate;
  deflate.client_enable = false;
  deflate.server_enable = false;
  ws_.set_option(deflate);
  ws_.read_message_max(config_.max_message_bytes);
  ws_.auto_fragment(false);
}

void Session::serve(const HttpRequest& request, WebSocketHandlerFactory make_handler,
                    std::function<void()> on_done) {
  on_done_ = std::move(on_done);
  asio::co_spawn(
      ws_.get_executor(),
      serve_session(shared_from_this(), to_beast_request(request), std::move(make_handler)),
      asio::detached);
}

void Session::connect(WsClientRequest request, std::unique_ptr<WebSocketHandler> handler,
                      WsSessionCallback on_connected) {
  handler_ = std::move(handler);
  on_connected_ = std::move(on_connected);
  asio::co_spawn(ws_.get_executor(), connect_session(shared_from_this(), std::move(request)),
                 asio::detached);
}

awaitable<void> Session::run_server(websocket::request_type request,
                                    WebSocketHandlerFactory factory) {
  configure();
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "openvoiceos"); }));
  auto [ec] = co_await ws_.async_accept(request, kTuple);
  if (ec || state_ != State::kHandshake) {  // malformed (answered 400), timed out or aborted
    core::log_info("ws.handshake_failed",
                   {{"request_id", config_.log_id}, {"error", ec ? ec.message() : "aborted"}});
    finish();
    co_return;
  }
  opened();
  try {
    handler_ = factory(*this);
  } catch (...) {
    core::log_error("ws.handler_exception",
                    {{"request_id", config_.log_id}, {"error", current_exception_text()}});
  }
  if (!handler_) close(WebSocketClose::kInternalError, "internal error");
  co_await read_loop();
}

awaitable<void> Session::run_client(WsClientRequest request) {
  configure();
  ws_.set_option(websocket::stream_base::decorator(
      [headers = std::move(request.headers)](websocket::request_type& req) {
        req.set(http::field::user_agent, "openvoiceos");
        for (const auto& h : headers)
          req.set(h.name, h.value);
      }));
  websocket::response_type response;
  auto [ec] = co_await ws_.async_handshake(response, request.host, request.target, kTuple);
  if (ec || state_ != State::kHandshake) {
    handler_.reset();  // never connected: the handler gets no event
    finish();
    if (ec == websocket::error::upgrade_declined) {
      report_connected(websocket_handshake_error(
          request.where, static_cast<int>(response.result_int()), response.body()));
    } else {
      report_connected(core::Error::unavailable(
          request.where + ": WebSocket upgrade failed: " + (ec ? ec.message() : "aborted")));
    }
    co_return;
  }
  opened();
  report_connected(std::static_pointer_cast<WsSession>(shared_from_this()));
  co_await read_loop();
}

void Session::report_connected(core::Result<std::shared_ptr<WsSession>> result) {
  if (!on_connected_) return;
  auto callback = std::move(on_connected_);
  on_connected_ = nullptr;
  try {
    callback(std::move(result));
  } catch (...) {
    core::log_error("ws.callback_exception",
                    {{"host", config_.log_id}, {"error", current_exception_text()}});
  }
}

void Session::opened() {
  state_ = State::kOpen;
  opened_ = true;
  opened_at_ = std::chrono::steady_clock::now();
  metrics_.open.add(1);
  core::log_info("ws.open", {{"role", config_.client ? "client" : "server"},
                             {config_.client ? "host" : "request_id", config_.log_id},
                             {"path", path_for_log(config_.path)},
                             {"remote", config_.remote_address}});
}

awaitable<void> Session::read_loop() {
  beast::flat_buffer buffer;
  for (;;) {
    auto [ec, n] = co_await ws_.async_read(buffer, kTuple);
    (void)n;
    if (ec) {
      note_end(ec);
      break;
    }
    // Messages that arrive after close() (until the peer confirms it) still reach the handler.
    if ((state_ == State::kOpen || state_ == State::kClosing) && handler_) dispatch(buffer);
    buffer.clear();
  }
  finish();
}

void Session::dispatch(const beast::flat_buffer& buffer) {
  ++messages_in_;
  metrics_.in.inc();
  const auto data = buffer.data();
  const auto* bytes = static_cast<const std::uint8_t*>(data.data());
  try {
    if (ws_.got_text()) {
      handler_->on_text(std::string_view(reinterpret_cast<const char*>(bytes), data.size()));
    } else {
      handler_->on_binary(std::span<const std::uint8_t>(bytes, data.size()));
    }
  } catch (...) {
    core::log_error("ws.handler_exception",
                    {{"id", config_.log_id}, {"error", current_exception_text()}});
    close(WebSocketClose::kInternalError, "internal error");
  }
}

void Session::note_end(const ErrorCode& ec) {
  if (ec == websocket::error::closed) {
    const auto& reason = ws_.reason();
    const auto code = static_cast<std::uint16_t>(reason.code);
    decide(code == websocket::close_code::none ? WebSocketClose::kNoStatus : code,
           std::string(reason.reason.data(), reason.reason.size()));
  } else if (ec == websocket::error::message_too_big) {
    decide(WebSocketClose::kTooBig, "message too big");
  } else if (ec == websocket::error::bad_frame_payload) {
    decide(WebSocketClose::kInvalidData, "invalid UTF-8 in a text message");
  } else if (ec == websocket::condition::protocol_violation) {
    decide(WebSocketClose::kProtocolError, ec.message());
  } else if (ec == beast::error::timeout) {
    decide(WebSocketClose::kAbnormal, "timed out");
  } else {
    decide(WebSocketClose::kAbnormal, "connection lost");
  }
}

void Session::decide(std::uint16_t code, std::string reason) {
  if (!end_) end_.emplace(code, std::move(reason));
}

void Session::finish() {
  if (state_ == State::kDone) return;
  state_ = State::kDone;
  close_timer_.cancel();
  outbox_.clear();
  queued_bytes_ = 0;
  if (opened_) {
    metrics_.open.add(-1);
    const auto [code, reason] = end_.value_or(std::pair{WebSocketClose::kAbnormal, std::string()});
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - opened_at_)
            .count();
    core::log_info("ws.closed", {{"role", config_.client ? "client" : "server"},
                                 {config_.client ? "host" : "request_id", config_.log_id},
                                 {"code", code},
                                 {"reason", reason},
                                 {"messages_in", messages_in_},
                                 {"messages_out", messages_out_},
                                 {"duration_ms", ms}});
    if (handler_) {
      try {
        handler_->on_closed(code, reason);
      } catch (...) {
        core::log_error("ws.handler_exception",
                        {{"id", config_.log_id}, {"error", current_exception_text()}});
      }
      handler_.reset();
    }
  }
  if (on_done_) {
    auto done = std::move(on_done_);
    on_done_ = nullptr;
    done();
  }
}

void Session::fail(const std::string& what) {
  core::log_error("ws.session_exception", {{"id", config_.log_id}, {"error", what}});
  abort(WebSocketClose::kInternalError, "internal error");
  if (!opened_) handler_.reset();
  finish();
  report_connected(core::Error::internal("WebSocket session failed"));
}

void Session::enqueue(Outgoing message) {
  assert(executor_.running_in_this_thread());
  if (state_ != State::kOpen) return;
  const std::size_t size = message.size();
  const std::size_t waiting = writing_ ? queued_bytes_ - outbox_.front().size() : 0;
  if (writing_ && waiting + size > config_.max_queued_bytes) {
    const char* reason = config_.client ? "server is not reading" : "client is not reading";
    core::log_warn("ws.peer_not_reading",
                   {{"id", config_.log_id}, {"remote", config_.remote_address}});
    abort(WebSocketClose::kPolicyViolation, reason);
    return;
  }
  queued_bytes_ += size;
  outbox_.push_back(std::move(message));
  if (!writing_) write_next();
}

void Session::write_next() {
  if (outbox_.empty()) {
    writing_ = false;
    if (state_ == State::kClosing && !close_started_) start_close();
    return;
  }
  writing_ = true;
  const Outgoing& message = outbox_.front();
  ws_.binary(message.binary());
  ws_.async_write(message.buffer(),
                  [self = shared_from_this()](ErrorCode ec, std::size_t) { self->on_written(ec); });
}

void Session::on_written(const ErrorCode& ec) {
  writing_ = false;
  if (state_ == State::kAborted || state_ == State::kDone) return;  // outbox already cleared
  queued_bytes_ -= outbox_.front().size();
  outbox_.pop_front();
  if (ec) {
    // The read loop sees the same failure (or the peer's close) and ends the session.
    outbox_.clear();
    queued_bytes_ = 0;
    return;
  }
  ++messages_out_;
  metrics_.out.inc();
  write_next();
}

void Session::close(std::uint16_t code, std::string reason) {
  assert(executor_.running_in_this_thread());
  if (state_ == State::kHandshake) {
    abort(code, std::move(reason));
    return;
  }
  if (state_ != State::kOpen) return;
  state_ = State::kClosing;
  decide(sendable_close_code(code), cut_reason(std::move(reason)));
  // Bounded even when the close frame is stuck behind a write the peer does not read.
  close_timer_.expires_after(config_.handshake_timeout);
  close_timer_.async_wait([weak = weak_from_this()](ErrorCode ec) {
    auto self = weak.lock();
    if (ec || !self || self->state_ != State::kClosing) return;
    self->abort(self->end_->first, self->end_->second);
  });
  if (!writing_) start_close();
}

void Session::start_close() {
  close_started_ = true;
  ws_.async_close(
      websocket::close_reason(static_cast<websocket::close_code>(end_->first), end_->second),
      [self = shared_from_this()](ErrorCode) {});  // the read loop sees the end
}

void Session::abort(std::uint16_t code, std::string reason) {
  if (state_ == State::kAborted || state_ == State::kDone) return;
  decide(code, std::move(reason));
  state_ = State::kAborted;
  outbox_.clear();
  queued_bytes_ = 0;
  close_timer_.cancel();
  ws_.next_layer().transport().close();  // pending reads and writes end with operation_aborted
}

}  // namespace

std::shared_ptr<WsSession> WsSession::create(ErasedStream&& transport, WsSessionConfig config,
                                             core::Executor& executor) {
  return std::make_shared<Session>(std::move(transport), std::move(config), executor);
}

}  // namespace ovos::net::detail
