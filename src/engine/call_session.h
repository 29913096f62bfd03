#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "agents/responder.h"
#include "audio/framer.h"
#include "audio/resampler.h"
#include "audio/vad.h"
#include "core/executor.h"
#include "core/result.h"
#include "core/task_group.h"
#include "core/trace.h"
#include "engine/call_recorder.h"
#include "engine/frames.h"
#include "engine/playout.h"
#include "engine/session_config.h"
#include "engine/transcript_words.h"
#include "engine/utterance.h"
#include "providers/stt.h"
#include "providers/tts.h"

namespace ovos::engine {

/// The providers one call uses. All must outlive the session.
struct SessionProviders {
  providers::SttProvider* stt = nullptr;
  providers::SttOptions stt_options;
  providers::TtsProvider* tts = nullptr;
  providers::TtsOptions tts_options;
  agents::Responder* responder = nullptr;
};

/// One live call: caller audio in, agent audio and events out, on one executor (a shard) from
/// start to end, with no locks. Does turn-taking (endpointing, incremental delay, barge-in with
/// pause/resume, backchannels), the welcome message, the "are you still there" check, hang-up
/// on silence or at the maximum duration, DTMF, and writes every turn to the recorder as it
/// happens. Providers run elsewhere and post their events back. Not thread-safe: every method
/// is called on the executor's thread.
class CallSession {
 public:
  static core::Result<std::unique_ptr<CallSession>> create(core::Executor& executor,
                                                           SessionConfig config,
                                                           SessionProviders providers,
                                                           CallOutput& output,
                                                           CallRecorder* recorder);
  ~CallSession();
  CallSession(const CallSession&) = delete;
  CallSession& operator=(const CallSession&) = delete;

  /// Media started: speaks the welcome message and arms the call timers.
  void start();
  /// Caller audio, mono PCM16 at config.input_sample_rate, any length.
  void on_caller_audio(std::span<const std::int16_t> samples);
  /// A key press: 0-9, *, #, A-D.
  void on_dtmf(char digit);
  /// An external event (graph agents' event edges): the agent says what the responder answers
  /// to it, cutting what it was saying.
  void on_call_event(std::string_view name);
  /// The transport echoed a mark.
  void on_played(std::string_view mark);
  /// The caller hung up (or the socket went away).
  void on_caller_hangup(std::string reason = "caller-hangup");
  /// Ends the call from our side: says `message` first when not empty.
  void hang_up(std::string reason, std::string message = {});

  [[nodiscard]] bool ended() const { return ended_; }
  [[nodiscard]] const std::string& hangup_reason() const { return hangup_reason_; }
  [[nodiscard]] const std::vector<providers::ChatMessage>& history() const { return history_; }
  [[nodiscard]] int turns_started() const { return next_turn_; }
  /// The call's trace context: its trace id (the one current when the session was made, else
  /// a random one) and the span of the turn in progress, if any.
  [[nodiscard]] const core::TraceContext& trace() const { return *trace_; }

 private:
  enum class AgentState { kIdle, kThinking, kSpeaking };

  /// Said when the responder fails before saying anything, and before hanging up when the
  /// recogniser fails.
  static constexpr std::string_view kApology = "Sorry, I had a problem answering that.";

  CallSession(core::Executor& executor, SessionConfig config, SessionProviders providers,
              CallOutput& output, CallRecorder* recorder);
  core::Result<void> open_streams();

  // Caller side (call_session_caller.cpp).
  void process_frame(std::span<const std::int16_t> frame);
  void on_speech_started(std::int64_t onset_ms);
  void on_speech_ended(std::int64_t end_ms);
  void on_stt_event(providers::SttEvent event);
  void on_final_timeout();
  void complete_user_utterance();

  // Barge-in (call_session_barge_in.cpp).
  void check_barge_in();
  void commit_barge_in();
  void cancel_utterance(bool interrupted);

