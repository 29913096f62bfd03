#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "core/executor.h"
#include "core/result.h"
#include "engine/recording/agent_audio_aligner.h"
#include "engine/recording/serial_queue.h"
#include "engine/recording/stereo_timeline.h"

namespace ovos::engine {

/// Where and how one call is recorded.
struct CallAudioRecorderOptions {
  std::filesystem::path path;     // parent directories are created
  int sample_rate = 16000;        // the recording's rate: the caller's input rate
  int agent_sample_rate = 16000;  // the rate agent_audio() samples come at
  // Caller audio kept open behind the newest caller frame, so agent audio that arrives late
  // still lands in place.
  std::chrono::milliseconds window{2000};
  // Agent audio held beyond the newest caller frame; past that the caller is taken to be
  // sending nothing (a muted client) and its channel is filled with silence.
  std::chrono::milliseconds max_ahead{3000};
  // Committed audio handed to the disk per write.
  std::chrono::milliseconds block{1000};
  // Audio waiting for the disk; past that new blocks are dropped (they read as silence).
  std::chrono::milliseconds max_queued{5000};
};

/// Records one call as a stereo 16-bit PCM WAV file at the caller's rate: left channel the
/// caller, right channel the agent, lined up in time. Caller audio appends in arrival order;
/// agent audio lands at its play position (resampled to the recording's rate), silence where
/// the agent did not speak, audio re-sent at an earlier position overwriting what was there.
/// Frames become final `window` behind the newest caller frame and go to disk in blocks.
///
/// Fed on the call's executor and never blocks it: the file is created, written and closed by
/// tasks on a blocking-I/O ComputePool, one at a time in order. Holds at most about window +
/// max_ahead + block + max_queued of audio. Not thread-safe; the pool tasks own the file.
///
/// On disk the file is always a valid WAV: after each block the header is rewritten to
/// describe the samples written so far. If the process dies mid-call a reader sees the call up
/// to the last block written (the last window + block, about 3 s, are lost); if it dies between
/// a block and its header update, the header describes one block less and the extra bytes after
/// the data chunk are ignored. close() fsyncs.
class CallAudioRecorder {
 public:
  [[nodiscard]] static core::Result<std::unique_ptr<CallAudioRecorder>> create(
      core::ComputePool& io, CallAudioRecorderOptions options);
  /// Closes if close() was not called; does not wait.
  ~CallAudioRecorder();
  CallAudioRecorder(const CallAudioRecorder&) = delete;
  CallAudioRecorder& operator=(const CallAudioRecorder&) = delete;

  /// Caller audio at sample_rate, in arrival order.
  void caller_audio(std::span<const std::int16_t> samples);
  /// Agent audio at agent_sample_rate that starts playing `at_ms` after the call started.
  void agent_audio(std::int64_t at_ms, std::span<const std::int16_t> samples);
  /// Writes everything held, finalizes and closes the file; later audio is ignored. `done`
  /// then runs on the pool with ok, or the first error that cost audio (open, write or close).
  void close(std::function<void(core::Result<void>)> done = {});
  /// Blocks until every write handed to the pool so far has finished.
  void wait_idle() { queue_.wait_idle(); }

  [[nodiscard]] const std::filesystem::path& path() const { return options_.path; }
  /// Frames final so far (handed to the disk or dropped).
  [[nodiscard]] std::int64_t committed_frames() const { return timeline_.committed(); }
  /// Agent frames that arrived after their place was final, and were dropped.
  [[nodiscard]] std::int64_t late_agent_frames() const { return late_agent_frames_; }

 private:
  struct Disk;
  CallAudioRecorder(core::ComputePool& io, CallAudioRecorderOptions options,
                    AgentAudioAligner aligner);
  [[nodiscard]] std::int64_t frames_of(std::chrono::milliseconds ms) const;
  void place(const AgentAudioAligner::Piece& piece);
  /// Takes frames up to `end` into the pending block, handing full blocks to the disk.
  void commit(std::int64_t end, bool force);
  /// Queues the pending block for the disk; unless `force`, drops it when too much waits.
  void hand_off(bool force);

  CallAudioRecorderOptions options_;
  SerialQueue queue_;
  std::shared_ptr<Disk> disk_;
  AgentAudioAligner aligner_;
  StereoTimeline timeline_;
  std::vector<std::int16_t> pending_;  // interleaved frames from pending_start_ on
  std::int64_t pending_start_ = 0;
  std::int64_t late_agent_frames_ = 0;
  std::int64_t dropped_frames_ = 0;
  bool closed_ = false;
};

}  // namespace ovos::engine
