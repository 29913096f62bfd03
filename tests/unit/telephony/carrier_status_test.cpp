// Every call status word each carrier documents, in our vocabulary; and the input checks and
// encodings the carrier controls share.
#include "telephony/carrier_status.h"

#include <gtest/gtest.h>

#include "telephony/carrier_input.h"

namespace ovos::telephony {
namespace {

struct Word {
  std::string_view carrier, theirs, ours;
};

// Twilio: https://www.twilio.com/docs/voice/api/call-resource#call-status-values, "initiated"
// from https://support.twilio.com/hc/en-us/articles/223132547. Plivo:
// https://www.plivo.com/docs/voice/xml/request/call-status/ and "failed" from
// https://www.plivo.com/docs/account/api/application/. Exotel:
// https://developer.exotel.com/docs/references/error-codes ("Call Status Values").
constexpr Word kWords[] = {
    {"twilio", "queued", "queued"},
    {"twilio", "initiated", "queued"},
    {"twilio", "ringing", "ringing"},
    {"twilio", "in-progress", "in-progress"},
    {"twilio", "completed", "completed"},
    {"twilio", "busy", "busy"},
    {"twilio", "no-answer", "no-answer"},
    {"twilio", "failed", "failed"},
    {"twilio", "canceled", "canceled"},
    {"plivo", "queued", "queued"},
    {"plivo", "ringing", "ringing"},
    {"plivo", "in-progress", "in-progress"},
    {"plivo", "completed", "completed"},
    {"plivo", "busy", "busy"},
    {"plivo", "no-answer", "no-answer"},
    {"plivo", "cancel", "canceled"},
    {"plivo", "timeout", "failed"},
    {"plivo", "failed", "failed"},
    {"exotel", "queued", "queued"},
    {"exotel", "ringing", "ringing"},
    {"exotel", "in-progress", "in-progress"},
    {"exotel", "completed", "completed"},
    {"exotel", "busy", "busy"},
    {"exotel", "no-answer", "no-answer"},
    {"exotel", "failed", "failed"},
    {"exotel", "canceled", "canceled"},
};

TEST(CallStatusTest, EveryDocumentedWord) {
  for (const Word& w : kWords) {
    EXPECT_EQ(normalize_call_status(w.carrier, w.theirs), std::optional<std::string>(w.ours))
        << w.carrier << " " << w.theirs;
  }
}

TEST(CallStatusTest, CaseAndSpacesDoNotMatter) {
  EXPECT_EQ(normalize_call_status("Twilio", " In-Progress "), "in-progress");
  EXPECT_EQ(normalize_call_status("PLIVO", "Cancel"), "canceled");
  EXPECT_EQ(normalize_call_status("exotel", "No-Answer"), "no-answer");
}

TEST(CallStatusTest, UnknownWordsAndCarriers) {
  EXPECT_EQ(normalize_call_status("twilio", "cancel"), std::nullopt);    // Plivo's word
  EXPECT_EQ(normalize_call_status("twilio", "answered"), std::nullopt);  // an event, not a status
  EXPECT_EQ(normalize_call_status("plivo", "canceled"), std::nullopt);
  EXPECT_EQ(normalize_call_status("exotel", "timeout"), std::nullopt);
  EXPECT_EQ(normalize_call_status("exotel", ""), std::nullopt);
  EXPECT_EQ(normalize_call_status("vonage", "completed"), std::nullopt);
}

TEST(CallStatusTest, FinalStatuses) {
  for (const char* word : {"completed", "busy", "no-answer", "failed", "canceled"}) {
    EXPECT_TRUE(is_final_call_status(word)) << word;
  }
  for (const char* word : {"queued", "ringing", "in-progress", ""}) {
    EXPECT_FALSE(is_final_call_status(word)) << word;
  }
}

TEST(CarrierInputTest, PhoneNumbersSipUrisUrlsAndCallIds) {
  using namespace detail;
  EXPECT_TRUE(is_phone_number("+14155550100"));
  EXPECT_TRUE(is_phone_number("09876543210"));
  EXPECT_TRUE(is_phone_number("+123456789012345"));
  EXPECT_FALSE(is_phone_number("+1234567890123456"));  // 16 digits
  EXPECT_FALSE(is_phone_number("+1 415 555 0100"));
  EXPECT_FALSE(is_phone_number("+"));
  EXPECT_FALSE(is_phone_number("14155550100<14155550101"));  // Plivo's bulk separator
  EXPECT_TRUE(is_sip_uri("sip:alice@example.com;transport=tls"));
  EXPECT_TRUE(is_sip_uri("SIPS:bob@example.com"));
  EXPECT_FALSE(is_sip_uri("sip:"));
  EXPECT_FALSE(is_sip_uri("sip:a b@example.com"));
  EXPECT_FALSE(is_sip_uri("sip:a\"@example.com"));
  EXPECT_FALSE(is_sip_uri("tel:+14155550100"));
  EXPECT_TRUE(is_http_url("https://voice.example.com/a?b=c&d=e"));
  EXPECT_TRUE(is_http_url("http://127.0.0.1:8080"));
  EXPECT_FALSE(is_http_url("wss://voice.example.com"));
  EXPECT_FALSE(is_http_url("https:///path"));
  EXPECT_FALSE(is_http_url("https://voice.example.com/a b"));
  EXPECT_TRUE(is_call_id("CA1234567890abcdef1234567890abcdef"));
  EXPECT_TRUE(is_call_id("eba53b9e-8fbd-45c1-9444-696d2172fbc8"));
  EXPECT_FALSE(is_call_id(""));
  EXPECT_FALSE(is_call_id("CA1/../x"));
  EXPECT_FALSE(is_call_id(std::string(129, 'a')));
}

TEST(CarrierInputTest, PathAndAuthorizationEncoding) {
  using namespace detail;
  EXPECT_EQ(encode_path_segment("a b/c+~"), "a%20b%2Fc%2B~");
  EXPECT_EQ(basic_authorization("Aladdin", "open sesame"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  EXPECT_EQ(without_trailing_slash("https://api.plivo.com//"), "https://api.plivo.com");
}

}  // namespace
}  // namespace ovos::telephony
