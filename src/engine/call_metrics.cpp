#include "engine/call_metrics.h"

#include <string>

#include "core/metrics.h"

namespace ovos::engine {

namespace {

constexpr const char* kLatencyHelp =
    "Turn latency by stage: stt (speech end to final transcript), llm (to first token), tts (to "
    "first audio byte), total (speech end to first audio out).";

}  // namespace

struct CallMetrics::Instruments {
  core::MetricsRegistry& registry = core::MetricsRegistry::global();
  core::Gauge& active = registry.gauge("ovos_calls_active", "Calls in progress.");
  core::Counter& started = registry.counter("ovos_calls_started_total", "Calls started.");
  core::Histogram& stt =
      registry.histogram("ovos_turn_latency_seconds", kLatencyHelp, {{"stage", "stt"}});
  core::Histogram& llm =
      registry.histogram("ovos_turn_latency_seconds", kLatencyHelp, {{"stage", "llm"}});
  core::Histogram& tts =
      registry.histogram("ovos_turn_latency_seconds", kLatencyHelp, {{"stage", "tts"}});
  core::Histogram& total =
      registry.histogram("ovos_turn_latency_seconds", kLatencyHelp, {{"stage", "total"}});
};

CallMetrics::CallMetrics() : instruments_(new Instruments) {}

CallMetrics& CallMetrics::global() {
  static CallMetrics metrics;  // lives for the process, like the registry it points into
  return metrics;
}

void CallMetrics::call_started() {
  instruments_->started.inc();
  instruments_->active.add(1);
}

void CallMetrics::call_ended(std::string_view reason) {
  instruments_->active.add(-1);
  // Few distinct reasons, and once per call: the lookup's mutex is fine here.
  instruments_->registry
      .counter("ovos_calls_ended_total", "Calls ended, by hang-up reason.",
               {{"reason", std::string(reason)}})
      .inc();
}

void CallMetrics::turn_latency(const LatencyFrame& latency) {
  const auto observe = [](core::Histogram& h, std::int64_t ms) {
    if (ms >= 0) h.observe(static_cast<double>(ms) / 1000.0);
  };
  observe(instruments_->stt, latency.stt_ms);
  observe(instruments_->llm, latency.llm_ms);
  observe(instruments_->tts, latency.tts_ms);
  observe(instruments_->total, latency.total_ms);
}

}  // namespace ovos::engine
