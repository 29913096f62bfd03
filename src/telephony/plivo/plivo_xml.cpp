#include "telephony/plivo/plivo_xml.h"

#include "telephony/carrier_input.h"
#include "telephony/xml_text.h"

namespace ovos::telephony::plivo {

namespace {

std::string response(std::string_view elements) {
  std::string out(kXmlDeclaration);
  out += "<Response>";
  out += elements;
  out += "</Response>";
  return out;
}

}  // namespace

std::string plivo_stream_xml(std::string_view wss_url, std::string_view content_type,
                             std::string_view status_callback_url) {
  // The URL is the element's text, not an attribute.
  std::string stream = R"(<Stream bidirectional="true" keepCallAlive="true" contentType=")" +
                       xml_escape(content_type) + "\"";
  if (!status_callback_url.empty()) {
    stream += " statusCallbackUrl=\"" + xml_escape(status_callback_url) +
              "\" statusCallbackMethod=\"POST\"";
  }
  stream += ">" + xml_escape(wss_url) + "</Stream>";
  return response(stream);
}

std::string plivo_dial_xml(std::string_view to) {
  // https://www.plivo.com/docs/voice/xml/dial/user/: "the User element to specify a SIP
  // endpoint"; numbers go in <Number>.
  const char* noun = detail::is_sip_uri(to) ? "User" : "Number";
  return response(std::string("<Dial><") + noun + ">" + xml_escape(to) + "</" + noun + "></Dial>");
}

std::string plivo_hangup_xml() {
  return response("<Hangup/>");
}

std::string plivo_speak_and_hangup_xml(std::string_view text) {
  return response("<Speak>" + xml_escape(text) + "</Speak><Hangup/>");
}

}  // namespace ovos::telephony::plivo
