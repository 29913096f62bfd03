// X-Twilio-Signature, on Twilio's documented example and twilio-python's test vectors
// (tests/unit/test_request_validator.py), then on every way a request can differ from what was
// signed. Vectors marked "oracle" were computed with HMAC-SHA1 in Python from the documented
// construction, not taken from Twilio.
#include "telephony/twilio/twilio_signature.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/hmac.h"

namespace ovos::telephony::twilio {
namespace {

constexpr std::string_view kToken = "12345";
constexpr std::string_view kForm = "application/x-www-form-urlencoded";

// https://www.twilio.com/docs/usage/security: the worked example.
constexpr std::string_view kDocUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";
const FormParams kDocParams = {{"CallSid", "CA1234567890ABCDE"},
                               {"Caller", "+12349013030"},
                               {"Digits", "1234"},
                               {"From", "+12349013030"},
                               {"To", "+18005551212"}};
constexpr std::string_view kDocSignature = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";

// twilio-python's ValidationTest fixture.
const FormParams kSdkParams = {{"CallSid", "CA1234567890ABCDE"},
                               {"Digits", "1234"},
                               {"From", "+14158675309"},
                               {"To", "+18005551212"},
                               {"Caller", "+14158675309"}};
constexpr std::string_view kSdkSignature = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
constexpr std::string_view kSdkJsonBody = R"({"property": "value", "boolean": true})";
constexpr std::string_view kSdkBodyHash =
    "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";

core::Result<void> verify_form(std::string_view url, const FormParams& params,
                               std::string_view signature, std::string_view token = kToken) {
  return verify_signature(token, url, kForm, encode_form(params), signature);
}

void expect_denied(const core::Result<void>& result, std::string_view reason) {
  ASSERT_FALSE(result.ok()) << "expected refusal: " << reason;
  EXPECT_EQ(result.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_NE(result.error().message.find(reason), std::string::npos) << result.error().message;
}

TEST(TwilioSignature, ComputesTheDocumentedExample) {
  EXPECT_EQ(compute_signature(kToken, kDocUrl, kDocParams), kDocSignature);
}

TEST(TwilioSignature, VerifiesTheDocumentedExampleFromAFormBodyInAnyOrder) {
  const std::string body =
      "To=%2B18005551212&CallSid=CA1234567890ABCDE&Digits=1234&From=%2B12349013030"
      "&Caller=%2B12349013030";
  EXPECT_TRUE(verify_signature(kToken, kDocUrl, kForm, body, kDocSignature).ok());
  EXPECT_TRUE(verify_signature(kToken, kDocUrl, "Application/X-WWW-Form-Urlencoded; charset=utf-8",
                               body, kDocSignature)
                  .ok());
}

TEST(TwilioSignature, TwilioPythonVectors) {
  EXPECT_EQ(compute_signature(kToken, "https://mycompany.com/myapp.php?foo=1&bar=2", kSdkParams),
            kSdkSignature);
  EXPECT_TRUE(
      verify_form("https://mycompany.com/myapp.php?foo=1&bar=2", kSdkParams, kSdkSignature).ok());
}

TEST(TwilioSignature, PortsAreAcceptedWithAndWithoutAsTwilioPythonDoes) {
  // test_validation_removes_port_on_https: signed without the port, requested with one.
  EXPECT_TRUE(
      verify_form("https://mycompany.com:1234/myapp.php?foo=1&bar=2", kSdkParams, kSdkSignature)
          .ok());
  // test_validation_removes_port_on_http: signed with the (non-default) port as requested.
  EXPECT_TRUE(verify_form("http://mycompany.com:1234/myapp.php?foo=1&bar=2", kSdkParams,
                          "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=")
                  .ok());
  // test_validation_adds_port_on_https / _on_http: signed with the default port.
  EXPECT_TRUE(verify_form("https://mycompany.com/myapp.php?foo=1&bar=2", kSdkParams,
                          "kvajT1Ptam85bY51eRf/AJRuM3w=")
                  .ok());
  EXPECT_TRUE(verify_form("http://mycompany.com/myapp.php?foo=1&bar=2", kSdkParams,
                          "0ZXoZLH/DfblKGATFgpif+LLRf4=")
                  .ok());
  // The http default port is not https's.
  expect_denied(verify_form("https://mycompany.com/myapp.php?foo=1&bar=2", kSdkParams,
                            "0ZXoZLH/DfblKGATFgpif+LLRf4="),
                "does not match");
  // Another port is another URL.
  expect_denied(verify_form("https://mycompany.com:8443/myapp.php?foo=1&bar=2", kSdkParams,
                            "kvajT1Ptam85bY51eRf/AJRuM3w="),
                "does not match");
}

TEST(TwilioSignature, WebSocketHandshakeSignsTheWssUrlAlone) {
  // Oracle vectors: HMAC-SHA1("12345", url), base64.
  EXPECT_TRUE(
      verify_signature(kToken, "wss://example.com/media", "", "", "7PR3qMkpDyEJtMrVOY/LDyNq8J8=")
          .ok());
  // wss's default port is 443 (twilio-python would add 80 to any scheme but https).
  EXPECT_TRUE(
      verify_signature(kToken, "wss://example.com/media", "", "", "zyyJQiPZXIGCLy3HYdHEfry0yDg=")
          .ok());
  EXPECT_TRUE(verify_signature(kToken, "wss://example.com:443/media", "", "",
                               "7PR3qMkpDyEJtMrVOY/LDyNq8J8=")
                  .ok());
  // The same URL under https is a different signature.
  expect_denied(
      verify_signature(kToken, "https://example.com/media", "", "", "7PR3qMkpDyEJtMrVOY/LDyNq8J8="),
      "does not match");
}

TEST(TwilioSignature, Ipv6HostsKeepTheirBrackets) {
  // Oracle vector for "https://[2001:db8::1]/hook".
  EXPECT_TRUE(verify_signature(kToken, "https://[2001:db8::1]:8443/hook", "", "",
                               "Kn6iisjumVKbcjSSQU7XtCUUtxY=")
                  .ok());
}

TEST(TwilioSignature, JsonBodyIsCheckedAgainstBodySha256) {
  const std::string url = std::string(kDocUrl) + "&bodySHA256=" + std::string(kSdkBodyHash);
  // test_validation_of_body_succeeds.
  EXPECT_TRUE(verify_signature(kToken, url, "application/json", kSdkJsonBody,
                               "a9nBmqA0ju/hNViExpshrM61xv4=")
                  .ok());
  std::string tampered(kSdkJsonBody);
  tampered.replace(tampered.find("true"), 4, "fals");
  expect_denied(
      verify_signature(kToken, url, "application/json", tampered, "a9nBmqA0ju/hNViExpshrM61xv4="),
      "does not match the signed bodySHA256");
  // A forged hash in the URL breaks the URL's signature instead.
  const std::string forged_url =
      std::string(kDocUrl) + "&bodySHA256=" + crypto::sha256_hex(tampered);
  expect_denied(verify_signature(kToken, forged_url, "application/json", tampered,
                                 "a9nBmqA0ju/hNViExpshrM61xv4="),
                "does not match the request");
}

TEST(TwilioSignature, ANonFormBodyWithoutBodySha256IsRefused) {
  const std::string signature = compute_signature(kToken, kDocUrl, {});
  expect_denied(verify_signature(kToken, kDocUrl, "application/json", "{}", signature),
                "not signed");
  expect_denied(verify_signature(kToken, kDocUrl, "", "CallSid=CA1", signature), "not signed");
  EXPECT_TRUE(verify_signature(kToken, kDocUrl, "", "", signature).ok());  // GET: URL only
}

TEST(TwilioSignature, WrongTokenIsRefused) {
  expect_denied(verify_form(kDocUrl, kDocParams, kDocSignature, "54321"), "does not match");
}

TEST(TwilioSignature, AlteredAddedOrRemovedParamIsRefused) {
  FormParams altered = kDocParams;
  altered[2].second = "9999";
  expect_denied(verify_form(kDocUrl, altered, kDocSignature), "does not match");
  FormParams added = kDocParams;
  added.emplace_back("Extra", "1");
  expect_denied(verify_form(kDocUrl, added, kDocSignature), "does not match");
  const FormParams removed(kDocParams.begin(), kDocParams.end() - 1);
  expect_denied(verify_form(kDocUrl, removed, kDocSignature), "does not match");
}

TEST(TwilioSignature, AlteredUrlIsRefused) {
  for (std::string_view url :
       {"https://mycompany.com/myapp.php?foo=1&bar=3", "https://mycompany.com/myapp.php",
        "http://mycompany.com/myapp.php?foo=1&bar=2", "https://evil.example/myapp.php?foo=1&bar=2",
        "https://mycompany.com/myapp.php?foo=1&bar=2&x=1"}) {
    expect_denied(verify_form(url, kDocParams, kDocSignature), "does not match");
  }
}

TEST(TwilioSignature, MissingHeaderOrTokenIsRefused) {
  expect_denied(verify_form(kDocUrl, kDocParams, ""), "missing X-Twilio-Signature");
  expect_denied(verify_form(kDocUrl, kDocParams, "  "), "missing X-Twilio-Signature");
  expect_denied(verify_form(kDocUrl, kDocParams, kDocSignature, ""), "no Twilio auth token");
}

TEST(TwilioSignature, HeaderSurroundingSpacesAreIgnoredButNotInnerChanges) {
  EXPECT_TRUE(verify_form(kDocUrl, kDocParams, " 0/KCTR6DLpKmkAf8muzZqo1nDgQ= ").ok());
  expect_denied(verify_form(kDocUrl, kDocParams, "0/KCTR6DLpKmkAf8muzZqo1nDgQ"), "does not match");
  expect_denied(verify_form(kDocUrl, kDocParams, "0/kCTR6DLpKmkAf8muzZqo1nDgQ="), "does not match");
}

TEST(TwilioSignature, DuplicateParamsAreAllSignedSortedByValue) {
  // Oracle: twilio-python's MultiDict path, "https://example.com/hook" + "Ax" + "Digits1" +
  // "Digits2".
  const FormParams params = {{"Digits", "2"}, {"A", "x"}, {"Digits", "1"}};
  EXPECT_EQ(compute_signature(kToken, "https://example.com/hook", params),
            "2wRdYB4aL1ApBXCN/x28jxqM998=");
  EXPECT_TRUE(verify_form("https://example.com/hook", params, "2wRdYB4aL1ApBXCN/x28jxqM998=").ok());
  // Dropping or smuggling in a duplicate changes what was signed.
  expect_denied(verify_form("https://example.com/hook", {{"A", "x"}, {"Digits", "1"}},
                            "2wRdYB4aL1ApBXCN/x28jxqM998="),
                "does not match");
  expect_denied(verify_form("https://example.com/hook",
                            {{"Digits", "2"}, {"A", "x"}, {"Digits", "1"}, {"Digits", "3"}},
                            "2wRdYB4aL1ApBXCN/x28jxqM998="),
                "does not match");
}

TEST(TwilioSignature, SortingIsByteOrderSoCaseMatters) {
  // "Z" (0x5A) sorts before "a" (0x61): signing "Z1a2" and "a2Z1" differ.
  const std::string signature = compute_signature(kToken, "https://h/x", {{"a", "2"}, {"Z", "1"}});
  EXPECT_EQ(signature, compute_signature(kToken, "https://h/x", {{"Z", "1"}, {"a", "2"}}));
  EXPECT_TRUE(verify_form("https://h/x", {{"a", "2"}, {"Z", "1"}}, signature).ok());
}

TEST(TwilioSignature, BadFormBodyIsInvalidArgument) {
  const auto result = verify_signature(kToken, kDocUrl, kForm, "Digits=%zz", kDocSignature);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(TwilioSignature, MessagesNeverRepeatTheTokenOrTheSignature) {
  const std::string token = "super-secret-token-value";
  for (const auto& result : {verify_form(kDocUrl, kDocParams, kDocSignature, token),
                             verify_signature(token, std::string(kDocUrl) + "&bodySHA256=00",
                                              "application/json", "{}", kDocSignature)}) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().message.find(token), std::string::npos);
    EXPECT_EQ(result.error().message.find(kDocSignature), std::string::npos);
  }
}

}  // namespace
}  // namespace ovos::telephony::twilio
