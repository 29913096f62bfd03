#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

namespace ovos::core {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };
enum class LogFormat { kAuto, kJson, kText };

/// One key/value of a structured log line. Never put a secret in one.
struct LogField {
  using Value = std::variant<std::string, std::int64_t, double, bool>;

  LogField(std::string_view k, std::string_view v) : key(k), value(std::string(v)) {}
  LogField(std::string_view k, const char* v) : key(k), value(std::string(v)) {}
  LogField(std::string_view k, const std::string& v) : key(k), value(v) {}
  LogField(std::string_view k, bool v) : key(k), value(v) {}
  LogField(std::string_view k, double v) : key(k), value(v) {}
  template <typename I>
  requires(std::is_integral_v<I> && !std::is_same_v<I, bool>) LogField(std::string_view k, I v)
      : key(k), value(static_cast<std::int64_t>(v)) {}

  std::string_view key;
  Value value;
};

/// Process-wide logger settings. Call once at start-up, before threads log.
void configure_logging(LogLevel level, LogFormat format);
/// Replaces where lines go (stderr by default); used by tests to capture output.
void set_log_sink(std::function<void(std::string_view line)> sink);
[[nodiscard]] bool log_enabled(LogLevel level);
[[nodiscard]] LogLevel parse_log_level(std::string_view text, bool* ok = nullptr);

/// Writes one line: JSON when not on a terminal (or when asked), else human-readable text.
/// Thread-safe. The calling thread's request id (if any) is added to every line.
void log(LogLevel level, std::string_view event, std::initializer_list<LogField> fields = {});

inline void log_debug(std::string_view e, std::initializer_list<LogField> f = {}) {
  log(LogLevel::kDebug, e, f);
}
inline void log_info(std::string_view e, std::initializer_list<LogField> f = {}) {
  log(LogLevel::kInfo, e, f);
}
inline void log_warn(std::string_view e, std::initializer_list<LogField> f = {}) {
  log(LogLevel::kWarn, e, f);
}
inline void log_error(std::string_view e, std::initializer_list<LogField> f = {}) {
  log(LogLevel::kError, e, f);
}

/// Sets the request id that this thread's log lines carry until the scope ends.
class ScopedRequestId {
 public:
  explicit ScopedRequestId(std::string id);
  ~ScopedRequestId();
  ScopedRequestId(const ScopedRequestId&) = delete;
  ScopedRequestId& operator=(const ScopedRequestId&) = delete;

 private:
  std::string previous_;
};

/// Appends `text` to `out` as the inside of a JSON string literal (escaped, no quotes).
void append_json_escaped(std::string& out, std::string_view text);

}  // namespace ovos::core
