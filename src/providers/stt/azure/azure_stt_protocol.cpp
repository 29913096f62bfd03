#include "providers/stt/azure/azure_stt_protocol.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "core/json_read.h"
#include "providers/speech/vendor_url.h"

namespace ovos::providers::azure {

std::string recognition_base(std::string_view region) {
  return "https://" + std::string(region) + ".stt.speech.microsoft.com";
}

std::string recognition_url(std::string_view base, std::string_view locale) {
  return std::string(base) + "/speech/recognition/conversation/cognitiveservices/v1?language=" +
         speech::query_escape(locale) + "&format=simple";
}

std::string_view recognition_content_type() {
  return "audio/wav; codecs=audio/pcm; samplerate=16000";
}

core::Result<std::string> recognized_text(std::string_view body) {
  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(body, ec);
  if (ec || !parsed.is_object()) {
    return core::Error::invalid("azure: the recognition answer is not a JSON object");
  }
  const boost::json::object& answer = parsed.get_object();
  const std::string status = core::json_string_at(answer, "RecognitionStatus");
  if (status == "Success") return core::json_string_at(answer, "DisplayText");
  if (status == "NoMatch" || status == "InitialSilenceTimeout" || status == "BabbleTimeout") {
    return std::string();
  }
  if (status == "Error") return core::Error::unavailable("azure: recognition failed (Error)");
  return core::Error::invalid("azure: unknown RecognitionStatus '" + status + "'");
}

}  // namespace ovos::providers::azure
