#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/executor.h"
#include "core/task_group.h"
#include "engine/call_session.h"
#include "engine/frames.h"

namespace ovos::app {

/// A final transcript as the simulated caller received it. Times are from the call's start.
struct HeardTranscript {
  std::int64_t at_ms = 0;     // when it was final
  std::int64_t since_ms = 0;  // when the first transcript of these words came (an interim)
  engine::Speaker speaker = engine::Speaker::kUser;
  std::string text;
  int turn = 0;
};

/// An error frame the session sent; `at_ms` from the call's start.
struct HeardError {
  std::int64_t at_ms = 0;
  std::string code;
  std::string message;
};

/// The simulated caller's end of the line, a CallOutput: it "plays" the agent's audio in the
/// executor's time (virtual or real), answers each mark when playback reaches it (dropping those
/// a clear cancels, as a web-call client does), and keeps what a script or a person would read:
/// final transcripts, latencies and errors. Lives on the session's executor, which must
/// outlive it; not thread-safe.
class SimulatedLine final : public engine::CallOutput {
 public:
  /// Agent audio comes at `output_rate` (the session's output rate).
  SimulatedLine(core::Executor& executor, int output_rate)
      : executor_(executor),
        marks_(std::make_unique<core::TaskGroup>(executor)),
        output_rate_(output_rate) {}

  /// The call starts now; times are counted from here.
  void begin() { started_at_ = executor_.clock().now(); }
  /// Where marks are answered; null stops answering (before the session is destroyed).
  void attach(engine::CallSession* session) { session_ = session; }

  void deliver(engine::OutputFrame frame) override;

  /// Milliseconds since begin().
  [[nodiscard]] std::int64_t elapsed_ms() const;
  /// True while agent audio is playing, or played less than `grace` ago.
  [[nodiscard]] bool agent_audible(std::chrono::milliseconds grace) const;

  [[nodiscard]] const std::vector<HeardTranscript>& transcripts() const { return transcripts_; }
  [[nodiscard]] const std::vector<engine::LatencyFrame>& latencies() const { return latencies_; }
  [[nodiscard]] const std::vector<HeardError>& errors() const { return errors_; }

 private:
  void hear(const engine::TranscriptFrame& frame);
  void play(const engine::AudioFrame& frame);
  void answer_mark(const engine::MarkFrame& mark);

  core::Executor& executor_;
  std::unique_ptr<core::TaskGroup> marks_;  // answers to come; replaced (cancelled) by a clear
  engine::CallSession* session_ = nullptr;
  std::chrono::steady_clock::time_point started_at_{};
  std::chrono::steady_clock::time_point playing_until_{};  // end of the audio received so far
  int output_rate_;
  std::vector<HeardTranscript> transcripts_;
  std::optional<std::int64_t> caller_words_since_;  // first caller transcript since the last final
  std::vector<engine::LatencyFrame> latencies_;
  std::vector<HeardError> errors_;
};

}  // namespace ovos::app
