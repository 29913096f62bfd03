#include "providers/tts/elevenlabs/elevenlabs_socket_protocol.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/json_read.h"
#include "crypto/base64.h"
#include "providers/speech/vendor_url.h"

namespace ovos::providers::elevenlabs {
namespace {

namespace json = boost::json;
using Kind = speech::SocketTtsMessage::Kind;

}  // namespace

std::string multi_stream_url(std::string_view base, std::string_view voice_id,
                             std::string_view model_id, int rate) {
  return std::string(base) + "/v1/text-to-speech/" + speech::query_escape(voice_id) +
         "/multi-stream-input?model_id=" + speech::query_escape(model_id) + "&output_format=pcm_" +
         std::to_string(rate) + "&auto_mode=true&inactivity_timeout=180";
}

std::vector<std::string> speak_messages(std::string_view id, std::string_view text) {
  std::string spoken(text);
  if (spoken.empty() || spoken.back() != ' ') spoken += ' ';
  return {json::serialize(json::object{{"text", " "}, {"context_id", id}}),
          json::serialize(json::object{{"text", spoken}, {"context_id", id}, {"flush", true}}),
          close_context_message(id)};
}

std::string close_context_message(std::string_view id) {
  return json::serialize(json::object{{"context_id", id}, {"close_context", true}});
}

std::string close_socket_message() {
  return R"({"close_socket":true})";
}

core::Result<speech::SocketTtsMessage> decode_socket_message(std::string_view text) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) {
    return core::Error::invalid("ElevenLabs message is not a JSON object");
  }
  const json::object& object = parsed.get_object();
  speech::SocketTtsMessage out;
  out.context_id = core::json_string_at(object, "contextId");
  const json::value* audio = object.if_contains("audio");
  const json::value* final = object.if_contains("isFinal");
  if (audio != nullptr && audio->is_string() && !audio->get_string().empty()) {
    auto bytes = crypto::base64_decode(audio->get_string());
    if (!bytes.ok()) return core::Error::invalid("ElevenLabs audio is not base64");
    if (bytes->size() % 2 != 0) return core::Error::invalid("ElevenLabs PCM with an odd byte");
    out.kind = Kind::kChunk;
    out.samples.resize(bytes->size() / 2);
    for (std::size_t i = 0; i < out.samples.size(); ++i) {
      const auto low = static_cast<std::uint8_t>((*bytes)[2 * i]);
      const auto high = static_cast<std::uint8_t>((*bytes)[2 * i + 1]);
      out.samples[i] = static_cast<std::int16_t>(low | (high << 8));
    }
    return out;
  }
  if (final != nullptr && final->is_bool() && final->get_bool()) {
    out.kind = Kind::kDone;
    return out;
  }
  const json::value* error = object.if_contains("error");
  const json::value* message = object.if_contains("message");
  if (error != nullptr || message != nullptr) {
    out.kind = Kind::kError;
    if (error != nullptr && error->is_string()) out.error = std::string(error->get_string());
    if (message != nullptr && message->is_string()) {
      if (!out.error.empty()) out.error += ": ";
      out.error += std::string(message->get_string());
    }
    if (const auto code = core::json_number_at(&object, "code")) {
      out.status_code = static_cast<int>(*code);
    }
    if (out.error.empty()) out.error = std::string(text.substr(0, 200));
    return out;
  }
  return out;  // kOther: alignment only, an audio of null, ...
}

}  // namespace ovos::providers::elevenlabs
