#include "providers/stt/bodhi/bodhi_stt_stream.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "audio/pcm.h"
#include "core/ids.h"
#include "core/logging.h"
#include "core/vendor_errors.h"
#include "net/websocket.h"
#include "providers/speech/speech_event_sink.h"

namespace ovos::providers::bodhi {
namespace {

using Sink = speech::SpeechEventSink<SttEvent>;

std::string joined(const std::string& first, const std::string& second) {
  if (first.empty()) return second;
  if (second.empty()) return first;
  return first + " " + second;
}

}  // namespace

// Everything but start() and the stream's posts runs on the loop's thread.
struct BodhiSttStream::Session : std::enable_shared_from_this<Session> {
  class Handler;

  BodhiSetup setup;
  net::RetryPolicy retry{net::RetryPolicy::Options{}};
  std::shared_ptr<Sink> sink;
  std::size_t packet_samples = 800;

  bool stopped = false;  // closed by the call, or failed for good
  bool connecting = false;
  bool retry_pending = false;  // a reconnect is scheduled
  int generation = 0;          // of the current connection attempt; older callbacks are ignored
  int attempt = 0;             // connection attempts since the last message received
  std::shared_ptr<net::WebSocketConnection> connection;
  std::vector<std::int16_t> utterance;  // audio since the last final, replayed on reconnect
  std::size_t sent = 0;                 // samples of `utterance` sent on this connection
  std::size_t answered = 0;       // samples sent before Bodhi's latest message on this connection
  std::size_t finalize_mark = 0;  // samples the pending finalize() covers
  bool finalize_requested = false;
  std::string completes;  // completed segments of the utterance so far
  std::string partial;    // the current segment's hypothesis
  core::TimerHandle finalize_timer;
  core::TimerHandle retry_timer;

