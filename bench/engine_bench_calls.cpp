// Concurrent calls on one event-loop thread (engine_bench calls, calls8k), and where a call's CPU
// and memory go (engine_bench profile). See engine_bench.cpp for how to run it.
#include "engine_bench_calls.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "agents/types/llm_responder.h"
#include "audio/resampler.h"
#include "audio/vad.h"
#include "engine/call_session.h"
#include "engine/session_config.h"
#include "engine_bench_support.h"
#include "net/event_loop.h"

namespace ovos::bench {
namespace {

using engine::CallSession;
using engine::OutputFrame;

constexpr std::size_t kFrame = 320;  // 20 ms at 16 kHz
constexpr int kGroups = 20;          // calls are fed in 20 groups, one group per millisecond
constexpr double kLateMs = 5.0;      // a tick this late counts as late
constexpr double kMaxLateMs = 20.0;  // real time: no tick later than this, p99 under kLateMs

const std::string kScript =
    "Answer from this script.\n"
    "* => We are open from nine in the morning until five in the evening, Monday to Friday.";

/// What every call of one loop shares: the providers, the caller's audio, the totals.
struct LoadShared {
  explicit LoadShared(core::Executor& l)
      : loop(l),
        tts({milliseconds(100), milliseconds(150), milliseconds(40), 16000, false}, ptime),
        llm({milliseconds(200), milliseconds(0)}, ptime) {}

  core::Executor& loop;
  ProviderTime ptime;
  TimedTtsProvider tts;
  TimedLlm llm;
  int rate = 16000;                 // of the caller's audio and of the agent's audio out
  std::size_t frame = kFrame;       // samples per 20 ms at `rate`
  std::vector<std::int16_t> cycle;  // what each caller says, looped; whole 20 ms frames
  std::size_t cycle_frames = 0;

  std::int64_t replies = 0, clears = 0, ends = 0, errors = 0;
  std::vector<double> turn_ms;  // LatencyFrame::total_ms: caller speech end -> first audio out
};

/// One caller looping over the shared cycle from its own starting point, with a player that
/// echoes marks when the audio before them has played.
class LoadCall final : public engine::CallOutput {
 public:
  LoadCall(LoadShared& shared, std::size_t first_frame)
      : shared_(shared),
        stt_({milliseconds(100), milliseconds(150)}, "what are your opening hours", shared.ptime),
        responder_(shared.llm, kScript, providers::ChatRequest{}, {}),
        pos_(first_frame % shared.cycle_frames) {
    engine::SessionProviders p;
    p.stt = &stt_;
    p.tts = &shared.tts;
    p.responder = &responder_;
    engine::SessionConfig config;
    config.turn.backchannel_words = engine::default_backchannel_words();
    config.input_sample_rate = shared.rate;
    config.output_sample_rate = shared.rate;
    auto created = CallSession::create(shared.loop, config, p, *this, nullptr);
    if (!created.ok()) throw std::runtime_error(created.error().message);
    session_ = std::move(created).value();
  }

  void start() { session_->start(); }

  void tick() {
    session_->on_caller_audio(
        std::span(shared_.cycle).subspan(pos_ * shared_.frame, shared_.frame));
    if (++pos_ == shared_.cycle_frames) pos_ = 0;
  }

  void deliver(OutputFrame frame) override {
    const auto now = SteadyClock::now();
    if (auto* audio = std::get_if<engine::AudioFrame>(&frame)) {
      player_.on_audio(*audio, now, shared_.rate);
    } else if (auto* mark = std::get_if<engine::MarkFrame>(&frame)) {
      shared_.loop.post_after(player_.until_played(now),
                              [this, name = std::move(mark->name)] { session_->on_played(name); });
    } else if (std::holds_alternative<engine::ClearFrame>(frame)) {
      player_.on_clear(now);
      ++shared_.clears;
    } else if (auto* latency = std::get_if<engine::LatencyFrame>(&frame)) {
      ++shared_.replies;
      shared_.turn_ms.push_back(static_cast<double>(latency->total_ms));
    } else if (std::holds_alternative<engine::EndFrame>(frame)) {
      ++shared_.ends;
    } else if (std::holds_alternative<engine::ErrorFrame>(frame)) {
      ++shared_.errors;
    }
  }

