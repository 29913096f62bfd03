#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>

#include "core/clock.h"
#include "core/executor.h"
#include "core/result.h"
#include "engine/call_recorder.h"
#include "engine/recording/call_audio_recorder.h"
#include "engine/recording/serial_queue.h"
#include "store/records.h"
#include "store/store.h"

namespace ovos::engine {

/// How a StoreCallRecorder writes.
struct StoreCallRecorderOptions {
  // Root of the recordings (<data_dir>/recordings): the WAV goes to
  // <recordings_dir>/<user_id>/<call_id>.wav. Empty: no audio is recorded.
  std::filesystem::path recordings_dir;
  int input_sample_rate = 16000;                 // the caller's audio; also the recording's rate
  int output_sample_rate = 16000;                // the agent's audio
  int max_attempts = 4;                          // per database write, for errors that may pass
  std::chrono::milliseconds retry_backoff{100};  // before the second attempt; doubles after
  const core::Clock* clock = nullptr;            // turns' created_at; the system clock if null
  // Insert the call record as the first write (on the pool) instead of expecting it to exist,
  // so a call that never starts leaves no record behind.
  bool create_call = false;
  // The call exists already (a phone call, queued or ringing): mark it in progress, with its
  // start time, as the first write.
  bool mark_started = false;
  // Runs on the pool once the call's outcome is written (not when that write failed), with
  // the call as stored: where the post-call tasks start. Must not throw.
  std::function<void(const store::Call&)> on_final;
};

/// Writes one live call's log through the Store as it happens: every turn state as an upsert,
/// the audio as a stereo WAV (CallAudioRecorder), and at the end the call's outcome (status
/// "completed", ended_at, duration, hang-up reason, recording URL, usage). Called on the call's
/// executor and never blocks it: database writes run on the blocking-I/O pool, this call's
/// one at a time in order; when a turn changes again before its write ran, only its latest
/// state is written. A failed write is logged and, when the error may pass (unavailable,
/// internal), retried with backoff on the pool; after a write exhausted its attempts, later
/// ones try once until one succeeds. Nothing throws into the call. The Store and the pool must
/// outlive every write (wait_idle(), or the pool's destructor, which runs what is queued).
class StoreCallRecorder final : public CallRecorder {
 public:
  /// `call` already exists in the store (status in-progress).
  [[nodiscard]] static core::Result<std::unique_ptr<StoreCallRecorder>> create(
      store::Store& store, core::ComputePool& io, store::Call call,
      const StoreCallRecorderOptions& options);
  /// Closes the recording if ended() was not called; does not wait and writes no outcome.
  ~StoreCallRecorder() override;
  StoreCallRecorder(const StoreCallRecorder&) = delete;
  StoreCallRecorder& operator=(const StoreCallRecorder&) = delete;

  void turn(const TurnRecord& record) override;
  void caller_audio(std::span<const std::int16_t> samples) override;
  void agent_audio(std::int64_t at_ms, std::span<const std::int16_t> samples) override;
  /// Finishes the recording, then writes the outcome; later calls are ignored.
  void ended(const CallOutcome& outcome) override;

  /// Blocks until everything of this call handed to the pool so far is written or given up
  /// (for tests and shutdown; never on the call's executor).
  void wait_idle();

  /// Where the WAV goes (empty when no audio is recorded).
  [[nodiscard]] const std::filesystem::path& recording_path() const { return recording_path_; }

 private:
  struct Writes;
  /// A turn's identity, fixed by its first state.
  struct TurnIdentity {
    std::string id;
    std::int64_t created_at = 0;
  };

  StoreCallRecorder(std::shared_ptr<Writes> writes, core::ComputePool& io,
                    std::unique_ptr<CallAudioRecorder> audio, std::filesystem::path recording_path,
                    const core::Clock& clock);

  std::shared_ptr<Writes> writes_;
  std::shared_ptr<SerialQueue> queue_;
  std::unique_ptr<CallAudioRecorder> audio_;
  std::filesystem::path recording_path_;
  const core::Clock& clock_;
  std::map<int, TurnIdentity> turn_ids_;
  bool ended_ = false;
};

}  // namespace ovos::engine
