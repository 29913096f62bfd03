// Engine benchmarks: CallSessions on a real net::EventLoop, with the fake speech providers and
// the scripted LLM standing in for vendors, and caller speech made with flite.
//   overhead  engine time per turn: caller speech end detected -> first agent audio frame out,
//             with instant providers, minus the time spent inside the providers
//   bargein   caller speech onset (over a speaking agent) -> ClearFrame out, in real time
//   calls     concurrent calls on one event-loop thread: lateness, CPU and memory per call
//   calls8k   the same with caller and agent audio at 8 kHz (phone lines: both resamplers on)
//   profile   CPU per caller frame by part, and memory per call by part
//   tokens    LLM token -> TTS request: what the engine adds (chunking, event hop, session)
//   all       the three, as recorded in docs/benchmarks.md
// Build and run:
//   cmake --preset bench -B build/bench && cmake --build build/bench --target engine_bench
//   build/bench/bench/engine_bench all
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "agents/types/llm_responder.h"
#include "engine/call_session.h"
#include "engine/session_config.h"
#include "engine_bench_calls.h"
#include "engine_bench_support.h"
#include "engine_bench_tokens.h"
#include "net/event_loop.h"

namespace ovos::bench {
namespace {

using engine::AudioFrame;
using engine::CallSession;
using engine::ClearFrame;
using engine::MarkFrame;
using engine::OutputFrame;
using engine::TranscriptFrame;

constexpr std::size_t kFrame = 320;  // 20 ms at 16 kHz

// -------------------------------------------------------------------------------------------
// 1. Engine overhead per turn.

/// Drives turns one after another on the loop: the caller's question goes in 20 ms frames back
/// to back (faster than real time), then silence until the VAD declares the end (the moment the
/// session calls the STT's finalize()); the clock runs from there to the first AudioFrame of the
/// reply. Marks are echoed at once, so each reply drains as soon as it has been sent and the
/// next turn can start. A new call every `turns_per_call` turns.
class OverheadBench final : public engine::CallOutput {
 public:
  OverheadBench(net::EventLoop& loop, std::vector<std::int16_t> speech)
      : loop_(loop),
        speech_(std::move(speech)),
        stt_({milliseconds(0), milliseconds(150)}, "what are your opening hours", ptime_),
        tts_({milliseconds(0), milliseconds(10), milliseconds(40), 16000, false}, ptime_),
        llm_({milliseconds(0), milliseconds(0)}, ptime_) {
    stt_.on_finalize = [this] {
      t_end_ = SteadyClock::now();
      p_end_ = ptime_.ns;
      finalized_ = true;
      waiting_ = true;
      llm_at_.reset();
      tts_at_.reset();
    };
    llm_.on_request = [this] {
      if (waiting_ && !llm_at_) llm_at_ = SteadyClock::now();
    };
    tts_.on_flush = [this] {
      if (waiting_ && !tts_at_) tts_at_ = SteadyClock::now();
    };
  }

  struct Result {
    Summary gross, net, provider, to_llm, llm_to_tts, tts_to_audio;
    int calls = 0;
    int unexpected = 0;
  };

  Result run(int turns, int turns_per_call, int warmup) {
    turns_wanted_ = turns + warmup;
    turns_per_call_ = turns_per_call;
    warmup_ = warmup;
    auto done = done_.get_future();
    loop_.post([this] { new_call(); });
    done.wait();
    Result r;
    r.gross = summarize(gross_);
    r.net = summarize(net_);
    r.provider = summarize(provider_);
    r.to_llm = summarize(to_llm_);
    r.llm_to_tts = summarize(llm_to_tts_);
    r.tts_to_audio = summarize(tts_to_audio_);
    r.calls = calls_;
    r.unexpected = unexpected_;
    return r;
  }

  void deliver(OutputFrame frame) override {
    if (std::holds_alternative<AudioFrame>(frame)) {
      if (waiting_) record_first_audio(SteadyClock::now());
    } else if (auto* mark = std::get_if<MarkFrame>(&frame)) {
      loop_.post([this, name = std::move(mark->name)] {
        if (session_) session_->on_played(name);
      });
    } else if (auto* t = std::get_if<TranscriptFrame>(&frame)) {
      if (t->speaker == engine::Speaker::kAgent && t->final) loop_.post([this] { turn_done(); });
    } else if (std::holds_alternative<ClearFrame>(frame) ||
               std::holds_alternative<engine::EndFrame>(frame)) {
      ++unexpected_;
    }
  }

