// engine_bench tokens: from an LLM token to the TTS request it completes.
#include "engine_bench_tokens.h"

#include <cstdio>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agents/types/llm_responder.h"
#include "engine/call_session.h"
#include "engine_bench_support.h"
#include "net/event_loop.h"

namespace ovos::bench {
namespace {

using engine::MarkFrame;
using engine::OutputFrame;
using engine::TranscriptFrame;

// An answer with what a chunker must not split: abbreviations, a time, a price, an e-mail.
constexpr const char* kAnswer =
    "Sure, Dr. Smith can see you at 3:30 p.m. on Friday, the 14th. The visit costs $45.50, and "
    "you can pay by card. If you need a receipt, write to billing@clinic.example.com and we "
    "will send it the same day. Is there anything else I can help you with?";

/// LLM-like tokens: words with their leading space.
std::vector<std::string> tokens_of(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start + 1);
    if (end == std::string_view::npos) end = text.size();
    out.emplace_back(text.substr(start, end - start));
    start = end;
  }
  return out;
}

/// A streaming LLM: its "network" thread (the vendor loop) posts one token every 25 ms to the
/// call's executor, stamped with when it was posted; the bench reads the stamp of the token
/// being handled when the session asks for speech.
class StreamingLlm final : public providers::LlmProvider {
 public:
  StreamingLlm(net::EventLoop& vendor, SteadyClock::time_point& current_posted_at)
      : vendor_(vendor), current_(current_posted_at), tokens_(tokens_of(kAnswer)) {}

  [[nodiscard]] std::string_view name() const override { return "streaming-bench"; }
  [[nodiscard]] std::unique_ptr<providers::LlmCompletion> stream_chat(
      providers::ChatRequest, core::Executor& events_on,
      providers::LlmEventHandler on_event) override {
    auto completion = std::make_unique<Completion>();
    auto alive = completion->alive;
    auto post = [&events_on, alive, on_event, this](providers::LlmEvent event) {
      const auto posted = SteadyClock::now();
      events_on.post([alive, on_event, event, posted, this]() mutable {
        if (!*alive) return;
        current_ = posted;
        on_event(std::move(event));
      });
    };
    for (std::size_t i = 0; i <= tokens_.size(); ++i) {
      vendor_.post_after(milliseconds(25 * static_cast<int>(i + 1)), [post, i, this] {
        if (i < tokens_.size()) {
          post({providers::LlmEvent::Kind::kToken, tokens_[i], {}, 0, 0, {}});
        } else {
          post({providers::LlmEvent::Kind::kDone, {}, {}, 0, 0, {}});
        }
      });
    }
    return completion;
  }

 private:
  struct Completion final : providers::LlmCompletion {
    std::shared_ptr<bool> alive = std::make_shared<bool>(true);
    ~Completion() override { cancel(); }
    void cancel() override { *alive = false; }
  };
  net::EventLoop& vendor_;
  SteadyClock::time_point& current_;
  std::vector<std::string> tokens_;
};

/// One call on `loop`; each reply is asked for with a keypad "#" (no speech recognition in
/// the way) and the next one once the agent's final transcript is out.
class TokenBench final : public engine::CallOutput {
 public:
  TokenBench(net::EventLoop& loop, net::EventLoop& vendor)
      : loop_(loop),
        tts_({milliseconds(0), milliseconds(5), milliseconds(20), 16000, false}, ptime_),
        llm_(vendor, posted_at_),
        responder_(llm_, "", providers::ChatRequest{}) {
    tts_.on_flush = [this] {
      if (warmup_left_ > 0) return;
      delays_.push_back(us_between(posted_at_, SteadyClock::now()));
      if (first_piece_) {
        first_.push_back(us_between(reply_started_, SteadyClock::now()));
        first_piece_ = false;
      }
    };
  }

  struct Result {
    Summary token_to_tts, first_piece;
  };

  Result run(int replies, int warmup) {
    replies_left_ = replies;
    warmup_left_ = warmup;
    auto done = done_.get_future();
    loop_.post([this] {
      engine::SessionProviders p;
      p.stt = &stt_;
      p.tts = &tts_;
      p.responder = &responder_;
      engine::SessionConfig config;
      config.dtmf_enabled = true;
      config.welcome_message.clear();
      config.check_if_user_online = false;
      config.hangup_after_silence = milliseconds(0);
      config.max_duration = milliseconds(0);
      auto created = engine::CallSession::create(loop_, config, p, *this, nullptr);
      if (!created.ok()) throw std::runtime_error(created.error().message);
      session_ = std::move(created).value();
      session_->start();
      ask();
    });
    done.wait();
    std::promise<void> closed;
    loop_.post([&] {
      session_.reset();
      closed.set_value();
    });
    closed.get_future().wait();
    return {summarize(delays_), summarize(first_)};
  }

  void deliver(OutputFrame frame) override {
    if (auto* mark = std::get_if<MarkFrame>(&frame)) {
      loop_.post([this, name = std::move(mark->name)] {
        if (session_) session_->on_played(name);
      });
    } else if (auto* t = std::get_if<TranscriptFrame>(&frame)) {
      if (t->speaker == engine::Speaker::kAgent && t->final) {
        loop_.post([this] { reply_done(); });
      }
    }
  }

 private:
  void ask() {
    first_piece_ = true;
    reply_started_ = SteadyClock::now() + milliseconds(25);  // the first token's due time
    session_->on_dtmf('1');
    session_->on_dtmf('#');
  }
  void reply_done() {
    if (warmup_left_ > 0) {
      --warmup_left_;
    } else if (--replies_left_ <= 0) {
      done_.set_value();
      return;
    }
    ask();
  }

  net::EventLoop& loop_;
  ProviderTime ptime_;
  providers::testing::FakeSttProvider stt_;
  TimedTtsProvider tts_;
  SteadyClock::time_point posted_at_{};
  StreamingLlm llm_;
  agents::LlmResponder responder_;
  std::unique_ptr<engine::CallSession> session_;
  std::promise<void> done_;
  int replies_left_ = 0, warmup_left_ = 0;
  bool first_piece_ = false;
  SteadyClock::time_point reply_started_{};
  std::vector<double> delays_, first_;
};

}  // namespace

void run_token_to_tts(int replies) {
  auto loop = net::EventLoop::start("bench-tokens");
  auto vendor = net::EventLoop::start("bench-vendor");
  const char* sched = make_loop_realtime(*loop);
  TokenBench bench(*loop, *vendor);
  const auto r = bench.run(replies, 5);
  vendor->stop();
  loop->stop();
  std::printf(
      "\n### LLM token -> TTS request (%d replies of %zu tokens, one token per 25 ms, after 5 "
      "warm-up replies; loop thread %s)\n\n",
      replies, tokens_of(kAnswer).size(), sched);
  std::printf("| Interval (µs) | Pieces | p50 | p90 | p99 | max |\n");
  std::printf("| --- | ---: | ---: | ---: | ---: | ---: |\n");
  print_us_row("token posted by the LLM's thread -> the piece it completes sent to TTS",
               r.token_to_tts);
  print_us_row("first token due -> first piece sent to TTS (includes the stream's pacing)",
               r.first_piece);
  std::fflush(stdout);
}

}  // namespace ovos::bench
