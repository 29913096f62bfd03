#include "engine/recording/store_call_recorder.h"

#include <algorithm>
#include <mutex>
#include <string_view>
#include <thread>
#include <utility>

#include "core/ids.h"
#include "core/logging.h"
#include "engine/recording/call_log_records.h"

namespace ovos::engine {
namespace {

// Errors a later attempt may not see: the database went away, or something broke inside it.
bool may_pass(core::ErrorCode code) {
  return code == core::ErrorCode::kUnavailable || code == core::ErrorCode::kInternal;
}

// Ids become file names: nothing that could leave the user's directory.
bool safe_file_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." &&
         name.find_first_of("/\\") == std::string_view::npos;
}

}  // namespace

/// This call's database side: the record and the turn states not yet written. Shared with the
/// tasks on the call's SerialQueue, which run one at a time; `latest` is also filled by the
/// call's executor, under `mutex`.
struct StoreCallRecorder::Writes {
  Writes(store::Store& s, store::Call c, const StoreCallRecorderOptions& options)
      : store(s),
        call(std::move(c)),
        max_attempts(std::max(1, options.max_attempts)),
        retry_backoff(options.retry_backoff),
        on_final(options.on_final) {}

  store::Store& store;
  const store::Call call;
  const int max_attempts;
  const std::chrono::milliseconds retry_backoff;
  const std::function<void(const store::Call&)> on_final;
  std::mutex mutex;
  std::map<int, store::Turn> latest;  // by index: states queued and not yet written
  bool failing = false;               // the last write gave up on an error that may pass

  void write_turn(int index) {
    store::Turn turn;
    {
      std::lock_guard lock(mutex);
      auto it = latest.find(index);
      if (it == latest.end()) return;
      turn = std::move(it->second);
      latest.erase(it);
    }
    (void)with_retries("upsert_turn", [&] { return store.upsert_turn(turn); });
  }

  void finish(const CallOutcome& outcome, bool recorded) {
    store::Call updated = call;
    auto fresh = store.get_call(call.user_id, call.id);  // keep what others changed since
    if (fresh.ok()) {
      updated = std::move(fresh).value();
    } else {
      core::log_warn("call_log_read_failed",
                     {{"call_id", call.id}, {"error", fresh.error().message}});
    }
    complete_call(updated, outcome, recorded);
    auto written = with_retries("update_call", [&] { return store.update_call(updated); });
    if (written.ok() && on_final) on_final(*written);
  }

  template <typename F>
  auto with_retries(std::string_view what, F&& write) -> decltype(write()) {
    const int attempts = failing ? 1 : max_attempts;
    auto backoff = retry_backoff;
    for (int attempt = 1;; ++attempt) {
      auto result = write();
      if (result.ok()) {
        failing = false;
        return result;
      }
      const bool passing = may_pass(result.error().code);
      const bool again = passing && attempt < attempts;
      core::log(again ? core::LogLevel::kWarn : core::LogLevel::kError, "call_log_write_failed",
                {{"call_id", call.id},
                 {"write", what},
                 {"attempt", attempt},
                 {"error", result.error().message},
                 {"retrying", again}});
      if (!again) {
        if (passing) failing = true;
        return result;
      }
      std::this_thread::sleep_for(backoff);
      backoff *= 2;
    }
  }
};

core::Result<std::unique_ptr<StoreCallRecorder>> StoreCallRecorder::create(
    store::Store& store, core::ComputePool& io, store::Call call,
    const StoreCallRecorderOptions& options) {
  if (call.id.empty()) return core::Error::invalid("a call log needs the call's id");
  std::unique_ptr<CallAudioRecorder> audio;
  std::filesystem::path path;
  if (!options.recordings_dir.empty()) {
    if (!safe_file_name(call.user_id) || !safe_file_name(call.id)) {
      return core::Error::invalid("call and user ids must be usable as file names");
    }
    path = options.recordings_dir / call.user_id / (call.id + ".wav");
    CallAudioRecorderOptions audio_options;
    audio_options.path = path;
    audio_options.sample_rate = options.input_sample_rate;
    audio_options.agent_sample_rate = options.output_sample_rate;
    OVOS_ASSIGN_OR_RETURN(audio, CallAudioRecorder::create(io, std::move(audio_options)));
  }
  const core::Clock& clock =
      options.clock != nullptr ? *options.clock : core::SystemClock::instance();
  auto writes = std::make_shared<Writes>(store, std::move(call), options);
  std::unique_ptr<StoreCallRecorder> recorder(
      new StoreCallRecorder(writes, io, std::move(audio), std::move(path), clock));
  if (options.create_call) {
    recorder->queue_->post([writes] {
      (void)writes->with_retries("create_call",
                                 [&] { return writes->store.create_call(writes->call); });
    });
  } else if (options.mark_started) {
    store::CallProgress progress;
    progress.status = "in-progress";
    progress.at = clock.unix_ms();
    recorder->queue_->post([writes, progress] {
      (void)writes->with_retries("mark_started", [&] {
        return writes->store.advance_call(writes->call.user_id, writes->call.id, progress);
      });
    });
  }
  return recorder;
}

StoreCallRecorder::StoreCallRecorder(std::shared_ptr<Writes> writes, core::ComputePool& io,
                                     std::unique_ptr<CallAudioRecorder> audio,
                                     std::filesystem::path recording_path, const core::Clock& clock)
    : writes_(std::move(writes)),
      queue_(std::make_shared<SerialQueue>(io)),
      audio_(std::move(audio)),
      recording_path_(std::move(recording_path)),
      clock_(clock) {}

StoreCallRecorder::~StoreCallRecorder() = default;  // the audio recorder closes itself

void StoreCallRecorder::turn(const TurnRecord& record) {
  if (ended_) return;
  auto [it, first_state] = turn_ids_.try_emplace(record.index);
  if (first_state) {
    it->second.created_at = clock_.unix_ms();
    it->second.id = core::new_id(it->second.created_at);
  }
  store::Turn turn = to_store_turn(record, writes_->call.id, it->second.id, it->second.created_at);
  bool queued = false;
  {
    std::lock_guard lock(writes_->mutex);
    auto [slot, inserted] = writes_->latest.insert_or_assign(record.index, std::move(turn));
    queued = !inserted;  // a write of this turn is queued already and will take this state
  }
  if (!queued) queue_->post([w = writes_, index = record.index] { w->write_turn(index); });
}

void StoreCallRecorder::caller_audio(std::span<const std::int16_t> samples) {
  if (audio_ && !ended_) audio_->caller_audio(samples);
}

void StoreCallRecorder::agent_audio(std::int64_t at_ms, std::span<const std::int16_t> samples) {
  if (audio_ && !ended_) audio_->agent_audio(at_ms, samples);
}

void StoreCallRecorder::ended(const CallOutcome& outcome) {
  if (ended_) return;
  ended_ = true;
  auto finish = [w = writes_, queue = queue_, outcome](bool recorded) {
    queue->post([w, outcome, recorded] { w->finish(outcome, recorded); });
  };
  if (audio_) {
    audio_->close([finish](const core::Result<void>& written) { finish(written.ok()); });
  } else {
    finish(false);
  }
}

void StoreCallRecorder::wait_idle() {
  if (audio_) audio_->wait_idle();  // its close posts the outcome to queue_
  queue_->wait_idle();
}

}  // namespace ovos::engine
