#include "providers/tts/cartesia/cartesia_protocol.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/json_read.h"
#include "crypto/base64.h"
#include "providers/speech/vendor_url.h"

namespace ovos::providers::cartesia {

namespace json = boost::json;

int output_rate(int wanted) {
  for (const int rate : {8000, 16000, 22050, 24000, 44100, 48000}) {
    if (wanted == rate) return rate;
  }
  return 24000;
}

std::string websocket_url(std::string_view base, std::string_view api_key) {
  return std::string(base) + "/tts/websocket?api_key=" + speech::query_escape(api_key) +
         "&cartesia_version=" + std::string(kApiVersion);
}

std::string generation_message(const VoiceParams& voice, std::string_view context_id,
                               std::string_view transcript) {
  return json::serialize(json::object{
      {"model_id", voice.model_id},
      {"transcript", transcript},
      {"voice", json::object{{"mode", "id"}, {"id", voice.voice_id}}},
      {"language", voice.language},
      {"context_id", context_id},
      {"output_format",
       json::object{
           {"container", "raw"}, {"encoding", "pcm_s16le"}, {"sample_rate", voice.sample_rate}}},
      {"continue", false}});
}

std::string cancel_message(std::string_view context_id) {
  return json::serialize(json::object{{"context_id", context_id}, {"cancel", true}});
}

core::Result<ServerMessage> decode_server_message(std::string_view text) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) {
    return core::Error::invalid("Cartesia sent a message that is not a JSON object");
  }
  const json::object& message = parsed.get_object();
  ServerMessage out;
  out.type = core::json_string_at(message, "type");
  if (out.type.empty()) return core::Error::invalid("Cartesia sent a message without a type");
  out.context_id = core::json_string_at(message, "context_id");
  out.status_code = static_cast<int>(core::json_number_at(&message, "status_code").value_or(0));
  if (out.type == "chunk") {
    out.kind = ServerMessage::Kind::kChunk;
    const json::value* data = message.if_contains("data");
    if (data == nullptr || !data->is_string()) {
      return core::Error::invalid("Cartesia sent a chunk without data");
    }
    auto bytes = crypto::base64_decode_public(data->get_string());
    if (!bytes.ok()) return core::Error::invalid("Cartesia sent a chunk that is not base64");
    if (bytes->size() % 2 != 0) return core::Error::invalid("Cartesia sent half a sample");
    out.samples.resize(bytes->size() / 2);
    for (std::size_t i = 0; i < out.samples.size(); ++i) {
      const auto low = static_cast<std::uint8_t>((*bytes)[2 * i]);
      const auto high = static_cast<std::uint8_t>((*bytes)[2 * i + 1]);
      out.samples[i] = static_cast<std::int16_t>(low | (high << 8));
    }
  } else if (out.type == "done") {
    out.kind = ServerMessage::Kind::kDone;
  } else if (out.type == "error") {
    out.kind = ServerMessage::Kind::kError;
    out.error = core::json_string_at(message, "error");
    if (out.error.empty()) {
      const std::string title = core::json_string_at(message, "title");
      const std::string detail = core::json_string_at(message, "message");
      out.error = title.empty() ? detail : detail.empty() ? title : title + ": " + detail;
    }
  }
  return out;
}

}  // namespace ovos::providers::cartesia
