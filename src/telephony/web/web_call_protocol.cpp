#include "telephony/web/web_call_protocol.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cctype>

namespace ovos::telephony::web {
namespace {

namespace json = boost::json;

constexpr std::array<int, 6> kSampleRates = {8000, 16000, 22050, 24000, 44100, 48000};
constexpr std::string_view kDtmfDigits = "0123456789*#ABCD";
constexpr std::size_t kMaxMarkLength = 128;
constexpr std::size_t kMaxVariableLength = 4096;

core::Error bad(std::string message) {
  return core::Error::invalid(std::move(message));
}

/// Refuses any key of `object` not in `allowed`.
core::Result<void> only_keys(const json::object& object,
                             std::initializer_list<std::string_view> allowed,
                             std::string_view type) {
  for (const auto& [key, _] : object) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return bad("unknown field '" + std::string(key) + "' in a '" + std::string(type) +
                 "' message");
    }
  }
  return core::ok();
}

core::Result<int> sample_rate(const json::object& object, std::string_view key) {
  const auto* v = object.if_contains(key);
  if (!v) return 16000;
  if (!v->is_int64() ||
      std::find(kSampleRates.begin(), kSampleRates.end(), v->as_int64()) == kSampleRates.end()) {
    return bad(std::string(key) + " must be one of 8000, 16000, 22050, 24000, 44100, 48000");
  }
  return static_cast<int>(v->as_int64());
}

core::Result<ClientMessage> parse_start(const json::object& o) {
  OVOS_TRY(only_keys(o, {"type", "sample_rate", "output_sample_rate", "variables"}, "start"));
  StartMessage start;
  OVOS_ASSIGN_OR_RETURN(start.input_sample_rate, sample_rate(o, "sample_rate"));
  OVOS_ASSIGN_OR_RETURN(start.output_sample_rate, sample_rate(o, "output_sample_rate"));
  if (const auto* vars = o.if_contains("variables")) {
    if (!vars->is_object()) return bad("variables must be an object of strings");
    if (vars->as_object().size() > kMaxVariables) {
      return bad("at most " + std::to_string(kMaxVariables) + " variables");
    }
    for (const auto& [key, value] : vars->as_object()) {
      if (!value.is_string() || value.as_string().size() > kMaxVariableLength) {
        return bad("variable '" + std::string(key) + "' must be a string of at most " +
                   std::to_string(kMaxVariableLength) + " bytes");
      }
      start.variables[std::string(key)] = std::string(value.as_string());
    }
  }
  return ClientMessage(std::move(start));
}

core::Result<ClientMessage> parse_dtmf(const json::object& o) {
  OVOS_TRY(only_keys(o, {"type", "digit"}, "dtmf"));
  const auto* d = o.if_contains("digit");
  if (!d || !d->is_string() || d->as_string().size() != 1 ||
      kDtmfDigits.find(d->as_string()[0]) == std::string_view::npos) {
    return bad("digit must be one of 0-9, *, #, A-D");
  }
  return ClientMessage(DtmfMessage{d->as_string()[0]});
}

core::Result<ClientMessage> parse_event(const json::object& o) {
  OVOS_TRY(only_keys(o, {"type", "name"}, "event"));
  const auto* n = o.if_contains("name");
  const auto valid = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
  };
  if (!n || !n->is_string() || n->as_string().empty() || n->as_string().size() > 64 ||
      !std::all_of(n->as_string().begin(), n->as_string().end(), valid)) {
    return bad("name must be 1-64 letters, digits, '_', '-' or '.'");
  }
  return ClientMessage(EventMessage{std::string(n->as_string())});
}

core::Result<ClientMessage> parse_played(const json::object& o) {
  OVOS_TRY(only_keys(o, {"type", "mark"}, "played"));
  const auto* m = o.if_contains("mark");
  if (!m || !m->is_string() || m->as_string().empty() || m->as_string().size() > kMaxMarkLength) {
    return bad("mark must be a non-empty string of at most " + std::to_string(kMaxMarkLength) +
               " bytes");
  }
  return ClientMessage(PlayedMessage{std::string(m->as_string())});
}

