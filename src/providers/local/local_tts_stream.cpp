#include "providers/local/local_tts_stream.h"

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "audio/pcm.h"
#include "core/logging.h"
#include "core/utf8.h"
#include "providers/local/synthesis_text.h"

namespace ovos::providers::local {
namespace {

TtsEvent tts_event(TtsEvent::Kind kind, TtsContextId context) {
  TtsEvent event;
  event.kind = kind;
  event.context = context;
  return event;
}

TtsEvent tts_error(TtsContextId context, core::Error error) {
  TtsEvent event = tts_event(TtsEvent::Kind::kError, context);
  event.error = std::move(error);
  return event;
}

}  // namespace

// State shared by the stream (executor thread), its synthesis task (compute pool, one at a time)
// and the events it posts. Fields are grouped by who may touch them.
class LocalTtsStream::Core : public std::enable_shared_from_this<Core> {
 public:
  Core(core::ComputePool& compute, core::Executor& executor, TtsEventHandler handler,
       FliteSynthesizer synthesizer, audio::Resampler resampler)
      : compute_(compute),
        executor_(executor),
        rate_(resampler.out_rate()),
        min_piece_(audio::samples_for_ms(rate_, kMinPieceMs)),
        max_piece_(audio::samples_for_ms(rate_, kMaxPieceMs)),
        handler_(std::move(handler)),
        synthesizer_(std::move(synthesizer)),
        resampler_(std::move(resampler)) {}

  void push_text(TtsContextId context, std::string_view text);
  void flush(TtsContextId context);
  void cancel(TtsContextId context);
  void close();
  [[nodiscard]] int rate() const { return rate_; }

 private:
  struct Job {
    TtsContextId context = 0;
    std::string text;
    bool flush = false;          // no text: report kDone
    std::size_t characters = 0;  // flush: the context's characters
  };

  void enqueue(Job job);
  void run();
  void speak(const Job& job);
  bool on_audio(std::span<const std::int16_t> chunk);
  void emit(bool everything);
  [[nodiscard]] bool stopping() const { return stop_current_ || closed_; }
  void post_locked(TtsEvent event);
  void deliver(TtsEvent event);

  core::ComputePool& compute_;
  core::Executor& executor_;
  const int rate_;
  const std::size_t min_piece_;
  const std::size_t max_piece_;

  // Executor thread only.
  TtsEventHandler handler_;
  std::set<TtsContextId> cancelled_;
  std::map<TtsContextId, std::size_t> characters_;  // pushed since the context's last flush

  // Under mutex_.
  std::mutex mutex_;
  std::deque<Job> jobs_;
  bool running_ = false;                   // a synthesis task is queued or running
  std::optional<TtsContextId> speaking_;   // the context the task is synthesizing
  std::atomic<bool> stop_current_{false};  // set under mutex_; read by flite's callback
  std::atomic<bool> closed_{false};        // set under mutex_; read anywhere

  // The synthesis task only (one runs at a time).
  FliteSynthesizer synthesizer_;
  audio::Resampler resampler_;
  std::vector<std::int16_t> out_;  // made, not yet posted
  TtsContextId context_ = 0;       // of out_
  bool first_posted_ = false;      // the current text's first piece went out
  std::set<TtsContextId> failed_;  // contexts whose kError replaces their kDone
};

void LocalTtsStream::Core::push_text(TtsContextId context, std::string_view text) {
  if (closed_ || cancelled_.contains(context)) return;
  characters_[context] += core::utf8_length(text);
  Job job;
  job.context = context;
  job.text = std::string(text);
  enqueue(std::move(job));
}

void LocalTtsStream::Core::flush(TtsContextId context) {
  if (closed_ || cancelled_.contains(context)) return;
  std::size_t characters = 0;
  if (const auto it = characters_.find(context); it != characters_.end()) {
    characters = it->second;
    characters_.erase(it);
  }
  Job job;
  job.context = context;
  job.flush = true;
  job.characters = characters;
  enqueue(std::move(job));
}

void LocalTtsStream::Core::cancel(TtsContextId context) {
  cancelled_.insert(context);
  characters_.erase(context);
  std::lock_guard lock(mutex_);
  std::erase_if(jobs_, [context](const Job& job) { return job.context == context; });
  if (speaking_ == context) stop_current_ = true;
}

void LocalTtsStream::Core::close() {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
    stop_current_ = true;
    jobs_.clear();
  }
  handler_ = nullptr;
  characters_.clear();
}

