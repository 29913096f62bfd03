// The load generator of the phone-call load benchmark. See call_load_client.h.
#include "call_load_client.h"

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "audio/g711.h"
#include "call_load_common.h"
#include "crypto/base64.h"
#include "engine_bench_support.h"
#include "net/event_loop.h"
#include "net/websocket_client.h"

namespace ovos::bench::load {

namespace {

constexpr int kGroups = 20;  // calls are fed in 20 groups, one group per millisecond
constexpr std::uint8_t kOnset = 1, kEnd = 2;

/// Figures of the run; touched on the generator's loop thread only.
struct Stats {
  bool measuring = false;
  std::int64_t frames = 0, frames_late_5ms = 0, frames_late_20ms = 0;
  std::vector<double> tick_late_us;
  std::int64_t answered = 0, missed = 0, unexpected_audio = 0, underruns = 0, clears = 0;
  std::int64_t errors = 0, closed = 0, connected = 0, failed = 0, marks = 0;
  std::vector<double> reply_ms;  // caller speech end (frame due) -> first bot audio received
  std::vector<double> rates;     // per reply: audio seconds over the seconds it took to arrive
  double bot_audio_s = 0;
};

/// What all calls share: the caller's frames as base64 μ-law and what each frame is.
struct Shared {
  net::EventLoop* loop = nullptr;
  std::uint16_t port = 0;
  std::vector<std::string> payloads;  // per cycle frame
  std::vector<std::uint8_t> role;     // per cycle frame: kOnset, kEnd
  Stats stats;
};

/// The value of `"key":"` in `text` up to the next quote (Twilio's messages from the server
/// never escape quotes in these fields).
std::string_view field(std::string_view text, std::string_view key) {
  const auto at = text.find(key);
  if (at == std::string_view::npos) return {};
  const auto from = at + key.size();
  const auto to = text.find('"', from);
  return to == std::string_view::npos ? std::string_view{} : text.substr(from, to - from);
}

/// One simulated Twilio call: streams the cycle from its own starting frame, plays the server's
/// audio in real time (a buffer like Twilio's), echoes marks when the audio before them has
/// played (at once on a clear), and follows each utterance to its answer. Loop thread only.
class Call {
 public:
  Call(Shared& shared, std::size_t index, std::size_t first_frame)
      : shared_(shared),
        pos_(first_frame % shared.payloads.size()),
        call_sid_("CA" + std::to_string(100000000 + index)),
        stream_sid_("MZ" + std::to_string(100000000 + index)) {}

  void connect(std::function<void()> then);
  [[nodiscard]] bool streaming() const { return connection_ != nullptr; }
  void send_frame(SteadyClock::time_point due);
  void on_text(std::string_view text);
  void on_closed() {
    connection_.reset();
    ++shared_.stats.closed;
  }
  /// At the end: an utterance still unanswered long after its end is missed; a reply that has
  /// stopped arriving is complete.
  void settle(SteadyClock::time_point now);

 private:
  void opening();
  void on_audio(std::size_t samples, SteadyClock::time_point now);
  void on_mark(std::string name);
  void on_clear();
  void echo_mark(const std::string& name);
  void close_reply();

  Shared& shared_;
  std::size_t pos_;
  std::string call_sid_, stream_sid_;
  std::shared_ptr<net::WebSocketConnection> connection_;
  std::int64_t sequence_ = 0, chunk_ = 0;
  // Turns: set when the last speech frame of an utterance is sent, cleared by the answer.
  bool in_utterance_ = false, awaiting_ = false, counted_ = false;
  SteadyClock::time_point speech_end_{};
  // The reply being received, played like Twilio's buffer.
  bool reply_open_ = false, reply_counted_ = false;
  SteadyClock::time_point reply_first_{}, reply_last_{}, play_end_{};
  std::size_t reply_samples_ = 0, last_samples_ = 0;
  std::deque<std::pair<std::string, core::TimerHandle>> marks_;
};

/// Forwards one connection's events to its Call.
class CallHandler final : public net::WebSocketHandler {
 public:
  explicit CallHandler(Call& call) : call_(call) {}
  void on_text(std::string_view text) override { call_.on_text(text); }
  void on_binary(std::span<const std::uint8_t>) override {}
  void on_closed(std::uint16_t, std::string_view) override { call_.on_closed(); }