json::value ms_or_null(std::int64_t ms) {
  return ms < 0 ? json::value(nullptr) : json::value(ms);
}

}  // namespace

core::Result<ClientMessage> parse_text_message(std::string_view text) {
  if (text.size() > kMaxTextMessageBytes) {
    return bad("text message larger than " + std::to_string(kMaxTextMessageBytes) + " bytes");
  }
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 8;
  const json::value value = json::parse(text, ec, {}, options);
  if (ec) return bad("message is not valid JSON: " + ec.message());
  if (!value.is_object()) return bad("message must be a JSON object");
  const auto& o = value.as_object();
  const auto* type = o.if_contains("type");
  if (!type || !type->is_string()) return bad("message needs a string 'type'");
  const std::string_view t = type->as_string();
  if (t == "start") return parse_start(o);
  if (t == "dtmf") return parse_dtmf(o);
  if (t == "event") return parse_event(o);
  if (t == "played") return parse_played(o);
  if (t == "stop" || t == "ping") {
    OVOS_TRY(only_keys(o, {"type"}, t));
    return t == "stop" ? ClientMessage(StopMessage{}) : ClientMessage(PingMessage{});
  }
  return bad("unknown message type '" + std::string(t.substr(0, 64)) + "'");
}

core::Result<ClientMessage> parse_binary_message(std::span<const std::uint8_t> bytes) {
  if (bytes.size() > kMaxAudioMessageBytes) {
    return bad("audio message larger than " + std::to_string(kMaxAudioMessageBytes) + " bytes");
  }
  if (bytes.size() % 2 != 0) return bad("audio message must hold whole 16-bit samples");
  AudioMessage audio;
  audio.samples.resize(bytes.size() / 2);
  for (std::size_t i = 0; i < audio.samples.size(); ++i) {
    const auto lo = static_cast<std::uint16_t>(bytes[2 * i]);
    const auto hi = static_cast<std::uint16_t>(bytes[2 * i + 1]);
    audio.samples[i] = static_cast<std::int16_t>(static_cast<std::uint16_t>(lo | (hi << 8)));
  }
  return ClientMessage(std::move(audio));
}

std::string ready_message(std::string_view call_id, int input_rate, int output_rate) {
  return json::serialize(json::object{{"type", "ready"},
                                      {"call_id", call_id},
                                      {"sample_rate", input_rate},
                                      {"output_sample_rate", output_rate}});
}

std::string transcript_message(Speaker speaker, std::string_view text, bool final, int turn) {
  return json::serialize(json::object{{"type", "transcript"},
                                      {"role", speaker == Speaker::kUser ? "user" : "agent"},
                                      {"text", text},
                                      {"final", final},
                                      {"turn", turn}});
}

std::string latency_message(const TurnLatency& l) {
  return json::serialize(json::object{{"type", "latency"},
                                      {"turn", l.turn},
                                      {"stt_ms", ms_or_null(l.stt_ms)},
                                      {"llm_ms", ms_or_null(l.llm_ms)},
                                      {"tts_ms", ms_or_null(l.tts_ms)},
                                      {"total_ms", ms_or_null(l.total_ms)}});
}

std::string clear_message() {
  return R"({"type":"clear"})";
}

std::string mark_message(std::string_view name) {
  return json::serialize(json::object{{"type", "mark"}, {"name", name}});
}

std::string pong_message() {
  return R"({"type":"pong"})";
}

std::string error_message(std::string_view code, std::string_view message) {
  return json::serialize(json::object{{"type", "error"}, {"code", code}, {"message", message}});
}

std::string end_message(std::string_view reason, std::string_view transfer_to) {
  json::object message{{"type", "end"}, {"reason", reason}};
  if (!transfer_to.empty()) message["transfer_to"] = transfer_to;
  return json::serialize(message);
}

std::vector<std::uint8_t> audio_bytes(std::span<const std::int16_t> samples) {
  std::vector<std::uint8_t> out(samples.size() * 2);
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto u = static_cast<std::uint16_t>(samples[i]);
    out[2 * i] = static_cast<std::uint8_t>(u & 0xff);
    out[2 * i + 1] = static_cast<std::uint8_t>(u >> 8);
  }
  return out;
}

}  // namespace ovos::telephony::web
