#include "providers/stt/deepgram/deepgram_stt_stream.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "audio/pcm.h"
#include "core/logging.h"
#include "core/vendor_errors.h"
#include "net/websocket.h"
#include "providers/speech/speech_event_sink.h"
#include "providers/stt/deepgram/deepgram_listen_protocol.h"

namespace ovos::providers::deepgram {
namespace {

using Sink = speech::SpeechEventSink<SttEvent>;

/// Samples sent per message when an utterance is replayed after a reconnect.
constexpr std::size_t kReplayChunk = 4096;

SttEvent error_event(core::Error error) {
  SttEvent event;
  event.kind = SttEvent::Kind::kError;
  event.error = std::move(error);
  return event;
}

std::string joined(const std::string& finals, const std::string& current) {
  if (finals.empty()) return current;
  if (current.empty()) return finals;
  return finals + " " + current;
}

}  // namespace

// Everything but the constructor's copies runs on the loop's thread.
struct DeepgramSttStream::Session : std::enable_shared_from_this<Session> {
  class Handler;

  DeepgramListenSetup setup;
  net::RetryPolicy retry{net::RetryPolicy::Options{}};
  std::shared_ptr<Sink> sink;

  bool stopped = false;  // closed by the call, or failed for good
  int generation = 0;    // of the current connection attempt; older callbacks are ignored
  int attempt = 0;       // connection attempts since the last sign of life
  std::shared_ptr<net::WebSocketConnection> connection;
  std::vector<std::int16_t> utterance;  // audio since the last final, replayed on reconnect
  std::size_t finalize_mark = 0;        // utterance samples the pending finalize() covers
  bool finalize_requested = false;
  std::string finals;  // final stretches of the utterance so far
  double confidence = 0;
  bool audio_since_tick = false;
  core::TimerHandle keep_alive_timer;
  core::TimerHandle finalize_timer;
  core::TimerHandle retry_timer;

  void connect();
  void on_connected(int gen, core::Result<std::shared_ptr<net::WebSocketConnection>> result);
  void on_text(int gen, std::string_view text);
  void on_closed(int gen, std::uint16_t code, std::string_view reason);
  void push(std::vector<std::int16_t> samples);
  void finalize();
  void shutdown();
  void handle(const ListenMessage& message);
  void emit(SttEvent event) { Sink::post(sink, std::move(event)); }
  void emit_final();
  void send_audio(std::span<const std::int16_t> samples);
  void keep_alive_tick();
  void retry_or_fail(core::Error error, bool retryable);
  void fail(core::Error error);
  void drop_connection();
};

/// Forwards one connection's events to its session, tagged with the attempt it belongs to.
class DeepgramSttStream::Session::Handler final : public net::WebSocketHandler {
 public:
  Handler(std::shared_ptr<Session> session, int generation)
      : session_(std::move(session)), generation_(generation) {}
  void on_text(std::string_view text) override { session_->on_text(generation_, text); }
  void on_binary(std::span<const std::uint8_t> /*bytes*/) override {}
  void on_closed(std::uint16_t code, std::string_view reason) override {
    session_->on_closed(generation_, code, reason);
  }