 private:
  Call& call_;
};

void Call::connect(std::function<void()> then) {
  net::WebSocketClientOptions options;
  options.url = "ws://127.0.0.1:" + std::to_string(shared_.port) + "/media";
  options.connect_timeout = std::chrono::milliseconds(20000);
  net::WebSocketClient::connect(
      options, *shared_.loop, std::make_unique<CallHandler>(*this),
      [this, then = std::move(then)](core::Result<std::shared_ptr<net::WebSocketConnection>> r) {
        if (r.ok()) {
          connection_ = std::move(r).value();
          ++shared_.stats.connected;
          opening();
        } else {
          ++shared_.stats.failed;
          std::fprintf(stderr, "connect: %s\n", r.error().message.c_str());
        }
        then();
      });
}

void Call::opening() {
  connection_->send_text(R"({"event":"connected","protocol":"Call","version":"1.0.0"})");
  connection_->send_text(
      R"({"event":"start","sequenceNumber":")" + std::to_string(++sequence_) +
      R"(","start":{"accountSid":"ACload","streamSid":")" + stream_sid_ + R"(","callSid":")" +
      call_sid_ +
      R"(","tracks":["inbound"],"customParameters":{},)"
      R"("mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}},)"
      R"("streamSid":")" +
      stream_sid_ + R"("})");
}

void Call::send_frame(SteadyClock::time_point due) {
  const std::uint8_t role = shared_.role[pos_];
  if (role & kOnset) {
    close_reply();
    if (awaiting_ && counted_) ++shared_.stats.missed;
    awaiting_ = false;
    in_utterance_ = true;
  }
  std::string m;
  m.reserve(320);
  m += R"({"event":"media","sequenceNumber":")";
  m += std::to_string(++sequence_);
  m += R"(","media":{"track":"inbound","chunk":")";
  m += std::to_string(++chunk_);
  m += R"(","timestamp":")";
  m += std::to_string((chunk_ - 1) * 20);
  m += R"(","payload":")";
  m += shared_.payloads[pos_];
  m += R"("},"streamSid":")";
  m += stream_sid_;
  m += R"("})";
  connection_->send_text(std::move(m));
  if (role & kEnd) {
    // Counted when all of it was sent inside the window; a call that began in the middle of an
    // utterance may still get an answer to its end, which is not "unexpected".
    counted_ = shared_.stats.measuring && in_utterance_;
    in_utterance_ = false;
    awaiting_ = true;
    speech_end_ = due;
  }
  if (++pos_ == shared_.payloads.size()) pos_ = 0;
}

void Call::on_text(std::string_view text) {
  const auto event = field(text, R"("event":")");
  if (event == "media") {
    const auto payload = field(text, R"("payload":")");
    std::size_t bytes = payload.size() / 4 * 3;
    if (payload.ends_with("==")) {
      bytes -= 2;
    } else if (payload.ends_with("=")) {
      bytes -= 1;
    }
    on_audio(bytes, SteadyClock::now());
  } else if (event == "mark") {
    on_mark(std::string(field(text, R"("name":")")));
  } else if (event == "clear") {
    on_clear();
  } else {
    ++shared_.stats.errors;
  }
}

void Call::on_audio(std::size_t samples, SteadyClock::time_point now) {
  Stats& s = shared_.stats;
  if (awaiting_) {
    awaiting_ = false;
    if (counted_) {
      ++s.answered;
      s.reply_ms.push_back(us_between(speech_end_, now) / 1000.0);
    }
    reply_open_ = true;
    reply_counted_ = counted_;
    reply_first_ = now;
    reply_samples_ = 0;
    play_end_ = now;
  } else if (!reply_open_) {
    if (s.measuring) ++s.unexpected_audio;  // audio that answers no utterance
  } else if (now > play_end_ + std::chrono::milliseconds(1) && reply_counted_) {
    ++s.underruns;  // the caller's buffer ran dry in the middle of the reply
  }
  play_end_ = std::max(play_end_, now) + std::chrono::microseconds(samples * 125);
  reply_samples_ += samples;
  last_samples_ = samples;
  reply_last_ = now;
}

void Call::close_reply() {
  if (!reply_open_) return;
  reply_open_ = false;
  if (!reply_counted_ || reply_samples_ == 0) return;
  const double audio_s = static_cast<double>(reply_samples_) / kRate;
  const double took_s =
      us_between(reply_first_, reply_last_) / 1e6 + static_cast<double>(last_samples_) / kRate;
  shared_.stats.rates.push_back(audio_s / took_s);
  shared_.stats.bot_audio_s += audio_s;
}

void Call::on_mark(std::string name) {
  ++shared_.stats.marks;
  const auto now = SteadyClock::now();
  const auto delay =
      play_end_ > now ? std::chrono::ceil<milliseconds>(play_end_ - now) : milliseconds(0);
  auto timer = shared_.loop->post_after(delay, [this, name] {
    if (marks_.empty() || marks_.front().first != name) return;
    marks_.pop_front();
    echo_mark(name);
  });
  marks_.emplace_back(std::move(name), timer);
}

void Call::on_clear() {
  ++shared_.stats.clears;
  play_end_ = SteadyClock::now();
  for (auto& [name, timer] : marks_) {  // Twilio echoes the marks of the cleared audio at once
    timer.cancel();
    echo_mark(name);
  }
  marks_.clear();
}

void Call::echo_mark(const std::string& name) {
  if (!connection_) return;
  connection_->send_text(R"({"event":"mark","sequenceNumber":")" + std::to_string(++sequence_) +
                         R"(","streamSid":")" + stream_sid_ + R"(","mark":{"name":")" + name +
                         R"("}})");
}

