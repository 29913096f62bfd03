#include "providers/local/local_stt_stream.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

#include "core/logging.h"

namespace ovos::providers::local {
namespace {

constexpr int kDecoderRate = 16000;
constexpr std::size_t kMaxSecondPassSamples = std::size_t{30} * kDecoderRate;

using Lease = DecoderPool::Lease;

// Empties `lease`, returning what it held.
std::optional<Lease> take(std::optional<Lease>& lease) {
  std::optional<Lease> out;
  out.swap(lease);
  return out;
}

SttEvent stt_event(SttEvent::Kind kind, std::string text = {}, double audio_seconds = 0) {
  SttEvent event;
  event.kind = kind;
  event.text = std::move(text);
  event.audio_seconds = audio_seconds;
  return event;
}

std::size_t samples_for(double seconds, int rate) {
  return static_cast<std::size_t>(std::max(1.0, std::round(seconds * rate)));
}

}  // namespace

// State shared by the stream (executor thread), its decode task (compute pool, one at a time)
// and the events it posts. Fields are grouped by who may touch them.
class LocalSttStream::Core : public std::enable_shared_from_this<Core> {
 public:
  Core(std::shared_ptr<DecoderPool> decoders, std::shared_ptr<ChannelPriors> priors,
       core::ComputePool& compute, core::Executor& executor, SttEventHandler handler,
       audio::Resampler resampler, std::vector<std::string> phrases, LocalSttLimits limits)
      : decoders_(std::move(decoders)),
        priors_(std::move(priors)),
        compute_(compute),
        executor_(executor),
        input_rate_(resampler.in_rate()),
        max_pending_(samples_for(limits.max_buffered_seconds, resampler.in_rate())),
        interim_interval_(samples_for(limits.interim_interval_seconds, kDecoderRate)),
        handler_(std::move(handler)),
        phrases_(std::move(phrases)),
        resampler_(std::move(resampler)) {}

  void push(std::span<const std::int16_t> samples);
  void finalize();
  void set_phrases(std::vector<std::string> phrases) { phrases_ = std::move(phrases); }
  void close();
  [[nodiscard]] std::uint64_t dropped() const { return dropped_.load(); }

 private:
  enum class Worker { kIdle, kAwaitingDecoder, kRunning };
  enum class Kick { kNone, kAcquire, kSubmit };  // work to start once the lock is released
  enum class Next { kStop, kAcquire, kDecode };

  struct Utterance {
    std::vector<std::int16_t> audio;   // pushed, not yet taken by the decode task (input rate)
    std::vector<std::string> phrases;  // expected phrases when it began
    bool has_audio = false;
    bool finalized = false;
    bool started = false;  // the decode task has begun it
    bool warned_drop = false;
  };

  struct Work {
    std::vector<std::int16_t> audio;
    std::vector<std::string> phrases;
    bool begin = false;
    bool finalize = false;
  };

  Kick schedule_locked();
  void kick(Kick kick);
  void on_lease(core::Result<Lease> lease);
  void run();
  Next next_locked(Work& work, std::optional<Lease>& drop);
  core::Result<void> decode(Work& work);
  core::Result<void> begin_utterance(const std::vector<std::string>& phrases);
  void use_channel_estimate();
  void keep_for_second_pass(std::span<const std::int16_t> pcm);
  core::Result<std::string> end_utterance();
  void report_partial();
  void enforce_cap_locked();
  void post_locked(SttEvent event);
  void fail_locked(core::Error error);
  void deliver(SttEvent event);
  void retire(Lease lease);

  const std::shared_ptr<DecoderPool> decoders_;
  const std::shared_ptr<ChannelPriors> priors_;
  core::ComputePool& compute_;
  core::Executor& executor_;
  const int input_rate_;
  const std::size_t max_pending_;       // input samples buffered at most
  const std::size_t interim_interval_;  // 16 kHz samples between partial checks

  // Executor thread only.
  SttEventHandler handler_;
  std::vector<std::string> phrases_;

  // Under mutex_. lease_ is used without the lock by the running task (worker_ == kRunning),
  // which alone may take it then.
  std::mutex mutex_;
  std::deque<Utterance> utterances_;
  std::size_t pending_ = 0;  // samples in utterances_
  Worker worker_ = Worker::kIdle;
  std::optional<Lease> lease_;  // from an utterance's first decode to its final
  bool failed_ = false;
  std::atomic<bool> closed_{false};  // written under mutex_; read anywhere
  std::atomic<std::uint64_t> dropped_{0};

