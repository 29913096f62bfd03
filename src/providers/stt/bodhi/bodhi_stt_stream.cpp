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
#include "providers/speech/vendor_socket.h"

namespace ovos::providers::bodhi {

// Runs on the loop's thread.
struct BodhiSttStream::Session final : speech::LoopSttSession,
                                       speech::VendorSocketOwner,
                                       std::enable_shared_from_this<Session> {
  BodhiSetup setup;
  std::shared_ptr<speech::VendorSocket> socket;
  std::shared_ptr<Sink> sink;
  std::size_t packet_samples = 800;

  bool stopped = false;                 // closed by the call, or failed for good
  std::vector<std::int16_t> utterance;  // audio since the last final, replayed on reconnect
  std::size_t sent = 0;                 // samples of `utterance` sent on this connection
  std::size_t answered = 0;       // samples sent before Bodhi's latest message on this connection
  std::size_t finalize_mark = 0;  // samples the pending finalize() covers
  bool finalize_requested = false;
  std::string completes;  // completed segments of the utterance so far
  std::string partial;    // the current segment's hypothesis
  core::TimerHandle finalize_timer;

  void push(std::vector<std::int16_t> samples) override;
  void finalize() override;
  void shutdown() override;
  void on_open(net::WebSocketConnection& connection) override;
  void on_text(std::string_view text) override;
  void on_closed(std::uint16_t code, std::string_view reason) override;
  void on_failed(core::Error error, bool /*permanent*/) override { fail(std::move(error)); }
  void send_packets();
  void emit(SttEvent event) { Sink::post(sink, std::move(event)); }
  void emit_interim();
  void emit_final();
  void final_if_answered();
  void fail(core::Error error);
  [[nodiscard]] bool in_utterance() const { return !utterance.empty() || finalize_requested; }
};

void BodhiSttStream::Session::on_open(net::WebSocketConnection& connection) {
  if (stopped) return;
  BodhiConfig config = setup.config;
  config.transaction_id = core::new_id();
  connection.send_text(config_message(config));
  // What the caller said so far (also before a reconnect) goes out first.
  sent = 0;
  answered = 0;
  send_packets();
}

void BodhiSttStream::Session::send_packets() {
  auto* connection = socket->connection();
  if (connection == nullptr) return;
  while (utterance.size() - sent >= packet_samples) {
    connection->send_binary(audio::pcm16_to_bytes(
        std::span<const std::int16_t>(utterance).subspan(sent, packet_samples)));
    sent += packet_samples;
  }
}

void BodhiSttStream::Session::on_text(std::string_view text) {
  if (stopped) return;
  auto message = decode_message(text);
  if (!message.ok()) {
    core::log_warn("bodhi_bad_message", {{"error", message.error().message}});
    core::count_vendor_error({"bodhi", core::VendorKind::kStt},
                             core::VendorErrorReason::kMalformed);
    return;
  }
  socket->mark_alive();  // the session works: a later drop gets the full retry budget
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
      completes = speech::join_words(completes, message->text);
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
  event.text = speech::join_words(completes, partial);
  emit(std::move(event));
}

void BodhiSttStream::Session::emit_final() {
  finalize_timer.cancel();
  SttEvent event;
  event.kind = SttEvent::Kind::kFinal;
  event.text = speech::join_words(completes, partial);
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

void BodhiSttStream::Session::on_closed(std::uint16_t code, std::string_view reason) {
  if (stopped) return;
  // The utterance's audio is sent again on the next connection; its segments will come again.
  completes.clear();
  partial.clear();
  core::Error error = speech::vendor_close_error("Bodhi", code, reason);
  if (error.code == core::ErrorCode::kInvalidArgument) {
    fail(std::move(error));
    return;
  }
  if (!in_utterance()) {
    // Nothing to hear right now: the next audio opens a new session.
    core::log_info("bodhi_closed_idle", {{"error", error.message}});
    return;
  }
  socket->reconnect_after(std::move(error));
}

void BodhiSttStream::Session::fail(core::Error error) {
  if (stopped) return;
  core::log_warn("bodhi_failed", {{"error", error.message}});
  stopped = true;
  finalize_timer.cancel();
  socket->close();
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
  if (socket->connection()) {
    send_packets();
  } else {
    socket->connect();  // unless connecting or waiting to retry
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
  stopped = true;
  finalize_timer.cancel();
  socket->close();  // eof first, when open
}

std::unique_ptr<BodhiSttStream> BodhiSttStream::start(BodhiSetup setup, core::Executor& events_on,
                                                      SttEventHandler on_event) {
  auto session = std::make_shared<Session>();
  session->setup = std::move(setup);
  const auto packet_ms = std::max<std::int64_t>(session->setup.timings.packet.count(), 1);
  session->packet_samples = std::max<std::size_t>(
      1, static_cast<std::size_t>(session->setup.config.sample_rate * packet_ms / 1000));
  session->sink = make_sink(events_on, std::move(on_event));
  speech::VendorSocketSetup socket;
  socket.vendor = "bodhi";
  socket.loop = session->setup.loop;
  socket.ws = session->setup.ws;
  socket.retry = net::RetryPolicy(session->setup.timings.retry);
  socket.goodbye = eof_message();
  socket.describe_refusal = [](int status) { return describe_refusal(status); };
  session->socket = speech::VendorSocket::create(std::move(socket), session);
  net::EventLoop& loop = *session->setup.loop;
  // The session opens before the first turn needs it.
  loop.post([socket = session->socket] { socket->connect(); });
  return std::unique_ptr<BodhiSttStream>(new BodhiSttStream(loop, session, session->sink));
}

}  // namespace ovos::providers::bodhi
