#include "providers/tts/sarvam/sarvam_socket_protocol.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <utility>

#include "core/json_read.h"
#include "crypto/base64.h"
#include "providers/speech/pcm16_bytes.h"
#include "providers/speech/vendor_url.h"

namespace ovos::providers::sarvam {
namespace {

namespace json = boost::json;
using Kind = speech::SocketTtsMessage::Kind;

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
  auto samples = speech::pcm16_samples("Sarvam", *bytes);
  if (!samples.ok()) return std::move(samples).error();
  out.kind = Kind::kChunk;
  out.samples = std::move(samples).value();
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
