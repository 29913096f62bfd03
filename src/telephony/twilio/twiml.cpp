#include "telephony/twilio/twiml.h"

#include "telephony/carrier_input.h"
#include "telephony/xml_text.h"

namespace ovos::telephony::twilio {

namespace {

std::string response(std::string_view verbs) {
  std::string out(kXmlDeclaration);
  out += "<Response>";
  out += verbs;
  out += "</Response>";
  return out;
}

}  // namespace

std::string twiml_connect_stream(
    std::string_view wss_url, const std::vector<std::pair<std::string, std::string>>& parameters) {
  std::string stream = "<Stream url=\"" + xml_escape(wss_url) + "\"";
  if (parameters.empty()) {
    stream += "/>";
  } else {
    stream += ">";
    for (const auto& [name, value] : parameters) {
      stream +=
          "<Parameter name=\"" + xml_escape(name) + "\" value=\"" + xml_escape(value) + "\"/>";
    }
    stream += "</Stream>";
  }
  return response("<Connect>" + stream + "</Connect>");
}

std::string twiml_dial(std::string_view to) {
  // https://www.twilio.com/docs/voice/twiml/sip: a SIP endpoint is dialed with <Sip>.
  if (detail::is_sip_uri(to)) return response("<Dial><Sip>" + xml_escape(to) + "</Sip></Dial>");
  return response("<Dial>" + xml_escape(to) + "</Dial>");
}

std::string twiml_hangup() {
  return response("<Hangup/>");
}

std::string twiml_say_and_hangup(std::string_view text) {
  return response("<Say>" + xml_escape(text) + "</Say><Hangup/>");
}

}  // namespace ovos::telephony::twilio
