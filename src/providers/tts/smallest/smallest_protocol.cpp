#include "providers/tts/smallest/smallest_protocol.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/json_read.h"
#include "providers/speech/http_status_error.h"

namespace ovos::providers::smallest {
namespace {

namespace json = boost::json;

}  // namespace

std::string speech_url(std::string_view base) {
  return std::string(base) + "/waves/v1/tts";
}

std::string speech_body(const SpeechParams& params, std::string_view text) {
  return json::serialize(json::object{{"text", text},
                                      {"voice_id", params.voice_id},
                                      {"model", params.model},
                                      {"sample_rate", params.sample_rate},
                                      {"language", params.language},
                                      {"output_format", "pcm"}});
}

std::string smallest_model(std::string_view model) {
  return model.starts_with("lightning_v3") ? std::string(model) : "lightning_v3.1";
}

std::string smallest_language(std::string_view language) {
  const std::string_view code = language.substr(0, language.find_first_of("-_"));
  return code.empty() ? "en" : std::string(code);
}

int smallest_rate(int wanted) {
  for (const int rate : {8000, 16000, 24000, 44100}) {
    if (wanted == rate) return rate;
  }
  return 24000;
}

core::Error error_for(int status, std::string_view body) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(body, ec);
  std::string detail(body);
  if (!ec && parsed.is_object()) {
    const std::string kind = core::json_string_at(parsed.get_object(), "error");
    const std::string message = core::json_string_at(parsed.get_object(), "message");
    if (!kind.empty() || !message.empty()) {
      detail = kind.empty() ? message : message.empty() ? kind : kind + ": " + message;
    }
  }
  return speech::http_status_error("smallest", status, detail);
}

}  // namespace ovos::providers::smallest
