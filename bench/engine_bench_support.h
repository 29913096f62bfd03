#pragma once

// Pieces shared by the engine benchmarks (bench/engine_bench.cpp): percentiles, process and
// thread resource readings, caller speech made with flite, and decorators around the fake
// speech providers and the scripted LLM that time every call into them, so that provider work
// can be told apart from the engine's own. Everything here that touches a session runs on the
// session's event-loop thread.

#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <future>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "audio/pcm.h"
#include "core/executor.h"
#include "engine/frames.h"
#include "providers/llm.h"
#include "providers/local/flite_synthesizer.h"
#include "providers/scripted/scripted_llm.h"
#include "providers/stt.h"
#include "providers/testing/fake_providers.h"
#include "providers/tts.h"

namespace ovos::bench {

using SteadyClock = std::chrono::steady_clock;
using std::chrono::milliseconds;

inline double us_between(SteadyClock::time_point from, SteadyClock::time_point to) {
  return std::chrono::duration<double, std::micro>(to - from).count();
}

/// Order statistics of a sample (sorted copy; nearest-rank percentiles).
struct Summary {
  std::size_t n = 0;
  double p50 = 0, p90 = 0, p99 = 0, max = 0, mean = 0;
};

/// One markdown table row: what, n, p50, p90, p99, max.
inline void print_us_row(const char* what, const Summary& s) {
  std::printf("| %s | %zu | %.1f | %.1f | %.1f | %.1f |\n", what, s.n, s.p50, s.p90, s.p99, s.max);
}

inline Summary summarize(std::vector<double> v) {
  Summary s;
  s.n = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  auto at = [&](double q) {
    const auto rank = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(rank, v.size() - 1)];
  };
  s.p50 = at(0.50);
  s.p90 = at(0.90);
  s.p99 = at(0.99);
  s.max = v.back();
  double sum = 0;
  for (const double x : v)
    sum += x;
  s.mean = sum / static_cast<double>(v.size());
  return s;
}

/// Resident set size of this process in KiB (VmRSS of /proc/self/status).
inline long rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string key;
  while (in >> key) {
    if (key == "VmRSS:") {
      long kib = 0;
      in >> kib;
      return kib;
    }
    std::getline(in, key);
  }
  return -1;
}

/// CPU time (user + system) of the calling thread.
inline double thread_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_THREAD, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/// CPU time of the calling thread in nanoseconds (CLOCK_THREAD_CPUTIME_ID): unlike wall time,
/// it does not count the time other processes had the core.
inline double thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

/// Time the calling thread has spent waiting for a CPU while runnable (run-queue delay), in
/// seconds: how much other processes kept it off the cores (/proc/thread-self/schedstat).
inline double thread_runqueue_wait_seconds() {
  std::ifstream in("/proc/thread-self/schedstat");
  unsigned long long run_ns = 0, wait_ns = 0;
  in >> run_ns >> wait_ns;
  return static_cast<double>(wait_ns) / 1e9;
}

/// Runs `fn` on `executor` and waits for it to return.
template <typename Fn>
auto run_on(core::Executor& executor, Fn fn) -> decltype(fn()) {
  using R = decltype(fn());
  std::promise<R> done;
  auto result = done.get_future();
  executor.post([&] {
    if constexpr (std::is_void_v<R>) {
      fn();
      done.set_value();
    } else {
      done.set_value(fn());
    }
  });
  return result.get();
}

/// Whether loop threads ask for real-time scheduling (engine_bench --no-rt turns it off).
inline bool& realtime_wanted() {
  static bool wanted = true;
  return wanted;
}

/// Gives the loop thread SCHED_FIFO priority 10 when wanted and permitted, so that other
/// processes on a shared host (compilers, say) do not delay its timers: the nearest thing to a
/// core of its own. Returns what the thread runs with.
inline const char* make_loop_realtime(core::Executor& loop) {
  if (!realtime_wanted()) return "SCHED_OTHER";
  return run_on(loop, [] {
    sched_param param{};
    param.sched_priority = 10;
    return pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0
               ? "SCHED_FIFO 10"
               : "SCHED_OTHER (SCHED_FIFO refused)";
  });
}

/// Speech of `text` by flite's rms voice (16 kHz mono), padded with silence to whole 20 ms frames.
inline std::vector<std::int16_t> synthesize(const std::string& text) {
  auto flite = providers::local::FliteSynthesizer::create("rms");
  if (!flite.ok()) throw std::runtime_error("flite: " + flite.error().message);
  auto pcm = flite->synthesize_all(text);
  if (!pcm.ok()) throw std::runtime_error("flite: " + pcm.error().message);
  std::vector<std::int16_t> samples = std::move(pcm).value();
  samples.resize((samples.size() + 319) / 320 * 320, 0);
  return samples;
}