void LocalTtsStream::Core::enqueue(Job job) {
  std::lock_guard lock(mutex_);
  jobs_.push_back(std::move(job));
  if (running_) return;
  running_ = true;
  if (compute_.submit([self = shared_from_this()] { self->run(); })) return;
  running_ = false;
  std::set<TtsContextId> contexts;
  for (const Job& queued : jobs_)
    contexts.insert(queued.context);
  jobs_.clear();
  for (const TtsContextId context : contexts) {
    post_locked(
        tts_error(context, core::Error::unavailable("compute pool is full: cannot synthesize")));
  }
}

// The synthesis task: speaks queued texts until none is left.
void LocalTtsStream::Core::run() {
  for (;;) {
    Job job;
    {
      std::lock_guard lock(mutex_);
      speaking_.reset();
      if (closed_ || jobs_.empty()) {
        running_ = false;
        return;
      }
      job = std::move(jobs_.front());
      jobs_.pop_front();
      if (job.flush) {
        if (failed_.erase(job.context) == 0) {
          TtsEvent done = tts_event(TtsEvent::Kind::kDone, job.context);
          done.characters = job.characters;
          post_locked(std::move(done));
        }
        continue;
      }
      speaking_ = job.context;
      stop_current_ = false;
    }
    speak(job);
  }
}

void LocalTtsStream::Core::speak(const Job& job) {
  context_ = job.context;
  first_posted_ = false;
  out_.clear();
  resampler_.reset();
  const FliteSynthesizer::AudioSink sink = [this](std::span<const std::int16_t> chunk) {
    return on_audio(chunk);
  };
  for (const std::string_view piece :
       split_for_synthesis(job.text, FliteSynthesizer::kMaxTextBytes)) {
    if (stopping()) break;
    if (auto spoken = synthesizer_.synthesize(piece, sink); !spoken.ok()) {
      core::log_warn("tts.local.synthesis_failed", {{"error", spoken.error().message}});
      std::lock_guard lock(mutex_);
      failed_.insert(job.context);
      post_locked(tts_error(job.context, std::move(spoken).error()));
      return;
    }
  }
  if (stopping()) return;
  const std::vector<std::int16_t> tail = resampler_.flush();
  out_.insert(out_.end(), tail.begin(), tail.end());
  emit(true);
}

// flite's streaming callback, under flite's process-wide lock: copy, post, never block.
bool LocalTtsStream::Core::on_audio(std::span<const std::int16_t> chunk) {
  if (stopping()) return false;
  const std::vector<std::int16_t> pcm = resampler_.process(chunk);
  out_.insert(out_.end(), pcm.begin(), pcm.end());
  emit(false);
  return true;
}

// Posts out_ in pieces of at most max_piece_; unless `everything`, keeps back less than
// min_piece_ once the text's first piece went out.
void LocalTtsStream::Core::emit(bool everything) {
  std::size_t at = 0;
  std::lock_guard lock(mutex_);
  while (at < out_.size()) {
    const std::size_t available = out_.size() - at;
    if (!everything && first_posted_ && available < min_piece_) break;
    const std::size_t n = std::min(available, max_piece_);
    const auto begin = out_.begin() + static_cast<std::ptrdiff_t>(at);
    TtsEvent audio = tts_event(TtsEvent::Kind::kAudio, context_);
    audio.samples.assign(begin, begin + static_cast<std::ptrdiff_t>(n));
    audio.sample_rate = rate_;
    post_locked(std::move(audio));
    first_posted_ = true;
    at += n;
  }
  out_.erase(out_.begin(), out_.begin() + static_cast<std::ptrdiff_t>(at));
}

void LocalTtsStream::Core::post_locked(TtsEvent event) {
  if (closed_) return;
  executor_.post([self = shared_from_this(), event = std::move(event)]() mutable {
    self->deliver(std::move(event));
  });
}

// On the executor thread.
void LocalTtsStream::Core::deliver(TtsEvent event) {
  if (closed_ || cancelled_.contains(event.context)) return;
  const TtsEventHandler handler = handler_;  // the handler may close the stream
  if (handler) handler(std::move(event));
}

LocalTtsStream::LocalTtsStream(core::ComputePool& compute, core::Executor& events_on,
                               TtsEventHandler on_event, FliteSynthesizer synthesizer,
                               audio::Resampler resampler)
    : core_(std::make_shared<Core>(compute, events_on, std::move(on_event), std::move(synthesizer),
                                   std::move(resampler))) {}

LocalTtsStream::~LocalTtsStream() {
  core_->close();
}

void LocalTtsStream::push_text(TtsContextId context, std::string_view text) {
  core_->push_text(context, text);
}

void LocalTtsStream::flush(TtsContextId context) {
  core_->flush(context);
}

void LocalTtsStream::cancel(TtsContextId context) {
  core_->cancel(context);
}

void LocalTtsStream::close() {
  core_->close();
}

int LocalTtsStream::sample_rate() const {
  return core_->rate();
}

}  // namespace ovos::providers::local
