// The answer documents (TwiML, Plivo XML): exact text, escaping of & < > " ', and a check with
// an XML parser (Boost.PropertyTree's, header-only, part of the Boost we already use) that the
// values read back are the ones put in.
#include <gtest/gtest.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <sstream>

#include "telephony/plivo/plivo_xml.h"
#include "telephony/twilio/twiml.h"
#include "telephony/xml_text.h"

namespace ovos::telephony {
namespace {

namespace pt = boost::property_tree;

constexpr std::string_view kHostile = R"(Tom & Jerry <b>"quoted"</b> it's)";

pt::ptree parse_xml(const std::string& text) {
  std::istringstream in(text);
  pt::ptree tree;
  pt::read_xml(in, tree);  // throws on a document that is not well-formed
  return tree;
}

TEST(XmlEscapeTest, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(xml_escape(kHostile),
            "Tom &amp; Jerry &lt;b&gt;&quot;quoted&quot;&lt;/b&gt; it&apos;s");
  EXPECT_EQ(xml_escape("plain text, déjà vu"), "plain text, déjà vu");
}

TEST(XmlEscapeTest, DropsWhatXmlForbidsAndRepairsBadUtf8) {
  EXPECT_EQ(xml_escape(std::string("a\x01"
                                   "b\tc\nd\re\x1F",
                                   10)),
            "ab\tc\nd\re");
  EXPECT_EQ(xml_escape("\xEF\xBF\xBE|\xEF\xBF\xBF"), "|");  // U+FFFE, U+FFFF
  EXPECT_EQ(xml_escape("bad \xC3 byte"), "bad \xEF\xBF\xBD byte");
  EXPECT_EQ(xml_escape("\xED\xA0\x80"), "\xEF\xBF\xBD");  // a UTF-16 surrogate
  EXPECT_EQ(xml_escape("\xC0\xBC"), "&lt;");              // an overlong '<' is still escaped
}

TEST(TwimlTest, ConnectStreamCarriesItsParameters) {
  const std::string twiml =
      twilio::twiml_connect_stream("wss://voice.example.com/twilio/media?x=1&y=2",
                                   {{"call_id", "c-1"}, {"greeting", std::string(kHostile)}});
  EXPECT_EQ(twiml,
            R"(<?xml version="1.0" encoding="UTF-8"?><Response><Connect>)"
            R"(<Stream url="wss://voice.example.com/twilio/media?x=1&amp;y=2">)"
            R"(<Parameter name="call_id" value="c-1"/>)"
            R"(<Parameter name="greeting" value="Tom &amp; Jerry &lt;b&gt;&quot;quoted&quot;)"
            R"(&lt;/b&gt; it&apos;s"/></Stream></Connect></Response>)");
  const pt::ptree tree = parse_xml(twiml);
  const pt::ptree& stream = tree.get_child("Response.Connect.Stream");
  EXPECT_EQ(stream.get<std::string>("<xmlattr>.url"),
            "wss://voice.example.com/twilio/media?x=1&y=2");
  std::vector<std::pair<std::string, std::string>> parameters;
  for (const auto& [tag, child] : stream) {
    if (tag != "Parameter") continue;
    parameters.emplace_back(child.get<std::string>("<xmlattr>.name"),
                            child.get<std::string>("<xmlattr>.value"));
  }
  EXPECT_EQ(parameters, (std::vector<std::pair<std::string, std::string>>{
                            {"call_id", "c-1"}, {"greeting", std::string(kHostile)}}));
}

TEST(TwimlTest, ConnectStreamWithoutParameters) {
  EXPECT_EQ(twilio::twiml_connect_stream("wss://h/m", {}),
            R"(<?xml version="1.0" encoding="UTF-8"?>)"
            R"(<Response><Connect><Stream url="wss://h/m"/></Connect></Response>)");
}

TEST(TwimlTest, DialHangupAndSay) {
  EXPECT_EQ(
      twilio::twiml_dial("+14155550199"),
      R"(<?xml version="1.0" encoding="UTF-8"?><Response><Dial>+14155550199</Dial></Response>)");
  EXPECT_EQ(twilio::twiml_dial("sip:desk@pbx.example.com;transport=tls"),
            R"(<?xml version="1.0" encoding="UTF-8"?><Response><Dial>)"
            R"(<Sip>sip:desk@pbx.example.com;transport=tls</Sip></Dial></Response>)");
  EXPECT_EQ(twilio::twiml_hangup(),
            R"(<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>)");
  const std::string say = twilio::twiml_say_and_hangup(kHostile);
  EXPECT_EQ(say, R"(<?xml version="1.0" encoding="UTF-8"?><Response>)"
                 R"(<Say>Tom &amp; Jerry &lt;b&gt;&quot;quoted&quot;&lt;/b&gt; it&apos;s</Say>)"
                 R"(<Hangup/></Response>)");
  EXPECT_EQ(parse_xml(say).get<std::string>("Response.Say"), kHostile);
}

TEST(PlivoXmlTest, StreamIsBidirectionalAndKeepsTheCallAlive) {
  const std::string xml = plivo::plivo_stream_xml(
      "wss://voice.example.com/plivo/media?call=c-1&t=x", "audio/x-mulaw;rate=8000",
      "https://voice.example.com/plivo/stream?call=c-1&kind=\"s\"");
  EXPECT_EQ(
      xml,
      R"(<?xml version="1.0" encoding="UTF-8"?><Response>)"
      R"(<Stream bidirectional="true" keepCallAlive="true")"
      R"( contentType="audio/x-mulaw;rate=8000")"
      R"( statusCallbackUrl="https://voice.example.com/plivo/stream?call=c-1&amp;kind=&quot;s&quot;")"
      R"( statusCallbackMethod="POST">)"
      R"(wss://voice.example.com/plivo/media?call=c-1&amp;t=x</Stream></Response>)");
  const pt::ptree tree = parse_xml(xml);
  EXPECT_EQ(tree.get<std::string>("Response.Stream"),
            "wss://voice.example.com/plivo/media?call=c-1&t=x");
  EXPECT_EQ(tree.get<std::string>("Response.Stream.<xmlattr>.statusCallbackUrl"),
            "https://voice.example.com/plivo/stream?call=c-1&kind=\"s\"");
  EXPECT_EQ(tree.get<std::string>("Response.Stream.<xmlattr>.contentType"),
            "audio/x-mulaw;rate=8000");
}

TEST(PlivoXmlTest, StreamWithoutStatusCallback) {
  EXPECT_EQ(
      plivo::plivo_stream_xml("wss://h/m", "audio/x-l16;rate=16000", ""),
      R"(<?xml version="1.0" encoding="UTF-8"?><Response>)"
      R"(<Stream bidirectional="true" keepCallAlive="true" contentType="audio/x-l16;rate=16000">)"
      R"(wss://h/m</Stream></Response>)");
}

TEST(PlivoXmlTest, DialHangupAndSpeak) {
  EXPECT_EQ(plivo::plivo_dial_xml("+14155550199"),
            R"(<?xml version="1.0" encoding="UTF-8"?>)"
            R"(<Response><Dial><Number>+14155550199</Number></Dial></Response>)");
  EXPECT_EQ(plivo::plivo_dial_xml("sip:john1234@phone.plivo.com"),
            R"(<?xml version="1.0" encoding="UTF-8"?>)"
            R"(<Response><Dial><User>sip:john1234@phone.plivo.com</User></Dial></Response>)");
  EXPECT_EQ(plivo::plivo_hangup_xml(),
            R"(<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>)");
  const std::string speak = plivo::plivo_speak_and_hangup_xml(kHostile);
  EXPECT_EQ(speak, R"(<?xml version="1.0" encoding="UTF-8"?><Response>)"
                   R"(<Speak>Tom &amp; Jerry &lt;b&gt;&quot;quoted&quot;&lt;/b&gt; it&apos;s)"
                   R"(</Speak><Hangup/></Response>)");
  EXPECT_EQ(parse_xml(speak).get<std::string>("Response.Speak"), kHostile);
}

}  // namespace
}  // namespace ovos::telephony
