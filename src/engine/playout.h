#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/task_group.h"
#include "engine/frames.h"

namespace ovos::engine {

/// Paces one agent utterance out to the caller in real time, a little ahead of what is playing
/// (the lead), so that a barge-in has little to clear and we always know what the caller heard.
/// The utterance is a sequence of pieces (sentences); each ends with a mark the transport echoes.
/// Pause rewinds to what was heard and clears the caller's buffer; resume goes on from there.
/// Used only on its executor's thread.
class Playout {
 public:
  using Samples = std::vector<std::int16_t>;
  /// Called for every frame sent: its samples and when it starts playing (steady time).
  using FrameObserver = std::function<void(std::chrono::steady_clock::time_point, const Samples&)>;

  Playout(core::Executor& executor, CallOutput& output, int sample_rate,
          std::chrono::milliseconds lead, int frame_ms = 20);

  /// Starts utterance `epoch`, dropping whatever is left of the previous one (no clear sent).
  void begin(std::uint64_t epoch);
  /// Adds speech of `piece` (pieces are numbered 0, 1, ... in order of speaking).
  void append(std::uint32_t piece, std::span<const std::int16_t> samples);
  /// `piece` has all its audio; its text is what the caller hears with it.
  void end_piece(std::uint32_t piece, std::string text);
  /// No more pieces: `on_drained` runs once the caller has heard everything.
  void finish();
  /// Stops sending, clears the caller's buffer and rewinds to what was heard.
  void pause();
  /// Goes on from where pause() left.
  void resume();
  /// Clears the caller's buffer (if anything is unheard) and drops the utterance. Returns the
  /// text heard so far (see heard_text()).
  std::string stop();
  /// The transport echoed a mark.
  void on_played(std::string_view mark);

  /// Text of the pieces heard in full plus the heard share of the words of the piece playing.
  [[nodiscard]] std::string heard_text() const;
  /// Samples of the utterance heard by now (estimated from the pacing, corrected by marks).
  [[nodiscard]] std::int64_t heard_samples() const;
  [[nodiscard]] bool active() const { return active_; }
  [[nodiscard]] bool paused() const { return paused_; }
  [[nodiscard]] bool started_audio() const { return sent_any_; }
  [[nodiscard]] std::uint64_t epoch() const { return epoch_; }

  std::function<void()> on_first_audio;  // the utterance's first frame went out
  std::function<void()> on_drained;      // finished and fully heard
  FrameObserver on_frame;

 private:
  struct Piece {
    std::int64_t start = 0;  // utterance sample where it begins
    std::int64_t end = -1;   // one past its last sample, once ended
    std::string text;
    bool mark_sent = false;
  };

  void pump();
  void schedule_pump(std::chrono::steady_clock::time_point at);
  void send_marks_up_to(std::int64_t position);
  [[nodiscard]] std::int64_t total_samples() const {
    return base_ + static_cast<std::int64_t>(audio_.size());
  }
  [[nodiscard]] std::chrono::steady_clock::time_point now() const;
  void drop_heard();
  void check_drained();

  core::Executor& executor_;
  CallOutput& output_;
  core::TaskGroup tasks_;
  int sample_rate_;
  std::chrono::milliseconds lead_;
  std::size_t frame_samples_;

  std::uint64_t epoch_ = 0;
  bool active_ = false;
  bool finished_ = false;
  bool paused_ = false;
  bool sent_any_ = false;
  bool drained_ = false;
  std::vector<Piece> pieces_;
  std::deque<std::int16_t> audio_;  // utterance samples from base_ on
  std::int64_t base_ = 0;
  std::int64_t cursor_ = 0;                             // next sample to send
  std::int64_t confirmed_ = 0;                          // heard for sure (marks)
  std::chrono::steady_clock::time_point buffer_end_{};  // when all sent audio will have played
  core::TimerHandle pump_timer_;
  std::chrono::steady_clock::time_point pump_at_{};
};

}  // namespace ovos::engine
