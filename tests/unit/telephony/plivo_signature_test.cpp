// X-Plivo-Signature-V3 on Plivo's SDK test vectors (plivo-go utils_test.go
// TestValidateSignatureV3Pass1-4; the same vectors are in plivo-ruby's and plivo-dotnet's tests),
// then on every way a request can differ from what was signed. Vectors marked "oracle" were
// computed with plivo-python's construct_get_url / construct_post_url re-typed in Python, not
// taken from Plivo.
#include "telephony/plivo/plivo_signature.h"

#include <gtest/gtest.h>

#include <string>

namespace ovos::telephony::plivo {
namespace {

constexpr std::string_view kToken = "Y2Q2ZDgxZmY5YWRiOTI5YmQ1Njg0MTAxZWIyOTc4";
constexpr std::string_view kNonce = "31627761595286130198";
constexpr std::string_view kUrlWithQuery =
    "https://plivobin.non-prod.plivops.com/api/v1/validate_signature03.xml/?a=b&c=d";
constexpr std::string_view kUrl =
    "https://plivobin.non-prod.plivops.com/api/v1/validate_signature03.xml";

const FormParams kParams = {
    {"Direction", "outbound"},
    {"From", "19792014278"},
    {"ALegUUID", "3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36"},
    {"CallStatus", "in-progress"},
    {"BillRate", "0.002"},
    {"ParentAuthID", "MANWVLYTK4ZWU1YTY4QA"},
    {"To", "sip:PlivoSignature382029104058171078704104@phone-qa.voice.plivodev.com"},
    {"ALegRequestUUID", "3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36"},
    {"CallUUID", "3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36"},
    {"RequestUUID", "3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36"},
    {"SIP-H-To", "<sip:PlivoSignature382029104058171078704104@52.9.11.55;transport=udp>;tag=1"},
    {"SessionStart", "2020-04-08 11:34:33.238707"},
    {"Event", "StartApp"},
};

constexpr std::string_view kPostWithQuery = "k7Pusd4OxCIjR5IfA9iedDNu/h/gbdYqdzG/MiYtd1c=";
constexpr std::string_view kGetWithQuery = "UBq8jAtd32wR8EK9VgxbBn4n5rpI/l1H9iN4WfSEHFQ=";
constexpr std::string_view kPost = "iAjE5QqI37mbkYe4w3jTMudqEzbDufdqi7sYwTu64e0=";
constexpr std::string_view kGet = "i/MQsaQSAd6fiKhOh2qeeeLHZ9faldADSb3/7+Akfbc=";

void expect_denied(const core::Result<void>& result, std::string_view reason) {
  ASSERT_FALSE(result.ok()) << "expected refusal: " << reason;
  EXPECT_EQ(result.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_NE(result.error().message.find(reason), std::string::npos) << result.error().message;
}

TEST(PlivoSignature, SdkVectorsCompute) {
  EXPECT_EQ(compute_v3_signature(kToken, "POST", kUrlWithQuery, kParams, kNonce), kPostWithQuery);
  EXPECT_EQ(compute_v3_signature(kToken, "GET", kUrlWithQuery, kParams, kNonce), kGetWithQuery);
  EXPECT_EQ(compute_v3_signature(kToken, "POST", kUrl, kParams, kNonce), kPost);
  EXPECT_EQ(compute_v3_signature(kToken, "GET", kUrl, kParams, kNonce), kGet);
}

TEST(PlivoSignature, SdkVectorsVerify) {
  EXPECT_TRUE(
      verify_v3_signature(kToken, "POST", kUrlWithQuery, kParams, kNonce, kPostWithQuery).ok());
  EXPECT_TRUE(verify_v3_signature(kToken, "POST", kUrl, kParams, kNonce, kPost).ok());
  EXPECT_TRUE(verify_v3_signature(kToken, "GET", kUrl, kParams, kNonce, kGet).ok());
  EXPECT_TRUE(verify_v3_signature(kToken, "get", kUrl, kParams, kNonce, kGet).ok());
}

TEST(PlivoSignature, GetParamsCanArriveInTheUrlQuery) {
  // A GET callback carries its params in the URL; the SDK vector's params moved there (encoded)
  // verify the same way.
  const std::string url = std::string(kUrl) + "?" + encode_form(kParams);
  EXPECT_TRUE(verify_v3_signature(kToken, "GET", url, {}, kNonce, kGet).ok());
  const std::string url_with_query = std::string(kUrlWithQuery) + "&" + encode_form(kParams);
  EXPECT_TRUE(verify_v3_signature(kToken, "GET", url_with_query, {}, kNonce, kGetWithQuery).ok());
}

TEST(PlivoSignature, PlivoPythonConstructionEdgeCases) {
  // Oracles: plivo-python's construction.
  // POST with a query and no body: "?a=b&c=d" and no "." after it.
  EXPECT_EQ(compute_v3_signature(kToken, "POST", kUrlWithQuery, {}, kNonce),
            "zlFw7Kx66Q37w2Mb+DO74P/Aa1P0F3NoNMZRrNUGlts=");
  EXPECT_EQ(compute_v3_signature(kToken, "GET", kUrlWithQuery, {}, kNonce),
            "zlFw7Kx66Q37w2Mb+DO74P/Aa1P0F3NoNMZRrNUGlts=");
  // POST with neither: the bare URL.
  EXPECT_EQ(compute_v3_signature(kToken, "POST", kUrl, {}, kNonce),
            "2fiR8oSSm5YQrm3v7aEjdpolQ/FOuppNUCfqjnJ1XQY=");
  // ";p" dropped, '+' is space, bad escape kept, blank values kept, values sorted per name.
  EXPECT_EQ(
      compute_v3_signature(kToken, "GET", "https://x.example/a;p?b=1+2&a=%41%zz&a=&c", {}, kNonce),
      "+q0RwipLclkU9EkA7ALsTf/b+Qfrmy7eGmdVtA3LKWs=");
  // GET: a URL pair replaces the params' pair of the same name ("a=1&b=3").
  EXPECT_EQ(compute_v3_signature(kToken, "GET", "https://x.example/cb?a=1",
                                 {{"a", "2"}, {"b", "3"}}, kNonce),
            "/JFsw5gF3UTpu41U01JZK2l3TOQTrOFGmYkiVLbWBRg=");
  // POST duplicates are all signed, sorted ("?Azx1x2").
  EXPECT_EQ(compute_v3_signature(kToken, "POST", "https://x.example/cb",
                                 {{"x", "2"}, {"A", "z"}, {"x", "1"}}, kNonce),
            "++Rva2O+c5nfk71+xGEl2GuWaBMU4uBD2he9M8xfgAc=");
  // Scheme lowercased, fragment dropped ("https://x.example/cb?q=1.Az").
  EXPECT_EQ(
      compute_v3_signature(kToken, "POST", "HTTPS://x.example/cb?q=1#frag", {{"A", "z"}}, kNonce),
      "Bch17Cx3I3dn041qj61eTxLPe3E7l992on1aF7+5PRc=");
}

TEST(PlivoSignature, AnyOfSeveralCommaSeparatedSignaturesMayMatch) {
  const std::string other = compute_v3_signature("another-token", "POST", kUrl, kParams, kNonce);
  EXPECT_TRUE(
      verify_v3_signature(kToken, "POST", kUrl, kParams, kNonce, other + "," + std::string(kPost))
          .ok());
  EXPECT_TRUE(
      verify_v3_signature(kToken, "POST", kUrl, kParams, kNonce, std::string(kPost) + ", " + other)
          .ok());
  expect_denied(verify_v3_signature(kToken, "POST", kUrl, kParams, kNonce, other + "," + other),
                "does not match");
  expect_denied(verify_v3_signature(kToken, "POST", kUrl, kParams, kNonce, ",,"), "does not match");
}

TEST(PlivoSignature, WrongTokenOrNonceIsRefused) {
  expect_denied(verify_v3_signature("wrong-token", "POST", kUrl, kParams, kNonce, kPost),
                "does not match");
  expect_denied(verify_v3_signature(kToken, "POST", kUrl, kParams, "31627761595286130199", kPost),
                "does not match");
}

TEST(PlivoSignature, AlteredParamOrUrlOrMethodIsRefused) {
  FormParams altered = kParams;
  altered[3].second = "completed";
  expect_denied(verify_v3_signature(kToken, "POST", kUrl, altered, kNonce, kPost),
                "does not match");
  FormParams added = kParams;
  added.emplace_back("Extra", "1");
  expect_denied(verify_v3_signature(kToken, "POST", kUrl, added, kNonce, kPost), "does not match");
  expect_denied(
      verify_v3_signature(kToken, "POST", std::string(kUrl) + "?x=1", kParams, kNonce, kPost),
      "does not match");
  expect_denied(
      verify_v3_signature(kToken, "POST", "https://evil.example/api/v1/validate_signature03.xml",
                          kParams, kNonce, kPost),
      "does not match");
  expect_denied(verify_v3_signature(kToken, "GET", kUrl, kParams, kNonce, kPost), "does not match");
}

TEST(PlivoSignature, MissingHeadersTokenOrBadMethodAreRefused) {
  expect_denied(verify_v3_signature(kToken, "POST", kUrl, kParams, kNonce, ""),
                "missing X-Plivo-Signature-V3 header");
  expect_denied(verify_v3_signature(kToken, "POST", kUrl, kParams, "", kPost),
                "missing X-Plivo-Signature-V3-Nonce");
  expect_denied(verify_v3_signature("", "POST", kUrl, kParams, kNonce, kPost),
                "no Plivo auth token");
  const auto put = verify_v3_signature(kToken, "PUT", kUrl, kParams, kNonce, kPost);
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(PlivoSignature, MessagesNeverRepeatTheTokenOrTheSignature) {
  const auto result = verify_v3_signature("secret-token-xyz", "POST", kUrl, kParams, kNonce, kPost);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message.find("secret-token-xyz"), std::string::npos);
  EXPECT_EQ(result.error().message.find(kPost), std::string::npos);
}

}  // namespace
}  // namespace ovos::telephony::plivo
