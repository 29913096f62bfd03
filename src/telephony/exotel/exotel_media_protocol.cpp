#include "telephony/exotel/exotel_media_protocol.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <limits>

#include "audio/pcm.h"
#include "core/json_read.h"
#include "crypto/base64.h"
#include "telephony/carrier/carrier_json.h"

namespace ovos::telephony::exotel {
namespace {

namespace json = boost::json;

constexpr CarrierJson kReader("Exotel");

// The names the sources give 16-bit linear PCM (lower case, parameters such as ";rate=8000"
// dropped): the reference's "audio/x-raw", the older reference's "linear16", the extension
// guide's "audio/L16", and "raw" (Exotel's own bridge's default).
bool is_linear_pcm(std::string_view encoding) {
  std::string base(encoding.substr(0, encoding.find(';')));
  std::transform(base.begin(), base.end(), base.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  constexpr std::array<std::string_view, 4> kNames = {"audio/x-raw", "linear16", "audio/l16",
                                                      "raw"};
  return std::find(kNames.begin(), kNames.end(), base) != kNames.end();
}

core::Result<ExotelEvent> read_format(const json::object& body, StartEvent start) {
  const json::object* format = core::json_object_at(body, "media_format");
  if (format == nullptr) return kReader.bad("start.media_format must be an object");
  const json::value* encoding = format->if_contains("encoding");
  if (encoding != nullptr && !encoding->is_null() &&
      (!encoding->is_string() || !is_linear_pcm(encoding->get_string()))) {
    return kReader.bad("start.media_format.encoding must name 16-bit linear PCM (audio/x-raw)");
  }
  OVOS_ASSIGN_OR_RETURN(const std::int64_t rate,
                        kReader.counter(*format, "sample_rate", "start.media_format", -1));
  if (rate < 0) return kReader.bad("start.media_format.sample_rate is missing");
  if (rate != 8000 && rate != 16000 && rate != 24000) {
    return kReader.bad("start.media_format.sample_rate must be 8000, 16000 or 24000, not " +
                       std::to_string(rate));
  }
  OVOS_ASSIGN_OR_RETURN(const std::int64_t bits,
                        kReader.counter(*format, "bit_rate", "start.media_format", 16));
  if (bits != 16) {
    return kReader.bad("start.media_format.bit_rate must be 16, not " + std::to_string(bits));
  }
  start.sample_rate = static_cast<int>(rate);
  start.bit_rate = static_cast<int>(bits);
  return ExotelEvent(std::move(start));
}

core::Result<ExotelEvent> parse_start(const json::object& o) {
  const json::object* body = core::json_object_at(o, "start");
  if (body == nullptr) return kReader.bad("start must be an object");
  StartEvent start;
  start.stream_sid = core::json_string_at(o, "stream_sid");
  if (start.stream_sid.empty()) {
    OVOS_ASSIGN_OR_RETURN(start.stream_sid, kReader.required_string(*body, "stream_sid", "start"));
  }
  OVOS_ASSIGN_OR_RETURN(start.call_sid, kReader.required_string(*body, "call_sid", "start"));
  start.account_sid = core::json_string_at(body, "account_sid");
  start.from = core::json_string_at(body, "from");
  start.to = core::json_string_at(body, "to");
  OVOS_ASSIGN_OR_RETURN(start.custom_parameters,
                        kReader.string_map(*body, "custom_parameters", "start"));
  return read_format(*body, std::move(start));
}

core::Result<ExotelEvent> parse_media(const json::object& o) {
  MediaEvent media;
  media.stream_sid = core::json_string_at(o, "stream_sid");
  OVOS_ASSIGN_OR_RETURN(media.sequence_number, kReader.counter(o, "sequence_number", "message"));
  const json::object* body = core::json_object_at(o, "media");
  if (body == nullptr) return kReader.bad("media must be an object");
  OVOS_ASSIGN_OR_RETURN(media.chunk, kReader.counter(*body, "chunk", "media"));
  OVOS_ASSIGN_OR_RETURN(media.timestamp_ms, kReader.counter(*body, "timestamp", "media"));
  const json::value* payload = body->if_contains("payload");
  if (payload == nullptr || !payload->is_string()) {
    return kReader.bad("media.payload must be a string");
  }
  if (payload->get_string().size() > (kMaxPayloadBytes + 2) / 3 * 4) {
    return kReader.bad("media.payload is longer than " + std::to_string(kMaxPayloadBytes) +
                       " bytes");
  }
  auto bytes = crypto::base64_decode_public(payload->get_string());
  if (!bytes.ok()) return kReader.bad("media.payload is not base64");
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes->data());
  auto samples = audio::pcm16_from_bytes(std::span<const std::uint8_t>(data, bytes->size()));
  if (!samples.ok()) {
    return kReader.bad("media.payload has an odd byte count (" + std::to_string(bytes->size()) +
                       "), not 16-bit PCM");
  }
  media.samples = std::move(samples).value();
  return ExotelEvent(std::move(media));
}

core::Result<ExotelEvent> parse_dtmf(const json::object& o) {
  const json::object* body = core::json_object_at(o, "dtmf");
  if (body == nullptr) return kReader.bad("dtmf must be an object");
  DtmfEvent dtmf;
  dtmf.stream_sid = core::json_string_at(o, "stream_sid");
  OVOS_ASSIGN_OR_RETURN(const std::string digit, kReader.required_string(*body, "digit", "dtmf"));
  OVOS_ASSIGN_OR_RETURN(dtmf.digit, kReader.dtmf_digit(digit, "dtmf.digit"));
  OVOS_ASSIGN_OR_RETURN(const std::int64_t duration, kReader.counter(*body, "duration", "dtmf"));
  if (duration > std::numeric_limits<int>::max()) return kReader.bad("dtmf.duration is too large");
  dtmf.duration_ms = static_cast<int>(duration);
  return ExotelEvent(std::move(dtmf));
}

core::Result<ExotelEvent> parse_mark(const json::object& o) {
  const json::object* body = core::json_object_at(o, "mark");
  if (body == nullptr) return kReader.bad("mark must be an object");
  MarkEvent mark;
  mark.stream_sid = core::json_string_at(o, "stream_sid");
  OVOS_ASSIGN_OR_RETURN(mark.name, kReader.required_string(*body, "name", "mark"));
  return ExotelEvent(std::move(mark));
}

core::Result<ExotelEvent> parse_stop(const json::object& o) {
  const json::value* stop = o.if_contains("stop");
  if (stop != nullptr && !stop->is_null() && !stop->is_object()) {
    return kReader.bad("stop must be an object");
  }
  const json::object* body = core::json_object_at(o, "stop");
  return ExotelEvent(StopEvent{core::json_string_at(o, "stream_sid"),
                               core::json_string_at(body, "call_sid"),
                               core::json_string_at(body, "reason")});
}

}  // namespace

core::Result<ExotelEvent> parse_exotel_message(std::string_view text) {
  OVOS_ASSIGN_OR_RETURN(const json::value value, kReader.parse(text, kMaxMessageBytes));
  const json::object& o = value.get_object();
  const std::string_view name = o.at("event").get_string();
  if (name == "media") return parse_media(o);
  if (name == "mark") return parse_mark(o);
  if (name == "dtmf") return parse_dtmf(o);
  if (name == "start") return parse_start(o);
  if (name == "stop") return parse_stop(o);
  if (name == "connected") return ExotelEvent(ConnectedEvent{});
  return kReader.bad("unknown event '" + std::string(name.substr(0, 64)) + "'");
}

std::string media_message(std::string_view stream_sid, std::span<const std::int16_t> samples) {
  return json::serialize(json::object{
      {"event", "media"},
      {"stream_sid", stream_sid},
      {"media", {{"payload", crypto::base64_encode(audio::pcm16_to_bytes(samples))}}}});
}

std::string mark_message(std::string_view stream_sid, std::string_view name) {
  return json::serialize(
      json::object{{"event", "mark"}, {"stream_sid", stream_sid}, {"mark", {{"name", name}}}});
}

std::string clear_message(std::string_view stream_sid) {
  return json::serialize(json::object{{"event", "clear"}, {"stream_sid", stream_sid}});
}

}  // namespace ovos::telephony::exotel
