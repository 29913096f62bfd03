#include "telephony/plivo/plivo_media_protocol.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>

#include "audio/pcm.h"
#include "core/json_read.h"
#include "crypto/base64.h"
#include "telephony/carrier/carrier_json.h"

namespace ovos::telephony::plivo {
namespace {

namespace json = boost::json;

constexpr CarrierJson kReader("Plivo");

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// "k=v;k2=v2" (Plivo's start example) or "k=v,k2=v2" (its XML reference), or a JSON object.
core::Result<std::map<std::string, std::string>> extra_headers(const json::object& o) {
  const json::value* v = o.if_contains("extra_headers");
  if (v != nullptr && !v->is_string() && !v->is_object() && !v->is_null()) {
    return kReader.bad("extra_headers must be a string of key=value pairs or an object of strings");
  }
  if (v == nullptr || !v->is_string()) return kReader.string_map(o, "extra_headers", "message");
  std::map<std::string, std::string> out;
  std::string_view rest = v->get_string();
  while (!rest.empty()) {
    const std::size_t end = std::min(rest.find(';'), rest.find(','));
    const std::string_view pair = trim(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos || trim(pair.substr(0, eq)).empty()) {
      return kReader.bad("extra_headers has '" + std::string(pair.substr(0, 64)) +
                         "', not key=value");
    }
    out.insert_or_assign(std::string(trim(pair.substr(0, eq))),
                         std::string(trim(pair.substr(eq + 1))));
  }
  return out;
}

core::Result<std::vector<std::string>> tracks(const json::object& body) {
  std::vector<std::string> out;
  const json::value* v = body.if_contains("tracks");
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) return kReader.bad("start.tracks must be a list of strings");
  for (const json::value& track : v->get_array()) {
    if (!track.is_string()) return kReader.bad("start.tracks must be a list of strings");
    out.emplace_back(track.get_string());
  }
  return out;
}

// mediaFormat {encoding, sampleRate}: the encoding's parameters (";rate=8000") are ignored,
// the rate is the one sampleRate gives.
core::Result<PlivoEvent> read_format(const json::object& body, StartEvent start) {
  const json::object* format = core::json_object_at(body, "mediaFormat");
  if (format == nullptr) return kReader.bad("start.mediaFormat must be an object");
  const std::string encoding = core::json_string_at(format, "encoding");
  const std::string_view base = trim(std::string_view(encoding).substr(0, encoding.find(';')));
  if (equals_ignoring_case(base, "audio/x-mulaw")) {
    start.encoding = AudioEncoding::kMulaw;
  } else if (equals_ignoring_case(base, "audio/x-l16")) {
    start.encoding = AudioEncoding::kL16;
  } else {
    return kReader.bad("start.mediaFormat.encoding must be audio/x-mulaw or audio/x-l16, not '" +
                       encoding.substr(0, 64) + "'");
  }
  OVOS_ASSIGN_OR_RETURN(const std::int64_t rate,
                        kReader.counter(*format, "sampleRate", "start.mediaFormat", -1));
  if (rate < 0) return kReader.bad("start.mediaFormat.sampleRate is missing");
  if (rate > 16000 || !is_supported_format(start.encoding, static_cast<int>(rate))) {
    return kReader.bad(
        "start.mediaFormat must be audio/x-mulaw at 8000 Hz or audio/x-l16 at "
        "8000 or 16000 Hz, not " +
        encoding.substr(0, 64) + " at " + std::to_string(rate) + " Hz");
  }
  start.sample_rate = static_cast<int>(rate);
  return PlivoEvent(std::move(start));
}

core::Result<PlivoEvent> parse_start(const json::object& o) {
  const json::object* body = core::json_object_at(o, "start");
  if (body == nullptr) return kReader.bad("start must be an object");
  StartEvent start;
  OVOS_ASSIGN_OR_RETURN(start.call_id, kReader.required_string(*body, "callId", "start"));
  OVOS_ASSIGN_OR_RETURN(start.stream_id, kReader.required_string(*body, "streamId", "start"));
  start.account_id = core::json_string_at(body, "accountId");
  OVOS_ASSIGN_OR_RETURN(start.tracks, tracks(*body));
  OVOS_ASSIGN_OR_RETURN(start.extra_headers, extra_headers(o));
  return read_format(*body, std::move(start));
}

core::Result<PlivoEvent> parse_media(const json::object& o) {
  MediaEvent media;
  OVOS_ASSIGN_OR_RETURN(media.stream_id, kReader.required_string(o, "streamId", "message"));
  OVOS_ASSIGN_OR_RETURN(media.sequence_number, kReader.counter(o, "sequenceNumber", "message"));
  const json::object* body = core::json_object_at(o, "media");
  if (body == nullptr) return kReader.bad("media must be an object");
  media.track = core::json_string_at(body, "track");
  if (media.track.empty()) media.track = "inbound";
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
  media.payload.assign(bytes->begin(), bytes->end());
  return PlivoEvent(std::move(media));
}

core::Result<PlivoEvent> parse_dtmf(const json::object& o) {
  const json::object* body = core::json_object_at(o, "dtmf");
  if (body == nullptr) return kReader.bad("dtmf must be an object");
  DtmfEvent dtmf;
  dtmf.stream_id = core::json_string_at(o, "streamId");
  if (dtmf.stream_id.empty()) dtmf.stream_id = core::json_string_at(body, "streamId");
  OVOS_ASSIGN_OR_RETURN(const std::string digit, kReader.required_string(*body, "digit", "dtmf"));
  OVOS_ASSIGN_OR_RETURN(dtmf.digit, kReader.dtmf_digit(digit, "dtmf.digit"));
  return PlivoEvent(std::move(dtmf));
}

core::Result<PlivoEvent> parse_played_stream(const json::object& o) {
  PlayedStreamEvent played;
  played.stream_id = core::json_string_at(o, "streamId");
  OVOS_ASSIGN_OR_RETURN(played.name, kReader.required_string(o, "name", "playedStream"));
  return PlivoEvent(std::move(played));
}

}  // namespace

