#include "providers/tts/polly/polly_protocol.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/json_read.h"
#include "providers/speech/http_status_error.h"

namespace ovos::providers::polly {

namespace json = boost::json;

int output_rate(int wanted) {
  return wanted == 8000 ? 8000 : 16000;
}

std::string regional_base(std::string_view region) {
  return "https://polly." + std::string(region) + ".amazonaws.com";
}

std::string speech_body(const SpeechParams& params, std::string_view text) {
  json::object body{{"Engine", params.engine},
                    {"OutputFormat", "pcm"},
                    {"SampleRate", std::to_string(params.sample_rate)},
                    {"Text", text},
                    {"TextType", "text"},
                    {"VoiceId", params.voice_id}};
  if (!params.language_code.empty()) body["LanguageCode"] = params.language_code;
  return json::serialize(body);
}

core::Error error_for(int status, std::string_view body) {
  std::string type;
  std::string message;
  boost::system::error_code ec;
  const json::value parsed = json::parse(body, ec);
  if (!ec && parsed.is_object()) {
    const json::object& error = parsed.get_object();
    type = core::json_string_at(error, "__type");
    message = core::json_string_at(error, "message");
    if (message.empty()) message = core::json_string_at(error, "Message");
  } else {
    message = std::string(body);
  }
  // "__type" may carry a namespace: "com.amazonaws.polly#TextLengthExceededException".
  if (const auto hash = type.rfind('#'); hash != std::string::npos) type = type.substr(hash + 1);
  core::Error error =
      speech::http_status_error("polly", status, type.empty() ? message : type + ": " + message);
  if (status == 403) error.code = core::ErrorCode::kUnauthenticated;
  if (type == "ThrottlingException") error.code = core::ErrorCode::kRateLimited;
  return error;
}

}  // namespace ovos::providers::polly
