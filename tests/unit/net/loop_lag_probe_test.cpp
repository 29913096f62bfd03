#include "net/loop_lag_probe.h"

#include <gtest/gtest.h>

#include "core/metrics.h"

namespace ovos::net {
namespace {

using namespace std::chrono_literals;

TEST(LoopLagProbe, ReportsHowLateTheLoopRanItsTimer) {
  core::ManualClock clock;
  core::ManualExecutor loop(clock);
  start_loop_lag_probe(loop, "probe-test", 100ms);
  auto& registry = core::MetricsRegistry::global();
  const core::MetricsRegistry::Labels labels{{"shard", "probe-test"}};
  auto& lag = registry.histogram("ovos_event_loop_lag_seconds", "", labels);
  auto& last = registry.gauge("ovos_event_loop_lag_last_microseconds", "", labels);

  loop.advance(300ms);  // an idle loop runs each probe on time
  EXPECT_EQ(lag.count(), 3u);
  EXPECT_EQ(last.value(), 0);
  EXPECT_EQ(lag.sum(), 0.0);

  // A task that keeps the loop busy for 40 ms from 10 ms before the next probe is due makes
  // that reading 30 ms late.
  loop.post_after(90ms, [&] { clock.advance(40ms); });
  loop.advance(100ms);
  EXPECT_EQ(lag.count(), 4u);
  EXPECT_EQ(last.value(), 30'000);
  EXPECT_DOUBLE_EQ(lag.sum(), 0.03);
  // Cumulative buckets: the three on-time readings are in every one, the late one from 50 ms.
  EXPECT_EQ(lag.bucket(4), 3u) << "le 25 ms";
  EXPECT_EQ(lag.bucket(5), 4u) << "le 50 ms";
  EXPECT_EQ(loop.pending(), 1u) << "the probe goes on";
}

}  // namespace
}  // namespace ovos::net
