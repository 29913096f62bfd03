#include "core/clock.h"

namespace ovos::core {

std::chrono::steady_clock::time_point SystemClock::now() const {
  return std::chrono::steady_clock::now();
}

std::int64_t SystemClock::unix_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

SystemClock& SystemClock::instance() {
  static SystemClock clock;
  return clock;
}

std::chrono::steady_clock::time_point ManualClock::now() const {
  return std::chrono::steady_clock::time_point(std::chrono::milliseconds(elapsed_ms_.load()));
}

void ManualClock::advance(std::chrono::milliseconds by) {
  elapsed_ms_ += by.count();
  unix_ms_ += by.count();
}

}  // namespace ovos::core
