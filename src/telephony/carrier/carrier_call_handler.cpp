#include "telephony/carrier/carrier_call_handler.h"

#include "core/logging.h"
#include "core/overloaded.h"

namespace ovos::telephony {

using core::Overloaded;

CarrierCallHandler::CarrierCallHandler(net::WebSocketConnection& connection,
                                       std::unique_ptr<MediaDialect> dialect,
                                       CarrierCallSetup setup)
    : connection_(connection), dialect_(std::move(dialect)), setup_(std::move(setup)) {
  carrier_call_id_ = setup_.expected_carrier_call_id;
  // Phone audio until the start message says otherwise (a call without media is recorded so).
  setup_.config.input_sample_rate = 8000;
  setup_.config.output_sample_rate = 8000;
  start_timer_ =
      connection_.executor().post_after(kStartWait, [this, alive = std::weak_ptr<bool>(alive_)] {
        if (!alive.lock() || session_ || closed_) return;
        const auto scope = trace_scope();
        core::log_warn("carrier_call.no_start", {{"call_id", setup_.call_id},
                                                 {"carrier", std::string(dialect_->carrier())}});
        record_without_media("no-media");
        close(net::WebSocketClose::kPolicyViolation, "no start message");
      });
}

CarrierCallHandler::CarrierCallHandler(net::WebSocketConnection& connection,
                                       std::unique_ptr<MediaDialect> dialect,
                                       CarrierCallResolver resolve)
    : CarrierCallHandler(connection, std::move(dialect), CarrierCallSetup{}) {
  resolve_ = std::move(resolve);
}

CarrierCallHandler::~CarrierCallHandler() {
  *alive_ = false;
  start_timer_.cancel();
  end_timer_.cancel();
  session_.reset();  // before the recorder it writes to
}

void CarrierCallHandler::on_text(std::string_view text) {
  const auto scope = trace_scope();
  if (closed_) return;
  auto parsed = dialect_->parse(text);
  if (!parsed.ok()) {
    bad_message(parsed.error().message);
    return;
  }
  on_event(*parsed);
}

void CarrierCallHandler::on_event(MediaEvent& event) {
  if (resolving_ && !std::holds_alternative<MediaStart>(event)) {
    if (pending_.size() >= kMaxPendingEvents) {
      close(net::WebSocketClose::kInternalError, "the call was not found in time");
      return;
    }
    pending_.push_back(std::move(event));
    return;
  }
  std::visit(Overloaded{
                 [&](MediaStart& e) {
                   if (session_ || resolving_) {
                     bad_message("a second start message");
                     return;
                   }
                   if (resolve_) {
                     resolve(e);
                   } else {
                     begin(e);
                   }
                 },
                 [&](MediaAudio& e) {
                   if (session_) session_->on_caller_audio(e.samples);
                 },
                 [&](MediaDtmf& e) {
                   if (session_) session_->on_dtmf(e.digit);
                 },
                 [&](MediaPlayed& e) {
                   if (session_) session_->on_played(e.name);
                 },
                 [&](MediaStop& e) {
                   carrier_stopped_ = true;
                   if (session_ && !session_->ended()) {
                     session_->on_caller_hangup(e.reason);
                   } else if (!session_) {
                     record_without_media(e.reason);
                     close(net::WebSocketClose::kNormal, e.reason);
                   }
                 },
                 [](MediaIgnored&) {},
             },
             event);
}

void CarrierCallHandler::resolve(MediaStart& start) {
  resolving_ = std::move(start);
  core::Executor& executor = connection_.executor();
  auto alive = std::weak_ptr<bool>(alive_);
  auto resolver = std::move(resolve_);
  resolve_ = nullptr;
  resolver(*resolving_, [&executor, alive, this](core::Result<CarrierCallSetup> setup) {
    executor.post([alive, this, setup = std::move(setup)]() mutable {
      if (alive.lock()) {
        resolved(std::move(setup));
      } else if (setup.ok() && setup->make_recorder) {
        // The socket went while the call was looked up: its record must not stay open.
        if (auto recorder = setup->make_recorder(8000, 8000)) {
          recorder->ended({"caller-disconnected", 0, 0, 0, 0, 0});
        }
      }
    });
  });
}

void CarrierCallHandler::resolved(core::Result<CarrierCallSetup> setup) {
  if (!setup.ok()) {
    core::log_warn("carrier_call.not_found", {{"carrier", std::string(dialect_->carrier())},
                                              {"error", setup.error().message}});
    resolving_.reset();
    pending_.clear();
    close(net::WebSocketClose::kPolicyViolation, "no call of ours matches this stream");
    return;
  }
  setup_ = std::move(setup).value();
  const auto scope = trace_scope();
  MediaStart start = std::move(*resolving_);
  resolving_.reset();
  if (closed_) {
    record_without_media("caller-disconnected");
    return;
  }
  begin(start);
  auto pending = std::move(pending_);
  pending_.clear();
  for (auto& event : pending) {
    if (closed_) break;
    on_event(event);
  }
}

void CarrierCallHandler::begin(MediaStart& start) {
  const auto scope = trace_scope();
  if (!setup_.expected_carrier_call_id.empty() &&
      start.carrier_call_id != setup_.expected_carrier_call_id) {
    core::log_warn("carrier_call.wrong_call",
                   {{"call_id", setup_.call_id}, {"carrier", std::string(dialect_->carrier())}});
    closed_ = true;  // nothing of this stream reaches the call
    connection_.close(net::WebSocketClose::kPolicyViolation, "the stream is for another call");
    return;
  }
  start_timer_.cancel();
  carrier_call_id_ = start.carrier_call_id;
  setup_.config.input_sample_rate = start.sample_rate;
  setup_.config.output_sample_rate = start.sample_rate;
  // Audio the dialect holds back would otherwise reach the carrier just before it must play.
  setup_.config.playout_lead += dialect_->held_back();
  // Carriers take media messages of any length: 40 ms halves the messages (and the syscalls)
  // of 20 ms frames; a barge-in still clears at once.
  setup_.config.output_frame_ms = kOutputFrameMs;
  for (auto& [name, value] : start.parameters) {
    // Our own parameter (the call's id) is not one of the agent's variables.
    if (name != "call_id") setup_.config.variables[name] = std::move(value);
  }
  if (setup_.make_recorder) recorder_ = setup_.make_recorder(start.sample_rate, start.sample_rate);
  if (setup_.make_responder) {
    responder_ = setup_.make_responder(setup_.config.variables);
    setup_.providers.responder = responder_.get();
  }
  auto session = engine::CallSession::create(connection_.executor(), setup_.config,
                                             setup_.providers, *this, recorder_.get());
  if (!session.ok()) {
    core::log_warn("carrier_call.setup_failed",
                   {{"call_id", setup_.call_id}, {"error", session.error().message}});
    if (recorder_) recorder_->ended({"setup-failed", 0, 0, 0, 0, 0});
    end_call(engine::EndFrame{"setup-failed", {}});
    return;
  }
  session_ = std::move(session).value();
  core::log_info("carrier_call.media_started", {{"call_id", setup_.call_id},
                                                {"carrier", std::string(dialect_->carrier())},
                                                {"sample_rate", start.sample_rate}});
  session_->start();
}

void CarrierCallHandler::bad_message(std::string_view why) {
  // Carriers take no error replies: log the first few, close when there are too many.
  if (++bad_messages_ <= 3) {
    core::log_warn("carrier_call.bad_message", {{"call_id", setup_.call_id},
                                                {"carrier", std::string(dialect_->carrier())},
                                                {"error", std::string(why)}});
  }
  if (bad_messages_ >= kMaxBadMessages) {
    close(net::WebSocketClose::kPolicyViolation, "too many bad messages");
  }
}

void CarrierCallHandler::on_binary(std::span<const std::uint8_t>) {
  if (!closed_) bad_message("a binary message (carriers send JSON text)");
}

void CarrierCallHandler::on_closed(std::uint16_t code, std::string_view reason) {
  const auto scope = trace_scope();
  closed_ = true;
  start_timer_.cancel();
  end_timer_.cancel();
  core::log_info("carrier_call.closed", {{"call_id", setup_.call_id},
                                         {"code", static_cast<int>(code)},
                                         {"reason", std::string(reason)}});
  if (session_ && !session_->ended()) {
    session_->on_caller_hangup("caller-disconnected");
    // The socket dropped but the phone call may still be up: ask the carrier to end it.
    if (!carrier_stopped_ && setup_.on_end) {
      setup_.on_end({carrier_call_id_, "caller-disconnected", {}, false}, [] {});
    }
  }
  if (!session_) record_without_media("caller-disconnected");
}

void CarrierCallHandler::record_without_media(const std::string& reason) {
  if (recorder_ || !setup_.make_recorder) return;
  recorder_ =
      setup_.make_recorder(setup_.config.input_sample_rate, setup_.config.output_sample_rate);
  if (recorder_) recorder_->ended({reason, 0, 0, 0, 0, 0});
}

void CarrierCallHandler::send(std::vector<std::string>& messages) {
  for (auto& m : messages)
    connection_.send_text(std::move(m));
  messages.clear();
}

void CarrierCallHandler::deliver(engine::OutputFrame frame) {
  if (closed_) return;
  std::visit(Overloaded{
                 [&](engine::AudioFrame& f) { dialect_->audio(f.samples, outbox_); },
                 [&](engine::MarkFrame& f) { dialect_->mark(f.name, outbox_); },
                 [&](engine::ClearFrame&) { dialect_->clear(outbox_); },
                 [&](engine::EndFrame& f) { end_call(f); },
                 [&](engine::ErrorFrame& f) {
                   core::log_warn(
                       "carrier_call.error",
                       {{"call_id", setup_.call_id}, {"code", f.code}, {"error", f.message}});
                 },
                 [](engine::TranscriptFrame&) {},
                 [](engine::LatencyFrame&) {},
             },
             frame);
  send(outbox_);
}

void CarrierCallHandler::end_call(const engine::EndFrame& end) {
  CallEnding ending{carrier_call_id_, end.reason, end.transfer_to, carrier_stopped_};
  if (!setup_.on_end || ending.by_carrier) {
    close(net::WebSocketClose::kNormal, end.reason);
    return;
  }
  // The socket stays open until the carrier has the request: Twilio ends a <Connect><Stream>
  // call when its socket closes, which would beat a transfer to the phone.
  core::Executor& executor = connection_.executor();
  auto alive = std::weak_ptr<bool>(alive_);
  auto then = [&executor, alive, reason = end.reason, this] {
    executor.post([alive, reason, this] {
      if (alive.lock()) close(net::WebSocketClose::kNormal, reason);
    });
  };
  end_timer_ = executor.post_after(kEndWait, then);
  setup_.on_end(ending, then);
}

void CarrierCallHandler::close(std::uint16_t code, const std::string& reason) {
  if (closed_) return;
  closed_ = true;
  connection_.close(code, reason);
}

}  // namespace ovos::telephony
