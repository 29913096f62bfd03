#include "providers/speech/socket_tts_stream.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <utility>
#include <vector>

#include "audio/resampler.h"
#include "core/logging.h"
#include "core/vendor_errors.h"
#include "net/websocket.h"
#include "providers/speech/speech_event_sink.h"
#include "providers/speech/vendor_socket.h"

namespace ovos::providers::speech {
namespace {

using Sink = SpeechEventSink<TtsEvent>;

std::optional<TtsContextId> context_of(std::string_view id) {
  TtsContextId value = 0;
  const auto* end = id.data() + id.size();
  const auto [at, ec] = std::from_chars(id.data(), end, value);
  if (ec != std::errc() || at != end || id.empty()) return std::nullopt;
  return value;
}

/// The error of a vendor's error message with HTTP-like `status` (0: none).
core::Error message_error(std::string what, int status) {
  using core::ErrorCode;
  ErrorCode code = ErrorCode::kInvalidArgument;
  if (status == 401) code = ErrorCode::kUnauthenticated;
  if (status == 403) code = ErrorCode::kPermissionDenied;
  if (status == 429) code = ErrorCode::kRateLimited;
  if (status == 408 || status >= 500) code = ErrorCode::kUnavailable;
  return {code, std::move(what), {}};
}

}  // namespace

struct SocketTtsStream::Filter {
  std::set<TtsContextId> cancelled;  // the call's executor only
};

// Everything but start() runs on the loop's thread.
struct SocketTtsStream::Session final : VendorSocketOwner, std::enable_shared_from_this<Session> {
  struct Context {
    std::string text;
    bool sent = false;     // on the current connection
    bool audio = false;    // some of its audio was handed out
    bool waiting = false;  // to be sent again after a retryable error message
    int attempts = 0;      // error messages that were retried
    std::optional<audio::Resampler> resampler;
  };

  SocketTtsSetup setup;
  std::shared_ptr<VendorSocket> socket;
  std::shared_ptr<Sink> sink;
  bool stopped = false;
  std::optional<core::Error> refused;        // permanent: every context fails with it
  std::map<TtsContextId, Context> contexts;  // flushed, not yet ended
  core::TimerHandle keepalive_timer;
  std::uint64_t progress = 0;  // audio, done and error messages read
  bool stall_armed = false;

