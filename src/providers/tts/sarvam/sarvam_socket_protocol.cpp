#include "providers/tts/sarvam/sarvam_socket_protocol.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>

#include "core/json_read.h"
#include "crypto/base64.h"
#include "providers/speech/vendor_url.h"

namespace ovos::providers::sarvam {
namespace {

namespace json = boost::json;
using Kind = speech::SocketTtsMessage::Kind;

/// The bytes after a WAV file's "data" chunk header; the input itself when it is no WAV.
std::string_view wav_samples(std::string_view wav) {
  if (!wav.starts_with("RIFF") || wav.size() < 12) return wav;
  std::size_t at = 12;
  while (at + 8 <= wav.size()) {
    std::uint32_t size = 0;
    for (std::size_t i = 0; i < 4; ++i)
      size |= static_cast<std::uint32_t>(static_cast<std::uint8_t>(wav[at + 4 + i])) << (8 * i);
    if (wav.substr(at, 4) == "data") return wav.substr(at + 8);
    at += 8 + static_cast<std::size_t>(size) + (size % 2);
  }
  return {};
}

/// The status a message starts with ("400: Speaker ... is not compatible"), else 0.
int leading_status(std::string_view message) {
  int status = 0;
  if (message.size() < 4 || message[3] != ':') return 0;
  const auto [end, ec] = std::from_chars(message.data(), message.data() + 3, status);
  return ec == std::errc() && end == message.data() + 3 ? status : 0;
}

core::Result<speech::SocketTtsMessage> decode_audio(const json::object* data) {
  speech::SocketTtsMessage out;
  const std::string encoded = core::json_string_at(data, "audio");
  if (encoded.empty()) return core::Error::invalid("Sarvam audio message without audio");
  auto bytes = crypto::base64_decode(encoded);
  if (!bytes.ok()) return core::Error::invalid("Sarvam audio is not base64");
  const std::string_view pcm = wav_samples(*bytes);
  if (pcm.size() % 2 != 0) return core::Error::invalid("Sarvam PCM with an odd byte");
  out.kind = Kind::kChunk;
  out.samples.resize(pcm.size() / 2);
  for (std::size_t i = 0; i < out.samples.size(); ++i) {
    const auto low = static_cast<std::uint8_t>(pcm[2 * i]);
    const auto high = static_cast<std::uint8_t>(pcm[2 * i + 1]);
    out.samples[i] = static_cast<std::int16_t>(low | (high << 8));
  }
  return out;
}

}  // namespace

std::string socket_url(std::string_view base, std::string_view model) {
  return std::string(base) + "/text-to-speech/ws?model=" + speech::query_escape(model) +
         "&send_completion_event=true";
}

std::string config_message(const SpeechParams& params) {
  const bool v3 = params.model.starts_with("bulbul:v3");
  return json::serialize(
      json::object{{"type", "config"},
                   {"data", json::object{{"target_language_code", params.language},
                                         {"speaker", params.speaker},
                                         {"model", params.model},
                                         {"speech_sample_rate", std::to_string(params.sample_rate)},
                                         {"output_audio_codec", "linear16"},
                                         {"output_audio_bitrate", "128k"},
                                         {"pace", 1.0},
                                         {"enable_preprocessing", v3},
                                         {"min_buffer_size", 50},
                                         {"max_chunk_length", 150}}}});
}

std::string text_message(std::string_view text) {
  return json::serialize(json::object{{"type", "text"}, {"data", json::object{{"text", text}}}});
}

std::string flush_message() {
  return R"({"type":"flush"})";
}

std::string ping_message() {
  return R"({"type":"ping"})";
}

core::Result<speech::SocketTtsMessage> decode_socket_message(std::string_view text) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) return core::Error::invalid("Sarvam message is not a JSON object");
  const json::object& object = parsed.get_object();
  const std::string type = core::json_string_at(object, "type");
  const json::object* data = core::json_object_at(object, "data");
  speech::SocketTtsMessage out;
  if (type == "audio") return decode_audio(data);
  if (type == "event") {
    if (core::json_string_at(data, "event_type") == "final") out.kind = Kind::kDone;
    return out;
  }
  if (type == "error") {
    out.kind = Kind::kError;
    out.error = core::json_string_at(data, "message");
    if (const auto code = core::json_number_at(data, "code")) {
      out.status_code = static_cast<int>(*code);
    } else {
      out.status_code = leading_status(out.error);
    }
    if (out.error.empty()) out.error = std::string(text.substr(0, 200));
    return out;
  }
  return out;  // kOther
}

}  // namespace ovos::providers::sarvam
