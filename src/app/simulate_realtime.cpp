// The real-time driver: a call on a real event loop, paced by the system clock.
#include <future>
#include <optional>

#include "app/simulate_driver.h"
#include "app/simulate_feed.h"
#include "net/event_loop.h"

namespace ovos::app {
namespace {

constexpr std::chrono::milliseconds kAgentQuiet{1000};

/// One call on the loop's thread: created, fed and destroyed there. Reports its trace through
/// `done` once over.
class RealtimeCall {
 public:
  RealtimeCall(core::Executor& loop, const CallParts& parts, const DriveOptions& options,
               std::promise<core::Result<CallTrace>>& done)
      : loop_(loop),
        parts_(parts),
        feed_(*parts.caller, options.tail, options.max_extra),
        done_(done) {}

  void start() {
    line_.emplace(loop_, parts_.config.output_sample_rate);
    auto session = engine::CallSession::create(loop_, parts_.config, parts_.providers, *line_,
                                               parts_.recorder);
    if (!session.ok()) {
      line_.reset();
      done_.set_value(cannot_start(std::move(session).error()));
      return;
    }
    session_ = std::move(session).value();
    line_->attach(session_.get());
    line_->begin();
    started_at_ = loop_.clock().now();
    started_unix_ms_ = loop_.clock().unix_ms();
    session_->start();
    tick();
  }

 private:
  /// Sends the caller audio due by now, then waits for the next frame's time.
  void tick() {
    const auto elapsed = loop_.clock().now() - started_at_;
    const std::int64_t due = elapsed / CallerFeed::kFrame + 1;
    while (sent_ < due) {
      if (session_->ended()) return finish();
      if (feed_.time_to_hang_up(line_->agent_audible(kAgentQuiet))) {
        session_->on_caller_hangup();
        return finish();
      }
      session_->on_caller_audio(feed_.next());
      ++sent_;
    }
    const auto next = started_at_ + sent_ * CallerFeed::kFrame;
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(next - loop_.clock().now());
    loop_.post_after(std::max(wait, std::chrono::milliseconds(0)), [this] { tick(); });
  }

  void finish() {
    line_->attach(nullptr);
    CallTrace trace{line_->transcripts(),      line_->latencies(), line_->errors(),
                    session_->hangup_reason(), started_unix_ms_,   line_->elapsed_ms()};
    session_.reset();
    line_.reset();
    done_.set_value(std::move(trace));
  }

  core::Executor& loop_;
  const CallParts& parts_;
  CallerFeed feed_;
  std::promise<core::Result<CallTrace>>& done_;
  std::optional<SimulatedLine> line_;
  std::unique_ptr<engine::CallSession> session_;
  std::chrono::steady_clock::time_point started_at_{};
  std::int64_t started_unix_ms_ = 0;
  std::int64_t sent_ = 0;
};

}  // namespace

core::Result<CallTrace> run_realtime(const CallParts& parts, const DriveOptions& options) {
  auto loop = net::EventLoop::start("ovos-simulate");
  std::promise<core::Result<CallTrace>> done;
  auto result = done.get_future();
  RealtimeCall call(*loop, parts, options, done);
  loop->post([&call] { call.start(); });
  core::Result<CallTrace> trace = result.get();
  loop->stop();
  return trace;
}

}  // namespace ovos::app
