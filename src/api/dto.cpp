#include "api/dto.h"

#include <boost/json/parse.hpp>
#include <charconv>
#include <chrono>

#include "agents/tasks/post_call_state.h"
#include "core/time_text.h"

namespace ovos::api {
namespace {

namespace json = boost::json;

json::value time_or_null(const std::optional<std::int64_t>& ms) {
  return ms ? json::value(core::format_utc_time(*ms)) : json::value(nullptr);
}

json::value parse_stored(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  return ec ? json::value(json::object()) : v;
}

// A call's post-call state; "none" when no follow-up task ever ran.
json::value post_call_json(const std::string& text) {
  json::value stored = parse_stored(text);
  if (stored.is_object() && !stored.get_object().empty()) return stored;
  return agents::tasks::no_post_call_json();
}

json::value diff_or_null(const std::optional<std::int64_t>& to,
                         const std::optional<std::int64_t>& from) {
  if (!to || !from) return nullptr;
  return *to - *from;
}

bool read_int(std::string_view text, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > text.size()) return false;
  const auto* begin = text.data() + pos;
  const auto [ptr, ec] = std::from_chars(begin, begin + len, out);
  return ec == std::errc() && ptr == begin + len;
}

}  // namespace

std::optional<std::int64_t> parse_time(std::string_view text) {
  std::int64_t ms = 0;
  const auto [p, e] = std::from_chars(text.data(), text.data() + text.size(), ms);
  if (e == std::errc() && p == text.data() + text.size()) return ms;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!read_int(text, 0, 4, y) || text.size() < 20 || text[4] != '-' || !read_int(text, 5, 2, mo) ||
      text[7] != '-' || !read_int(text, 8, 2, d) || (text[10] != 'T' && text[10] != 't') ||
      !read_int(text, 11, 2, h) || text[13] != ':' || !read_int(text, 14, 2, mi) ||
      text[16] != ':' || !read_int(text, 17, 2, s)) {
    return std::nullopt;
  }
  using namespace std::chrono;
  const year_month_day ymd{year(y), month(static_cast<unsigned>(mo)),
                           day(static_cast<unsigned>(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
  std::size_t pos = 19;
  std::int64_t frac_ms = 0;
  if (pos < text.size() && text[pos] == '.') {
    std::int64_t scale = 100;
    for (++pos; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos) {
      frac_ms += (text[pos] - '0') * scale;
      scale /= 10;
    }
  }
  std::int64_t offset_min = 0;
  const auto zone = text.substr(pos);
  if (zone == "Z" || zone == "z") {
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int oh = 0, om = 0;
    if (!read_int(zone, 1, 2, oh) || !read_int(zone, 4, 2, om)) return std::nullopt;
    offset_min = (zone[0] == '+' ? 1 : -1) * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  const auto days_ms = duration_cast<milliseconds>(sys_days(ymd).time_since_epoch()).count();
  return days_ms + ((h * 60 + mi - offset_min) * 60 + s) * 1000LL + frac_ms;
}

json::object user_json(const store::User& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"name", u.name},
          {"created_at", core::format_utc_time(u.created_at)}};
}

json::object api_key_json(const store::ApiKey& k) {
  return {{"id", k.id},
          {"name", k.name},
          {"key_preview", k.prefix + "…"},
          {"created_at", core::format_utc_time(k.created_at)},
          {"last_used_at", time_or_null(k.last_used_at)}};
}

json::object agent_summary_json(const store::Agent& a) {
  return {{"id", a.id},
          {"name", a.name},
          {"agent_type", a.agent_type},
          {"created_at", core::format_utc_time(a.created_at)},
          {"updated_at", core::format_utc_time(a.updated_at)}};
}

json::object agent_json(const store::Agent& a) {
  auto out = agent_summary_json(a);
  const auto doc = parse_stored(a.config_json);
  if (doc.is_object()) {
    for (const auto& [k, v] : doc.as_object())
      out[k] = v;
  }
  return out;
}

json::object provider_key_json(const store::ProviderKey& k) {
  return {{"id", k.id},
          {"provider", k.provider},
          {"name", k.name},
          {"credentials", parse_stored(k.masked_json)},
          {"created_at", core::format_utc_time(k.created_at)},
          {"updated_at", core::format_utc_time(k.updated_at)}};
}

json::object call_json(const store::Call& c) {
  return {{"id", c.id},
          {"agent_id", c.agent_id},
          {"direction", c.direction},
          {"status", c.status},
          {"carrier", c.carrier},
          {"from", c.from_number},
          {"to", c.to_number},
          {"carrier_call_id", c.carrier_call_id},
          {"created_at", core::format_utc_time(c.created_at)},
          {"started_at", time_or_null(c.started_at)},
          {"ended_at", time_or_null(c.ended_at)},
          {"duration_ms", c.duration_ms ? json::value(*c.duration_ms) : json::value(nullptr)},
          {"hangup_reason", c.hangup_reason},
          {"recording_url",
           c.recording_url.empty() ? json::value(nullptr) : json::value(c.recording_url)},
          {"settings", parse_stored(c.settings_json)},
          {"variables", parse_stored(c.variables_json)},
          {"extracted_data", parse_stored(c.extracted_data_json)},
          {"summary", c.summary},
          {"usage", parse_stored(c.usage_json)},
          {"webhook", parse_stored(c.webhook_json)},
          {"post_call", post_call_json(c.post_call_json)}};
}

json::object turn_json(const store::Turn& t) {
  json::object latency{{"stt_ms", diff_or_null(t.stt_final_at, t.user_speech_end_at)},
                       {"llm_ms", diff_or_null(t.llm_first_token_at, t.stt_final_at)},
                       {"tts_ms", diff_or_null(t.tts_first_byte_at, t.llm_first_token_at)},
                       {"playout_ms", diff_or_null(t.first_audio_out_at, t.tts_first_byte_at)},
                       {"total_ms", diff_or_null(t.first_audio_out_at, t.user_speech_end_at)}};
  return {{"index", t.index},
          {"user_text", t.user_text},
          {"agent_text", t.agent_text},
          {"interrupted", t.interrupted},
          {"user_speech_end_at", time_or_null(t.user_speech_end_at)},
          {"stt_final_at", time_or_null(t.stt_final_at)},
          {"llm_first_token_at", time_or_null(t.llm_first_token_at)},
          {"tts_first_byte_at", time_or_null(t.tts_first_byte_at)},
          {"first_audio_out_at", time_or_null(t.first_audio_out_at)},
          {"interrupted_at", time_or_null(t.interrupted_at)},
          {"latency", std::move(latency)},
          {"metadata", parse_stored(t.metadata_json)}};
}

}  // namespace ovos::api
