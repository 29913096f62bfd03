#include "providers/stt/deepgram/deepgram_stt_stream.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "audio/pcm.h"
#include "core/logging.h"
#include "core/vendor_errors.h"
#include "net/websocket.h"
#include "providers/speech/vendor_socket.h"
#include "providers/stt/deepgram/deepgram_listen_protocol.h"

namespace ovos::providers::deepgram {
namespace {

/// Samples sent per message when an utterance is replayed after a reconnect.
constexpr std::size_t kReplayChunk = 4096;

SttEvent error_event(core::Error error) {
  SttEvent event;
  event.kind = SttEvent::Kind::kError;
  event.error = std::move(error);
  return event;
}

}  // namespace

// Runs on the loop's thread.
struct DeepgramSttStream::Session final : speech::LoopSttSession,
                                          speech::VendorSocketOwner,
                                          std::enable_shared_from_this<Session> {
  DeepgramListenSetup setup;
  std::shared_ptr<speech::VendorSocket> socket;
  std::shared_ptr<Sink> sink;

  bool stopped = false;                 // closed by the call, or failed for good
  std::vector<std::int16_t> utterance;  // audio since the last final, replayed on reconnect
  std::size_t finalize_mark = 0;        // utterance samples the pending finalize() covers
  bool finalize_requested = false;
  std::string finals;  // final stretches of the utterance so far
  double confidence = 0;
  bool audio_since_tick = false;
  core::TimerHandle keep_alive_timer;
  core::TimerHandle finalize_timer;

  void push(std::vector<std::int16_t> samples) override;
  void finalize() override;
  void shutdown() override;
  void on_open(net::WebSocketConnection& connection) override;
  void on_text(std::string_view text) override;
  void on_closed(std::uint16_t code, std::string_view reason) override;
  void on_failed(core::Error error, bool /*permanent*/) override { fail(std::move(error)); }
  void handle(const ListenMessage& message);
  void emit(SttEvent event) { Sink::post(sink, std::move(event)); }
  void emit_final();
  void send_audio(std::span<const std::int16_t> samples);
  void keep_alive_tick();
  void fail(core::Error error);
};

void DeepgramSttStream::Session::on_open(net::WebSocketConnection& connection) {
  if (stopped) return;
  // What the caller said so far (also before a reconnect) goes out first.
  for (std::size_t at = 0; at < utterance.size(); at += kReplayChunk) {
    const std::size_t n = std::min(kReplayChunk, utterance.size() - at);
    send_audio(std::span<const std::int16_t>(utterance).subspan(at, n));
  }
  if (finalize_requested) connection.send_text(finalize_message());
  keep_alive_timer =
      setup.loop->post_after(setup.timings.keep_alive_interval, [weak = weak_from_this()] {
        if (auto self = weak.lock()) self->keep_alive_tick();
      });
}

void DeepgramSttStream::Session::on_text(std::string_view text) {
  if (stopped) return;
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
      socket->mark_alive();  // the session works: a later drop gets the full retry budget
      if (!message.is_final) {
        if (!message.transcript.empty()) {
          SttEvent event;
          event.kind = SttEvent::Kind::kInterim;
          event.text = speech::join_words(finals, message.transcript);
          event.confidence = message.confidence;
          emit(std::move(event));
        }
        return;
      }
      if (!message.transcript.empty()) {
        finals = speech::join_words(finals, message.transcript);
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

void DeepgramSttStream::Session::on_closed(std::uint16_t code, std::string_view reason) {
  if (stopped) return;
  keep_alive_timer.cancel();
  // The utterance's audio is sent again on the next connection; its finals will come again.
  finals.clear();
  // 1008 (DATA-xxxx: audio it cannot decode) and 1003 will not get better by retrying.
  core::Error error = speech::vendor_close_error("Deepgram", code, reason);
  if (error.code == core::ErrorCode::kInvalidArgument) {
    fail(std::move(error));
    return;
  }
  socket->reconnect_after(std::move(error));
}

void DeepgramSttStream::Session::fail(core::Error error) {
  if (stopped) return;
  core::log_warn("deepgram_failed", {{"error", error.message}});
  stopped = true;
  keep_alive_timer.cancel();
  finalize_timer.cancel();
  socket->close();
  emit(error_event(std::move(error)));
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
  if (socket->connection()) send_audio(samples);
}

void DeepgramSttStream::Session::send_audio(std::span<const std::int16_t> samples) {
  audio_since_tick = true;
  socket->connection()->send_binary(audio::pcm16_to_bytes(samples));
}

void DeepgramSttStream::Session::finalize() {
  if (stopped) return;
  finalize_requested = true;
  finalize_mark = utterance.size();
  if (auto* connection = socket->connection()) connection->send_text(finalize_message());
  finalize_timer.cancel();
  finalize_timer =
      setup.loop->post_after(setup.timings.finalize_timeout, [weak = weak_from_this()] {
        auto self = weak.lock();
        if (self && !self->stopped && self->finalize_requested) self->emit_final();
      });
}

void DeepgramSttStream::Session::keep_alive_tick() {
  auto* connection = socket->connection();
  if (stopped || connection == nullptr) return;
  if (!audio_since_tick) connection->send_text(keep_alive_message());
  audio_since_tick = false;
  keep_alive_timer =
      setup.loop->post_after(setup.timings.keep_alive_interval, [weak = weak_from_this()] {
        if (auto self = weak.lock()) self->keep_alive_tick();
      });
}

void DeepgramSttStream::Session::shutdown() {
  stopped = true;
  keep_alive_timer.cancel();
  finalize_timer.cancel();
  socket->close();  // CloseStream first, when open
}

std::unique_ptr<DeepgramSttStream> DeepgramSttStream::start(DeepgramListenSetup setup,
                                                            core::Executor& events_on,
                                                            SttEventHandler on_event) {
  auto session = std::make_shared<Session>();
  session->setup = std::move(setup);
  session->sink = make_sink(events_on, std::move(on_event));
  speech::VendorSocketSetup socket;
  socket.vendor = "deepgram";
  socket.loop = session->setup.loop;
  socket.ws = session->setup.ws;
  socket.retry = net::RetryPolicy(session->setup.timings.retry);
  socket.goodbye = close_stream_message();
  session->socket = speech::VendorSocket::create(std::move(socket), session);
  net::EventLoop& loop = *session->setup.loop;
  // The session opens before the first turn needs it.
  loop.post([socket = session->socket] { socket->connect(); });
  return std::unique_ptr<DeepgramSttStream>(new DeepgramSttStream(loop, session, session->sink));
}

}  // namespace ovos::providers::deepgram
