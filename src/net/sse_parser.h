#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ovos::net {

/// One dispatched Server-Sent Event.
struct SseEvent {
  std::string event = "message";  // the `event:` field, "message" when absent
  std::string data;               // `data:` lines joined with '\n'
  std::string id;                 // the last event id in force when it was dispatched
  bool operator==(const SseEvent&) const = default;
};

/// Incremental Server-Sent Events parser (WHATWG HTML "event stream interpretation"): bytes go
/// in as they arrive, in chunks cut anywhere; complete events come out. Pure; owned and used by
/// one thread. An event (its pending line, data and type) larger than `max_event_bytes` is an
/// error, after which every push fails.
class SseParser {
 public:
  explicit SseParser(std::size_t max_event_bytes = std::size_t{1} << 20)
      : max_event_bytes_(max_event_bytes) {}

  /// Parses `chunk` and returns the events it completed, in order; kTooLarge when an event
  /// grows past the limit.
  [[nodiscard]] core::Result<std::vector<SseEvent>> push(std::string_view chunk);

  /// The last `id:` seen (what a reconnect sends as Last-Event-ID).
  [[nodiscard]] const std::string& last_event_id() const { return last_id_; }
  /// The last valid `retry:` value, if any.
  [[nodiscard]] std::optional<std::chrono::milliseconds> retry() const { return retry_; }

 private:
  [[nodiscard]] bool feed(std::string_view bytes, std::vector<SseEvent>& out);
  void process_line(std::string_view line, std::vector<SseEvent>& out);
  [[nodiscard]] bool within_limit() const;

  std::size_t max_event_bytes_;
  std::string line_;        // the current line, not yet ended
  std::string data_;        // data of the event being built, each line followed by '\n'
  std::string event_type_;  // "" means "message"
  std::string last_id_;
  std::optional<std::chrono::milliseconds> retry_;
  std::string bom_prefix_;  // start of the stream while it may still be a byte order mark
  bool bom_done_ = false;
  bool after_cr_ = false;  // the last byte was '\r': a following '\n' belongs to it
  bool failed_ = false;
};

}  // namespace ovos::net
