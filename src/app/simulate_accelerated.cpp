// The accelerated driver: a call in virtual time that waits for real provider work.
#include "app/simulate_driver.h"
#include "app/simulate_feed.h"
#include "app/simulate_pool_idle.h"
#include "core/clock.h"

namespace ovos::app {
namespace {

/// Quiet agent audio for this long means the agent has stopped talking.
constexpr std::chrono::milliseconds kAgentQuiet{1000};

/// Runs provider work to completion: waits until the compute pool is idle, runs the events it
/// posted, and repeats until neither has anything left (events may start more work).
core::Result<void> settle(core::ManualExecutor& executor, core::ComputePool& pool,
                          std::chrono::milliseconds timeout) {
  for (;;) {
    OVOS_ASSIGN_OR_RETURN(const bool idle, wait_pool_idle(pool, timeout));
    const std::size_t ran = executor.run_ready();
    if (idle && ran == 0) return core::ok();
  }
}

}  // namespace

core::Result<CallTrace> run_accelerated(const CallParts& parts, const DriveOptions& options) {
  core::ManualClock clock(core::SystemClock::instance().unix_ms());
  core::ManualExecutor executor(clock);
  core::ComputePool& pool = *parts.compute;
  SimulatedLine line(executor, parts.config.output_sample_rate);
  auto created =
      engine::CallSession::create(executor, parts.config, parts.providers, line, parts.recorder);
  if (!created.ok()) return cannot_start(std::move(created).error());
  std::unique_ptr<engine::CallSession> session = std::move(created).value();
  const auto step = [&]() { return settle(executor, pool, options.provider_timeout); };
  CallerFeed feed(*parts.caller, options.tail, options.max_extra);
  line.attach(session.get());
  line.begin();
  const std::int64_t started_unix_ms = clock.unix_ms();
  session->start();
  core::Result<void> settled = step();
  while (settled.ok() && !session->ended()) {
    if (feed.time_to_hang_up(line.agent_audible(kAgentQuiet))) {
      session->on_caller_hangup();
      settled = step();
      break;
    }
    session->on_caller_audio(feed.next());
    settled = step();
    if (!settled.ok()) break;
    executor.advance(CallerFeed::kFrame);
    settled = step();
  }
  line.attach(nullptr);
  CallTrace trace{line.transcripts(),       line.latencies(), line.errors(),
                  session->hangup_reason(), started_unix_ms,  line.elapsed_ms()};
  session.reset();
  // Work still running references the executor until it has seen the streams closed.
  for (int i = 0; i < 100; ++i) {
    const auto idle = wait_pool_idle(pool, options.provider_timeout);
    if (!idle.ok() || *idle) break;
  }
  if (!settled.ok()) return settled.error();
  return trace;
}

}  // namespace ovos::app
