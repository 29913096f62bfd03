#include "core/time_text.h"

#include <chrono>
#include <cstdio>

namespace ovos::core {

std::string format_utc_time(std::int64_t unix_ms) {
  using namespace std::chrono;
  const sys_days day = floor<days>(sys_time<milliseconds>(milliseconds(unix_ms)));
  const year_month_day ymd(day);
  const auto in_day = milliseconds(unix_ms) - duration_cast<milliseconds>(day.time_since_epoch());
  const hh_mm_ss hms(in_day);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%03ldZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<long>(hms.hours().count()),
                static_cast<long>(hms.minutes().count()), static_cast<long>(hms.seconds().count()),
                static_cast<long>(hms.subseconds().count()));
  return buf;
}

}  // namespace ovos::core
