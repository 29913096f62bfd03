#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/executor.h"

namespace ovos::core {

/// A W3C Trace Context trace id (16 bytes, 32 lowercase hex digits); all zero means none.
struct TraceId {
  std::array<std::uint8_t, 16> bytes{};
  [[nodiscard]] bool valid() const;
  [[nodiscard]] std::string hex() const;
  bool operator==(const TraceId&) const = default;
};

/// A W3C Trace Context span (parent) id (8 bytes, 16 lowercase hex digits); all zero: none.
struct SpanId {
  std::array<std::uint8_t, 8> bytes{};
  [[nodiscard]] bool valid() const;
  [[nodiscard]] std::string hex() const;
  bool operator==(const SpanId&) const = default;
};

/// A random trace id (never all zero), from a per-thread generator seeded from the OS.
[[nodiscard]] TraceId random_trace_id();
/// A random span id (never all zero).
[[nodiscard]] SpanId random_span_id();
/// The trace id of a call: its UUID's 16 bytes when `call_id` is one (UUIDv7: the last 7 bytes
/// random, as W3C's random-trace-id flag asks), so that every node derives the same trace id
/// from the call id with nothing stored or passed; any other id is hashed. Empty: no trace.
[[nodiscard]] TraceId trace_id_for_call(std::string_view call_id);
/// 32 (or 16) lowercase hex digits, not all zero; anything else is nullopt.
[[nodiscard]] std::optional<TraceId> parse_trace_id(std::string_view hex);
[[nodiscard]] std::optional<SpanId> parse_span_id(std::string_view hex);

/// A `traceparent` header (W3C Trace Context): version, trace id, parent span id, flags.
struct TraceParent {
  TraceId trace_id;
  SpanId parent_id;
  std::uint8_t flags = 0;  // bit 0: sampled
};

/// Reads a `traceparent` value: "00-<32 hex>-<16 hex>-<2 hex>"; a later version is read by its
/// first four fields as the spec asks. Version ff, upper case, all-zero ids: nullopt.
[[nodiscard]] std::optional<TraceParent> parse_traceparent(std::string_view value);
/// "00-<trace>-<span>-<flags>".
[[nodiscard]] std::string format_traceparent(const TraceParent& parent);

/// What a thread is working on, for its log lines: a call's trace and, within a turn, the
/// turn's span. Trivially copyable.
struct TraceContext {
  TraceId trace_id;
  SpanId span_id;
  [[nodiscard]] bool empty() const { return !trace_id.valid(); }
};

/// The calling thread's context (empty outside any).
[[nodiscard]] TraceContext current_trace();

/// Sets the calling thread's trace context until the scope ends, then restores the one before.
/// Every log line written meanwhile carries trace_id (and span_id when set).
class ScopedTrace {
 public:
  explicit ScopedTrace(const TraceContext& context);
  ~ScopedTrace();
  ScopedTrace(const ScopedTrace&) = delete;
  ScopedTrace& operator=(const ScopedTrace&) = delete;

 private:
  TraceContext previous_;
};

/// Replaces the calling thread's context without a scope of its own: for an owner whose live
/// context changed (a turn began) inside a ScopedTrace, which restores the one before at its end.
void replace_current_trace(const TraceContext& context);

/// `task` made to run under the calling thread's current trace context (unchanged when there
/// is none): executors wrap what is posted with it, so a call's work keeps its trace across
/// threads.
[[nodiscard]] Task with_current_trace(Task task);

/// A call's live trace context, shared by what runs for the call (TaskGroup callbacks read it
/// when they run, so a turn's span set later still reaches them). One thread writes it: the
/// call's executor.
using SharedTrace = std::shared_ptr<TraceContext>;

}  // namespace ovos::core
