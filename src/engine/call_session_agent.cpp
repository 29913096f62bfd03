// CallSession, the agent's side: its utterances (replies, the welcome, checks, goodbyes), the
// responder's events, the pieces given to text-to-speech, their audio into the playout, and
// what happens once an utterance has been heard.
#include <iterator>

#include "core/logging.h"
#include "engine/call_metrics.h"
#include "engine/call_session.h"
#include "engine/transcript_words.h"

namespace ovos::engine {

using agents::ReplyEvent;
using core::log_warn;

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
      u.note_first_text(unix_ms(), now());
      u.text += event.text;
      for (auto& piece : u.chunker.push(event.text))
        push_piece(std::move(piece));
      return;
    case ReplyEvent::Kind::kSay:
      // A whole sentence said now (a tool's pre_call_message): after what came before it.
      flush_chunker();
      u.note_first_text(unix_ms(), now());
      u.text = trim_text(u.text) + (u.text.empty() ? "" : " ") + event.text + " ";
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
  if (u.all_pieces_done()) playout_.finish();
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
  const auto context = tts_context(u.epoch, index);
  tts_->push_text(context, piece);
  tts_->flush(context);
}

void CallSession::on_tts_event(providers::TtsEvent event) {
  if (ended_ || !utterance_) return;
  Utterance& u = *utterance_;
  const std::uint64_t epoch = epoch_of(event.context);
  const std::size_t index = piece_of(event.context);
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
  const std::string text = u.voiced_text();
  if (!text.empty()) output_.deliver(TranscriptFrame{Speaker::kAgent, text, false, u.turn});
}

void CallSession::on_first_audio() {
  if (!utterance_) return;
  Utterance& u = *utterance_;
  state_ = AgentState::kSpeaking;
  u.record.first_audio_out_at = unix_ms();
  if ((u.record.kind == "reply" || u.record.kind == "dtmf") && !u.latency_sent) {
    u.latency_sent = true;
    const LatencyFrame latency = u.latency(now());
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
  u.record.agent_text = trim_text(u.text);
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

}  // namespace ovos::engine