void Call::settle(SteadyClock::time_point now) {
  if (awaiting_ && counted_ && now - speech_end_ > kFixedReplyDelay + std::chrono::seconds(2)) {
    ++shared_.stats.missed;
    awaiting_ = false;
  }
  if (reply_open_ && now - reply_last_ > milliseconds(200)) close_reply();
}

/// The caller's frames as base64 μ-law, and which frames begin and end an utterance.
void prepare_frames(Shared& shared, const CallerCycle& cycle) {
  shared.payloads.resize(cycle.frames);
  shared.role.assign(cycle.frames, 0);
  for (std::size_t f = 0; f < cycle.frames; ++f) {
    const auto mulaw =
        audio::encode_mulaw(std::span(cycle.pcm).subspan(f * kFrameSamples, kFrameSamples));
    shared.payloads[f] = crypto::base64_encode(mulaw);
  }
  for (const Utterance& u : cycle.utterances) {
    shared.role[u.onset] |= kOnset;
    shared.role[u.end - 1] |= kEnd;
  }
}

double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/// The generator: the calls, the ticker that feeds them, and the connecting of them.
class Generator {
 public:
  Generator(const ClientOptions& options, net::EventLoop& loop) : options_(options) {
    shared_.loop = &loop;
    shared_.port = options.port;
    prepare_frames(shared_, make_caller_cycle(milliseconds(4500)));
    std::uint64_t seed = 0x9E3779B97F4A7C15ULL;
    for (int i = 0; i < options.calls; ++i) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      calls_.push_back(std::make_unique<Call>(shared_, static_cast<std::size_t>(i), seed >> 33));
    }
    ticker_ = std::make_unique<Ticker>(loop, [this](std::int64_t tick) { on_tick(tick); });
  }

  /// On the loop: starts the ticker and the first connection attempts.
  void start() {
    ticker_->start();
    for (int i = 0; i < options_.max_connecting; ++i)
      connect_next();
  }
  [[nodiscard]] Stats& stats() { return shared_.stats; }
  void settle() {
    const auto now = SteadyClock::now();
    for (auto& c : calls_)
      c->settle(now);
  }

 private:
  void connect_next() {
    if (next_ >= calls_.size()) return;
    calls_[next_++]->connect([this] { connect_next(); });
  }

  void on_tick(std::int64_t tick) {
    const auto due = ticker_->started() + milliseconds(tick);
    const double late_us = us_between(due, SteadyClock::now());
    std::int64_t sent = 0;
    for (auto i = static_cast<std::size_t>(tick % kGroups); i < calls_.size(); i += kGroups) {
      if (!calls_[i]->streaming()) continue;
      calls_[i]->send_frame(due);
      ++sent;
    }
    Stats& s = shared_.stats;
    if (!s.measuring) return;
    s.tick_late_us.push_back(late_us);
    s.frames += sent;
    if (late_us > 5000) s.frames_late_5ms += sent;
    if (late_us >= 20000) s.frames_late_20ms += sent;
  }

  ClientOptions options_;
  Shared shared_;
  std::vector<std::unique_ptr<Call>> calls_;
  std::size_t next_ = 0;
  std::unique_ptr<Ticker> ticker_;
};