  void connect();
  void on_connected(int gen, core::Result<std::shared_ptr<net::WebSocketConnection>> result);
  void on_text(int gen, std::string_view text);
  void on_closed(int gen, std::uint16_t code, std::string_view reason);
  void push(std::vector<std::int16_t> samples);
  void finalize();
  void shutdown();
  void send_packets();
  void emit(SttEvent event) { Sink::post(sink, std::move(event)); }
  void emit_interim();
  void emit_final();
  void final_if_answered();
  void retry_or_fail(core::Error error, bool retryable);
  void fail(core::Error error);
  [[nodiscard]] bool in_utterance() const { return !utterance.empty() || finalize_requested; }
};

/// Forwards one connection's events to its session, tagged with the attempt it belongs to.
class BodhiSttStream::Session::Handler final : public net::WebSocketHandler {
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

void BodhiSttStream::Session::connect() {
  if (stopped || connecting || connection) return;
  connecting = true;
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

void BodhiSttStream::Session::on_connected(
    int gen, core::Result<std::shared_ptr<net::WebSocketConnection>> result) {
  if (gen != generation) return;
  connecting = false;
  if (!result.ok()) {
    if (stopped) return;
    core::Error error = result.error();
    const auto status = net::websocket_handshake_status(error);
    if (status) error.message = "bodhi: " + describe_refusal(*status) + " (" + error.message + ")";
    const bool retryable =
        status ? retry.should_retry(*status, attempt) : retry.should_retry(error, attempt);
    retry_or_fail(std::move(error), retryable);
    return;
  }
  if (stopped) {
    (*result)->close(net::WebSocketClose::kNormal, "");
    return;
  }
  connection = std::move(result).value();
  BodhiConfig config = setup.config;
  config.transaction_id = core::new_id();
  connection->send_text(config_message(config));
  // What the caller said so far (also before a reconnect) goes out first.
  sent = 0;
  answered = 0;
  send_packets();
}

void BodhiSttStream::Session::send_packets() {
  if (!connection) return;
  while (utterance.size() - sent >= packet_samples) {
    connection->send_binary(audio::pcm16_to_bytes(
        std::span<const std::int16_t>(utterance).subspan(sent, packet_samples)));
    sent += packet_samples;
  }
}

void BodhiSttStream::Session::on_text(int gen, std::string_view text) {
  if (stopped || gen != generation) return;
  auto message = decode_message(text);
  if (!message.ok()) {
    core::log_warn("bodhi_bad_message", {{"error", message.error().message}});
    core::count_vendor_error({"bodhi", core::VendorKind::kStt},
                             core::VendorErrorReason::kMalformed);
    return;
  }
  attempt = 0;  // the session works: a later drop gets the full retry budget again
  answered = sent;
  switch (message->kind) {
    case BodhiMessage::Kind::kPartial:
      if (!message->text.empty() && message->text != partial) {
        partial = message->text;
        emit_interim();
      }
      final_if_answered();
      return;
    case BodhiMessage::Kind::kComplete:
      completes = joined(completes, message->text);
      partial.clear();
      if (finalize_requested) {
        emit_final();
      } else if (!message->text.empty()) {
        emit_interim();
      }
      return;
    case BodhiMessage::Kind::kOther:
      final_if_answered();
      return;
  }
}

// After finalize(): once Bodhi has answered all the audio and no segment is open, the
// utterance is complete.
void BodhiSttStream::Session::final_if_answered() {
  if (finalize_requested && partial.empty() && answered >= finalize_mark) emit_final();
}

void BodhiSttStream::Session::emit_interim() {
  SttEvent event;
  event.kind = SttEvent::Kind::kInterim;
  event.text = joined(completes, partial);
  emit(std::move(event));
}

void BodhiSttStream::Session::emit_final() {
  finalize_timer.cancel();
  SttEvent event;
  event.kind = SttEvent::Kind::kFinal;
  event.text = joined(completes, partial);
  const std::size_t covered =
      std::min(finalize_requested ? finalize_mark : utterance.size(), utterance.size());
  event.audio_seconds = static_cast<double>(covered) / setup.config.sample_rate;
  utterance.erase(utterance.begin(), utterance.begin() + static_cast<std::ptrdiff_t>(covered));
  sent = sent > covered ? sent - covered : 0;
  answered = answered > covered ? answered - covered : 0;
  completes.clear();
  partial.clear();
  finalize_requested = false;
  finalize_mark = 0;
  emit(std::move(event));
}

void BodhiSttStream::Session::on_closed(int gen, std::uint16_t code, std::string_view reason) {
  if (stopped || gen != generation) return;
  connection.reset();
  // The utterance's audio is sent again on the next connection; its segments will come again.
  completes.clear();
  partial.clear();
  std::string what = "Bodhi closed the stream: " + std::to_string(code);
  if (!reason.empty()) what += " " + std::string(reason);
  if (code == net::WebSocketClose::kPolicyViolation || code == 1003) {
    fail(core::Error::invalid(what));
    return;
  }
  core::Error error = core::Error::unavailable(what);
  if (!in_utterance()) {
    // Nothing to hear right now: the next audio opens a new session.
    core::log_info("bodhi_closed_idle", {{"error", error.message}});
    return;
  }
  const bool retryable = retry.should_retry(error, attempt);
  retry_or_fail(std::move(error), retryable);
}

void BodhiSttStream::Session::retry_or_fail(core::Error error, bool retryable) {
  if (!retryable) {
    fail(std::move(error));
    return;
  }
  const auto delay = retry.delay(attempt);
  core::log_warn("bodhi_reconnect", {{"attempt", attempt},
                                     {"error", error.message},
                                     {"delay_ms", static_cast<std::int64_t>(delay.count())}});
  retry_pending = true;
  retry_timer = setup.loop->post_after(delay, [weak = weak_from_this()] {
    if (auto self = weak.lock()) {
      self->retry_pending = false;
      self->connect();
    }
  });
}

void BodhiSttStream::Session::fail(core::Error error) {
  if (stopped) return;
  core::log_warn("bodhi_failed", {{"error", error.message}});
  stopped = true;
  finalize_timer.cancel();
  retry_timer.cancel();
  if (connection) {
    auto closing = std::move(connection);
    closing->close(net::WebSocketClose::kNormal, "");
  }
  SttEvent event;
  event.kind = SttEvent::Kind::kError;
  event.error = std::move(error);
  emit(std::move(event));
}

void BodhiSttStream::Session::push(std::vector<std::int16_t> samples) {
  if (stopped) return;
  const std::size_t limit = static_cast<std::size_t>(setup.config.sample_rate) *
                            static_cast<std::size_t>(setup.timings.max_replay.count());
  utterance.insert(utterance.end(), samples.begin(), samples.end());
  if (utterance.size() > limit) {
    const std::size_t drop = utterance.size() - limit;
    utterance.erase(utterance.begin(), utterance.begin() + static_cast<std::ptrdiff_t>(drop));
    finalize_mark = finalize_mark > drop ? finalize_mark - drop : 0;
    sent = sent > drop ? sent - drop : 0;
    answered = answered > drop ? answered - drop : 0;
  }
  if (connection) {
    send_packets();
  } else if (!retry_pending) {
    connect();
  }
}

void BodhiSttStream::Session::finalize() {
  if (stopped) return;
  // The last packet is filled up with silence so every packet has the same length.
  const std::size_t rest = utterance.size() % packet_samples;
  if (rest != 0) utterance.resize(utterance.size() + packet_samples - rest, 0);
  finalize_requested = true;
  finalize_mark = utterance.size();
  send_packets();
  final_if_answered();
  if (!finalize_requested) return;
  finalize_timer.cancel();
  finalize_timer =
      setup.loop->post_after(setup.timings.finalize_timeout, [weak = weak_from_this()] {
        auto self = weak.lock();
        if (self && !self->stopped && self->finalize_requested) self->emit_final();
      });
}

void BodhiSttStream::Session::shutdown() {
  if (connection && !stopped) connection->send_text(eof_message());
  stopped = true;
  finalize_timer.cancel();
  retry_timer.cancel();
  if (connection) {
    auto closing = std::move(connection);
    closing->close(net::WebSocketClose::kNormal, "");
  }
}

BodhiSttStream::BodhiSttStream(std::shared_ptr<Session> session) : session_(std::move(session)) {}

BodhiSttStream::~BodhiSttStream() {
  close();
}

std::unique_ptr<BodhiSttStream> BodhiSttStream::start(BodhiSetup setup, core::Executor& events_on,
                                                      SttEventHandler on_event) {
  auto session = std::make_shared<Session>();
  session->retry = net::RetryPolicy(setup.timings.retry);
  session->setup = std::move(setup);
  const auto packet_ms = std::max<std::int64_t>(session->setup.timings.packet.count(), 1);
  session->packet_samples = std::max<std::size_t>(
      1, static_cast<std::size_t>(session->setup.config.sample_rate * packet_ms / 1000));
  session->sink = std::make_shared<Sink>(events_on, std::move(on_event), [](const SttEvent& e) {
    return e.kind == SttEvent::Kind::kError;
  });
  // The session opens before the first turn needs it.
  session->setup.loop->post([session] { session->connect(); });
  return std::unique_ptr<BodhiSttStream>(new BodhiSttStream(std::move(session)));
}

void BodhiSttStream::push_audio(std::span<const std::int16_t> samples) {
  if (closed_ || samples.empty()) return;
  session_->setup.loop->post([session = session_, copy = std::vector<std::int16_t>(
                                                      samples.begin(), samples.end())]() mutable {
    session->push(std::move(copy));
  });
}

void BodhiSttStream::finalize() {
  if (closed_) return;
  session_->setup.loop->post([session = session_] { session->finalize(); });
}

void BodhiSttStream::close() {
  if (closed_) return;
  closed_ = true;
  session_->sink->cancel();
  session_->setup.loop->post([session = session_] { session->shutdown(); });
}

}  // namespace ovos::providers::bodhi
