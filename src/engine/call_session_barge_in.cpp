// CallSession, barge-in: the caller speaking over the agent pauses it, enough words cut it off,
// and a cut utterance leaves in the history only what the caller heard.
#include "engine/call_session.h"

namespace ovos::engine {

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
  if (!barge_committed_ &&
      interruption_words_.count(interim_) > config_.turn.words_for_interruption) {
    commit_barge_in();
  }
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

void CallSession::cancel_utterance(bool interrupted) {
  if (!utterance_) return;
  Utterance& u = *utterance_;
  u.reply.reset();
  for (std::size_t i = 0; i < u.pieces.size(); ++i) {
    if (!u.piece_done[i]) tts_->cancel(tts_context(u.epoch, i));
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

}  // namespace ovos::engine
