#include "providers/tts/openai/openai_speech_protocol.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace ovos::providers::openai {

std::string speech_url(std::string_view base) {
  return std::string(base) + "/audio/speech";
}

std::string speech_body(const SpeechParams& params, std::string_view text) {
  boost::json::object body{{"model", params.model},
                           {"input", text},
                           {"voice", params.voice},
                           {"response_format", "pcm"}};
  if (!params.instructions.empty()) body["instructions"] = params.instructions;
  if (params.speed > 0) body["speed"] = params.speed;
  return boost::json::serialize(body);
}

}  // namespace ovos::providers::openai