  [[nodiscard]] const Player& player() const { return player_; }

 private:
  LoadShared& shared_;
  TimedSttProvider stt_;
  agents::LlmResponder responder_;
  std::unique_ptr<CallSession> session_;
  std::size_t pos_;
  Player player_;
};

/// The caller's loop: three questions; after the first two the caller waits for the whole
/// answer, after the third it talks again 1 s after its own speech ended, over the answer
/// (a barge-in).
std::vector<std::int16_t> caller_cycle() {
  std::vector<std::int16_t> cycle;
  const auto say = [&](const std::string& text, int silence_ms) {
    const auto speech = synthesize(text);
    cycle.insert(cycle.end(), speech.begin(), speech.end());
    cycle.insert(cycle.end(), static_cast<std::size_t>(silence_ms) * 16, 0);
  };
  say("What are your opening hours?", 4000);
  say("Do you have any tables free tonight?", 4000);
  say("Can I book one for two people?", 1000);
  return cycle;
}

struct CallsRow {  // trivially copyable: sent through a pipe
  int calls = 0;
  int rate = 16000;
  char sched[40] = {};
  bool retry = false;  // a second run of the same count
  double seconds = 0, cpu_share = 0, provider_share = 0, wait_share = 0;
  Summary late_us, work_us, turn_ms;
  std::int64_t late_ticks = 0, ticks = 0, replies = 0, clears = 0, ends = 0, errors = 0;
  std::int64_t underruns = 0, audio_frames = 0;
  double worst_gap_ms = 0;
  double rss_create_kib = 0, rss_run_kib = 0, heap_create_kib = 0, heap_run_kib = 0;
  bool real_time = false;
};

static_assert(std::is_trivially_copyable_v<CallsRow>);

/// `cycle` at 16 kHz, converted to `rate` when that differs (whole 20 ms frames).
std::vector<std::int16_t> at_rate(const std::vector<std::int16_t>& cycle, int rate) {
  if (rate == 16000) return cycle;
  auto resampler = audio::Resampler::create(16000, rate);
  if (!resampler.ok()) throw std::runtime_error(resampler.error().message);
  std::vector<std::int16_t> out = resampler->process(cycle);
  const auto frame = static_cast<std::size_t>(rate / 50);
  out.resize(out.size() / frame * frame);
  return out;
}

CallsRow measure_calls(int n, int seconds, const std::vector<std::int16_t>& cycle, int rate) {
  auto loop = net::EventLoop::start("bench-calls");
  const char* sched = make_loop_realtime(*loop);
  LoadShared shared(*loop);
  shared.rate = rate;
  shared.frame = static_cast<std::size_t>(rate / 50);
  shared.cycle = at_rate(cycle, rate);
  shared.cycle_frames = shared.cycle.size() / shared.frame;
  shared.turn_ms.reserve(static_cast<std::size_t>(n) * seconds);
  std::vector<std::unique_ptr<LoadCall>> calls;
  calls.reserve(static_cast<std::size_t>(n));
  std::unique_ptr<Ticker> ticker;
  const long rss0 = rss_kib();
  const std::size_t heap0 = heap_bytes();

  run_on(*loop, [&] {
    std::uint64_t seed = 0x9E3779B97F4A7C15ULL;
    for (int i = 0; i < n; ++i) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      calls.push_back(std::make_unique<LoadCall>(shared, static_cast<std::size_t>(seed >> 33)));
      calls.back()->start();
    }
  });
  const long rss1 = rss_kib();
  const std::size_t heap1 = heap_bytes();

  double cpu0 = 0, wait0 = 0;
  run_on(*loop, [&] {
    ticker = std::make_unique<Ticker>(*loop, [&](std::int64_t tick) {
      for (auto i = static_cast<std::size_t>(tick % kGroups); i < calls.size(); i += kGroups)
        calls[i]->tick();
    });
    cpu0 = thread_cpu_seconds();
    wait0 = thread_runqueue_wait_seconds();
    ticker->start();
  });
  const std::int64_t p0 = run_on(*loop, [&] { return shared.ptime.ns; });
  std::this_thread::sleep_for(std::chrono::seconds(seconds));

