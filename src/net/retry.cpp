#include "net/retry.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <ctime>
#include <random>
#include <vector>

namespace ovos::net {
namespace {

using std::chrono::milliseconds;

double thread_random() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

std::optional<int> number(std::string_view text) {
  int value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

std::optional<int> month_index(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == name) return static_cast<int>(i);
  }
  return std::nullopt;
}

/// "08:49:37" into `tm`.
bool parse_clock(std::string_view text, std::tm& tm) {
  if (text.size() != 8 || text[2] != ':' || text[5] != ':') return false;
  const auto h = number(text.substr(0, 2));
  const auto m = number(text.substr(3, 2));
  const auto s = number(text.substr(6, 2));
  if (!h || !m || !s || *h > 23 || *m > 59 || *s > 60) return false;
  tm.tm_hour = *h;
  tm.tm_min = *m;
  tm.tm_sec = *s;
  return true;
}

/// The words of `text` split on spaces (and '-' for the RFC 850 date), at most 7.
std::vector<std::string_view> words(std::string_view text, bool split_dash) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size() && out.size() < 7) {
    while (i < text.size() && text[i] == ' ')
      ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ' && !(split_dash && text[j] == '-'))
      ++j;
    if (j > i) out.push_back(text.substr(i, j - i));
    i = j + (j < text.size() && text[j] == '-' ? 1 : 0);
  }
  return out;
}

/// An HTTP-date as seconds since the epoch.
std::optional<std::time_t> parse_http_date(std::string_view text) {
  std::tm tm{};
  const auto comma = text.find(',');
  std::optional<int> day, month, year;
  bool clock_ok = false;
  if (comma != std::string_view::npos) {
    const bool rfc850 = comma > 3;  // "Sunday, 06-Nov-94 08:49:37 GMT"
    const auto w = words(text.substr(comma + 1), rfc850);
    if (w.size() != 5 || w[4] != "GMT") return std::nullopt;
    day = number(w[0]);
    month = month_index(w[1]);
    year = number(w[2]);
    if (rfc850 && year) *year += *year < 70 ? 2000 : 1900;
    clock_ok = parse_clock(w[3], tm);
  } else {  // asctime: "Sun Nov  6 08:49:37 1994"
    const auto w = words(text, false);
    if (w.size() != 5) return std::nullopt;
    month = month_index(w[1]);
    day = number(w[2]);
    clock_ok = parse_clock(w[3], tm);
    year = number(w[4]);
  }
  if (!day || !month || !year || !clock_ok || *day < 1 || *day > 31 || *year < 1970) {
    return std::nullopt;
  }
  tm.tm_mday = *day;
  tm.tm_mon = *month;
  tm.tm_year = *year - 1900;
  return timegm(&tm);
}

}  // namespace

RetryPolicy::RetryPolicy(Options options, RandomSource random)
    : options_(options), random_(random ? std::move(random) : RandomSource(thread_random)) {}

bool retryable_status(int status) {
  return status == 408 || status == 429 || (status >= 500 && status <= 599);
}

bool RetryPolicy::should_retry(int status, int attempt) const {
  return attempts_left(attempt) && retryable_status(status);
}

bool RetryPolicy::should_retry(const core::Error& error, int attempt) const {
  const bool transient =
      error.code == core::ErrorCode::kUnavailable || error.code == core::ErrorCode::kRateLimited;
  return attempts_left(attempt) && transient;
}

milliseconds RetryPolicy::delay(int attempt, std::optional<milliseconds> retry_after) const {
  if (retry_after) return std::clamp(*retry_after, milliseconds(0), options_.max_backoff);
  const int doublings = std::clamp(attempt - 1, 0, 30);
  const double ceiling = std::min(static_cast<double>(options_.max_backoff.count()),
                                  static_cast<double>(options_.base_backoff.count()) *
                                      static_cast<double>(std::int64_t{1} << doublings));
  const double draw = std::clamp(random_(), 0.0, 1.0);
  return milliseconds(static_cast<std::int64_t>(draw * ceiling));
}

std::optional<milliseconds> parse_retry_after(std::string_view value,
                                              std::chrono::system_clock::time_point now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (value.find_first_not_of("0123456789") == std::string_view::npos) {
    if (value.size() > 9) return milliseconds(std::int64_t{999999999} * 1000);  // "forever"
    return milliseconds(std::int64_t{*number(value)} * 1000);
  }
  const auto when = parse_http_date(value);
  if (!when) return std::nullopt;
  const auto at = std::chrono::system_clock::from_time_t(*when);
  if (at <= now) return milliseconds(0);
  return std::chrono::duration_cast<milliseconds>(at - now);
}

}  // namespace ovos::net
