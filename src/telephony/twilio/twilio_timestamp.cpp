#include "telephony/twilio/twilio_timestamp.h"

#include <array>

namespace ovos::telephony::twilio {
namespace {

// Reads the date-time left to right; every reader fails (returns false) without consuming
// input it does not recognise.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  void skip_spaces() {
    while (!text_.empty() && (text_.front() == ' ' || text_.front() == '\t'))
      text_.remove_prefix(1);
  }
  bool done() const { return text_.empty(); }
  bool literal(char c) {
    if (text_.empty() || text_.front() != c) return false;
    text_.remove_prefix(1);
    return true;
  }
  // 1 to max_digits decimal digits.
  bool number(int max_digits, int& out) {
    int digits = 0;
    out = 0;
    while (!text_.empty() && digits < max_digits && text_.front() >= '0' && text_.front() <= '9') {
      out = out * 10 + (text_.front() - '0');
      text_.remove_prefix(1);
      ++digits;
    }
    return digits > 0;
  }
  std::string_view word() {
    std::size_t n = 0;
    while (n < text_.size() &&
           ((text_[n] >= 'A' && text_[n] <= 'Z') || (text_[n] >= 'a' && text_[n] <= 'z'))) {
      ++n;
    }
    const std::string_view out = text_.substr(0, n);
    text_.remove_prefix(n);
    return out;
  }
  char peek() const { return text_.empty() ? '\0' : text_.front(); }

 private:
  std::string_view text_;
};

int month_number(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == name) return static_cast<int>(i) + 1;
  }
  return 0;
}

bool leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

// Zone offset east of UTC in minutes.
std::optional<int> zone_minutes(Reader& in) {
  const char sign = in.peek();
  if (sign == '+' || sign == '-') {
    in.literal(sign);
    int hhmm = 0;
    if (!in.number(4, hhmm) || hhmm % 100 >= 60) return std::nullopt;
    const int minutes = hhmm / 100 * 60 + hhmm % 100;
    return sign == '-' ? -minutes : minutes;
  }
  const std::string_view name = in.word();
  if (name == "GMT" || name == "UT" || name == "UTC") return 0;
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> parse_rfc2822_time(std::string_view text) {
  Reader in(text);
  in.skip_spaces();
  if (in.peek() < '0' || in.peek() > '9') {  // optional day of week, "Mon,"
    if (in.word().size() != 3 || !in.literal(',')) return std::nullopt;
    in.skip_spaces();
  }
  int day = 0, year = 0, hour = 0, minute = 0, second = 0;
  if (!in.number(2, day)) return std::nullopt;
  in.skip_spaces();
  const int month = month_number(in.word());
  in.skip_spaces();
  if (month == 0 || !in.number(4, year) || year < 1970) return std::nullopt;
  in.skip_spaces();
  if (!in.number(2, hour) || !in.literal(':') || !in.number(2, minute)) return std::nullopt;
  if (in.literal(':') && !in.number(2, second)) return std::nullopt;
  in.skip_spaces();
  const std::optional<int> zone = zone_minutes(in);
  in.skip_spaces();
  if (!zone || !in.done()) return std::nullopt;
  if (day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  const std::int64_t seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 +
                               minute * 60 + second - static_cast<std::int64_t>(*zone) * 60;
  return seconds * 1000;
}

core::Result<void> check_timestamp_fresh(const FormParams& params, std::int64_t now_ms,
                                         std::chrono::milliseconds max_age) {
  const auto stale = [](std::string why) {
    return core::Error{core::ErrorCode::kPermissionDenied, std::move(why), {}};
  };
  const std::string* text = form_value(params, "Timestamp");
  if (text == nullptr) return stale("no Timestamp parameter to check staleness with");
  const std::optional<std::int64_t> sent_ms = parse_rfc2822_time(*text);
  if (!sent_ms) return stale("Timestamp parameter is not an RFC 2822 date");
  if (now_ms - *sent_ms > max_age.count()) return stale("stale request: Timestamp is too old");
  if (*sent_ms - now_ms > max_age.count()) return stale("Timestamp is in the future");
  return core::ok();
}

}  // namespace ovos::telephony::twilio