/// Index of the first 20 ms frame of `speech` louder than `dbfs` (its energy onset).
inline std::size_t onset_frame(std::span<const std::int16_t> speech, double dbfs = -40.0) {
  for (std::size_t f = 0; (f + 1) * 320 <= speech.size(); ++f) {
    if (audio::rms_dbfs(speech.subspan(f * 320, 320)) > dbfs) return f;
  }
  return speech.size() / 320;
}

/// Bytes of heap in use (all arenas, mmapped blocks included).
inline std::size_t heap_bytes() {
  const struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

/// The caller's player, as the agent audio arrives: frames play back to back in real time from
/// when they arrive, a clear empties the buffer. Counts underruns: a frame of an utterance that
/// arrives after the previous one finished playing.
struct Player {
  std::uint64_t epoch = ~std::uint64_t{0};
  SteadyClock::time_point play_end{};
  bool gap_allowed = true;  // the next frame starts an utterance, or follows a clear
  std::int64_t frames = 0;
  std::int64_t underruns = 0;
  double worst_gap_ms = 0;

  void on_audio(const engine::AudioFrame& f, SteadyClock::time_point now, int sample_rate) {
    ++frames;
    if (f.epoch != epoch) {
      epoch = f.epoch;
      gap_allowed = true;
    }
    if (now > play_end && !gap_allowed) {
      const double gap = us_between(play_end, now) / 1000.0;
      if (gap > 1.0) {
        ++underruns;
        worst_gap_ms = std::max(worst_gap_ms, gap);
      }
    }
    gap_allowed = false;
    play_end = std::max(play_end, now) +
               std::chrono::microseconds(static_cast<std::int64_t>(f.samples.size()) * 1'000'000 /
                                         sample_rate);
  }
  void on_clear(SteadyClock::time_point now) {
    play_end = now;
    gap_allowed = true;
  }
  /// How long until everything received so far has played (when a mark sent now is reached).
  [[nodiscard]] milliseconds until_played(SteadyClock::time_point now) const {
    if (play_end <= now) return milliseconds(0);
    return std::chrono::ceil<milliseconds>(play_end - now);
  }
};

/// Calls `on_tick(k)` at start + k ms on the loop (an absolute schedule: a late tick does not
/// move the later ones), catching up at once when behind, and records how late each tick ran.
/// Loop thread only, after start().
class Ticker {
 public:
  using OnTick = std::function<void(std::int64_t tick)>;
  Ticker(core::Executor& loop, OnTick on_tick) : loop_(loop), on_tick_(std::move(on_tick)) {}

  void start() {
    start_ = SteadyClock::now();
    arm();
  }
  void stop() { stopped_ = true; }
  [[nodiscard]] const std::vector<double>& lateness_us() const { return lateness_us_; }
  [[nodiscard]] const std::vector<double>& work_us() const { return work_us_; }
  [[nodiscard]] SteadyClock::time_point started() const { return start_; }

 private:
  void arm() {
    const auto delay =
        std::chrono::ceil<milliseconds>(start_ + milliseconds(next_) - SteadyClock::now());
    loop_.post_after(std::max(delay, milliseconds(0)), [this] { fire(); });
  }
  void fire() {
    if (stopped_) return;
    auto now = SteadyClock::now();
    while (start_ + milliseconds(next_) <= now) {
      lateness_us_.push_back(us_between(start_ + milliseconds(next_), now));
      on_tick_(next_++);
      const auto after = SteadyClock::now();
      work_us_.push_back(us_between(now, after));
      now = after;
      if (stopped_) return;
    }
    arm();
  }

  core::Executor& loop_;
  OnTick on_tick_;
  SteadyClock::time_point start_{};
  std::int64_t next_ = 0;
  bool stopped_ = false;
  std::vector<double> lateness_us_;
  std::vector<double> work_us_;
};

/// Wall time spent inside provider calls (fake STT, fake TTS, scripted LLM). Loop thread only.
struct ProviderTime {
  std::int64_t ns = 0;
  std::int64_t calls = 0;
};

class ProviderTimer {
 public:
  explicit ProviderTimer(ProviderTime& t) : t_(t), start_(SteadyClock::now()) {}
  ~ProviderTimer() {
    t_.ns +=
        std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now() - start_).count();
    ++t_.calls;
  }
  ProviderTimer(const ProviderTimer&) = delete;
  ProviderTimer& operator=(const ProviderTimer&) = delete;

 private:
  ProviderTime& t_;
  SteadyClock::time_point start_;
};

/// One call's speech-to-text: a FakeSttProvider whose script never runs dry (every utterance is
/// recognised as `text`), timed, with a hook run at the moment the session calls finalize()
/// (that is: right when the VAD declared the caller's speech ended).
class TimedSttProvider final : public providers::SttProvider {
 public:
  TimedSttProvider(providers::testing::FakeSttProvider::Options options, std::string text,
                   ProviderTime& time)
      : inner_(options), text_(std::move(text)), time_(time) {
    inner_.script(text_);
  }
  std::function<void()> on_finalize;