  // The decode task only (one runs at a time).
  audio::Resampler resampler_;
  std::size_t decoded_ = 0;        // 16 kHz samples of the current utterance
  std::size_t since_partial_ = 0;  // 16 kHz samples since the last partial check
  std::string last_interim_;
  bool warned_phrases_ = false;
  std::vector<float> channel_;      // this caller's channel estimate; empty until learned
  bool second_pass_ = false;        // the utterance is decoded again at its end
  std::vector<std::int16_t> kept_;  // its 16 kHz audio, for that second pass
};

void LocalSttStream::Core::push(std::span<const std::int16_t> samples) {
  if (samples.empty()) return;
  Kick kick_off = Kick::kNone;
  {
    std::lock_guard lock(mutex_);
    if (closed_ || failed_) return;
    if (utterances_.empty() || utterances_.back().finalized) {
      utterances_.emplace_back().phrases = phrases_;
    }
    Utterance& utterance = utterances_.back();
    utterance.has_audio = true;
    utterance.audio.insert(utterance.audio.end(), samples.begin(), samples.end());
    pending_ += samples.size();
    enforce_cap_locked();
    kick_off = schedule_locked();
  }
  kick(kick_off);
}

void LocalSttStream::Core::finalize() {
  Kick kick_off = Kick::kNone;
  {
    std::lock_guard lock(mutex_);
    if (closed_ || failed_) return;
    if (utterances_.empty() || utterances_.back().finalized) {
      utterances_.emplace_back().finalized = true;  // nothing said since the last final
    } else {
      utterances_.back().finalized = true;
    }
    kick_off = schedule_locked();
  }
  kick(kick_off);
}

void LocalSttStream::Core::close() {
  std::optional<Lease> idle_lease;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
    utterances_.clear();
    pending_ = 0;
    // A running task or a pending acquire gives the decoder back itself.
    if (worker_ == Worker::kIdle) idle_lease = take(lease_);
  }
  handler_ = nullptr;
  if (idle_lease) retire(std::move(*idle_lease));
}

// Gives a decoder back from the executor thread: ending an open utterance runs the decoder's
// last passes, so that happens on the compute pool.
void LocalSttStream::Core::retire(Lease lease) {
  if (!lease.recognizer().in_utterance()) return;  // returned as `lease` goes out of scope
  auto holder = std::make_shared<std::optional<Lease>>(std::move(lease));
  (void)compute_.submit([holder] { holder->reset(); });  // if refused, returned here
}

LocalSttStream::Core::Kick LocalSttStream::Core::schedule_locked() {
  if (worker_ != Worker::kIdle || closed_ || failed_) return Kick::kNone;
  // Finals of empty utterances need no decoder; nothing is ahead of them now.
  while (!utterances_.empty() && !utterances_.front().has_audio) {
    post_locked(stt_event(SttEvent::Kind::kFinal));
    utterances_.pop_front();
  }
  if (utterances_.empty()) return Kick::kNone;
  const Utterance& front = utterances_.front();
  if (front.audio.empty() && !front.finalized) return Kick::kNone;
  worker_ = lease_ ? Worker::kRunning : Worker::kAwaitingDecoder;
  return lease_ ? Kick::kSubmit : Kick::kAcquire;
}

void LocalSttStream::Core::kick(Kick kick_off) {
  if (kick_off == Kick::kAcquire) {
    decoders_->acquire([self = shared_from_this()](core::Result<Lease> lease) {
      self->on_lease(std::move(lease));
    });
  } else if (kick_off == Kick::kSubmit) {
    if (compute_.submit([self = shared_from_this()] { self->run(); })) return;
    std::optional<Lease> drop;
    std::lock_guard lock(mutex_);
    drop = take(lease_);
    worker_ = Worker::kIdle;
    fail_locked(core::Error::unavailable("compute pool is full: cannot decode"));
  }
}

// On a compute-pool thread (or inline with an error when the pool refused work).
void LocalSttStream::Core::on_lease(core::Result<Lease> lease) {
  {
    std::optional<Lease> unused;  // given back after the lock is released
    std::lock_guard lock(mutex_);
    if (!lease.ok()) {
      worker_ = Worker::kIdle;
      fail_locked(std::move(lease).error());
      return;
    }
    if (closed_ || failed_) {
      unused.emplace(std::move(lease).value());
      worker_ = Worker::kIdle;
      return;
    }
    lease_.emplace(std::move(lease).value());
    worker_ = Worker::kRunning;
  }
  run();
}

