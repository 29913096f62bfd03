#include "net/loop_lag_probe.h"

#include <memory>

#include "core/metrics.h"

namespace ovos::net {
namespace {

struct Probe {
  core::Executor& loop;
  std::chrono::milliseconds interval;
  core::Histogram& lag;
  core::Gauge& last_us;
};

void schedule(const std::shared_ptr<Probe>& probe) {
  const auto due = probe->loop.clock().now() + probe->interval;
  probe->loop.post_after(probe->interval, [probe, due] {
    const auto late = probe->loop.clock().now() - due;
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(late).count();
    probe->lag.observe(static_cast<double>(std::max<std::int64_t>(us, 0)) / 1e6);
    probe->last_us.set(std::max<std::int64_t>(us, 0));
    schedule(probe);
  });
}

}  // namespace

void start_loop_lag_probe(core::Executor& loop, const std::string& shard,
                          std::chrono::milliseconds interval) {
  auto& registry = core::MetricsRegistry::global();
  const core::MetricsRegistry::Labels labels{{"shard", shard}};
  auto probe = std::make_shared<Probe>(Probe{
      loop, interval,
      registry.histogram("ovos_event_loop_lag_seconds",
                         "How late each event loop ran a timer that was due (its queueing delay).",
                         labels),
      registry.gauge("ovos_event_loop_lag_last_microseconds",
                     "The latest event-loop lag reading, in microseconds.", labels)});
  schedule(probe);
}

}  // namespace ovos::net
