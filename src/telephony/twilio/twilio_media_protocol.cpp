#include "telephony/twilio/twilio_media_protocol.h"

#include <boost/json.hpp>
#include <charconv>

#include "core/json_read.h"
#include "crypto/base64.h"

namespace ovos::telephony::twilio {
namespace {

namespace json = boost::json;

core::Error bad(std::string why) {
  return core::Error::invalid("bad Twilio message: " + std::move(why));
}
core::Result<std::string> required_string(const json::object& o, std::string_view key,
                                          std::string_view where) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string() || v->get_string().empty()) {
    return bad(std::string(where) + "." + std::string(key) + " must be a non-empty string");
  }
  return std::string(v->get_string());
}

std::string optional_string(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

// Twilio writes counters and times as decimal strings ("1", "5120"); numbers are taken too.
core::Result<std::int64_t> counter(const json::object& o, std::string_view key,
                                   std::string_view where) {
  const json::value* v = o.if_contains(key);
  if (v != nullptr && v->is_int64() && v->get_int64() >= 0) return v->get_int64();
  if (v != nullptr && v->is_string()) {
    const std::string_view text = v->get_string();
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size() && value >= 0) return value;
  }
  return bad(std::string(where) + "." + std::string(key) + " must be a non-negative integer");
}

core::Result<TwilioEvent> parse_start(const json::object& o) {
  StartEvent start;
  const json::object* body = core::json_object_at(o, "start");
  if (body == nullptr) return bad("start must be an object");
  OVOS_ASSIGN_OR_RETURN(start.stream_sid, required_string(o, "streamSid", "message"));
  OVOS_ASSIGN_OR_RETURN(start.call_sid, required_string(*body, "callSid", "start"));
  start.account_sid = optional_string(*body, "accountSid");
  if (const json::value* tracks = body->if_contains("tracks"); tracks != nullptr) {
    if (!tracks->is_array()) return bad("start.tracks must be a list of strings");
    for (const json::value& track : tracks->get_array()) {
      if (!track.is_string()) return bad("start.tracks must be a list of strings");
      start.tracks.emplace_back(track.get_string());
    }
  }
  if (const json::object* params = core::json_object_at(*body, "customParameters")) {
    for (const auto& [name, value] : *params) {
      if (!value.is_string()) {
        return bad("start.customParameters." + std::string(name) + " must be a string");
      }
      start.custom_parameters.emplace(std::string(name), std::string(value.get_string()));
    }
  }
  const json::object* format = core::json_object_at(*body, "mediaFormat");
  if (format == nullptr) return bad("start.mediaFormat must be an object");
  start.encoding = optional_string(*format, "encoding");
  const json::value* rate = format->if_contains("sampleRate");
  const json::value* channels = format->if_contains("channels");
  start.sample_rate = rate != nullptr && rate->is_int64() ? static_cast<int>(rate->get_int64()) : 0;
  start.channels =
      channels != nullptr && channels->is_int64() ? static_cast<int>(channels->get_int64()) : 0;
  if (start.encoding != "audio/x-mulaw" || start.sample_rate != 8000 || start.channels != 1) {
    return bad("start.mediaFormat must be audio/x-mulaw at 8000 Hz, 1 channel");
  }
  return TwilioEvent(std::move(start));
}

core::Result<TwilioEvent> parse_media(const json::object& o) {
  MediaEvent media;
  const json::object* body = core::json_object_at(o, "media");
  if (body == nullptr) return bad("media must be an object");
  OVOS_ASSIGN_OR_RETURN(media.stream_sid, required_string(o, "streamSid", "message"));
  media.track = optional_string(*body, "track");
  if (media.track.empty()) media.track = "inbound";
  if (body->contains("chunk")) {
    OVOS_ASSIGN_OR_RETURN(media.chunk, counter(*body, "chunk", "media"));
  }
  if (body->contains("timestamp")) {
    OVOS_ASSIGN_OR_RETURN(media.timestamp_ms, counter(*body, "timestamp", "media"));
  }
  const json::value* payload = body->if_contains("payload");
  if (payload == nullptr || !payload->is_string()) return bad("media.payload must be a string");
  if (payload->get_string().size() > (kMaxPayloadBytes + 2) / 3 * 4) {
    return bad("media.payload is longer than " + std::to_string(kMaxPayloadBytes) + " bytes");
  }
  auto bytes = crypto::base64_decode_public(payload->get_string());
  if (!bytes.ok()) return bad("media.payload is not base64");
  media.mulaw.assign(bytes->begin(), bytes->end());
  return TwilioEvent(std::move(media));
}

