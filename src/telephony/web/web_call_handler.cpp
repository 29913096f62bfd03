#include "telephony/web/web_call_handler.h"

#include "core/logging.h"
#include "core/overloaded.h"
#include "telephony/web/web_call_protocol.h"

namespace ovos::telephony::web {

using core::Overloaded;

WebCallHandler::WebCallHandler(net::WebSocketConnection& connection, WebCallSetup setup)
    : connection_(connection), setup_(std::move(setup)) {
  start_timer_ =
      connection_.executor().post_after(kStartWait, [this, alive = std::weak_ptr<bool>(alive_)] {
        if (alive.lock() && !session_ && !closed_) begin(16000, 16000, {});
      });
}

WebCallHandler::~WebCallHandler() {
  *alive_ = false;
  start_timer_.cancel();
  session_.reset();  // before the recorder it writes to
}

void WebCallHandler::begin(int input_rate, int output_rate,
                           std::map<std::string, std::string> variables) {
  const auto scope = trace_scope();
  start_timer_.cancel();
  setup_.config.input_sample_rate = input_rate;
  setup_.config.output_sample_rate = output_rate;
  for (auto& [k, v] : variables)
    setup_.config.variables[k] = std::move(v);
  if (setup_.make_recorder) recorder_ = setup_.make_recorder(input_rate, output_rate);
  if (setup_.make_responder) {
    responder_ = setup_.make_responder(setup_.config.variables);
    setup_.providers.responder = responder_.get();
  }
  auto session = engine::CallSession::create(connection_.executor(), setup_.config,
                                             setup_.providers, *this, recorder_.get());
  if (!session.ok()) {
    core::log_warn("web_call.setup_failed",
                   {{"call_id", setup_.call_id}, {"error", session.error().message}});
    connection_.send_text(error_message("call_failed", session.error().message));
    connection_.close(net::WebSocketClose::kInternalError, "call setup failed");
    closed_ = true;
    return;
  }
  session_ = std::move(session).value();
  connection_.send_text(ready_message(setup_.call_id, input_rate, output_rate));
  session_->start();
}

void WebCallHandler::refuse(std::string_view code, std::string_view message) {
  connection_.send_text(error_message(code, message));
  if (++bad_messages_ >= kMaxBadMessages) {
    connection_.close(net::WebSocketClose::kPolicyViolation, "too many bad messages");
  }
}

void WebCallHandler::on_text(std::string_view text) {
  const auto scope = trace_scope();
  if (closed_) return;
  auto parsed = parse_text_message(text);
  if (!parsed.ok()) {
    refuse("bad_message", parsed.error().message);
    return;
  }
  std::visit(Overloaded{
                 [&](StartMessage& m) {
                   if (session_) {
                     refuse("bad_message", "the call has already started");
                     return;
                   }
                   begin(m.input_sample_rate, m.output_sample_rate, std::move(m.variables));
                 },
                 [&](DtmfMessage& m) {
                   if (!session_) begin(16000, 16000, {});
                   if (session_) session_->on_dtmf(m.digit);
                 },
                 [&](EventMessage& m) {
                   if (session_) session_->on_call_event(m.name);
                 },
                 [&](PlayedMessage& m) {
                   if (session_) session_->on_played(m.mark);
                 },
                 [&](StopMessage&) {
                   if (session_) {
                     session_->on_caller_hangup("caller-hangup");
                   } else {
                     connection_.close(net::WebSocketClose::kNormal, "caller-hangup");
                   }
                 },
                 [&](PingMessage&) { connection_.send_text(pong_message()); },
                 [&](AudioMessage&) {},
             },
             *parsed);
}

void WebCallHandler::on_binary(std::span<const std::uint8_t> bytes) {
  const auto scope = trace_scope();
  if (closed_) return;
  auto parsed = parse_binary_message(bytes);
  if (!parsed.ok()) {
    refuse("bad_audio", parsed.error().message);
    return;
  }
  if (!session_) begin(16000, 16000, {});
  if (!session_) return;
  auto& audio = std::get<AudioMessage>(*parsed);
  session_->on_caller_audio(audio.samples);
}

void WebCallHandler::on_closed(std::uint16_t code, std::string_view reason) {
  const auto scope = trace_scope();
  closed_ = true;
  start_timer_.cancel();
  core::log_info("web_call.closed", {{"call_id", setup_.call_id},
                                     {"code", static_cast<int>(code)},
                                     {"reason", std::string(reason)}});
  if (session_ && !session_->ended()) session_->on_caller_hangup("caller-disconnected");
  if (!session_ && setup_.make_recorder) {
    // The socket went away before the call started: still close the call record.
    recorder_ = setup_.make_recorder(16000, 16000);
    if (recorder_) recorder_->ended({"caller-disconnected", 0, 0, 0, 0, 0});
  }
}

void WebCallHandler::deliver(engine::OutputFrame frame) {
  if (closed_) return;
  std::visit(
      Overloaded{
          [&](engine::AudioFrame& f) { connection_.send_binary(audio_bytes(f.samples)); },
          [&](engine::MarkFrame& f) { connection_.send_text(mark_message(f.name)); },
          [&](engine::ClearFrame&) { connection_.send_text(clear_message()); },
          [&](engine::TranscriptFrame& f) {
            connection_.send_text(transcript_message(
                f.speaker == engine::Speaker::kUser ? Speaker::kUser : Speaker::kAgent, f.text,
                f.final, f.turn));
          },
          [&](engine::LatencyFrame& f) {
            connection_.send_text(
                latency_message({f.turn, f.stt_ms, f.llm_ms, f.tts_ms, f.total_ms}));
          },
          [&](engine::EndFrame& f) {
            connection_.send_text(end_message(f.reason, f.transfer_to));
            connection_.close(net::WebSocketClose::kNormal, f.reason);
            closed_ = true;
          },
          [&](engine::ErrorFrame& f) { connection_.send_text(error_message(f.code, f.message)); },
      },
      frame);
}

}  // namespace ovos::telephony::web