void print_result(const ClientOptions& options, const Stats& s, double cpu_share) {
  const Summary late = summarize(s.tick_late_us);
  const Summary reply = summarize(s.reply_ms);
  const Summary rate = summarize(s.rates);
  const double min_rate = s.rates.empty() ? 0.0 : *std::min_element(s.rates.begin(), s.rates.end());
  const double fixed = static_cast<double>(kFixedReplyDelay.count());
  std::printf(
      "result calls=%d connected=%lld failed=%lld closed=%lld frames=%lld late_p50_ms=%.3f "
      "late_p99_ms=%.3f late_max_ms=%.3f frames_late_5ms=%lld frames_late_20ms=%lld "
      "utterances=%lld answered=%lld missed=%lld reply_p50_ms=%.1f reply_p99_ms=%.1f "
      "reply_max_ms=%.1f overhead_p50_ms=%.1f overhead_p99_ms=%.1f replies=%zu rate_min=%.3f "
      "rate_p50=%.3f underruns=%lld unexpected_audio=%lld clears=%lld marks=%lld errors=%lld "
      "bot_audio_s=%.1f client_cpu=%.4f\n",
      options.calls, static_cast<long long>(s.connected), static_cast<long long>(s.failed),
      static_cast<long long>(s.closed), static_cast<long long>(s.frames), late.p50 / 1000,
      late.p99 / 1000, late.max / 1000, static_cast<long long>(s.frames_late_5ms),
      static_cast<long long>(s.frames_late_20ms), static_cast<long long>(s.answered + s.missed),
      static_cast<long long>(s.answered), static_cast<long long>(s.missed), reply.p50, reply.p99,
      reply.max, reply.p50 - fixed, reply.p99 - fixed, s.rates.size(), min_rate, rate.p50,
      static_cast<long long>(s.underruns), static_cast<long long>(s.unexpected_audio),
      static_cast<long long>(s.clears), static_cast<long long>(s.marks),
      static_cast<long long>(s.errors), s.bot_audio_s, cpu_share);
  std::fflush(stdout);
}

}  // namespace

int run_client(const ClientOptions& options) {
  auto loop = net::EventLoop::start("load-gen");
  auto generator = run_on(*loop, [&] { return std::make_unique<Generator>(options, *loop); });
  run_on(*loop, [&] { generator->start(); });
  const auto begin = SteadyClock::now();
  std::int64_t done = 0;
  while (done < options.calls && SteadyClock::now() - begin < std::chrono::seconds(120)) {
    std::this_thread::sleep_for(milliseconds(100));
    done = run_on(*loop, [&] { return generator->stats().connected + generator->stats().failed; });
  }
  std::printf("connected %lld of %d in %.1f s\n",
              static_cast<long long>(run_on(*loop, [&] { return generator->stats().connected; })),
              options.calls, us_between(begin, SteadyClock::now()) / 1e6);
  std::fflush(stdout);
  std::this_thread::sleep_for(std::chrono::seconds(options.warmup_seconds));
  const double cpu0 = process_cpu_seconds();
  const auto t0 = SteadyClock::now();
  run_on(*loop, [&] { generator->stats().measuring = true; });
  std::printf("measuring\n");
  std::fflush(stdout);
  std::this_thread::sleep_for(std::chrono::seconds(options.seconds));
  run_on(*loop, [&] { generator->stats().measuring = false; });
  const double cpu_share =
      (process_cpu_seconds() - cpu0) / (us_between(t0, SteadyClock::now()) / 1e6);
  std::printf("done\n");
  std::fflush(stdout);
  // Utterances that ended inside the window get their answers (and replies their end) after it.
  std::this_thread::sleep_for(kFixedReplyDelay + std::chrono::seconds(3));
  const Stats stats = run_on(*loop, [&] {
    generator->settle();
    return generator->stats();
  });
  print_result(options, stats, cpu_share);
  std::_Exit(0);  // thousands of open calls: leave without closing them one by one
}

}  // namespace ovos::bench::load