core::Result<TwilioEvent> parse_dtmf(const json::object& o) {
  DtmfEvent dtmf;
  OVOS_ASSIGN_OR_RETURN(dtmf.stream_sid, required_string(o, "streamSid", "message"));
  const json::object* body = core::json_object_at(o, "dtmf");
  if (body == nullptr) return bad("dtmf must be an object");
  OVOS_ASSIGN_OR_RETURN(const std::string digit, required_string(*body, "digit", "dtmf"));
  constexpr std::string_view kDigits = "0123456789*#ABCD";
  if (digit.size() != 1 || kDigits.find(digit[0]) == std::string_view::npos) {
    return bad("dtmf.digit must be one of 0-9, *, #, A-D");
  }
  dtmf.digit = digit[0];
  return TwilioEvent(dtmf);
}

core::Result<TwilioEvent> parse_mark(const json::object& o) {
  MarkEvent mark;
  OVOS_ASSIGN_OR_RETURN(mark.stream_sid, required_string(o, "streamSid", "message"));
  const json::object* body = core::json_object_at(o, "mark");
  if (body == nullptr) return bad("mark must be an object");
  OVOS_ASSIGN_OR_RETURN(mark.name, required_string(*body, "name", "mark"));
  return TwilioEvent(std::move(mark));
}

core::Result<TwilioEvent> parse_stop(const json::object& o) {
  StopEvent stop;
  OVOS_ASSIGN_OR_RETURN(stop.stream_sid, required_string(o, "streamSid", "message"));
  if (const json::object* body = core::json_object_at(o, "stop")) {
    stop.account_sid = optional_string(*body, "accountSid");
    stop.call_sid = optional_string(*body, "callSid");
  }
  return TwilioEvent(std::move(stop));
}

}  // namespace

core::Result<TwilioEvent> parse_twilio_message(std::string_view text) {
  if (text.size() > kMaxMessageBytes) {
    return bad("larger than " + std::to_string(kMaxMessageBytes) + " bytes");
  }
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 8;
  // 50 messages a second per call: the parsed tree lives on the stack (a media message fits;
  // a larger one spills to the heap), and everything kept is copied out of it.
  unsigned char storage[2048];
  json::monotonic_resource memory(storage, sizeof storage);
  const json::value value = json::parse(text, ec, &memory, options);
  if (ec) return bad("not valid JSON: " + ec.message());
  const json::object* o = value.if_object();
  if (o == nullptr) return bad("not a JSON object");
  const json::value* event = o->if_contains("event");
  if (event == nullptr || !event->is_string()) return bad("no string 'event'");
  const std::string_view name = event->get_string();
  if (name == "media") return parse_media(*o);
  if (name == "mark") return parse_mark(*o);
  if (name == "dtmf") return parse_dtmf(*o);
  if (name == "start") return parse_start(*o);
  if (name == "stop") return parse_stop(*o);
  if (name == "connected") {
    return TwilioEvent(
        ConnectedEvent{optional_string(*o, "protocol"), optional_string(*o, "version")});
  }
  return bad("unknown event '" + std::string(name.substr(0, 64)) + "'");
}

std::string media_message(std::string_view stream_sid, std::span<const std::uint8_t> mulaw) {
  return json::serialize(json::object{{"event", "media"},
                                      {"streamSid", stream_sid},
                                      {"media", {{"payload", crypto::base64_encode(mulaw)}}}});
}

std::string mark_message(std::string_view stream_sid, std::string_view name) {
  return json::serialize(
      json::object{{"event", "mark"}, {"streamSid", stream_sid}, {"mark", {{"name", name}}}});
}

std::string clear_message(std::string_view stream_sid) {
  return json::serialize(json::object{{"event", "clear"}, {"streamSid", stream_sid}});
}

}  // namespace ovos::telephony::twilio