  void on_open(net::WebSocketConnection& connection) override;
  void on_text(std::string_view text) override;
  void on_closed(std::uint16_t code, std::string_view reason) override;
  void on_failed(core::Error error, bool permanent) override;
  void connect();
  void lost(core::Error error);
  void arm_stall(int gen);
  void speak(TtsContextId context, std::string text);
  void cancel(TtsContextId context);
  void shutdown();
  void send(TtsContextId context, Context& state);
  void pump();
  void reopen();
  void keep_alive(int gen);
  void resume(TtsContextId context);
  bool retry_context(TtsContextId context, Context& state, int status);
  std::map<TtsContextId, Context>::iterator in_flight();
  std::map<TtsContextId, Context>::iterator context_for(const SocketTtsMessage& message);
  void fail_all(const core::Error& error, bool only_with_audio);
  void emit(TtsContextId context, TtsEvent::Kind kind, std::vector<std::int16_t> samples = {},
            core::Error error = {}, std::size_t characters = 0);
};

void SocketTtsStream::Session::connect() {
  if (stopped || refused) return;
  socket->connect();  // unless open, opening or waiting to retry
}

void SocketTtsStream::Session::on_open(net::WebSocketConnection& connection) {
  for (const std::string& message : setup.dialect.hello)
    connection.send_text(message);
  keep_alive(socket->generation());
  pump();
}

void SocketTtsStream::Session::on_failed(core::Error error, bool permanent) {
  if (permanent) {
    core::log_warn("tts_socket_refused",
                   {{"vendor", setup.dialect.vendor}, {"error", error.message}});
    refused = error;
  }
  fail_all(error, /*only_with_audio=*/false);
}

void SocketTtsStream::Session::pump() {
  if (socket->connection() == nullptr) return;
  if (!setup.dialect.serial) {
    for (auto& [id, state] : contexts)
      if (!state.waiting) send(id, state);
    return;
  }
  // One at a time, in the order flushed (context ids increase).
  if (contexts.empty() || in_flight() != contexts.end()) return;
  auto& [id, state] = *contexts.begin();
  if (!state.waiting) send(id, state);
}

std::map<TtsContextId, SocketTtsStream::Session::Context>::iterator
SocketTtsStream::Session::in_flight() {
  return std::find_if(contexts.begin(), contexts.end(),
                      [](const auto& entry) { return entry.second.sent; });
}

std::map<TtsContextId, SocketTtsStream::Session::Context>::iterator
SocketTtsStream::Session::context_for(const SocketTtsMessage& message) {
  if (setup.dialect.serial) return in_flight();  // the vendor names no context
  const auto named = context_of(message.context_id);
  return named ? contexts.find(*named) : contexts.end();
}

void SocketTtsStream::Session::keep_alive(int gen) {
  if (setup.dialect.keepalive.empty() || setup.dialect.keepalive_every.count() <= 0) return;
  keepalive_timer =
      setup.loop->post_after(setup.dialect.keepalive_every, [weak = weak_from_this(), gen] {
        auto self = weak.lock();
        if (!self || self->stopped || gen != self->socket->generation()) return;
        auto* connection = self->socket->connection();
        if (connection == nullptr) return;
        connection->send_text(self->setup.dialect.keepalive);
        self->keep_alive(gen);
      });
}

void SocketTtsStream::Session::send(TtsContextId context, Context& state) {
  auto* connection = socket->connection();
  if (connection == nullptr || state.sent) return;
  state.sent = true;
  arm_stall(socket->generation());
  for (std::string& message : setup.dialect.speak(std::to_string(context), state.text))
    connection->send_text(std::move(message));
}

void SocketTtsStream::Session::on_text(std::string_view text) {
  if (stopped) return;
  auto message = setup.dialect.decode(text);
  if (!message.ok()) {
    core::log_warn("tts_socket_bad_message",
                   {{"vendor", setup.dialect.vendor}, {"error", message.error().message}});
    core::count_vendor_error({setup.dialect.vendor, core::VendorKind::kTts},
                             core::VendorErrorReason::kMalformed);
    return;
  }
  if (message->kind != SocketTtsMessage::Kind::kOther) ++progress;  // not a pong
  const auto it = context_for(*message);
  const int status = message->status_code;
  if (message->kind == SocketTtsMessage::Kind::kError) {
    core::count_vendor_error({setup.dialect.vendor, core::VendorKind::kTts},
                             status >= 400 ? core::vendor_error_reason_for_status(status)
                                           : core::VendorErrorReason::kServer);
    if (it == contexts.end()) {
      core::log_warn("tts_socket_error",
                     {{"vendor", setup.dialect.vendor}, {"error", message->error}});
      return;
    }
  }
  if (it == contexts.end()) return;  // a cancelled or unknown context
  const TtsContextId id = it->first;
  Context& state = it->second;
  switch (message->kind) {
    case SocketTtsMessage::Kind::kChunk: {
      socket->mark_alive();  // the connection works
      state.audio = true;
      auto samples = state.resampler ? state.resampler->process(message->samples)
                                     : std::move(message->samples);
      if (!samples.empty()) emit(id, TtsEvent::Kind::kAudio, std::move(samples));
      return;
    }
    case SocketTtsMessage::Kind::kDone: {
      socket->mark_alive();
      if (state.resampler) {
        auto tail = state.resampler->flush();
        if (!tail.empty()) emit(id, TtsEvent::Kind::kAudio, std::move(tail));
      }
      const std::size_t characters = state.text.size();
      contexts.erase(it);
      emit(id, TtsEvent::Kind::kDone, {}, {}, characters);
      pump();
      return;
    }
    case SocketTtsMessage::Kind::kError: {
      if (retry_context(id, state, status)) return;
      contexts.erase(it);
      emit(id, TtsEvent::Kind::kError, {},
           message_error(setup.dialect.vendor + ": " + message->error, status));
      pump();
      return;
    }
    case SocketTtsMessage::Kind::kOther:
      return;
  }
}

bool SocketTtsStream::Session::retry_context(TtsContextId context, Context& state, int status) {
  if (state.audio || status <= 0 || !net::retryable_status(status)) return false;
  if (!setup.retry.should_retry(status, ++state.attempts)) return false;
  state.sent = false;
  state.waiting = true;
  const auto delay = setup.retry.delay(state.attempts);
  core::log_warn("tts_socket_retry", {{"vendor", setup.dialect.vendor},
                                      {"status", status},
                                      {"attempt", state.attempts},
                                      {"delay_ms", static_cast<std::int64_t>(delay.count())}});
  setup.loop->post_after(delay, [weak = weak_from_this(), context] {
    if (auto self = weak.lock()) self->resume(context);
  });
  return true;
}

void SocketTtsStream::Session::resume(TtsContextId context) {
  const auto it = contexts.find(context);
  if (stopped || it == contexts.end() || !it->second.waiting) return;
  it->second.waiting = false;
  if (socket->connection()) {
    pump();
  } else {
    connect();
  }
}

void SocketTtsStream::Session::on_closed(std::uint16_t code, std::string_view reason) {
  if (stopped) return;
  std::string what = setup.dialect.vendor + " closed the connection: " + std::to_string(code);
  if (!reason.empty()) what += " " + std::string(reason);
  lost(core::Error::unavailable(what));
}

void SocketTtsStream::Session::arm_stall(int gen) {
  if (setup.stall_timeout.count() <= 0 || stall_armed) return;
  stall_armed = true;
  const std::uint64_t seen = progress;
  setup.loop->post_after(setup.stall_timeout, [weak = weak_from_this(), gen, seen] {
    auto self = weak.lock();
    if (!self) return;
    self->stall_armed = false;
    if (self->stopped) return;
    if (gen != self->socket->generation()) {  // a newer connection: watch that one
      self->arm_stall(self->socket->generation());
      return;
    }
    if (self->socket->connection() == nullptr) return;
    const bool waiting = std::any_of(self->contexts.begin(), self->contexts.end(),
                                     [](const auto& entry) { return entry.second.sent; });
    if (!waiting) return;  // armed again when the next context is sent
    if (self->progress != seen) {
      self->arm_stall(gen);
      return;
    }
    core::log_warn("tts_socket_stalled", {{"vendor", self->setup.dialect.vendor}});
    core::count_vendor_error({self->setup.dialect.vendor, core::VendorKind::kTts},
                             core::VendorErrorReason::kTimeout);
    self->socket->drop();  // nothing more of this connection is read, not even its close
    self->lost(core::Error::unavailable(self->setup.dialect.vendor + " sent nothing in time"));
  });
}

void SocketTtsStream::Session::lost(core::Error error) {
  keepalive_timer.cancel();
  // What was heard of a context cannot be taken back: those end; the others are sent again.
  fail_all(error, /*only_with_audio=*/true);
  for (auto& [id, state] : contexts)
    state.sent = false;
  if (contexts.empty()) return;  // reconnect when there is something to say
  socket->reconnect_after(std::move(error));
}

void SocketTtsStream::Session::fail_all(const core::Error& error, bool only_with_audio) {
  for (auto it = contexts.begin(); it != contexts.end();) {
    if (only_with_audio && !it->second.audio) {
      ++it;
      continue;
    }
    const TtsContextId id = it->first;
    it = contexts.erase(it);
    emit(id, TtsEvent::Kind::kError, {}, error);
  }
}

void SocketTtsStream::Session::speak(TtsContextId context, std::string text) {
  if (stopped) return;
  if (refused) {
    emit(context, TtsEvent::Kind::kError, {}, *refused);
    return;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    emit(context, TtsEvent::Kind::kDone);
    return;
  }
  Context& state = contexts[context];
  state.text = std::move(text);
  if (setup.output_rate != setup.source_rate &&
      audio::Resampler::is_supported_rate(setup.output_rate)) {
    auto created = audio::Resampler::create(setup.source_rate, setup.output_rate);
    if (created.ok()) state.resampler.emplace(std::move(created).value());
  }
  if (socket->connection()) {
    pump();
  } else {
    connect();
  }
}

void SocketTtsStream::Session::cancel(TtsContextId context) {
  const auto it = contexts.find(context);
  if (it == contexts.end()) return;
  auto* connection = socket->connection();
  const bool spoken = it->second.sent && connection != nullptr;
  contexts.erase(it);
  if (!spoken) return;
  if (setup.dialect.serial) {
    reopen();
    return;
  }
  if (!setup.dialect.cancel) return;
  for (std::string& message : setup.dialect.cancel(std::to_string(context)))
    connection->send_text(std::move(message));
}

void SocketTtsStream::Session::reopen() {
  // The vendor cannot be told to stop: this connection goes, with whatever it still says of
  // the cancelled context (dropped: none of it is read), and a new one opens at once for the
  // next context.
  keepalive_timer.cancel();
  socket->drop();
  for (auto& [id, state] : contexts)
    state.sent = false;
  socket->mark_alive();
  core::log_info("tts_socket_reopen", {{"vendor", setup.dialect.vendor}});
  connect();
}

void SocketTtsStream::Session::shutdown() {
  stopped = true;
  contexts.clear();
  keepalive_timer.cancel();
  socket->close();  // the dialect's goodbye first, when open
}

void SocketTtsStream::Session::emit(TtsContextId context, TtsEvent::Kind kind,
                                    std::vector<std::int16_t> samples, core::Error error,
                                    std::size_t characters) {
  TtsEvent event;
  event.kind = kind;
  event.context = context;
  event.samples = std::move(samples);
  const bool converted = setup.output_rate != setup.source_rate &&
                         audio::Resampler::is_supported_rate(setup.output_rate);
  event.sample_rate = converted ? setup.output_rate : setup.source_rate;
  event.characters = characters;
  event.error = std::move(error);
  Sink::post(sink, std::move(event));
}

SocketTtsStream::SocketTtsStream(std::shared_ptr<Session> session, std::shared_ptr<Filter> filter)
    : session_(std::move(session)), filter_(std::move(filter)) {}

SocketTtsStream::~SocketTtsStream() {
  close();
}

std::unique_ptr<SocketTtsStream> SocketTtsStream::start(SocketTtsSetup setup,
                                                        core::Executor& events_on,
                                                        TtsEventHandler on_event) {
  auto filter = std::make_shared<Filter>();
  auto session = std::make_shared<Session>();
  session->setup = std::move(setup);
  session->sink = std::make_shared<Sink>(
      events_on, std::move(on_event), Sink::Predicate{},
      [filter](const TtsEvent& event) { return !filter->cancelled.contains(event.context); });
  VendorSocketSetup socket;
  socket.vendor = session->setup.dialect.vendor;
  socket.loop = session->setup.loop;
  socket.ws = session->setup.ws;
  socket.retry = session->setup.retry;
  socket.goodbye = session->setup.dialect.goodbye;
  session->socket = VendorSocket::create(std::move(socket), session);
  // The connection opens before the first turn needs it.
  session->setup.loop->post([session] { session->connect(); });
  return std::unique_ptr<SocketTtsStream>(
      new SocketTtsStream(std::move(session), std::move(filter)));
}

void SocketTtsStream::push_text(TtsContextId context, std::string_view text) {
  if (closed_ || filter_->cancelled.contains(context)) return;
  pending_[context] += text;
}

void SocketTtsStream::flush(TtsContextId context) {
  if (closed_ || filter_->cancelled.contains(context)) return;
  std::string text = std::move(pending_[context]);
  pending_.erase(context);
  session_->setup.loop->post([session = session_, context, text = std::move(text)]() mutable {
    session->speak(context, std::move(text));
  });
}

void SocketTtsStream::cancel(TtsContextId context) {
  if (closed_) return;
  filter_->cancelled.insert(context);
  pending_.erase(context);
  session_->setup.loop->post([session = session_, context] { session->cancel(context); });
}

void SocketTtsStream::close() {
  if (closed_) return;
  closed_ = true;
  session_->sink->cancel();
  session_->setup.loop->post([session = session_] { session->shutdown(); });
}

SocketTtsSetup socket_tts_setup(SocketTtsDialect dialect, net::EventLoop& loop,
                                const net::RetryPolicy::Options& retry, int source_rate,
                                int output_rate, SocketTtsEndpoint endpoint) {
  SocketTtsSetup setup;
  setup.loop = &loop;
  setup.retry = net::RetryPolicy(retry);
  setup.source_rate = source_rate;
  setup.output_rate = output_rate;
  setup.ws.url = std::move(endpoint.url);
  setup.ws.headers = std::move(endpoint.headers);
  setup.ws.connect_timeout = endpoint.connect_timeout;
  setup.ws.vendor = core::VendorTag{dialect.vendor, core::VendorKind::kTts};
  setup.dialect = std::move(dialect);
  return setup;
}

}  // namespace ovos::providers::speech