 private:
  std::shared_ptr<Session> session_;
  int generation_;
};

void DeepgramSttStream::Session::connect() {
  if (stopped) return;
  ++attempt;
  const int gen = ++generation;
  std::weak_ptr<Session> weak = weak_from_this();
  net::WebSocketClient::connect(
      setup.ws, *setup.loop, std::make_unique<Handler>(shared_from_this(), gen),
      [weak, gen](core::Result<std::shared_ptr<net::WebSocketConnection>> result) {
        if (auto self = weak.lock()) {
          self->on_connected(gen, std::move(result));
        } else if (result.ok()) {
          (*result)->close(net::WebSocketClose::kNormal, "");
        }
      });
}

void DeepgramSttStream::Session::on_connected(
    int gen, core::Result<std::shared_ptr<net::WebSocketConnection>> result) {
  if (!result.ok()) {
    if (stopped || gen != generation) return;
    const core::Error& error = result.error();
    const auto status = net::websocket_handshake_status(error);
    const bool retryable =
        status ? retry.should_retry(*status, attempt) : retry.should_retry(error, attempt);
    retry_or_fail(error, retryable);
    return;
  }
  if (stopped || gen != generation) {
    (*result)->send_text(close_stream_message());
    (*result)->close(net::WebSocketClose::kNormal, "");
    return;
  }
  connection = std::move(result).value();
  // What the caller said so far (also before a reconnect) goes out first.
  for (std::size_t at = 0; at < utterance.size(); at += kReplayChunk) {
    const std::size_t n = std::min(kReplayChunk, utterance.size() - at);
    send_audio(std::span<const std::int16_t>(utterance).subspan(at, n));
  }
  if (finalize_requested) connection->send_text(finalize_message());
  keep_alive_timer =
      setup.loop->post_after(setup.timings.keep_alive_interval, [weak = weak_from_this()] {
        if (auto self = weak.lock()) self->keep_alive_tick();
      });
}

void DeepgramSttStream::Session::on_text(int gen, std::string_view text) {
  if (stopped || gen != generation) return;
  auto message = decode_listen_message(text);
  if (!message.ok()) {
    core::log_warn("deepgram_bad_message", {{"error", message.error().message}});
    core::count_vendor_error({"deepgram", core::VendorKind::kStt},
                             core::VendorErrorReason::kMalformed);
    return;
  }
  handle(*message);
}

void DeepgramSttStream::Session::handle(const ListenMessage& message) {
  switch (message.kind) {
    case ListenMessage::Kind::kResults: {
      attempt = 0;  // the session works: a later drop gets the full retry budget again
      if (!message.is_final) {
        if (!message.transcript.empty()) {
          SttEvent event;
          event.kind = SttEvent::Kind::kInterim;
          event.text = joined(finals, message.transcript);
          event.confidence = message.confidence;
          emit(std::move(event));
        }
        return;
      }
      if (!message.transcript.empty()) {
        finals = joined(finals, message.transcript);
        confidence = message.confidence;
      }
      if (finalize_requested && (message.from_finalize || message.speech_final)) {
        emit_final();
      } else if (!message.transcript.empty()) {
        SttEvent event;
        event.kind = SttEvent::Kind::kInterim;
        event.text = finals;
        event.confidence = message.confidence;
        emit(std::move(event));
      }
      return;
    }
    case ListenMessage::Kind::kUtteranceEnd:
      if (finalize_requested) emit_final();
      return;
    case ListenMessage::Kind::kSpeechStarted: {
      SttEvent event;
      event.kind = SttEvent::Kind::kSpeechStarted;
      emit(std::move(event));
      return;
    }
    case ListenMessage::Kind::kError:
      // The close that follows decides what happens; the reason is worth a log line.
      core::log_warn("deepgram_error", {{"description", message.description}});
      return;
    case ListenMessage::Kind::kMetadata:
    case ListenMessage::Kind::kOther:
      return;
  }
}

void DeepgramSttStream::Session::emit_final() {
  finalize_timer.cancel();
  SttEvent event;
  event.kind = SttEvent::Kind::kFinal;
  event.text = finals;
  event.confidence = finals.empty() ? 0 : confidence;
  const std::size_t covered = finalize_requested ? finalize_mark : utterance.size();
  event.audio_seconds = static_cast<double>(covered) / setup.sample_rate;
  utterance.erase(utterance.begin(), utterance.begin() + static_cast<std::ptrdiff_t>(
                                                             std::min(covered, utterance.size())));
  finals.clear();
  confidence = 0;
  finalize_requested = false;
  finalize_mark = 0;
  emit(std::move(event));
}

void DeepgramSttStream::Session::on_closed(int gen, std::uint16_t code, std::string_view reason) {
  if (stopped || gen != generation) return;
  connection.reset();
  keep_alive_timer.cancel();
  // The utterance's audio is sent again on the next connection; its finals will come again.
  finals.clear();
  std::string what = "Deepgram closed the stream: " + std::to_string(code);
  if (!reason.empty()) what += " " + std::string(reason);
  // 1008 (DATA-xxxx: audio it cannot decode) and 1003 will not get better by retrying.
  if (code == net::WebSocketClose::kPolicyViolation || code == 1003) {
    fail(core::Error::invalid(what));
    return;
  }
  core::Error error = core::Error::unavailable(what);
  const bool retryable = retry.should_retry(error, attempt);
  retry_or_fail(std::move(error), retryable);
}

void DeepgramSttStream::Session::retry_or_fail(core::Error error, bool retryable) {
  if (!retryable) {
    fail(std::move(error));
    return;
  }
  const auto delay = retry.delay(attempt);
  core::log_warn("deepgram_reconnect", {{"attempt", attempt},
                                        {"error", error.message},
                                        {"delay_ms", static_cast<std::int64_t>(delay.count())}});
  retry_timer = setup.loop->post_after(delay, [weak = weak_from_this()] {
    if (auto self = weak.lock()) self->connect();
  });
}

void DeepgramSttStream::Session::fail(core::Error error) {
  if (stopped) return;
  core::log_warn("deepgram_failed", {{"error", error.message}});
  stopped = true;
  keep_alive_timer.cancel();
  finalize_timer.cancel();
  retry_timer.cancel();
  drop_connection();
  emit(error_event(std::move(error)));
}

void DeepgramSttStream::Session::drop_connection() {
  if (!connection) return;
  auto closing = std::move(connection);
  closing->close(net::WebSocketClose::kNormal, "");
}

void DeepgramSttStream::Session::push(std::vector<std::int16_t> samples) {
  if (stopped) return;
  const std::size_t limit = static_cast<std::size_t>(setup.sample_rate) *
                            static_cast<std::size_t>(setup.timings.max_replay.count());
  utterance.insert(utterance.end(), samples.begin(), samples.end());
  if (utterance.size() > limit) {
    const std::size_t drop = utterance.size() - limit;
    utterance.erase(utterance.begin(), utterance.begin() + static_cast<std::ptrdiff_t>(drop));
    finalize_mark = finalize_mark > drop ? finalize_mark - drop : 0;
  }
  if (connection) send_audio(samples);
}

void DeepgramSttStream::Session::send_audio(std::span<const std::int16_t> samples) {
  audio_since_tick = true;
  connection->send_binary(audio::pcm16_to_bytes(samples));
}

void DeepgramSttStream::Session::finalize() {
  if (stopped) return;
  finalize_requested = true;
  finalize_mark = utterance.size();
  if (connection) connection->send_text(finalize_message());
  finalize_timer.cancel();
  finalize_timer =
      setup.loop->post_after(setup.timings.finalize_timeout, [weak = weak_from_this()] {
        auto self = weak.lock();
        if (self && !self->stopped && self->finalize_requested) self->emit_final();
      });
}

void DeepgramSttStream::Session::keep_alive_tick() {
  if (stopped || !connection) return;
  if (!audio_since_tick) connection->send_text(keep_alive_message());
  audio_since_tick = false;
  keep_alive_timer =
      setup.loop->post_after(setup.timings.keep_alive_interval, [weak = weak_from_this()] {
        if (auto self = weak.lock()) self->keep_alive_tick();
      });
}

void DeepgramSttStream::Session::shutdown() {
  if (connection && !stopped) connection->send_text(close_stream_message());
  stopped = true;
  keep_alive_timer.cancel();
  finalize_timer.cancel();
  retry_timer.cancel();
  drop_connection();
}

DeepgramSttStream::DeepgramSttStream(std::shared_ptr<Session> session)
    : session_(std::move(session)) {}

DeepgramSttStream::~DeepgramSttStream() {
  close();
}

std::unique_ptr<DeepgramSttStream> DeepgramSttStream::start(DeepgramListenSetup setup,
                                                            core::Executor& events_on,
                                                            SttEventHandler on_event) {
  auto session = std::make_shared<Session>();
  session->retry = net::RetryPolicy(setup.timings.retry);
  session->setup = std::move(setup);
  session->sink = std::make_shared<Sink>(events_on, std::move(on_event), [](const SttEvent& e) {
    return e.kind == SttEvent::Kind::kError;
  });
  session->setup.loop->post([session] { session->connect(); });
  return std::unique_ptr<DeepgramSttStream>(new DeepgramSttStream(std::move(session)));
}

void DeepgramSttStream::push_audio(std::span<const std::int16_t> samples) {
  if (closed_ || samples.empty()) return;
  session_->setup.loop->post([session = session_, copy = std::vector<std::int16_t>(
                                                      samples.begin(), samples.end())]() mutable {
    session->push(std::move(copy));
  });
}

void DeepgramSttStream::finalize() {
  if (closed_) return;
  session_->setup.loop->post([session = session_] { session->finalize(); });
}

void DeepgramSttStream::close() {
  if (closed_) return;
  closed_ = true;
  session_->sink->cancel();
  session_->setup.loop->post([session = session_] { session->shutdown(); });
}

}  // namespace ovos::providers::deepgram
