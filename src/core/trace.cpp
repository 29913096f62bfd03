#include "core/trace.h"

#include <algorithm>

#include "core/ids.h"

namespace ovos::core {
namespace {

thread_local TraceContext t_trace;

template <std::size_t N>
bool any_set(const std::array<std::uint8_t, N>& bytes) {
  return std::any_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b != 0; });
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // upper case is refused, as W3C Trace Context asks
}

/// Lowercase hex of exactly 2*N digits into `out`; false on anything else.
template <std::size_t N>
bool read_hex(std::string_view hex, std::array<std::uint8_t, N>& out) {
  if (hex.size() != 2 * N) return false;
  for (std::size_t i = 0; i < N; ++i) {
    const int hi = hex_digit(hex[2 * i]);
    const int lo = hex_digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::uint8_t>((hi << 4) | lo);
  }
  return true;
}

}  // namespace

bool TraceId::valid() const {
  return any_set(bytes);
}

std::string TraceId::hex() const {
  return to_hex(bytes);
}

bool SpanId::valid() const {
  return any_set(bytes);
}

std::string SpanId::hex() const {
  return to_hex(bytes);
}

TraceId random_trace_id() {
  TraceId id;
  do {
    random_bytes(id.bytes);
  } while (!id.valid());
  return id;
}

SpanId random_span_id() {
  SpanId id;
  do {
    random_bytes(id.bytes);
  } while (!id.valid());
  return id;
}

TraceId trace_id_for_call(std::string_view call_id) {
  TraceId id;
  if (call_id.empty()) return id;
  std::string digits;
  for (const char c : call_id) {
    if (c != '-') digits += (c >= 'A' && c <= 'F') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  if (read_hex(digits, id.bytes) && id.valid()) return id;
  // Not a UUID: two 64-bit FNV-1a hashes of the id (different offsets), never all zero.
  std::uint64_t a = 0xcbf29ce484222325ULL;
  std::uint64_t b = 0x84222325cbf29ce4ULL;
  for (const char c : call_id) {
    a = (a ^ static_cast<std::uint8_t>(c)) * 0x100000001b3ULL;
    b = (b ^ static_cast<std::uint8_t>(c)) * 0x100000001b3ULL;
  }
  for (std::size_t i = 0; i < 8; ++i) {
    id.bytes[i] = static_cast<std::uint8_t>(a >> (56 - 8 * i));
    id.bytes[8 + i] = static_cast<std::uint8_t>(b >> (56 - 8 * i));
  }
  if (!id.valid()) id.bytes[15] = 1;
  return id;
}

std::optional<TraceId> parse_trace_id(std::string_view hex) {
  TraceId id;
  if (!read_hex(hex, id.bytes) || !id.valid()) return std::nullopt;
  return id;
}

std::optional<SpanId> parse_span_id(std::string_view hex) {
  SpanId id;
  if (!read_hex(hex, id.bytes) || !id.valid()) return std::nullopt;
  return id;
}

std::optional<TraceParent> parse_traceparent(std::string_view value) {
  // version "-" trace-id "-" parent-id "-" trace-flags: 2+1+32+1+16+1+2 = 55 characters.
  constexpr std::size_t kLength = 55;
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
    value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
    value.remove_suffix(1);
  if (value.size() < kLength) return std::nullopt;
  std::array<std::uint8_t, 1> version{};
  if (!read_hex(value.substr(0, 2), version) || version[0] == 0xff) return std::nullopt;
  // Version 00 is exactly 55 characters; a later version may append "-" and more fields.
  if (version[0] == 0 && value.size() != kLength) return std::nullopt;
  if (value.size() > kLength && value[kLength] != '-') return std::nullopt;
  if (value[2] != '-' || value[35] != '-' || value[52] != '-') return std::nullopt;
  TraceParent parent;
  std::array<std::uint8_t, 1> flags{};
  if (!read_hex(value.substr(3, 32), parent.trace_id.bytes) ||
      !read_hex(value.substr(36, 16), parent.parent_id.bytes) ||
      !read_hex(value.substr(53, 2), flags)) {
    return std::nullopt;
  }
  if (!parent.trace_id.valid() || !parent.parent_id.valid()) return std::nullopt;
  parent.flags = flags[0];
  return parent;
}

std::string format_traceparent(const TraceParent& parent) {
  const std::array<std::uint8_t, 1> flags{parent.flags};
  return "00-" + parent.trace_id.hex() + "-" + parent.parent_id.hex() + "-" + to_hex(flags);
}

TraceContext current_trace() {
  return t_trace;
}

ScopedTrace::ScopedTrace(const TraceContext& context) : previous_(t_trace) {
  t_trace = context;
}

ScopedTrace::~ScopedTrace() {
  t_trace = previous_;
}

void replace_current_trace(const TraceContext& context) {
  t_trace = context;
}

Task with_current_trace(Task task) {
  const TraceContext context = t_trace;
  if (context.empty() || !task) return task;
  return [context, task = std::move(task)] {
    const ScopedTrace scope(context);
    task();
  };
}

}  // namespace ovos::core
