#include "net/sse_parser.h"

#include <algorithm>
#include <charconv>

namespace ovos::net {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

core::Error too_large(std::size_t limit) {
  return {core::ErrorCode::kTooLarge,
          "server-sent event larger than " + std::to_string(limit) + " bytes",
          {}};
}

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

core::Result<std::vector<SseEvent>> SseParser::push(std::string_view chunk) {
  if (failed_) return too_large(max_event_bytes_);
  std::vector<SseEvent> out;
  // A byte order mark is dropped once, at the very start, even when it arrives split.
  while (!bom_done_ && !chunk.empty()) {
    bom_prefix_ += chunk.front();
    chunk.remove_prefix(1);
    if (bom_prefix_.size() == kBom.size() && bom_prefix_ == kBom) {
      bom_done_ = true;
      bom_prefix_.clear();
    } else if (!kBom.starts_with(bom_prefix_)) {
      bom_done_ = true;
      const std::string head = std::move(bom_prefix_);
      bom_prefix_.clear();
      if (!feed(head, out)) return too_large(max_event_bytes_);
    }
  }
  if (!feed(chunk, out)) return too_large(max_event_bytes_);
  return out;
}

bool SseParser::feed(std::string_view bytes, std::vector<SseEvent>& out) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    if (after_cr_) {
      after_cr_ = false;
      if (bytes[i] == '\n') {
        ++i;
        continue;
      }
    }
    const auto end = bytes.find_first_of("\r\n", i);
    if (end == std::string_view::npos) {
      line_.append(bytes.substr(i));
      break;
    }
    line_.append(bytes.substr(i, end - i));
    if (!within_limit()) break;
    after_cr_ = bytes[end] == '\r';
    process_line(line_, out);
    line_.clear();
    i = end + 1;
  }
  failed_ = !within_limit();
  return !failed_;
}

bool SseParser::within_limit() const {
  return line_.size() + data_.size() + event_type_.size() <= max_event_bytes_;
}

void SseParser::process_line(std::string_view line, std::vector<SseEvent>& out) {
  if (line.empty()) {  // dispatch
    if (!data_.empty()) {
      data_.pop_back();  // the '\n' after the last data line
      SseEvent event;
      if (!event_type_.empty()) event.event = std::move(event_type_);
      event.data = std::move(data_);
      event.id = last_id_;
      out.push_back(std::move(event));
    }
    data_.clear();
    event_type_.clear();
    return;
  }
  if (line.front() == ':') return;  // a comment (often a keep-alive)
  const auto colon = line.find(':');
  const std::string_view field = line.substr(0, colon);
  std::string_view value;
  if (colon != std::string_view::npos) {
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (field == "data") {
    data_.append(value);
    data_ += '\n';
  } else if (field == "event") {
    event_type_ = std::string(value);
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) last_id_ = std::string(value);
  } else if (field == "retry") {
    long long ms = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
    if (all_digits(value) && ec == std::errc()) retry_ = std::chrono::milliseconds(ms);
  }
  // Any other field is ignored.
}

}  // namespace ovos::net
