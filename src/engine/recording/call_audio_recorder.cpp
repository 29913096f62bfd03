#include "engine/recording/call_audio_recorder.h"

#include <algorithm>
#include <atomic>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include "audio/wav_writer.h"
#include "core/logging.h"

namespace ovos::engine {
namespace {

constexpr int kChannels = 2;

}  // namespace

/// The file side of a recording. Used only by tasks of the recorder's SerialQueue (one at a
/// time), except `queued_frames`, which the call's executor reads.
struct CallAudioRecorder::Disk {
  Disk(std::filesystem::path p, int rate) : path(std::move(p)), sample_rate(rate) {}

  std::filesystem::path path;
  int sample_rate;
  std::optional<audio::WavWriter> writer;
  std::optional<core::Error> error;  // the first failure; writing stops there
  std::atomic<std::int64_t> queued_frames{0};

  void open() {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      fail("create_directories", core::Error::unavailable(ec.message()));
      return;
    }
    auto opened = audio::WavWriter::open(path, sample_rate, kChannels);
    if (!opened.ok()) {
      fail("open", opened.error());
      return;
    }
    writer.emplace(std::move(opened).value());
  }

  // Writes `block` (interleaved) at frame `start`; a gap left by dropped blocks reads as silence.
  void write(std::int64_t start, const std::vector<std::int16_t>& block) {
    if (!writer) return;
    const auto gap = start - static_cast<std::int64_t>(writer->frames());
    if (gap > 0) {
      const std::vector<std::int16_t> silence(static_cast<std::size_t>(gap) * kChannels, 0);
      if (!check("write", writer->append(silence))) return;
    }
    if (!check("write", writer->append(block))) return;
    (void)check("write", writer->flush());  // header updated: the file stays playable
  }

  core::Result<void> close() {
    if (writer) (void)check("close", writer->close());
    writer.reset();
    if (error) return *error;
    return core::ok();
  }

  bool check(std::string_view action, const core::Result<void>& result) {
    if (result.ok()) return true;
    fail(action, result.error());
    return false;
  }

  void fail(std::string_view action, const core::Error& e) {
    core::log_error("call_recording_failed",
                    {{"path", path.string()}, {"action", action}, {"error", e.message}});
    if (!error) error = e;
    if (writer) (void)writer->close();
    writer.reset();
  }
};

core::Result<std::unique_ptr<CallAudioRecorder>> CallAudioRecorder::create(
    core::ComputePool& io, CallAudioRecorderOptions options) {
  if (!audio::Resampler::is_supported_rate(options.sample_rate)) {
    return core::Error::invalid("unsupported recording rate " +
                                std::to_string(options.sample_rate));
  }
  if (options.path.empty()) return core::Error::invalid("a recording needs a path");
  OVOS_ASSIGN_OR_RETURN(auto aligner,
                        AgentAudioAligner::create(options.agent_sample_rate, options.sample_rate));
  return std::unique_ptr<CallAudioRecorder>(
      new CallAudioRecorder(io, std::move(options), std::move(aligner)));
}

CallAudioRecorder::CallAudioRecorder(core::ComputePool& io, CallAudioRecorderOptions options,
                                     AgentAudioAligner aligner)
    : options_(std::move(options)),
      queue_(io),
      disk_(std::make_shared<Disk>(options_.path, options_.sample_rate)),
      aligner_(std::move(aligner)) {
  queue_.post([disk = disk_] { disk->open(); });
}

CallAudioRecorder::~CallAudioRecorder() {
  close();
}

std::int64_t CallAudioRecorder::frames_of(std::chrono::milliseconds ms) const {
  return ms.count() * options_.sample_rate / 1000;
}

void CallAudioRecorder::caller_audio(std::span<const std::int16_t> samples) {
  if (closed_ || samples.empty()) return;
  timeline_.add_caller(samples);
  commit(timeline_.caller_end() - frames_of(options_.window), /*force=*/false);
}

void CallAudioRecorder::agent_audio(std::int64_t at_ms, std::span<const std::int16_t> samples) {
  if (closed_) return;
  for (const auto& piece : aligner_.add(at_ms, samples))
    place(piece);
}

void CallAudioRecorder::place(const AgentAudioAligner::Piece& piece) {
  if (piece.samples.empty()) return;
  const std::int64_t end = piece.position + static_cast<std::int64_t>(piece.samples.size());
  const std::int64_t max_ahead = frames_of(options_.max_ahead);
  const std::int64_t block = std::max<std::int64_t>(frames_of(options_.block), 1);
  // The caller sends nothing (muted, or a transport that skips silence): treat it as silence,
  // a block at a time so that memory stays bounded however far ahead the agent is.
  while (end - timeline_.caller_end() > max_ahead) {
    timeline_.pad_caller(std::min(end - max_ahead - timeline_.caller_end(), block));
    commit(timeline_.caller_end() - frames_of(options_.window), /*force=*/false);
  }
  late_agent_frames_ += timeline_.place_agent(piece.position, piece.samples);
}

void CallAudioRecorder::commit(std::int64_t end, bool force) {
  const std::int64_t block = std::max<std::int64_t>(frames_of(options_.block), 1);
  while (end > timeline_.committed()) {
    const std::int64_t pending = static_cast<std::int64_t>(pending_.size()) / kChannels;
    const std::int64_t step = std::min(end - timeline_.committed(), block - pending);
    timeline_.take(timeline_.committed() + step, pending_);
    if (static_cast<std::int64_t>(pending_.size()) / kChannels >= block) hand_off(force);
  }
}

void CallAudioRecorder::hand_off(bool force) {
  const std::int64_t frames = static_cast<std::int64_t>(pending_.size()) / kChannels;
  const std::int64_t start = pending_start_;
  pending_start_ += frames;
  if (frames == 0) return;
  if (!force && disk_->queued_frames.load() + frames > frames_of(options_.max_queued)) {
    // The disk is not keeping up: drop this block rather than grow without bound.
    dropped_frames_ += frames;
    core::log_warn("call_recording_dropped",
                   {{"path", options_.path.string()}, {"frames", dropped_frames_}});
    pending_.clear();
    return;
  }
  disk_->queued_frames += frames;
  queue_.post([disk = disk_, start, frames, block = std::move(pending_)] {
    disk->write(start, block);
    disk->queued_frames -= frames;
  });
  pending_ = {};
}

void CallAudioRecorder::close(std::function<void(core::Result<void>)> done) {
  if (closed_) return;
  if (auto tail = aligner_.finish()) place(*tail);
  // The last part, at most a window, max_ahead and a block: never dropped.
  commit(std::max(timeline_.caller_end(), timeline_.agent_end()), /*force=*/true);
  hand_off(/*force=*/true);
  closed_ = true;
  queue_.post([disk = disk_, done = std::move(done)] {
    core::Result<void> result = disk->close();
    if (done) done(std::move(result));
  });
}

}  // namespace ovos::engine