 private:
  void new_call() {
    session_.reset();
    responder_.emplace(llm_, script_, providers::ChatRequest{},
                       providers::expected_phrases(providers::parse_script(script_)));
    engine::SessionProviders p;
    p.stt = &stt_;
    p.tts = &tts_;
    p.responder = &*responder_;
    engine::SessionConfig config;
    config.turn.backchannel_words = engine::default_backchannel_words();
    auto created = CallSession::create(loop_, config, p, *this, nullptr);
    if (!created.ok()) throw std::runtime_error(created.error().message);
    session_ = std::move(created).value();
    session_->start();
    ++calls_;
    turns_in_call_ = 0;
    start_turn();
  }

  void start_turn() {
    frame_ = 0;
    finalized_ = false;
    loop_.post([this] { feed(); });
  }

  void feed() {
    if (finalized_ || !session_) return;
    const std::size_t frames = speech_.size() / kFrame;
    if (frame_ < frames) {
      session_->on_caller_audio(std::span(speech_).subspan(frame_ * kFrame, kFrame));
    } else {
      session_->on_caller_audio(silence_);
    }
    if (++frame_ > frames + 200) throw std::runtime_error("the VAD never ended the utterance");
    if (!finalized_) loop_.post([this] { feed(); });
  }

  void record_first_audio(SteadyClock::time_point t) {
    waiting_ = false;
    ++turns_seen_;
    if (turns_seen_ <= warmup_) return;
    const double provider_us = static_cast<double>(ptime_.ns - p_end_) / 1000.0;
    gross_.push_back(us_between(t_end_, t));
    provider_.push_back(provider_us);
    net_.push_back(us_between(t_end_, t) - provider_us);
    if (llm_at_ && tts_at_) {
      to_llm_.push_back(us_between(t_end_, *llm_at_));
      llm_to_tts_.push_back(us_between(*llm_at_, *tts_at_));
      tts_to_audio_.push_back(us_between(*tts_at_, t));
    }
  }

  void turn_done() {
    if (turns_seen_ >= turns_wanted_) {
      done_.set_value();
      return;
    }
    if (++turns_in_call_ >= turns_per_call_) {
      new_call();
    } else {
      start_turn();
    }
  }

  net::EventLoop& loop_;
  std::vector<std::int16_t> speech_;
  std::vector<std::int16_t> silence_ = std::vector<std::int16_t>(kFrame, 0);
  ProviderTime ptime_;
  TimedSttProvider stt_;
  TimedTtsProvider tts_;
  TimedLlm llm_;
  std::string script_ =
      "Answer from this script.\n"
      "opening hours => We are open from nine to five, Monday to Friday.\n"
      "* => Sorry, I did not catch that.";
  std::optional<agents::LlmResponder> responder_;
  std::unique_ptr<CallSession> session_;

  std::promise<void> done_;
  int turns_wanted_ = 0, turns_per_call_ = 0, warmup_ = 0;
  int turns_seen_ = 0, turns_in_call_ = 0, calls_ = 0, unexpected_ = 0;
  std::size_t frame_ = 0;
  bool finalized_ = false;
  bool waiting_ = false;
  SteadyClock::time_point t_end_{};
  std::int64_t p_end_ = 0;
  std::optional<SteadyClock::time_point> llm_at_, tts_at_;
  std::vector<double> gross_, net_, provider_, to_llm_, llm_to_tts_, tts_to_audio_;
};

void run_overhead(const std::vector<std::int16_t>& question, int turns) {
  auto loop = net::EventLoop::start("bench-overhead");
  const char* sched = make_loop_realtime(*loop);
  OverheadBench bench(*loop, question);
  const auto r = bench.run(turns, 20, 20);
  loop->stop();  // before the bench goes: pending mark echoes point at it
  std::printf(
      "\n### Engine overhead per turn (%zu turns in %d calls of 20 turns, after 20 "
      "warm-up turns; loop thread %s)\n\n",
      r.gross.n, r.calls, sched);
  std::printf("| Interval (µs) | Turns | p50 | p90 | p99 | max |\n");
  std::printf("| --- | ---: | ---: | ---: | ---: | ---: |\n");
  print_us_row("VAD speech end (STT finalize) -> first audio frame, wall", r.gross);
  print_us_row("of which inside the fake providers", r.provider);
  print_us_row("**engine overhead** (wall minus providers)", r.net);
  print_us_row("VAD speech end -> LLM request", r.to_llm);
  print_us_row("LLM request -> first TTS flush", r.llm_to_tts);
  print_us_row("first TTS flush -> first audio frame", r.tts_to_audio);
  if (r.unexpected > 0) std::printf("\nunexpected clear/end frames: %d\n", r.unexpected);
  std::fflush(stdout);
}

// -------------------------------------------------------------------------------------------
// 2. Barge-in reaction.

/// One caller that asks a question, lets the agent talk for `wait_frames`, then talks over it;
/// the time from the first frame of that speech (energy onset) to the ClearFrame is one sample.
/// Its barge-in utterance is also its next question, so it loops.
class BargeCall final : public engine::CallOutput {
 public:
  BargeCall(core::Executor& loop, ProviderTime& ptime, TimedTtsProvider& tts, TimedLlm& llm,
            const std::string& script, std::span<const std::int16_t> question,
            std::span<const std::int16_t> barge, std::int64_t start_frame, std::int64_t wait_frames)
      : loop_(loop),
        stt_({milliseconds(0), milliseconds(150)}, "wait what about the weekend", ptime),
        responder_(llm, script, providers::ChatRequest{}, {}),
        question_(question),
        barge_(barge),
        barge_onset_(onset_frame(barge)),
        start_frame_(start_frame),
        wait_frames_(wait_frames) {
    engine::SessionProviders p;
    p.stt = &stt_;
    p.tts = &tts;
    p.responder = &responder_;
    engine::SessionConfig config;
    config.turn.backchannel_words = engine::default_backchannel_words();
    auto created = CallSession::create(loop, config, p, *this, nullptr);
    if (!created.ok()) throw std::runtime_error(created.error().message);
    session_ = std::move(created).value();
  }