  [[nodiscard]] std::string_view name() const override { return "timed-fake-stt"; }
  [[nodiscard]] core::Result<std::unique_ptr<providers::SttStream>> open_stream(
      const providers::SttOptions& options, core::Executor& events_on,
      providers::SttEventHandler on_event) override {
    ProviderTimer timer(time_);
    auto inner = inner_.open_stream(options, events_on, std::move(on_event));
    if (!inner.ok()) return inner.error();
    return std::unique_ptr<providers::SttStream>(
        std::make_unique<Stream>(*this, std::move(inner).value()));
  }

 private:
  class Stream final : public providers::SttStream {
   public:
    Stream(TimedSttProvider& owner, std::unique_ptr<providers::SttStream> inner)
        : owner_(owner), inner_(std::move(inner)) {}
    void push_audio(std::span<const std::int16_t> samples) override {
      ProviderTimer timer(owner_.time_);
      inner_->push_audio(samples);
    }
    void finalize() override {
      if (owner_.on_finalize) owner_.on_finalize();
      ProviderTimer timer(owner_.time_);
      owner_.inner_.script(owner_.text_);  // the next utterance's text, before this one's pops
      inner_->finalize();
    }
    void set_expected_phrases(std::vector<std::string> phrases) override {
      ProviderTimer timer(owner_.time_);
      inner_->set_expected_phrases(std::move(phrases));
    }
    void close() override {
      ProviderTimer timer(owner_.time_);
      inner_->close();
    }

   private:
    TimedSttProvider& owner_;
    std::unique_ptr<providers::SttStream> inner_;
  };

  providers::testing::FakeSttProvider inner_;
  std::string text_;
  ProviderTime& time_;
};

/// A FakeTtsProvider (shared by the calls of one loop) with every call into its streams timed.
/// The fake renders the whole tone of a piece inside flush(), so that is where its time goes.
class TimedTtsProvider final : public providers::TtsProvider {
 public:
  TimedTtsProvider(providers::testing::FakeTtsProvider::Options options, ProviderTime& time)
      : inner_(options), time_(time) {}
  std::function<void()> on_flush;  // run when a piece is flushed, before the fake renders it

  [[nodiscard]] std::string_view name() const override { return "timed-fake-tts"; }
  [[nodiscard]] core::Result<std::unique_ptr<providers::TtsStream>> open_stream(
      const providers::TtsOptions& options, core::Executor& events_on,
      providers::TtsEventHandler on_event) override {
    ProviderTimer timer(time_);
    auto inner = inner_.open_stream(options, events_on, std::move(on_event));
    if (!inner.ok()) return inner.error();
    return std::unique_ptr<providers::TtsStream>(
        std::make_unique<Stream>(*this, std::move(inner).value()));
  }

 private:
  class Stream final : public providers::TtsStream {
   public:
    Stream(TimedTtsProvider& owner, std::unique_ptr<providers::TtsStream> inner)
        : owner_(owner), time_(owner.time_), inner_(std::move(inner)) {}
    void push_text(providers::TtsContextId context, std::string_view text) override {
      ProviderTimer timer(time_);
      inner_->push_text(context, text);
    }
    void flush(providers::TtsContextId context) override {
      if (owner_.on_flush) owner_.on_flush();
      ProviderTimer timer(time_);
      inner_->flush(context);
    }
    void cancel(providers::TtsContextId context) override {
      ProviderTimer timer(time_);
      inner_->cancel(context);
    }
    void close() override {
      ProviderTimer timer(time_);
      inner_->close();
    }

   private:
    TimedTtsProvider& owner_;
    ProviderTime& time_;
    std::unique_ptr<providers::TtsStream> inner_;
  };

  providers::testing::FakeTtsProvider inner_;
  ProviderTime& time_;
};

/// The scripted LLM with stream_chat() timed (it parses the script and matches the rule there).
class TimedLlm final : public providers::LlmProvider {
 public:
  TimedLlm(providers::ScriptedLlmTiming timing, ProviderTime& time) : inner_(timing), time_(time) {}
  std::function<void()> on_request;  // run when a reply is requested

  [[nodiscard]] std::string_view name() const override { return "timed-scripted"; }
  [[nodiscard]] std::unique_ptr<providers::LlmCompletion> stream_chat(
      providers::ChatRequest request, core::Executor& events_on,
      providers::LlmEventHandler on_event) override {
    if (on_request) on_request();
    ProviderTimer timer(time_);
    return inner_.stream_chat(std::move(request), events_on, std::move(on_event));
  }

 private:
  providers::ScriptedLlm inner_;
  ProviderTime& time_;
};

}  // namespace ovos::bench
