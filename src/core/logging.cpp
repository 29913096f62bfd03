#include "core/logging.h"

#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

#include "core/trace.h"

namespace ovos::core {
namespace {

struct LoggerState {
  std::atomic<int> level{static_cast<int>(LogLevel::kInfo)};
  std::atomic<bool> json{true};
  std::mutex mutex;
  std::function<void(std::string_view)> sink;
};

LoggerState& state() {
  static LoggerState s;
  return s;
}

thread_local std::string t_request_id;

constexpr std::array<std::string_view, 4> kLevelNames = {"debug", "info", "warn", "error"};

std::string timestamp_utc() {
  const auto now = std::chrono::system_clock::now();
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  std::array<char, 40> buf{};
  const auto n = std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%S", &tm);
  std::array<char, 8> frac{};
  std::snprintf(frac.data(), frac.size(), ".%03dZ", static_cast<int>(ms % 1000));
  return std::string(buf.data(), n) + frac.data();
}

void append_value(std::string& out, const LogField::Value& v, bool json) {
  if (const auto* s = std::get_if<std::string>(&v)) {
    if (json) {
      out += '"';
      append_json_escaped(out, *s);
      out += '"';
    } else {
      out += *s;
    }
  } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
    out += std::to_string(*i);
  } else if (const auto* d = std::get_if<double>(&v)) {
    std::array<char, 32> buf{};
    std::snprintf(buf.data(), buf.size(), "%.6g", *d);
    out += buf.data();
  } else {
    out += std::get<bool>(v) ? "true" : "false";
  }
}

/// The thread's trace context; outside any, a line about a call (a `call_id` field) gets the
/// call's trace id, so lines written about a call anywhere (placing it, its webhooks) carry it.
TraceContext trace_of_line(std::initializer_list<LogField> fields) {
  TraceContext trace = current_trace();
  if (!trace.empty()) return trace;
  for (const auto& f : fields) {
    if (f.key != "call_id") continue;
    if (const auto* id = std::get_if<std::string>(&f.value))
      trace.trace_id = trace_id_for_call(*id);
    break;
  }
  return trace;
}

}  // namespace

void append_json_escaped(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          std::array<char, 8> buf{};
          std::snprintf(buf.data(), buf.size(), "\\u%04x", static_cast<unsigned>(c));
          out += buf.data();
        } else {
          out += c;
        }
    }
  }
}

void configure_logging(LogLevel level, LogFormat format) {
  state().level = static_cast<int>(level);
  const bool json =
      format == LogFormat::kJson || (format == LogFormat::kAuto && isatty(STDERR_FILENO) == 0);
  state().json = json;
}

void set_log_sink(std::function<void(std::string_view)> sink) {
  const std::lock_guard lock(state().mutex);
  state().sink = std::move(sink);
}

bool log_enabled(LogLevel level) {
  return static_cast<int>(level) >= state().level.load();
}

LogLevel parse_log_level(std::string_view text, bool* ok) {
  for (std::size_t i = 0; i < kLevelNames.size(); ++i) {
    if (text == kLevelNames[i]) {
      if (ok) *ok = true;
      return static_cast<LogLevel>(i);
    }
  }
  if (ok) *ok = false;
  return LogLevel::kInfo;
}

void log(LogLevel level, std::string_view event, std::initializer_list<LogField> fields) {
  if (!log_enabled(level)) return;
  const bool json = state().json.load();
  const auto level_name = kLevelNames[static_cast<std::size_t>(level)];
  const TraceContext trace = trace_of_line(fields);
  std::string line;
  line.reserve(160);
  if (json) {
    line += R"({"ts":")" + timestamp_utc() + R"(","level":")";
    line += level_name;
    line += R"(","event":")";
    append_json_escaped(line, event);
    line += '"';
    if (!t_request_id.empty()) {
      line += R"(,"request_id":")";
      append_json_escaped(line, t_request_id);
      line += '"';
    }
    if (!trace.empty()) {
      line += R"(,"trace_id":")" + trace.trace_id.hex() + '"';
      if (trace.span_id.valid()) line += R"(,"span_id":")" + trace.span_id.hex() + '"';
    }
    for (const auto& f : fields) {
      line += ",\"";
      append_json_escaped(line, f.key);
      line += "\":";
      append_value(line, f.value, true);
    }
    line += '}';
  } else {
    line += timestamp_utc() + ' ';
    line += level_name;
    line += ' ';
    line += event;
    if (!t_request_id.empty()) line += " request_id=" + t_request_id;
    if (!trace.empty()) {
      line += " trace_id=" + trace.trace_id.hex();
      if (trace.span_id.valid()) line += " span_id=" + trace.span_id.hex();
    }
    for (const auto& f : fields) {
      line += ' ';
      line += f.key;
      line += '=';
      append_value(line, f.value, false);
    }
  }
  line += '\n';
  const std::lock_guard lock(state().mutex);
  if (state().sink) {
    state().sink(line);
  } else {
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
}

ScopedRequestId::ScopedRequestId(std::string id) : previous_(std::move(t_request_id)) {
  t_request_id = std::move(id);
}

ScopedRequestId::~ScopedRequestId() {
  t_request_id = std::move(previous_);
}

}  // namespace ovos::core
