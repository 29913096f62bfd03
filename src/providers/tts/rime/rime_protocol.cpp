#include "providers/tts/rime/rime_protocol.h"

#include <array>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <utility>

namespace ovos::providers::rime {

std::string rime_language(std::string_view language) {
  const std::string_view code = language.substr(0, language.find_first_of("-_"));
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kCodes{{
      {"en", "eng"},
      {"es", "spa"},
      {"fr", "fra"},
      {"de", "ger"},
      {"hi", "hin"},
  }};
  for (const auto& [two, three] : kCodes) {
    if (code == two) return std::string(three);
  }
  return code.empty() ? "eng" : std::string(code);
}

std::string speech_url(std::string_view base) {
  return std::string(base) + "/v1/rime-tts";
}

std::string speech_body(const SpeechParams& params, std::string_view text) {
  return boost::json::serialize(boost::json::object{{"speaker", params.speaker},
                                                    {"text", text},
                                                    {"modelId", params.model_id},
                                                    {"lang", params.lang},
                                                    {"samplingRate", params.sampling_rate}});
}

}  // namespace ovos::providers::rime
