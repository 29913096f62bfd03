// CallSession's life: making it and its streams, start, hang-up and the end of the call, the
// silence and duration timers, turn spans and records. The caller's side is in
// call_session_caller.cpp, the agent's in call_session_agent.cpp, barge-in in
// call_session_barge_in.cpp.
#include "engine/call_session.h"

#include <algorithm>

#include "core/logging.h"
#include "engine/call_metrics.h"
#include "engine/transcript_words.h"

namespace ovos::engine {

namespace {

using Clock = std::chrono::steady_clock;

/// The rate the VAD and the recogniser get: the caller's own when the VAD takes it (no
/// resampling on the hot path; a recogniser that wants 16 kHz resamples only the speech), else
/// 16 kHz.
int analysis_rate(int input_rate) {
  return input_rate == 8000 || input_rate == 16000 || input_rate == 32000 || input_rate == 48000
             ? input_rate
             : 16000;
}
constexpr int kFrameMs = 20;
constexpr std::chrono::milliseconds kHangupMessageGuard{15'000};

}  // namespace

core::Result<std::unique_ptr<CallSession>> CallSession::create(core::Executor& executor,
                                                               SessionConfig config,
                                                               SessionProviders providers,
                                                               CallOutput& output,
                                                               CallRecorder* recorder) {
  if (providers.stt == nullptr || providers.tts == nullptr || providers.responder == nullptr) {
    return core::Error::invalid("a call needs speech-to-text, text-to-speech and a responder");
  }
  for (const int rate : {config.input_sample_rate, config.output_sample_rate}) {
    if (!audio::Resampler::is_supported_rate(rate)) {
      return core::Error::invalid("unsupported sample rate " + std::to_string(rate));
    }
  }
  std::unique_ptr<CallSession> session(
      new CallSession(executor, std::move(config), std::move(providers), output, recorder));
  OVOS_TRY(session->open_streams());
  return session;
}

CallSession::CallSession(core::Executor& executor, SessionConfig config, SessionProviders providers,
                         CallOutput& output, CallRecorder* recorder)
    : executor_(executor),
      config_(std::move(config)),
      providers_(std::move(providers)),
      output_(output),
      recorder_(recorder),
      trace_(std::make_shared<core::TraceContext>(core::TraceContext{
          core::current_trace().empty() ? core::random_trace_id() : core::current_trace().trace_id,
          {}})),
      tasks_(executor),
      playout_(executor, output, config_.output_sample_rate, config_.playout_lead,
               std::clamp(config_.output_frame_ms, 10, 100)),
      analysis_rate_(analysis_rate(config_.input_sample_rate)),
      framer_(audio::Framer::for_duration(analysis_rate_, kFrameMs)),
      interruption_words_(config_.turn.backchannel_words) {
  tasks_.set_trace(trace_);
  playout_.on_first_audio = [this] { on_first_audio(); };
  playout_.on_drained = [this] { on_utterance_drained(); };
  playout_.on_frame = [this](Clock::time_point at, const Playout::Samples& samples) {
    if (recorder_ != nullptr) recorder_->agent_audio(ms_between(started_at_, at), samples);
  };
}

CallSession::~CallSession() {
  // A session dropped without an end (its owner gave up on it) still leaves the active count.
  if (started_ && !ended_) CallMetrics::global().call_ended("dropped");
  tasks_.close();
  if (stt_) stt_->close();
  if (tts_) tts_->close();
}

core::Result<void> CallSession::open_streams() {
  audio::VadConfig vad;
  vad.sample_rate = analysis_rate_;
  vad.frame_ms = kFrameMs;
  vad.speech_end_ms = static_cast<int>(config_.turn.endpointing.count());
  OVOS_ASSIGN_OR_RETURN(auto detector, audio::VoiceActivityDetector::create(vad));
  vad_.emplace(std::move(detector));
  if (config_.input_sample_rate != analysis_rate_) {
    OVOS_ASSIGN_OR_RETURN(auto r,
                          audio::Resampler::create(config_.input_sample_rate, analysis_rate_));
    input_resampler_.emplace(std::move(r));
  }
  providers::SttOptions stt_options = providers_.stt_options;
  stt_options.sample_rate = analysis_rate_;
  stt_options.expected_phrases = providers_.responder->expected_replies();
  OVOS_ASSIGN_OR_RETURN(
      stt_, providers_.stt->open_stream(
                stt_options, executor_,
                tasks_.guard([this](providers::SttEvent e) { on_stt_event(std::move(e)); })));
  providers::TtsOptions tts_options = providers_.tts_options;
  tts_options.sample_rate = config_.output_sample_rate;
  OVOS_ASSIGN_OR_RETURN(
      tts_, providers_.tts->open_stream(
                tts_options, executor_,
                tasks_.guard([this](providers::TtsEvent e) { on_tts_event(std::move(e)); })));
  return {};
}

std::int64_t CallSession::to_unix(Clock::time_point t) const {
  return unix_ms() - ms_between(t, now());
}

// ---------------------------------------------------------------------------------------------
// Trace context.

void CallSession::begin_turn_span() {
  trace_->span_id = core::random_span_id();
  turn_span_open_ = true;
  core::replace_current_trace(*trace_);
}

void CallSession::end_turn_span() {
  turn_span_open_ = false;
  if (user_speaking_ || utterance_pending_) {
    begin_turn_span();  // the caller's next turn has begun already
    return;
  }
  trace_->span_id = {};
  core::replace_current_trace(*trace_);
}

// ---------------------------------------------------------------------------------------------
// Start and end.

void CallSession::start() {
  const auto scope = trace_scope();
  if (started_ || ended_) return;
  started_ = true;
  started_at_ = now();
  started_unix_ms_ = unix_ms();
  outcome_.started_at = started_unix_ms_;
  CallMetrics::global().call_started();
  core::log_info("call.started", {{"input_rate", config_.input_sample_rate},
                                  {"output_rate", config_.output_sample_rate}});
  if (config_.max_duration.count() > 0) {
    max_duration_timer_ = tasks_.post_after(config_.max_duration, [this] {
      hang_up("max-duration", fill_variables(config_.hangup_message, config_.variables));
    });
  }
  const std::string welcome = trim_text(fill_variables(config_.welcome_message, config_.variables));
  if (!welcome.empty()) {
    speak(welcome, "welcome");
  } else {
    arm_silence_timers();
  }
}

void CallSession::on_caller_hangup(std::string reason) {
  const auto scope = trace_scope();
  finish(std::move(reason));
}

void CallSession::hang_up(std::string reason, std::string message) {
  const auto scope = trace_scope();
  if (ended_) return;
  message = trim_text(message);
  if (message.empty() || !started_) {
    finish(std::move(reason));
    return;
  }
  if (utterance_) cancel_utterance(true);
  speak(message, "hangup-message");
  if (utterance_) {
    utterance_->end_call_after = true;
    utterance_->end_reason = reason;
  }
  disarm_silence_timers();
  hangup_guard_timer_ = tasks_.post_after(kHangupMessageGuard, [this, reason] { finish(reason); });
}

void CallSession::finish(std::string reason, std::string transfer_to) {
  if (ended_) return;
  if (utterance_) cancel_utterance(true);
  ended_ = true;
  hangup_reason_ = std::move(reason);
  disarm_silence_timers();
  tasks_.close();
  if (stt_) stt_->close();
  if (tts_) tts_->close();
  outcome_.hangup_reason = hangup_reason_;
  outcome_.ended_at = unix_ms();
  outcome_.turns = next_turn_;
  if (started_) CallMetrics::global().call_ended(hangup_reason_);
  trace_->span_id = {};
  turn_span_open_ = false;
  core::replace_current_trace(*trace_);
  core::log_info("call.ended", {{"reason", hangup_reason_}, {"turns", next_turn_}});
  if (recorder_ != nullptr) recorder_->ended(outcome_);
  output_.deliver(EndFrame{hangup_reason_, std::move(transfer_to)});
}

void CallSession::on_call_event(std::string_view name) {
  const auto scope = trace_scope();
  if (!started_ || ended_) return;
  if (utterance_ && utterance_->tools_running > 0) return;  // a tool's reply is not cut
  std::string text = providers_.responder->on_call_event(name);
  if (stt_) stt_->set_expected_phrases(providers_.responder->expected_replies());
  if (!text.empty()) speak(std::move(text), "event");
}

void CallSession::on_played(std::string_view mark) {
  const auto scope = trace_scope();
  if (ended_) return;
  playout_.on_played(mark);
}

// ---------------------------------------------------------------------------------------------
// Timers and records.

void CallSession::arm_silence_timers() {
  if (ended_) return;
  if (config_.check_if_user_online && !asked_online_ && config_.user_online_after.count() > 0 &&
      !config_.user_online_message.empty()) {
    online_timer_.cancel();
    online_timer_ = tasks_.post_after(config_.user_online_after, [this] {
      if (ended_ || utterance_ || user_speaking_ || utterance_pending_) return;
      asked_online_ = true;
      speak(fill_variables(config_.user_online_message, config_.variables), "check-online");
    });
  }
  if (config_.hangup_after_silence.count() > 0 && !silence_timer_.active()) {
    silence_timer_ = tasks_.post_after(config_.hangup_after_silence, [this] {
      hang_up("silence", fill_variables(config_.hangup_message, config_.variables));
    });
  }
}

void CallSession::disarm_silence_timers() {
  online_timer_.cancel();
  silence_timer_.cancel();
}

void CallSession::record_turn(const TurnRecord& record) {
  if (recorder_ != nullptr) recorder_->turn(record);
}

}  // namespace ovos::engine
