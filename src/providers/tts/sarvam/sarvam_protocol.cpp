#include "providers/tts/sarvam/sarvam_protocol.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/json_read.h"
#include "crypto/base64.h"
#include "providers/speech/http_status_error.h"

namespace ovos::providers::sarvam {
namespace {

namespace json = boost::json;

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

}  // namespace

std::string speech_url(std::string_view base) {
  return std::string(base) + "/text-to-speech";
}

std::string speech_body(const SpeechParams& params, std::string_view text) {
  return json::serialize(json::object{{"text", text},
                                      {"target_language_code", params.language},
                                      {"speaker", params.speaker},
                                      {"model", params.model},
                                      {"speech_sample_rate", params.sample_rate}});
}

std::string default_speaker(std::string_view model) {
  return model.starts_with("bulbul:v3") ? "shubh" : "anushka";
}

std::string sarvam_language(std::string_view language) {
  if (language.empty()) return "en-IN";
  if (language.find('-') != std::string_view::npos) return std::string(language);
  if (language == "or") return "od-IN";
  return std::string(language) + "-IN";
}

int sarvam_rate(int wanted) {
  for (const int rate : {8000, 16000, 22050, 24000}) {
    if (wanted == rate) return rate;
  }
  return 24000;
}

core::Result<std::string> decode_speech_answer(std::string_view body) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(body, ec);
  const json::value* audios =
      !ec && parsed.is_object() ? parsed.get_object().if_contains("audios") : nullptr;
  if (audios == nullptr || !audios->is_array() || audios->get_array().empty()) {
    return core::Error::internal("sarvam: an answer without audios");
  }
  std::string audio;
  for (const json::value& item : audios->get_array()) {
    if (!item.is_string()) return core::Error::internal("sarvam: an audio that is not a string");
    auto bytes = crypto::base64_decode(item.get_string());
    if (!bytes.ok()) return core::Error::internal("sarvam: an audio that is not base64");
    audio += audio.empty() ? std::string_view(*bytes) : wav_samples(*bytes);
  }
  return audio;
}

core::Error error_for(int status, std::string_view body) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(body, ec);
  const json::object* error =
      !ec && parsed.is_object() ? core::json_object_at(parsed.get_object(), "error") : nullptr;
  const std::string code = core::json_string_at(error, "code");
  std::string detail = core::json_string_at(error, "message");
  if (error == nullptr) detail = std::string(body);
  if (!code.empty()) detail = code + ": " + detail;
  core::Error out = speech::http_status_error("sarvam", status, detail);
  if (code == "invalid_api_key_error") out.code = core::ErrorCode::kUnauthenticated;
  if (code == "insufficient_quota_error") out.code = core::ErrorCode::kPermissionDenied;
  return out;
}

}  // namespace ovos::providers::sarvam