  // Agent side (call_session_agent.cpp).
  void start_reply(std::string user_text, std::string dtmf);
  void speak(std::string text, std::string kind);
  std::uint64_t begin_utterance(std::string kind);
  void on_reply_event(std::uint64_t epoch, agents::ReplyEvent event);
  void push_piece(std::string piece);
  void flush_chunker();
  void on_tts_event(providers::TtsEvent event);
  /// Shows the reply so far as interim agent text once piece `index` starts to sound.
  void show_voiced_text(std::size_t index);
  void on_first_audio();
  void on_utterance_drained();
  void finish_reply_text();

  // Timers and records (call_session.cpp).
  void arm_silence_timers();
  void disarm_silence_timers();
  void record_turn(const TurnRecord& record);
  void finish(std::string reason, std::string transfer_to = {});
  /// Log lines written in its scope carry the call's trace id and the turn's span.
  [[nodiscard]] core::ScopedTrace trace_scope() const { return core::ScopedTrace(*trace_); }
  /// A turn's span begins when the caller starts speaking or the agent starts an utterance of
  /// its own, and ends with the agent's utterance (a caller already speaking then begins the
  /// next one).
  void begin_turn_span();
  void end_turn_span();
  [[nodiscard]] std::int64_t unix_ms() const { return executor_.clock().unix_ms(); }
  [[nodiscard]] std::chrono::steady_clock::time_point now() const {
    return executor_.clock().now();
  }
  [[nodiscard]] std::int64_t to_unix(std::chrono::steady_clock::time_point t) const;

  core::Executor& executor_;
  SessionConfig config_;
  SessionProviders providers_;
  CallOutput& output_;
  CallRecorder* recorder_;
  core::SharedTrace trace_;
  bool turn_span_open_ = false;
  core::TaskGroup tasks_;
  Playout playout_;

  std::unique_ptr<providers::SttStream> stt_;
  std::unique_ptr<providers::TtsStream> tts_;
  int analysis_rate_;                                 // VAD and recogniser input rate
  std::optional<audio::Resampler> input_resampler_;   // input rate -> analysis rate, if needed
  std::optional<audio::Resampler> output_resampler_;  // TTS rate -> output rate
  int output_resampler_from_ = 0;
  audio::Framer framer_;
  std::optional<audio::VoiceActivityDetector> vad_;
  InterruptionWords interruption_words_;
  std::deque<std::int16_t> preroll_;
  std::vector<std::int16_t> frame_;

  bool started_ = false;
  bool ended_ = false;
  std::string hangup_reason_;
  std::int64_t started_unix_ms_ = 0;
  std::chrono::steady_clock::time_point started_at_{};

  // Caller utterance in progress.
  bool user_speaking_ = false;
  std::chrono::steady_clock::time_point user_onset_{};
  std::int64_t user_onset_stream_ms_ = 0;  // onset in VAD stream time
  std::chrono::steady_clock::time_point user_end_{};
  bool awaiting_final_ = false;
  bool utterance_pending_ = false;  // speech ended, turn not yet complete
  std::string user_text_;           // finals of this utterance
  std::string interim_;
  std::optional<std::chrono::steady_clock::time_point> stt_final_at_;
  core::TimerHandle final_timer_;
  bool barge_paused_ = false;  // the agent's audio is paused by this utterance
  bool barge_committed_ = false;
  std::string carry_text_;   // a cancelled reply's caller text, answered with the next
  std::string queued_text_;  // caller text heard while barge-in was disabled

  // Agent.
  AgentState state_ = AgentState::kIdle;
  std::unique_ptr<Utterance> utterance_;
  std::uint64_t epoch_ = 0;
  int next_turn_ = 0;
  std::vector<providers::ChatMessage> history_;

  // DTMF.
  std::string dtmf_digits_;
  core::TimerHandle dtmf_timer_;

  // Silence and duration.
  core::TimerHandle online_timer_;
  core::TimerHandle silence_timer_;
  core::TimerHandle max_duration_timer_;
  core::TimerHandle hangup_guard_timer_;
  bool asked_online_ = false;

  CallOutcome outcome_;
};

}  // namespace ovos::engine