std::string_view content_type(AudioEncoding encoding) {
  return encoding == AudioEncoding::kMulaw ? "audio/x-mulaw" : "audio/x-l16";
}

bool is_supported_format(AudioEncoding encoding, int sample_rate) {
  if (encoding == AudioEncoding::kMulaw) return sample_rate == 8000;
  return sample_rate == 8000 || sample_rate == 16000;
}

core::Result<PlivoEvent> parse_plivo_message(std::string_view text) {
  OVOS_ASSIGN_OR_RETURN(const json::value value, kReader.parse(text, kMaxMessageBytes));
  const json::object& o = value.get_object();
  const std::string_view name = o.at("event").get_string();
  if (name == "media") return parse_media(o);
  if (name == "playedStream" || name == "played") return parse_played_stream(o);
  if (name == "clearedAudio") {
    return PlivoEvent(ClearedAudioEvent{core::json_string_at(o, "streamId")});
  }
  if (name == "dtmf") return parse_dtmf(o);
  if (name == "start") return parse_start(o);
  return kReader.bad("unknown event '" + std::string(name.substr(0, 64)) + "'");
}

std::string play_audio_message(AudioEncoding encoding, int sample_rate,
                               std::span<const std::uint8_t> payload) {
  return json::serialize(json::object{{"event", "playAudio"},
                                      {"media",
                                       {{"contentType", content_type(encoding)},
                                        {"sampleRate", sample_rate},
                                        {"payload", crypto::base64_encode(payload)}}}});
}

std::string checkpoint_message(std::string_view stream_id, std::string_view name) {
  return json::serialize(
      json::object{{"event", "checkpoint"}, {"streamId", stream_id}, {"name", name}});
}

std::string clear_audio_message(std::string_view stream_id) {
  return json::serialize(json::object{{"event", "clearAudio"}, {"streamId", stream_id}});
}

core::Result<std::string> send_dtmf_message(std::string_view digits) {
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), is_dtmf_key)) {
    return core::Error::invalid("Plivo sendDTMF digits must be one or more of 0-9, *, #, A-D");
  }
  return json::serialize(json::object{{"event", "sendDTMF"}, {"dtmf", digits}});
}

core::Result<std::vector<std::int16_t>> decode_l16(std::span<const std::uint8_t> bytes) {
  return audio::pcm16_from_bytes(bytes);
}

std::vector<std::uint8_t> encode_l16(std::span<const std::int16_t> samples) {
  return audio::pcm16_to_bytes(samples);
}

}  // namespace ovos::telephony::plivo