  void start() { session_->start(); }

  /// This call's next 20 ms of caller audio (called every 20 ms on the loop).
  void tick() {
    std::span<const std::int16_t> frame = silence_;
    const std::int64_t n = frame_no_++;
    if (n == start_frame_) phase_ = Phase::kQuestion;
    if (phase_ == Phase::kWaitBarge && n >= barge_frame_) {
      phase_ = Phase::kBarge;
      pos_ = 0;
    }
    if (phase_ == Phase::kQuestion || phase_ == Phase::kBarge) {
      const auto clip = phase_ == Phase::kQuestion ? question_ : barge_;
      frame = clip.subspan(pos_ * kFrame, kFrame);
      if (phase_ == Phase::kBarge && pos_ == barge_onset_) {
        onset_at_ = SteadyClock::now();
        ++barges_;
      }
      if (++pos_ * kFrame >= clip.size()) {
        phase_ = Phase::kWaitReply;
        pos_ = 0;
        onset_at_.reset();  // a barge-in that was not reacted to is counted, not timed
      }
    }
    session_->on_caller_audio(frame);
  }

  void deliver(OutputFrame frame) override {
    const auto now = SteadyClock::now();
    if (auto* audio = std::get_if<AudioFrame>(&frame)) {
      player_.on_audio(*audio, now, 16000);
      if (phase_ == Phase::kWaitReply) {
        phase_ = Phase::kWaitBarge;
        barge_frame_ = frame_no_ + wait_frames_;
      }
    } else if (std::holds_alternative<ClearFrame>(frame)) {
      player_.on_clear(now);
      if (onset_at_) {
        reactions_ms.push_back(us_between(*onset_at_, now) / 1000.0);
        onset_at_.reset();
      }
    } else if (auto* mark = std::get_if<MarkFrame>(&frame)) {
      loop_.post_after(player_.until_played(now),
                       [this, name = std::move(mark->name)] { session_->on_played(name); });
    }
  }

  [[nodiscard]] int barges() const { return barges_; }
  /// A barge-in begun but neither reacted to nor over (the run ended during it).
  [[nodiscard]] bool pending() const { return onset_at_.has_value(); }
  [[nodiscard]] const Player& player() const { return player_; }
  std::vector<double> reactions_ms;

 private:
  enum class Phase { kSilent, kQuestion, kWaitReply, kWaitBarge, kBarge };