  CallsRow row;
  row.calls = n;
  row.rate = rate;
  std::snprintf(row.sched, sizeof row.sched, "%s", sched);
  run_on(*loop, [&] {
    ticker->stop();
    const double cpu = thread_cpu_seconds() - cpu0;
    row.seconds = us_between(ticker->started(), SteadyClock::now()) / 1e6;
    row.cpu_share = cpu / row.seconds;
    row.wait_share = (thread_runqueue_wait_seconds() - wait0) / row.seconds;
    row.provider_share = static_cast<double>(shared.ptime.ns - p0) / 1e9 / row.seconds;
    row.late_us = summarize(ticker->lateness_us());
    row.work_us = summarize(ticker->work_us());
    row.ticks = static_cast<std::int64_t>(ticker->lateness_us().size());
    for (const double l : ticker->lateness_us())
      row.late_ticks += l > kLateMs * 1000 ? 1 : 0;
    for (const auto& c : calls) {
      row.underruns += c->player().underruns;
      row.audio_frames += c->player().frames;
      row.worst_gap_ms = std::max(row.worst_gap_ms, c->player().worst_gap_ms);
    }
    row.turn_ms = summarize(shared.turn_ms);
    row.replies = shared.replies;
    row.clears = shared.clears;
    row.ends = shared.ends;
    row.errors = shared.errors;
  });
  const long rss2 = rss_kib();
  const std::size_t heap2 = heap_bytes();
  const double per = n > 0 ? 1.0 / n : 0.0;
  row.rss_create_kib = static_cast<double>(rss1 - rss0) * per;
  row.rss_run_kib = static_cast<double>(rss2 - rss0) * per;
  row.heap_create_kib = static_cast<double>(heap1 - heap0) / 1024.0 * per;
  row.heap_run_kib = static_cast<double>(heap2 - heap0) / 1024.0 * per;
  row.real_time = row.late_us.max <= kMaxLateMs * 1000 && row.late_us.p99 < kLateMs * 1000;
  loop->stop();  // first: pending mark echoes point at the calls
  calls.clear();
  return row;
}

void print_calls_tables(int seconds, int rate, const std::vector<CallsRow>& rows) {
  std::printf(
      "\n### Concurrent calls on one event-loop thread (%d s per row, caller and agent "
      "audio at %d Hz; loop thread %s)\n\n",
      seconds, rate, rows.empty() ? "?" : rows.front().sched);
  std::printf(
      "| Calls | Loop CPU (of one core) | of which in fake providers | Loop waiting for a CPU | "
      "Tick late p50 / p99 / max (ms) | Ticks > 5 ms late | Playout underruns | Real time |\n"
      "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
  for (const CallsRow& r : rows) {
    std::printf(
        "| %d%s | %.1f %% | %.1f %% | %.1f %% | %.2f / %.2f / %.2f | %lld of %lld | %lld | %s |\n",
        r.calls, r.retry ? " (again)" : "", 100 * r.cpu_share, 100 * r.provider_share,
        100 * r.wait_share, r.late_us.p50 / 1000, r.late_us.p99 / 1000, r.late_us.max / 1000,
        static_cast<long long>(r.late_ticks), static_cast<long long>(r.ticks),
        static_cast<long long>(r.underruns), r.real_time ? "yes" : "**no**");
  }
  std::printf(
      "\n| Calls | Replies | Barge-ins | Reply latency p50 / p99 (ms) | Agent frames out | "
      "RSS per call: created / after the run (KiB) | Heap per call: created / after the run "
      "(KiB) |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  for (const CallsRow& r : rows) {
    if (r.calls == 0) continue;
    std::printf("| %d%s | %lld | %lld | %.0f / %.0f | %lld | %.1f / %.1f | %.1f / %.1f |\n",
                r.calls, r.retry ? " (again)" : "", static_cast<long long>(r.replies),
                static_cast<long long>(r.clears), r.turn_ms.p50, r.turn_ms.p99,
                static_cast<long long>(r.audio_frames), r.rss_create_kib, r.rss_run_kib,
                r.heap_create_kib, r.heap_run_kib);
  }
  for (const CallsRow& r : rows) {
    if (r.ends > 0 || r.errors > 0) {
      std::printf("\n%d calls: unexpected %lld end frames, %lld error frames\n", r.calls,
                  static_cast<long long>(r.ends), static_cast<long long>(r.errors));
    }
  }
  std::fflush(stdout);
}

}  // namespace

int run_calls(int seconds, std::vector<int> counts, int rate) {
  const bool ramp = counts.empty();
  if (ramp) counts = {0, 250, 500, 1000, 1500, 2000, 2500, 3000, 4000};
  const auto cycle = caller_cycle();
  std::printf("\ncaller cycle: %.1f s (3 questions, the third one barged in on)\n",
              static_cast<double>(cycle.size()) / 16000);
  std::vector<CallsRow> rows;
  int best = 0;
  int retries_left = 2;  // the host is shared: a stall of its own can fail a row once
  for (std::size_t k = 0; k < counts.size(); ++k) {
    const int n = counts[k];
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    std::fflush(stdout);
    const pid_t child = fork();  // a fresh heap per row, so memory figures do not mix
    if (child < 0) throw std::runtime_error("fork failed");
    if (child == 0) {
      close(fds[0]);
      // Give back the free heap pages inherited from the parent, so that the calls' memory
      // shows in the RSS instead of reusing pages already resident.
      malloc_trim(0);
      int code = 1;
      try {
        const CallsRow row = measure_calls(n, seconds, cycle, rate);
        code = write(fds[1], &row, sizeof row) == static_cast<ssize_t>(sizeof row) ? 0 : 1;
      } catch (const std::exception& e) {
        std::fprintf(stderr, "calls %d: %s\n", n, e.what());
      }
      _exit(code);
    }
    close(fds[1]);
    CallsRow row;
    const bool got = read(fds[0], &row, sizeof row) == static_cast<ssize_t>(sizeof row);
    close(fds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    if (!got) {
      std::fprintf(stderr, "calls %d: the measuring process failed (status %d)\n", n, status);
      break;
    }
    std::fprintf(stderr, "calls %d: cpu %.1f %%, late p99 %.2f ms, max %.2f ms: %s\n", n,
                 100 * row.cpu_share, row.late_us.p99 / 1000, row.late_us.max / 1000,
                 row.real_time ? "real time" : "NOT real time");
    const bool retry = !rows.empty() && rows.back().calls == n;
    row.retry = retry;
    rows.push_back(row);
    if (row.real_time) {
      best = std::max(best, n);
    } else if (!retry && retries_left > 0) {
      --retries_left;
      --k;  // once more
    } else if (ramp && n > 0) {
      break;
    }
  }
  print_calls_tables(seconds, rate, rows);
  std::printf("\nlargest count in real time: %d calls on one core\n", best);
  std::fflush(stdout);
  return 0;
}

namespace {

/// CPU nanoseconds per call of `fn`, called `reps` times in rounds of 1000: the best round
/// (the host is shared: thread CPU time leaves out the time others had the core, the best
/// round leaves out the caches they cooled).
template <typename Fn>
double ns_per(int reps, Fn fn) {
  double best = 1e300;
  for (int done = 0; done < reps;) {
    const int round = std::min(1000, reps - done);
    const double t0 = thread_cpu_ns();
    for (int i = 0; i < round; ++i)
      fn(done + i);
    best = std::min(best, (thread_cpu_ns() - t0) / round);
    done += round;
  }
  return best;
}

/// The pre-roll as CallSession keeps it: a deque of samples, appended a frame at a time and
/// trimmed one sample at a time.
struct DequePreroll {
  std::deque<std::int16_t> d;
  void push(std::span<const std::int16_t> frame, std::size_t max) {
    d.insert(d.end(), frame.begin(), frame.end());
    while (d.size() > max)
      d.pop_front();
  }
};

/// The deque trimmed with one erase per frame instead.
struct BulkDequePreroll {
  std::deque<std::int16_t> d;
  void push(std::span<const std::int16_t> frame, std::size_t max) {
    d.insert(d.end(), frame.begin(), frame.end());
    if (d.size() > max) d.erase(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(d.size() - max));
  }
};

/// The same as a fixed ring: one or two memcpy per frame.
struct RingPreroll {
  std::vector<std::int16_t> ring = std::vector<std::int16_t>(4800);
  std::size_t head = 0;
  void push(std::span<const std::int16_t> frame, std::size_t) {
    const std::size_t first = std::min(frame.size(), ring.size() - head);
    std::copy_n(frame.begin(), first, ring.begin() + static_cast<std::ptrdiff_t>(head));
    std::copy(frame.begin() + static_cast<std::ptrdiff_t>(first), frame.end(), ring.begin());
    head = (head + frame.size()) % ring.size();
  }
};

}  // namespace

void run_profile() {
  constexpr int kCount = 500;
  auto loop = net::EventLoop::start("bench-profile");
  LoadShared shared(*loop);
  shared.cycle = caller_cycle();
  shared.cycle_frames = shared.cycle.size() / kFrame;
  const std::span<const std::int16_t> cycle = shared.cycle;
  const auto frame_at = [&](int i) {
    return cycle.subspan(static_cast<std::size_t>(i) % shared.cycle_frames * kFrame, kFrame);
  };

  // CPU per 20 ms frame of caller audio, by part.
  const int reps = static_cast<int>(shared.cycle_frames) * 20;
  auto vad = std::move(audio::VoiceActivityDetector::create(audio::VadConfig{})).value();
  const double vad_ns = ns_per(reps, [&](int i) { (void)vad.process(frame_at(i)); });
  const double rms_ns = ns_per(reps, [&](int i) { (void)audio::rms_dbfs(frame_at(i)); });
  DequePreroll deque_preroll;
  const double deque_ns = ns_per(reps, [&](int i) { deque_preroll.push(frame_at(i), 4800); });
  BulkDequePreroll bulk_preroll;
  const double bulk_ns = ns_per(reps, [&](int i) { bulk_preroll.push(frame_at(i), 4800); });
  RingPreroll ring_preroll;
  const double ring_ns = ns_per(reps, [&](int i) { ring_preroll.push(frame_at(i), 4800); });
  // Phone calls (8 kHz): caller audio goes up to 16 kHz, agent audio (16 kHz here) down to 8.
  const auto narrow = at_rate(shared.cycle, 8000);
  const auto resample_ns = [&](int from, int to, int quality) {
    auto r = std::move(audio::Resampler::create(from, to, 1, quality)).value();
    const std::span<const std::int16_t> in = from == 8000 ? narrow : shared.cycle;
    const auto n = static_cast<std::size_t>(from / 50);
    const std::size_t frames = in.size() / n;
    return ns_per(reps, [&](int i) {
      (void)r.process(in.subspan(static_cast<std::size_t>(i) % frames * n, n));
    });
  };
  const double up5 = resample_ns(8000, 16000, audio::Resampler::kDefaultQuality);
  const double down5 = resample_ns(16000, 8000, audio::Resampler::kDefaultQuality);
  const double up3 = resample_ns(8000, 16000, 3);
  const double down3 = resample_ns(16000, 8000, 3);

  // The whole caller side of a session (framer, pre-roll, VAD, STT push, barge-in check), on
  // sessions fed one cycle's frames back to back; the tasks they post run afterwards, untimed.
  std::vector<std::unique_ptr<LoadCall>> calls;
  calls.reserve(kCount);
  const std::size_t heap_before_calls = heap_bytes();
  run_on(*loop, [&] {
    for (int i = 0; i < kCount; ++i)
      calls.push_back(std::make_unique<LoadCall>(shared, 0));
  });
  const std::size_t heap_created = heap_bytes();
  run_on(*loop, [&] {
    for (auto& c : calls)
      c->start();
  });
  const std::size_t heap_started = heap_bytes();
  double session_us = 0;
  for (std::size_t f = 0; f + 25 <= shared.cycle_frames; f += 25) {
    // One batch of 25 frames per call; what the batch posts (STT events, replies) runs
    // between batches, untimed.
    session_us += run_on(*loop, [&] {
      const double t0 = thread_cpu_ns();
      for (int k = 0; k < 25; ++k) {
        for (auto& c : calls)
          c->tick();
      }
      return (thread_cpu_ns() - t0) / 1000.0;
    });
  }
  const double session_ns =
      session_us * 1000.0 / static_cast<double>(shared.cycle_frames / 25 * 25 * kCount);
  std::printf(
      "\n### Where a call's CPU goes (thread CPU time per 20 ms frame of caller audio)\n\n");
  std::printf("| Part | CPU ns per frame |\n| --- | ---: |\n");
  std::printf("| CallSession::on_caller_audio, whole (fake STT push included) | %.0f |\n",
              session_ns);
  std::printf("| of which VoiceActivityDetector::process (WebRTC VAD + energy gate) | %.0f |\n",
              vad_ns);
  std::printf("| of which audio::rms_dbfs (the energy gate, in the VAD) | %.0f |\n", rms_ns);
  std::printf("| of which the pre-roll (std::deque, trimmed sample by sample) | %.0f |\n",
              deque_ns);
  std::printf("| the pre-roll trimmed with one erase per frame instead (for comparison) | %.0f |\n",
              bulk_ns);
  std::printf("| the pre-roll as a ring buffer instead (for comparison) | %.0f |\n", ring_ns);
  std::printf(
      "| 8 kHz calls: caller audio 8 -> 16 kHz (speexdsp quality %d; quality 3) | %.0f "
      "(%.0f) |\n",
      audio::Resampler::kDefaultQuality, up5, up3);
  std::printf(
      "| 8 kHz calls: agent audio 16 -> 8 kHz, per 20 ms of it (quality %d; quality 3) "
      "| %.0f (%.0f) |\n",
      audio::Resampler::kDefaultQuality, down5, down3);
  std::fflush(stdout);

  // Memory.
  std::printf("\n### Memory of one call (heap, averaged over %d calls)\n\n", kCount);
  std::printf("| Part | KiB per call |\n| --- | ---: |\n");
  const auto per = [&](std::size_t from, std::size_t to) {
    return (static_cast<double>(to) - static_cast<double>(from)) / 1024.0 / kCount;
  };
  std::printf("| a call created (session, fake STT stream, responder, bench output) | %.1f |\n",
              per(heap_before_calls, heap_created));
  std::printf("| of which sizeof(CallSession) | %.1f |\n",
              static_cast<double>(sizeof(CallSession)) / 1024.0);
  {
    std::vector<audio::VoiceActivityDetector> vads;
    vads.reserve(kCount);
    const std::size_t h = heap_bytes();
    for (int i = 0; i < kCount; ++i) {
      auto v = audio::VoiceActivityDetector::create(audio::VadConfig{});
      vads.push_back(std::move(v).value());
    }
    std::printf("| of which the VAD (WebRTC instance) | %.1f |\n", per(h, heap_bytes()));
  }
  std::printf("| started (call timers armed) | %.1f |\n", per(heap_created, heap_started));
  const std::size_t heap_fed = heap_bytes();
  std::printf(
      "| after one caller cycle fed back to back (pre-roll full, replies pending) | %.1f "
      "|\n",
      per(heap_started, heap_fed));
  {
    std::vector<DequePreroll> prerolls(kCount);
    const std::size_t h = heap_bytes();
    for (auto& p : prerolls)
      p.push(cycle.subspan(0, 4800), 4800);
    std::printf(
        "| a full 300 ms pre-roll as std::deque (for comparison: 9.4 KiB of samples) | "
        "%.1f |\n",
        per(h, heap_bytes()));
  }
  std::printf(
      "| agent audio buffered by the Playout: a 2.4 s reply at 16 kHz, delivered at "
      "once by the TTS | %.1f (samples only) |\n",
      2.4 * 16000 * 2 / 1024.0);
  loop->stop();
  calls.clear();
  std::fflush(stdout);
}

}  // namespace ovos::bench
