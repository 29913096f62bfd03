#include "providers/tts/sarvam/sarvam_protocol.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/json_read.h"
#include "providers/speech/http_status_error.h"

namespace ovos::providers::sarvam {
namespace json = boost::json;

std::string stream_url(std::string_view base) {
  return std::string(base) + "/text-to-speech/stream";
}

std::string stream_body(const SpeechParams& params, std::string_view text) {
  return json::serialize(json::object{{"text", text},
                                      {"target_language_code", params.language},
                                      {"speaker", params.speaker},
                                      {"model", params.model},
                                      {"speech_sample_rate", params.sample_rate},
                                      {"output_audio_codec", "linear16"}});
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