// The decode task: decodes what has accumulated until nothing is left to do.
void LocalSttStream::Core::run() {
  for (;;) {
    Work work;
    std::optional<Lease> drop;  // given back after the lock is released
    Next next = Next::kStop;
    {
      std::lock_guard lock(mutex_);
      next = next_locked(work, drop);
    }
    if (next == Next::kStop) return;
    if (next == Next::kAcquire) {
      kick(Kick::kAcquire);
      return;
    }
    if (auto decoded = decode(work); !decoded.ok()) {
      std::lock_guard lock(mutex_);
      drop = take(lease_);
      worker_ = Worker::kIdle;
      fail_locked(std::move(decoded).error());
      return;
    }
  }
}

LocalSttStream::Core::Next LocalSttStream::Core::next_locked(Work& work,
                                                             std::optional<Lease>& drop) {
  if (closed_ || failed_) {
    drop = take(lease_);
    worker_ = Worker::kIdle;
    return Next::kStop;
  }
  while (!utterances_.empty() && !utterances_.front().has_audio) {
    post_locked(stt_event(SttEvent::Kind::kFinal));
    utterances_.pop_front();
  }
  if (utterances_.empty() ||
      (utterances_.front().audio.empty() && !utterances_.front().finalized)) {
    worker_ = Worker::kIdle;  // more audio schedules the task again; the lease is kept
    return Next::kStop;
  }
  if (!lease_) {
    worker_ = Worker::kAwaitingDecoder;
    return Next::kAcquire;
  }
  Utterance& utterance = utterances_.front();
  pending_ -= utterance.audio.size();
  work.audio = std::exchange(utterance.audio, {});
  work.finalize = utterance.finalized;
  work.begin = !utterance.started;
  utterance.started = true;
  if (work.begin) work.phrases = utterance.phrases;
  if (work.finalize) utterances_.pop_front();  // the rest of it is this task's
  return Next::kDecode;
}

core::Result<void> LocalSttStream::Core::decode(Work& work) {
  if (work.begin) OVOS_TRY(begin_utterance(work.phrases));
  PocketsphinxRecognizer& recognizer = lease_->recognizer();
  std::vector<std::int16_t> pcm = resampler_.process(work.audio);
  if (work.finalize) {
    const std::vector<std::int16_t> tail = resampler_.flush();
    pcm.insert(pcm.end(), tail.begin(), tail.end());
  }
  const std::span<const std::int16_t> all(pcm);
  for (std::size_t at = 0; at < all.size(); at += interim_interval_) {
    if (closed_) return core::ok();  // the next step gives the decoder back
    const auto slice = all.subspan(at, std::min(interim_interval_, all.size() - at));
    OVOS_TRY(recognizer.process(slice));
    keep_for_second_pass(slice);
    decoded_ += slice.size();
    since_partial_ += slice.size();
    if (since_partial_ >= interim_interval_) {
      since_partial_ = 0;
      report_partial();
    }
  }
  if (!work.finalize || closed_) return core::ok();
  OVOS_ASSIGN_OR_RETURN(std::string text, end_utterance());
  std::optional<Lease> done;  // back to the pool once the lock is released
  std::lock_guard lock(mutex_);
  done = take(lease_);
  post_locked(stt_event(SttEvent::Kind::kFinal, std::move(text),
                        static_cast<double>(decoded_) / kDecoderRate));
  return core::ok();
}

core::Result<void> LocalSttStream::Core::begin_utterance(const std::vector<std::string>& phrases) {
  decoded_ = 0;
  since_partial_ = 0;
  last_interim_.clear();
  auto kept = lease_->use_phrases(phrases);
  if (!kept.ok() && !warned_phrases_) {
    warned_phrases_ = true;
    core::log_warn("stt.local.grammar_failed_using_open_recognition",
                   {{"error", kept.error().message}});
  } else if (kept.ok() && kept->size() < phrases.size() && !warned_phrases_) {
    warned_phrases_ = true;
    core::log_warn("stt.local.expected_phrases_reduced",
                   {{"requested", phrases.size()},
                    {"in_grammar", kept->size()},
                    {"mode", kept->empty() ? "open" : "grammar"}});
  }
  use_channel_estimate();
  return lease_->recognizer().start_utterance();
}

// Starts the utterance from this caller's channel estimate, not the last caller's.
void LocalSttStream::Core::use_channel_estimate() {
  if (channel_.empty()) channel_ = priors_->get(input_rate_);
  const std::vector<float>& start =
      channel_.empty() ? lease_->initial_channel_estimate() : channel_;
  // The model's default suits 16 kHz audio; narrow-band audio needs its own, learned from itself.
  second_pass_ = channel_.empty() && input_rate_ != kDecoderRate;
  kept_.clear();
  if (start.empty()) return;
  if (auto set = lease_->recognizer().set_channel_estimate(start); !set.ok()) {
    core::log_warn("stt.local.channel_estimate_not_set", {{"error", set.error().message}});
  }
}