  core::Executor& loop_;
  TimedSttProvider stt_;
  agents::LlmResponder responder_;
  std::unique_ptr<CallSession> session_;
  std::span<const std::int16_t> question_, barge_;
  std::size_t barge_onset_;
  std::int64_t start_frame_, wait_frames_;
  std::vector<std::int16_t> silence_ = std::vector<std::int16_t>(kFrame, 0);
  Phase phase_ = Phase::kSilent;
  std::int64_t frame_no_ = 0, barge_frame_ = 0;
  std::size_t pos_ = 0;
  std::optional<SteadyClock::time_point> onset_at_;
  int barges_ = 0;
  Player player_;
};

void run_bargein(const std::vector<std::int16_t>& question, const std::vector<std::int16_t>& barge,
                 int calls, int seconds) {
  auto loop = net::EventLoop::start("bench-bargein");
  const char* sched = make_loop_realtime(*loop);
  ProviderTime ptime;
  TimedTtsProvider tts({milliseconds(0), milliseconds(200), milliseconds(40), 16000, false}, ptime);
  TimedLlm llm({milliseconds(0), milliseconds(0)}, ptime);
  const std::string script =
      "* => Our opening hours are nine in the morning until five in the evening on weekdays, "
      "and on Saturdays we open at ten and close at four, while on Sundays and public holidays "
      "the shop stays closed all day.";
  std::vector<std::unique_ptr<BargeCall>> all;
  std::unique_ptr<Ticker> ticker;
  run_on(*loop, [&] {
    for (int i = 0; i < calls; ++i) {
      all.push_back(std::make_unique<BargeCall>(*loop, ptime, tts, llm, script, question, barge,
                                                /*start_frame=*/i * 7, /*wait_frames=*/60 + i % 5));
      all.back()->start();
    }
    ticker = std::make_unique<Ticker>(*loop, [&](std::int64_t tick) {
      for (std::size_t i = static_cast<std::size_t>(tick % 20); i < all.size(); i += 20)
        all[i]->tick();
    });
    ticker->start();
  });
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  std::vector<double> reactions;
  int barges = 0;
  int pending = 0;
  std::int64_t underruns = 0;
  Summary late;
  run_on(*loop, [&] {
    ticker->stop();
    for (auto& c : all) {
      reactions.insert(reactions.end(), c->reactions_ms.begin(), c->reactions_ms.end());
      barges += c->barges();
      pending += c->pending() ? 1 : 0;
      underruns += c->player().underruns;
    }
    late = summarize(ticker->lateness_us());
  });
  loop->stop();  // first: pending mark echoes point at the calls
  all.clear();
  std::vector<double> beyond;
  for (const double r : reactions)
    beyond.push_back(r - 200.0);
  const Summary s = summarize(reactions);
  const Summary b = summarize(beyond);
  std::printf("\n### Barge-in reaction (%d calls on one loop, %d s, real time; loop thread %s)\n\n",
              calls, seconds, sched);
  std::printf("| Interval (ms) | Barge-ins | p50 | p90 | p99 | max |\n");
  std::printf("| --- | ---: | ---: | ---: | ---: | ---: |\n");
  std::printf("| speech onset frame delivered -> ClearFrame | %zu | %.1f | %.1f | %.1f | %.1f |\n",
              s.n, s.p50, s.p90, s.p99, s.max);
  std::printf("| the same minus interruption_min (200 ms) | %zu | %.1f | %.1f | %.1f | %.1f |\n",
              b.n, b.p50, b.p90, b.p99, b.max);
  std::printf(
      "\nbarge-in onsets fed: %d, cut short by the end of the run: %d, without a clear: "
      "%d; feed tick lateness p99 %.0f µs, max %.0f µs; playout underruns: %lld\n",
      barges, pending, barges - pending - static_cast<int>(s.n), late.p99, late.max,
      static_cast<long long>(underruns));
  std::fflush(stdout);
}

int usage() {
  std::cerr
      << "usage: engine_bench overhead [turns] | bargein [calls] [seconds] |\n"
         "       calls [seconds] [N...] | calls8k [seconds] [N...] | profile | tokens [replies] |\n"
         "       all\n"
         "       [--no-rt: loop threads without SCHED_FIFO]\n";
  return 2;
}

int run(int argc, char** argv) {
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--no-rt") {
      realtime_wanted() = false;
    } else {
      args.push_back(argv[i]);
    }
  }
  argc = static_cast<int>(args.size());
  argv = args.data();
  if (argc < 2) return usage();
  const std::string_view what = argv[1];
  auto arg = [&](int i, int fallback) { return argc > i ? std::atoi(argv[i]) : fallback; };
  const auto question = synthesize("What are your opening hours?");
  const auto barge = synthesize("Wait, what about the weekend?");
  std::printf(
      "caller speech (flite rms, 16 kHz): question %.2f s (onset frame %zu), barge-in "
      "%.2f s (onset frame %zu)\n",
      static_cast<double>(question.size()) / 16000, onset_frame(question),
      static_cast<double>(barge.size()) / 16000, onset_frame(barge));
  std::fflush(stdout);
  if (what == "overhead") {
    run_overhead(question, arg(2, 500));
  } else if (what == "bargein") {
    run_bargein(question, barge, arg(2, 16), arg(3, 25));
  } else if (what == "calls" || what == "calls8k") {
    std::vector<int> ns;
    for (int i = 3; i < argc; ++i)
      ns.push_back(std::atoi(argv[i]));
    return run_calls(arg(2, 10), ns, what == "calls8k" ? 8000 : 16000);
  } else if (what == "profile") {
    run_profile();
  } else if (what == "tokens") {
    run_token_to_tts(arg(2, 200));
  } else if (what == "all") {
    run_overhead(question, 500);
    run_bargein(question, barge, 16, 25);
    run_profile();
    run_token_to_tts(200);
    run_calls(10, {}, 16000);
    return run_calls(10, {1000}, 8000);
  } else {
    return usage();
  }
  return 0;
}

}  // namespace
}  // namespace ovos::bench

int main(int argc, char** argv) {
  try {
    return ovos::bench::run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "engine_bench: " << e.what() << "\n";
    return 1;
  }
}
