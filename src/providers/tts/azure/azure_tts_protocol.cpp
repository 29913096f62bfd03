#include "providers/tts/azure/azure_tts_protocol.h"

namespace ovos::providers::azure {
namespace {

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

int output_rate(int wanted) {
  for (const int rate : {8000, 16000, 24000, 48000}) {
    if (wanted == rate) return rate;
  }
  return 24000;
}

std::string output_format(int rate) {
  return "raw-" + std::to_string(rate / 1000) + "khz-16bit-mono-pcm";
}

std::string regional_base(std::string_view region) {
  return "https://" + std::string(region) + ".tts.speech.microsoft.com";
}

std::string synthesis_url(std::string_view base) {
  return std::string(base) + "/cognitiveservices/v1";
}

std::string locale_of(std::string_view language) {
  if (language.empty() || language == "en") return "en-US";
  return std::string(language);
}

std::string ssml(std::string_view voice, std::string_view locale, std::string_view text) {
  return "<speak version='1.0' xmlns='http://www.w3.org/2001/10/synthesis' xml:lang='" +
         xml_escape(locale) + "'><voice name='" + xml_escape(voice) + "'>" + xml_escape(text) +
         "</voice></speak>";
}

}  // namespace ovos::providers::azure
