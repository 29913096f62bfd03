// CallSession, the caller's side: audio in, voice activity, the recogniser's transcripts, when
// a caller turn is complete and what it starts, and keypad digits.
#include "core/logging.h"
#include "engine/call_session.h"
#include "engine/transcript_words.h"

namespace ovos::engine {

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

void CallSession::on_stt_event(providers::SttEvent event) {
  if (ended_) return;
  switch (event.kind) {
    case providers::SttEvent::Kind::kSpeechStarted:
      return;
    case providers::SttEvent::Kind::kInterim:
      interim_ = trim_text(event.text);
      if (interim_.empty()) return;
      output_.deliver(TranscriptFrame{Speaker::kUser, trim_text(user_text_ + " " + interim_), false,
                                      next_turn_});
      if (barge_paused_ && !barge_committed_ &&
          interruption_words_.count(interim_) > config_.turn.words_for_interruption) {
        commit_barge_in();
      }
      return;
    case providers::SttEvent::Kind::kFinal: {
      outcome_.stt_audio_seconds += event.audio_seconds;
      const std::string text = trim_text(event.text);
      if (!text.empty()) user_text_ = trim_text(user_text_ + " " + text);
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
      core::log_warn("speech-to-text failed", {{"error", event.error.message}});
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
  std::string text = trim_text(user_text_);
  user_text_.clear();
  interim_.clear();
  utterance_pending_ = false;
  const bool was_paused = barge_paused_ && !barge_committed_;
  barge_paused_ = false;
  barge_committed_ = false;
  if (was_paused) {
    if (interruption_words_.count(text) > config_.turn.words_for_interruption) {
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
    queued_text_ = trim_text(queued_text_ + " " + text);
    output_.deliver(TranscriptFrame{Speaker::kUser, text, true, next_turn_});
    return;
  }
  if (state_ == AgentState::kSpeaking && utterance_) {
    if (config_.turn.words_for_interruption <= 0) {
      queued_text_ = trim_text(queued_text_ + " " + text);  // answered when the agent finishes
    } else if (interruption_words_.count(text) > config_.turn.words_for_interruption) {
      commit_barge_in();
    } else {
      output_.deliver(TranscriptFrame{Speaker::kUser, text, true, next_turn_});
      return;  // too short to interrupt: a backchannel
    }
    if (utterance_) return;
  }
  if (!carry_text_.empty()) text = trim_text(std::exchange(carry_text_, {}) + " " + text);
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
      queued_text_ = trim_text(queued_text_ + " " + digits);
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

}  // namespace ovos::engine
