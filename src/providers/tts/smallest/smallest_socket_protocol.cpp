#include "providers/tts/smallest/smallest_socket_protocol.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <utility>

#include "core/json_read.h"
#include "crypto/base64.h"
#include "providers/speech/pcm16_bytes.h"

namespace ovos::providers::smallest {
namespace {

namespace json = boost::json;
using Kind = speech::SocketTtsMessage::Kind;

/// A code that is a status ("429" or 429), else 0.
int status_of(const json::value* code) {
  if (code == nullptr) return 0;
  if (code->is_int64()) return static_cast<int>(code->as_int64());
  if (code->is_uint64()) return static_cast<int>(code->as_uint64());
  if (!code->is_string()) return 0;
  const std::string_view text = code->as_string();
  int status = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), status);
  return ec == std::errc() && end == text.data() + text.size() ? status : 0;
}

core::Result<speech::SocketTtsMessage> decode_chunk(const json::object& object) {
  const std::string encoded = core::json_string_at(core::json_object_at(object, "data"), "audio");
  if (encoded.empty()) return core::Error::invalid("Smallest chunk without audio");
  auto bytes = crypto::base64_decode(encoded);
  if (!bytes.ok()) return core::Error::invalid("Smallest audio is not base64");
  auto samples = speech::pcm16_samples("Smallest", *bytes);
  if (!samples.ok()) return std::move(samples).error();
  speech::SocketTtsMessage out;
  out.kind = Kind::kChunk;
  out.samples = std::move(samples).value();
  return out;
}

speech::SocketTtsMessage decode_error(const json::object& object, std::string_view text) {
  speech::SocketTtsMessage out;
  out.kind = Kind::kError;
  const json::value* error = object.if_contains("error");
  if (error != nullptr && error->is_object()) {
    out.error = core::json_string_at(error->get_object(), "message");
    out.status_code = status_of(error->get_object().if_contains("code"));
  } else if (error != nullptr && error->is_string()) {
    out.error = std::string(error->get_string());
  }
  if (out.error.empty()) out.error = core::json_string_at(object, "message");
  if (out.status_code == 0) out.status_code = status_of(object.if_contains("code"));
  if (out.error.empty()) out.error = std::string(text.substr(0, 200));
  return out;
}

}  // namespace

std::string socket_url(std::string_view base) {
  return std::string(base) + "/waves/v1/tts/live";
}

std::string speak_message(const SpeechParams& params, std::string_view request_id,
                          std::string_view text) {
  return json::serialize(json::object{{"text", text},
                                      {"voice_id", params.voice_id},
                                      {"model", params.model},
                                      {"language", params.language},
                                      {"sample_rate", params.sample_rate},
                                      {"speed", 1.0},
                                      {"output_format", "pcm"},
                                      {"request_id", request_id},
                                      {"continue", false},
                                      {"flush", true},
                                      {"complete_backoff_ms", 0}});
}

core::Result<speech::SocketTtsMessage> decode_socket_message(std::string_view text) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) {
    return core::Error::invalid("Smallest message is not a JSON object");
  }
  const json::object& object = parsed.get_object();
  const std::string status = core::json_string_at(object, "status");
  speech::SocketTtsMessage out;
  if (status == "chunk") {
    auto chunk = decode_chunk(object);
    if (!chunk.ok()) return chunk;
    out = std::move(chunk).value();
  } else if (status == "complete") {
    out.kind = Kind::kDone;
  } else if (status == "error") {
    out = decode_error(object, text);
  }
  out.context_id = core::json_string_at(object, "external_request_id");
  return out;
}

}  // namespace ovos::providers::smallest
