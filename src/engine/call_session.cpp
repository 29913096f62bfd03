#include "engine/call_session.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/logging.h"
#include "engine/call_metrics.h"

namespace ovos::engine {

using agents::ReplyEvent;

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::duration_cast;

using core::log_warn;

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
constexpr std::string_view kApology = "Sorry, I had a problem answering that.";

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

std::int64_t ms_between(Clock::time_point from, Clock::time_point to) {
  return duration_cast<std::chrono::milliseconds>(to - from).count();
}

providers::TtsContextId context_of(std::uint64_t epoch, std::size_t piece) {
  return (epoch << 16) | static_cast<providers::TtsContextId>(piece);
}

/// Lower-case words of a transcript, apostrophes and hyphens kept inside words.
std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (const char raw : text) {
    const auto c = static_cast<unsigned char>(raw);
    if (std::isalnum(c) != 0 || c >= 0x80 || c == '\'' || c == '-') {
      word += static_cast<char>(std::tolower(c));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

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
      backchannel_(config_.turn.backchannel_words.begin(), config_.turn.backchannel_words.end()) {
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
  const std::string welcome = trim(fill_variables(config_.welcome_message, config_.variables));
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
  message = trim(message);
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

// ---------------------------------------------------------------------------------------------
// Caller side.

void CallSession::on_caller_audio(std::span<const std::int16_t> samples) {
  const auto scope = trace_scope();
  if (!started_ || ended_ || samples.empty()) return;
  if (recorder_ != nullptr) recorder_->caller_audio(samples);
  if (input_resampler_) {
    const auto converted = input_resampler_->process(samples);
    framer_.push(converted);
  } else {
    framer_.push(samples);
  }
  while (!ended_ && framer_.pop(frame_))
    process_frame(frame_);
}

void CallSession::process_frame(std::span<const std::int16_t> frame) {
  const auto preroll_max =
      static_cast<std::size_t>(config_.turn.preroll.count() * analysis_rate_ / 1000);
  preroll_.insert(preroll_.end(), frame.begin(), frame.end());
  if (preroll_.size() > preroll_max) {
    preroll_.erase(preroll_.begin(),
                   preroll_.begin() + static_cast<std::ptrdiff_t>(preroll_.size() - preroll_max));
  }

  auto verdict = vad_->process(frame);
  if (!verdict) return;  // the framer guarantees the size; nothing else can fail
  if (verdict->event == audio::VadEvent::kSpeechStarted) {
    on_speech_started(verdict->event_ms);
  } else if (user_speaking_ && stt_) {
    stt_->push_audio(frame);
  }
  if (verdict->event == audio::VadEvent::kSpeechEnded) on_speech_ended(verdict->event_ms);
  if (user_speaking_) check_barge_in();
}

void CallSession::on_speech_started(std::int64_t onset_ms) {
  const std::int64_t behind = vad_->position_ms() - onset_ms;
  user_onset_ = now() - std::chrono::milliseconds(behind);
  user_onset_stream_ms_ = onset_ms;
  user_speaking_ = true;
  asked_online_ = false;
  if (!utterance_ && !turn_span_open_) begin_turn_span();
  disarm_silence_timers();
  if (!utterance_pending_) {
    interim_.clear();
    barge_paused_ = false;
    barge_committed_ = false;
  }
  if (stt_) {
    const std::vector<std::int16_t> preroll(preroll_.begin(), preroll_.end());
    stt_->push_audio(preroll);
  }
}

void CallSession::on_speech_ended(std::int64_t end_ms) {
  const std::int64_t behind = vad_->position_ms() - end_ms;
  user_end_ = now() - std::chrono::milliseconds(behind);
  user_speaking_ = false;
  utterance_pending_ = true;
  awaiting_final_ = true;
  if (stt_) stt_->finalize();
  final_timer_.cancel();
  final_timer_ = tasks_.post_after(config_.turn.final_timeout, [this] { on_final_timeout(); });
}

int CallSession::interrupting_words(std::string_view text) const {
  int count = 0;
  for (const std::string& word : words_of(text))
    count += backchannel_.contains(word) ? 0 : 1;
  return count;
}

void CallSession::check_barge_in() {
  if (!utterance_ || ended_) return;
  if (utterance_->tools_running > 0) return;  // answered once the tool is done (Bolna too)
  // Speech length in stream time (audio received), not wall time: bursty delivery must not
  // change when a barge-in happens.
  const auto speech = std::chrono::milliseconds(vad_->position_ms() - user_onset_stream_ms_);
  if (speech < config_.turn.interruption_min) return;
  const bool is_reply = utterance_->record.kind == "reply";
  const bool in_window =
      is_reply && (state_ == AgentState::kThinking ||
                   now() - utterance_->user_end < config_.turn.incremental_delay);
  if (in_window) {
    // The caller goes on talking: answer both utterances together.
    carry_text_ = utterance_->record.user_text;
    if (!history_.empty() && history_.back().role == providers::ChatMessage::Role::kUser) {
      history_.pop_back();
    }
    cancel_utterance(false);
    return;
  }
  if (state_ != AgentState::kSpeaking || config_.turn.words_for_interruption <= 0) return;
  if (!barge_paused_) {
    barge_paused_ = true;
    playout_.pause();
  }
  if (!barge_committed_ && interrupting_words(interim_) > config_.turn.words_for_interruption) {
    commit_barge_in();
  }
}

void CallSession::on_stt_event(providers::SttEvent event) {
  if (ended_) return;
  switch (event.kind) {
    case providers::SttEvent::Kind::kSpeechStarted:
      return;
    case providers::SttEvent::Kind::kInterim:
      interim_ = trim(event.text);
      if (interim_.empty()) return;
      output_.deliver(
          TranscriptFrame{Speaker::kUser, trim(user_text_ + " " + interim_), false, next_turn_});
      if (barge_paused_ && !barge_committed_ &&
          interrupting_words(interim_) > config_.turn.words_for_interruption) {
        commit_barge_in();
      }
      return;
    case providers::SttEvent::Kind::kFinal: {
      outcome_.stt_audio_seconds += event.audio_seconds;
      const std::string text = trim(event.text);
      if (!text.empty()) user_text_ = trim(user_text_ + " " + text);
      interim_.clear();
      stt_final_at_ = now();
      if (!user_speaking_) {
        awaiting_final_ = false;
        final_timer_.cancel();
        complete_user_utterance();
      }
      return;
    }
    case providers::SttEvent::Kind::kError:
      log_warn("speech-to-text failed", {{"error", event.error.message}});
      output_.deliver(ErrorFrame{"stt_error", event.error.message});
      hang_up("error", std::string(kApology));
      return;
  }
}

void CallSession::on_final_timeout() {
  if (!awaiting_final_ || user_speaking_) return;
  awaiting_final_ = false;
  if (user_text_.empty()) user_text_ = interim_;
  stt_final_at_ = now();
  complete_user_utterance();
}

void CallSession::complete_user_utterance() {
  std::string text = trim(user_text_);
  user_text_.clear();
  interim_.clear();
  utterance_pending_ = false;
  const bool was_paused = barge_paused_ && !barge_committed_;
  barge_paused_ = false;
  barge_committed_ = false;
  if (was_paused) {
    if (interrupting_words(text) > config_.turn.words_for_interruption) {
      commit_barge_in();
    } else {
      // A backchannel or noise: the agent goes on from where it paused.
      if (!text.empty()) output_.deliver(TranscriptFrame{Speaker::kUser, text, true, next_turn_});
      playout_.resume();
      return;
    }
  }
  if (text.empty()) {
    if (!carry_text_.empty()) {
      text = std::exchange(carry_text_, {});
    } else {
      if (!utterance_) arm_silence_timers();
      return;
    }
  }
  if (utterance_ && utterance_->tools_running > 0) {
    // A tool is running (perhaps booking something): its reply is not cut; this is answered next.
    queued_text_ = trim(queued_text_ + " " + text);
    output_.deliver(TranscriptFrame{Speaker::kUser, text, true, next_turn_});
    return;
  }
  if (state_ == AgentState::kSpeaking && utterance_) {
    if (config_.turn.words_for_interruption <= 0) {
      queued_text_ = trim(queued_text_ + " " + text);  // answered when the agent finishes
    } else if (interrupting_words(text) > config_.turn.words_for_interruption) {
      commit_barge_in();
    } else {
      output_.deliver(TranscriptFrame{Speaker::kUser, text, true, next_turn_});
      return;  // too short to interrupt: a backchannel
    }
    if (utterance_) return;
  }
  if (!carry_text_.empty()) text = trim(std::exchange(carry_text_, {}) + " " + text);
  if (utterance_) cancel_utterance(false);  // e.g. a check-online question still thinking
  output_.deliver(TranscriptFrame{Speaker::kUser, text, true, next_turn_});
  start_reply(std::move(text), {});
}

void CallSession::on_dtmf(char digit) {
  const auto scope = trace_scope();
  if (!started_ || ended_) return;
  if (!config_.dtmf_enabled) return;
  disarm_silence_timers();
  dtmf_timer_.cancel();
  auto submit = [this] {
    if (ended_ || dtmf_digits_.empty()) return;
    std::string digits = std::exchange(dtmf_digits_, {});
    if (utterance_ && utterance_->tools_running > 0) {
      queued_text_ = trim(queued_text_ + " " + digits);
      output_.deliver(TranscriptFrame{Speaker::kUser, digits, true, next_turn_});
      return;
    }
    if (utterance_) {
      if (state_ == AgentState::kSpeaking) {
        commit_barge_in();
      } else {
        cancel_utterance(false);
      }
    }
    user_end_ = now();
    stt_final_at_.reset();
    output_.deliver(TranscriptFrame{Speaker::kUser, digits, true, next_turn_});
    start_reply(digits, digits);
  };
  if (digit == '#') {
    submit();
    return;
  }
  dtmf_digits_ += digit;
  dtmf_timer_ = tasks_.post_after(config_.dtmf_gap, submit);
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
// Agent side.

std::uint64_t CallSession::begin_utterance(std::string kind) {
  if (!turn_span_open_) begin_turn_span();
  ++epoch_;
  utterance_ = std::make_unique<Utterance>();
  utterance_->epoch = epoch_;
  utterance_->turn = next_turn_++;
  utterance_->record.index = utterance_->turn;
  utterance_->record.kind = std::move(kind);
  state_ = AgentState::kThinking;
  playout_.begin(epoch_);
  return epoch_;
}

void CallSession::start_reply(std::string user_text, std::string dtmf) {
  disarm_silence_timers();
  const std::uint64_t epoch = begin_utterance(dtmf.empty() ? "reply" : "dtmf");
  Utterance& u = *utterance_;
  u.record.user_text = user_text;
  u.record.dtmf = std::move(dtmf);
  u.user_end = user_end_;
  u.record.user_speech_end_at = to_unix(user_end_);
  u.stt_final = stt_final_at_;
  if (stt_final_at_) u.record.stt_final_at = to_unix(*stt_final_at_);
  history_.push_back({providers::ChatMessage::Role::kUser, std::move(user_text), {}, {}});
  record_turn(u.record);
  u.reply = providers_.responder->reply(
      history_, executor_,
      tasks_.guard([this, epoch](ReplyEvent e) { on_reply_event(epoch, std::move(e)); }));
}

void CallSession::speak(std::string text, std::string kind) {
  if (utterance_) cancel_utterance(true);
  begin_utterance(std::move(kind));
  Utterance& u = *utterance_;
  u.text = text;
  for (auto& piece : u.chunker.push(text))
    push_piece(std::move(piece));
  for (auto& piece : u.chunker.flush())
    push_piece(std::move(piece));
  u.reply_done = true;
  record_turn(u.record);
  if (u.pieces.empty()) playout_.finish();
}

void CallSession::on_reply_event(std::uint64_t epoch, ReplyEvent event) {
  if (ended_ || !utterance_ || utterance_->epoch != epoch || utterance_->reply_done) return;
  Utterance& u = *utterance_;
  switch (event.kind) {
    case ReplyEvent::Kind::kText:
      if (!u.record.llm_first_token_at) {
        u.record.llm_first_token_at = unix_ms();
        u.first_text_at = now();
      }
      u.text += event.text;
      for (auto& piece : u.chunker.push(event.text))
        push_piece(std::move(piece));
      return;
    case ReplyEvent::Kind::kSay:
      // A whole sentence said now (a tool's pre_call_message): after what came before it.
      flush_chunker();
      if (!u.record.llm_first_token_at) {
        u.record.llm_first_token_at = unix_ms();
        u.first_text_at = now();
      }
      u.text = trim(u.text) + (u.text.empty() ? "" : " ") + event.text + " ";
      push_piece(std::move(event.text));
      return;
    case ReplyEvent::Kind::kToolStarted:
      flush_chunker();
      ++u.tools_running;
      return;
    case ReplyEvent::Kind::kToolResult:
      if (u.tools_running > 0) --u.tools_running;
      u.record.tools.push_back(std::move(event.tool));
      history_.insert(history_.end(), std::make_move_iterator(event.messages.begin()),
                      std::make_move_iterator(event.messages.end()));
      record_turn(u.record);
      return;
    case ReplyEvent::Kind::kSources:
      u.record.sources = std::move(event.sources);
      return;
    case ReplyEvent::Kind::kEndCall:
      u.end_call_after = true;
      u.end_reason = "agent-ended";
      return;
    case ReplyEvent::Kind::kRoute:
      u.record.nodes.push_back(std::move(event.text));
      return;
    case ReplyEvent::Kind::kTransfer:
      u.end_call_after = true;
      u.end_reason = "transfer";
      u.transfer_to = std::move(event.text);
      return;
    case ReplyEvent::Kind::kError:
      log_warn("reply failed", {{"error", event.error.message}});
      u.record.error = event.error.message;
      output_.deliver(ErrorFrame{"llm_error", event.error.message});
      if (u.pieces.empty()) {
        u.text = kApology;
        push_piece(std::string(kApology));
      }
      [[fallthrough]];
    case ReplyEvent::Kind::kDone:
      flush_chunker();
      u.tools_running = 0;
      u.reply_done = true;
      u.reply.reset();
      // What the caller may say next can change with the reply (a graph agent's new node), and
      // the caller may answer before it has been heard to the end.
      if (stt_) stt_->set_expected_phrases(providers_.responder->expected_replies());
      finish_reply_text();
      return;
  }
}

void CallSession::finish_reply_text() {
  Utterance& u = *utterance_;
  if (!u.reply_done) return;
  if (std::all_of(u.piece_done.begin(), u.piece_done.end(), [](bool d) { return d; })) {
    playout_.finish();
  }
}

void CallSession::flush_chunker() {
  for (auto& piece : utterance_->chunker.flush())
    push_piece(std::move(piece));
}

void CallSession::push_piece(std::string piece) {
  Utterance& u = *utterance_;
  const std::size_t index = u.pieces.size();
  u.pieces.push_back(piece);
  u.piece_done.push_back(false);
  if (!u.first_tts_push) u.first_tts_push = now();
  const auto context = context_of(u.epoch, index);
  tts_->push_text(context, piece);
  tts_->flush(context);
}

void CallSession::on_tts_event(providers::TtsEvent event) {
  if (ended_ || !utterance_) return;
  Utterance& u = *utterance_;
  const std::uint64_t epoch = event.context >> 16;
  const std::size_t index = event.context & 0xffff;
  if (epoch != u.epoch || index >= u.pieces.size() || u.piece_done[index]) return;
  switch (event.kind) {
    case providers::TtsEvent::Kind::kAudio: {
      if (event.samples.empty()) return;
      if (!u.record.tts_first_byte_at) {
        u.record.tts_first_byte_at = unix_ms();
        u.first_byte_at = now();
      }
      std::vector<std::int16_t> converted;
      std::span<const std::int16_t> samples = event.samples;
      if (event.sample_rate != config_.output_sample_rate && event.sample_rate > 0) {
        if (!output_resampler_ || output_resampler_from_ != event.sample_rate) {
          auto r = audio::Resampler::create(event.sample_rate, config_.output_sample_rate);
          if (!r) {
            log_warn("speech at an unsupported rate", {{"rate", event.sample_rate}});
            return;
          }
          output_resampler_.emplace(std::move(*r));
          output_resampler_from_ = event.sample_rate;
        }
        converted = output_resampler_->process(event.samples);
        samples = converted;
      }
      playout_.append(static_cast<std::uint32_t>(index), samples);
      show_voiced_text(index);
      return;
    }
    case providers::TtsEvent::Kind::kError:
      log_warn("text-to-speech failed", {{"error", event.error.message}});
      u.record.error = event.error.message;
      output_.deliver(ErrorFrame{"tts_error", event.error.message});
      [[fallthrough]];
    case providers::TtsEvent::Kind::kDone:
      outcome_.tts_characters += event.characters;
      u.piece_done[index] = true;
      playout_.end_piece(static_cast<std::uint32_t>(index), u.pieces[index]);
      if (utterance_ && utterance_->epoch == epoch) finish_reply_text();
      return;
  }
}

void CallSession::show_voiced_text(std::size_t index) {
  Utterance& u = *utterance_;
  // The reply so far, as its sentences start to sound: an interim line the final replaces.
  if (index < u.pieces_voiced || playout_.paused()) return;
  u.pieces_voiced = index + 1;
  std::string text;
  for (std::size_t i = 0; i < u.pieces_voiced; ++i)
    text += (text.empty() ? "" : " ") + trim(u.pieces[i]);
  if (!text.empty()) output_.deliver(TranscriptFrame{Speaker::kAgent, text, false, u.turn});
}

void CallSession::on_first_audio() {
  if (!utterance_) return;
  Utterance& u = *utterance_;
  state_ = AgentState::kSpeaking;
  u.record.first_audio_out_at = unix_ms();
  if ((u.record.kind == "reply" || u.record.kind == "dtmf") && !u.latency_sent) {
    u.latency_sent = true;
    const auto t = now();
    LatencyFrame latency;
    latency.turn = u.turn;
    if (u.stt_final)
      latency.stt_ms = std::max<std::int64_t>(0, ms_between(u.user_end, *u.stt_final));
    if (u.record.llm_first_token_at) {
      latency.llm_ms =
          std::max<std::int64_t>(0, ms_between(u.stt_final.value_or(u.user_end), u.first_text_at));
    }
    if (u.first_tts_push && u.first_byte_at) {
      latency.tts_ms = std::max<std::int64_t>(0, ms_between(*u.first_tts_push, *u.first_byte_at));
    }
    latency.total_ms = std::max<std::int64_t>(0, ms_between(u.user_end, t));
    CallMetrics::global().turn_latency(latency);
    core::log_info("turn.latency", {{"turn", latency.turn},
                                    {"stt_ms", latency.stt_ms},
                                    {"llm_ms", latency.llm_ms},
                                    {"tts_ms", latency.tts_ms},
                                    {"total_ms", latency.total_ms}});
    output_.deliver(latency);
  }
  record_turn(u.record);
}

void CallSession::on_utterance_drained() {
  if (!utterance_ || ended_) return;
  Utterance& u = *utterance_;
  u.record.agent_text = trim(u.text);
  if (!u.record.agent_text.empty()) {
    history_.push_back({providers::ChatMessage::Role::kAssistant, u.record.agent_text, {}, {}});
    output_.deliver(TranscriptFrame{Speaker::kAgent, u.record.agent_text, true, u.turn});
  }
  record_turn(u.record);
  const bool end_call = u.end_call_after;
  std::string end_reason = u.end_reason;
  std::string transfer_to = u.transfer_to;
  const bool was_check = u.record.kind == "check-online";
  utterance_.reset();
  end_turn_span();
  state_ = AgentState::kIdle;
  if (end_call) {
    finish(end_reason.empty() ? "agent-ended" : end_reason, std::move(transfer_to));
    return;
  }
  if (stt_) stt_->set_expected_phrases(providers_.responder->expected_replies());
  if (!queued_text_.empty()) {
    user_end_ = now();
    stt_final_at_.reset();
    start_reply(std::exchange(queued_text_, {}), {});
    return;
  }
  if (!user_speaking_ && !utterance_pending_) {
    if (!was_check) asked_online_ = false;
    arm_silence_timers();
  }
}

void CallSession::cancel_utterance(bool interrupted) {
  if (!utterance_) return;
  Utterance& u = *utterance_;
  u.reply.reset();
  for (std::size_t i = 0; i < u.pieces.size(); ++i) {
    if (!u.piece_done[i]) tts_->cancel(context_of(u.epoch, i));
  }
  const std::string heard = playout_.stop();
  if (interrupted) {
    u.record.agent_text = heard;
    u.record.interrupted = true;
    u.record.interrupted_at = unix_ms();
    if (!heard.empty()) {
      history_.push_back({providers::ChatMessage::Role::kAssistant, heard, {}, {}});
    }
    output_.deliver(TranscriptFrame{Speaker::kAgent, heard, true, u.turn});
    record_turn(u.record);
  } else if (u.record.kind == "reply") {
    // Merged into the next reply: its turn number is given back.
    if (next_turn_ == u.turn + 1) --next_turn_;
  }
  utterance_.reset();
  end_turn_span();
  state_ = AgentState::kIdle;
  ++epoch_;  // anything still in flight for the old epoch is dropped on arrival
}

void CallSession::commit_barge_in() {
  if (!utterance_) return;
  if (utterance_->tools_running > 0) {
    // Paused before a tool started: the tool's reply is not cut; the caller is answered next.
    barge_paused_ = false;
    playout_.resume();
    return;
  }
  barge_committed_ = true;
  const bool end_call = utterance_->end_call_after;
  const std::string reason = utterance_->end_reason;
  cancel_utterance(true);
  if (end_call) finish(reason.empty() ? "agent-ended" : reason);
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
