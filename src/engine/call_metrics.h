#pragma once

#include <string_view>

#include "engine/frames.h"

namespace ovos::engine {

/// Process-wide Prometheus metrics of live calls (served at /metrics): calls active, started
/// and ended by reason, and turn latency per stage. Thread-safe; instruments are looked up once.
class CallMetrics {
 public:
  static CallMetrics& global();

  void call_started();
  void call_ended(std::string_view reason);
  /// One turn's latency (stages that did not happen, < 0, are skipped).
  void turn_latency(const LatencyFrame& latency);

 private:
  CallMetrics();
  struct Instruments;
  Instruments* instruments_;
};

}  // namespace ovos::engine