void LocalSttStream::Core::keep_for_second_pass(std::span<const std::int16_t> pcm) {
  if (!second_pass_) return;
  if (kept_.size() + pcm.size() > kMaxSecondPassSamples) {
    second_pass_ = false;  // too long to decode twice
    kept_ = {};
    return;
  }
  kept_.insert(kept_.end(), pcm.begin(), pcm.end());
}

// Ends the utterance (decoding it again if planned) and keeps the channel estimate it made.
core::Result<std::string> LocalSttStream::Core::end_utterance() {
  PocketsphinxRecognizer& recognizer = lease_->recognizer();
  OVOS_ASSIGN_OR_RETURN(std::string text, recognizer.end_utterance());
  const std::vector<std::int16_t> audio = std::exchange(kept_, {});
  if (std::exchange(second_pass_, false) && !text.empty()) {
    OVOS_TRY(recognizer.start_utterance());
    const std::span<const std::int16_t> all(audio);
    for (std::size_t at = 0; at < all.size() && !closed_; at += interim_interval_)
      OVOS_TRY(recognizer.process(all.subspan(at, std::min(interim_interval_, all.size() - at))));
    OVOS_ASSIGN_OR_RETURN(text, recognizer.end_utterance());
  }
  if (!text.empty()) {  // an utterance without words leaves the estimate as it was
    channel_ = recognizer.channel_estimate();
    priors_->set(input_rate_, channel_);
  }
  return text;
}

void LocalSttStream::Core::report_partial() {
  std::optional<std::string> partial = lease_->recognizer().partial();
  if (!partial || *partial == last_interim_) return;
  last_interim_ = *partial;
  std::lock_guard lock(mutex_);
  post_locked(stt_event(SttEvent::Kind::kInterim, std::move(*partial)));
}

void LocalSttStream::Core::enforce_cap_locked() {
  for (auto& utterance : utterances_) {
    if (pending_ <= max_pending_) return;
    const std::size_t n = std::min(utterance.audio.size(), pending_ - max_pending_);
    if (n == 0) continue;
    utterance.audio.erase(utterance.audio.begin(),
                          utterance.audio.begin() + static_cast<std::ptrdiff_t>(n));
    pending_ -= n;
    dropped_ += n;
    if (!utterance.warned_drop) {
      utterance.warned_drop = true;
      core::log_warn("stt.local.audio_dropped",
                     {{"reason", "waiting for a decoder"},
                      {"buffered_seconds", static_cast<double>(max_pending_) / input_rate_}});
    }
  }
}

void LocalSttStream::Core::post_locked(SttEvent event) {
  if (closed_ || failed_) return;
  executor_.post([self = shared_from_this(), event = std::move(event)]() mutable {
    self->deliver(std::move(event));
  });
}

void LocalSttStream::Core::fail_locked(core::Error error) {
  if (closed_ || failed_) return;
  core::log_warn("stt.local.stream_failed", {{"error", error.message}});
  SttEvent event = stt_event(SttEvent::Kind::kError);
  event.error = std::move(error);
  post_locked(std::move(event));
  failed_ = true;
  utterances_.clear();
  pending_ = 0;
}

// On the executor thread.
void LocalSttStream::Core::deliver(SttEvent event) {
  if (closed_) return;
  const SttEventHandler handler = handler_;  // the handler may close the stream
  if (handler) handler(std::move(event));
}

LocalSttStream::LocalSttStream(std::shared_ptr<DecoderPool> decoders,
                               std::shared_ptr<ChannelPriors> priors, core::ComputePool& compute,
                               core::Executor& events_on, SttEventHandler on_event,
                               audio::Resampler resampler,
                               std::vector<std::string> expected_phrases, LocalSttLimits limits)
    : core_(std::make_shared<Core>(std::move(decoders), std::move(priors), compute, events_on,
                                   std::move(on_event), std::move(resampler),
                                   std::move(expected_phrases), limits)) {}

LocalSttStream::~LocalSttStream() {
  core_->close();
}

void LocalSttStream::push_audio(std::span<const std::int16_t> samples) {
  core_->push(samples);
}

void LocalSttStream::finalize() {
  core_->finalize();
}

void LocalSttStream::set_expected_phrases(std::vector<std::string> phrases) {
  core_->set_phrases(std::move(phrases));
}

void LocalSttStream::close() {
  core_->close();
}

std::uint64_t LocalSttStream::dropped_samples() const {
  return core_->dropped();
}

}  // namespace ovos::providers::local
