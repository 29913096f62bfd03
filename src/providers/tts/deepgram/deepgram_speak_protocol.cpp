#include "providers/tts/deepgram/deepgram_speak_protocol.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "providers/speech/vendor_url.h"

namespace ovos::providers::deepgram {

int speak_rate(int wanted) {
  for (const int rate : {8000, 16000, 24000, 32000, 48000}) {
    if (wanted <= rate) return rate;
  }
  return 48000;
}

std::string speak_url(std::string_view base, std::string_view model, int rate) {
  return std::string(base) + "/v1/speak?model=" + speech::query_escape(model) +
         "&encoding=linear16&sample_rate=" + std::to_string(rate) + "&container=none";
}

std::string speak_body(std::string_view text) {
  return boost::json::serialize(boost::json::object{{"text", text}});
}

}  // namespace ovos::providers::deepgram
