// AWS Signature V4 on AWS's published example, Polly's request and errors, and Polly against a
// loopback fake that checks each request's signature.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "crypto/hmac.h"
#include "providers/tts/polly/aws_sigv4.h"
#include "providers/tts/polly/polly_protocol.h"
#include "providers/tts/polly/polly_tts_provider.h"
#include "speech_test_support.h"
#include "support/fake_openai_server.h"

namespace ovos::providers::testing {
namespace {

using namespace std::chrono_literals;
using Kind = TtsEvent::Kind;
namespace json = boost::json;

std::string hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    out += kHex[static_cast<unsigned char>(c) >> 4];
    out += kHex[static_cast<unsigned char>(c) & 0x0f];
  }
  return out;
}

/// AWS's documented example: IAM ListUsers signed on 2015-08-30T12:36:00Z in us-east-1.
aws::SigningInput list_users() {
  aws::SigningInput input;
  input.method = "GET";
  input.path = "/";
  input.query = "Action=ListUsers&Version=2010-05-08";
  input.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                   {"Host", "iam.amazonaws.com"},
                   {"X-Amz-Date", "20150830T123600Z"}};
  input.region = "us-east-1";
  input.service = "iam";
  input.amz_date = "20150830T123600Z";
  return input;
}

const aws::AwsCredentials kExampleKeys{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                       ""};

TEST(AwsSigV4, ReproducesAwsPublishedExample) {
  const auto input = list_users();
  EXPECT_EQ(aws::canonical_request(input),
            "GET\n/\nAction=ListUsers&Version=2010-05-08\n"
            "content-type:application/x-www-form-urlencoded; charset=utf-8\n"
            "host:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            "content-type;host;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(crypto::sha256_hex(aws::canonical_request(input)),
            "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  EXPECT_EQ(aws::string_to_sign(input),
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n"
            "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  EXPECT_EQ(hex(aws::signing_key(kExampleKeys.secret_access_key, "20150830", "us-east-1", "iam")),
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
  EXPECT_EQ(aws::authorization(input, kExampleKeys),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date, "
            "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

TEST(AwsSigV4, CanonicalFormIgnoresOrderCaseAndSpacing) {
  auto input = list_users();
  auto shuffled = input;
  shuffled.query = "Version=2010-05-08&Action=ListUsers";
  shuffled.headers = {{"x-amz-date", "20150830T123600Z"},
                      {"HOST", "  iam.amazonaws.com "},
                      {"content-type", "application/x-www-form-urlencoded;   charset=utf-8"}};
  EXPECT_EQ(aws::authorization(shuffled, kExampleKeys), aws::authorization(input, kExampleKeys));
  auto body = input;
  body.body = "x";
  EXPECT_NE(aws::authorization(body, kExampleKeys), aws::authorization(input, kExampleKeys));
  EXPECT_EQ(aws::amz_date(std::chrono::system_clock::from_time_t(1440938160)), "20150830T123600Z");
}

TEST(PollyProtocol, RequestAndErrors) {
  polly::SpeechParams params;
  params.voice_id = "Joanna";
  params.engine = "neural";
  params.language_code = "en-US";
  params.sample_rate = 8000;
  EXPECT_EQ(json::parse(polly::speech_body(params, "Hello & welcome.")),
            json::parse(R"({"Engine":"neural","LanguageCode":"en-US","OutputFormat":"pcm",)"
                        R"("SampleRate":"8000","Text":"Hello & welcome.","TextType":"text",)"
                        R"("VoiceId":"Joanna"})"));
  EXPECT_EQ(polly::output_rate(8000), 8000);
  EXPECT_EQ(polly::output_rate(24000), 16000);
  EXPECT_EQ(polly::regional_base("eu-west-1"), "https://polly.eu-west-1.amazonaws.com");
  const auto signature = polly::error_for(
      403, R"({"message":"The request signature we calculated does not match the signature you )"
           R"(provided."})");
  EXPECT_EQ(signature.code, core::ErrorCode::kUnauthenticated);
  const auto length = polly::error_for(
      400, R"({"__type":"com.amazonaws.polly#TextLengthExceededException","message":"too long"})");
  EXPECT_EQ(length.code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(length.message, "polly: HTTP 400: TextLengthExceededException: too long");
  EXPECT_EQ(
      polly::error_for(400, R"({"__type":"ThrottlingException","message":"Rate exceeded"})").code,
      core::ErrorCode::kRateLimited);
  EXPECT_EQ(polly::error_for(500, R"({"message":"ServiceFailure"})").code,
            core::ErrorCode::kUnavailable);
}

class PollyTest : public SpeechHarness {};

TEST_F(PollyTest, SignedRequestsThatTheFakeVerifies) {
  const auto at = std::chrono::system_clock::from_time_t(1763856000);  // 2025-11-23T00:00:00Z
  FakeOpenAiServer server([](const CapturedRequest& r, int, FakeConnection& c) {
    // Recompute the signature from what arrived, as AWS does.
    aws::SigningInput input;
    input.method = r.method;
    input.path = r.target;
    input.body = r.body;
    input.region = "eu-west-1";
    input.service = "polly";
    input.amz_date = r.headers.at("x-amz-date");
    input.headers = {{"content-type", r.headers.at("content-type")},
                     {"host", r.headers.at("host")},
                     {"x-amz-date", r.headers.at("x-amz-date")}};
    const auto expected = aws::authorization(input, {"AKIDTEST", "secret/key+1", ""});
    if (r.headers.at("authorization") != expected) {
      c.respond(403, R"({"message":"The request signature we calculated does not match."})");
      return;
    }
    const std::string pcm(1600, '\x01');
    c.write("HTTP/1.1 200 OK\r\nContent-Type: audio/pcm\r\nContent-Length: " +
            std::to_string(pcm.size()) + "\r\n\r\n" + pcm);
  });
  polly::PollyTtsConfig config;
  config.now = [at] { return at; };
  polly::PollyTtsProvider provider(*io, config);
  TtsOptions o;
  o.credentials = {{"access_key_id", "AKIDTEST"},
                   {"secret_access_key", "secret/key+1"},
                   {"region", "eu-west-1"},
                   {"base_url", server.url()}};
  o.voice = "Amy";
  o.model = "neural";
  o.language = "en-GB";
  o.sample_rate = 8000;
  auto stream = provider.open_stream(o, executor, tts_recorder());
  ASSERT_TRUE(stream.ok()) << stream.error().message;
  (*stream)->push_text(1, "Good morning.");
  (*stream)->flush(1);
  ASSERT_TRUE(pump_until([this] {
    for (const auto& e : tts_events)
      if (e.kind != Kind::kAudio) return true;
    return false;
  }));
  EXPECT_EQ(tts_events.back().kind, Kind::kDone) << tts_events.back().error.message;
  std::size_t samples = 0;
  for (const auto& e : tts_events)
    samples += e.samples.size();
  EXPECT_EQ(samples, 800U);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].target, "/v1/speech");
  EXPECT_EQ(requests[0].headers.at("x-amz-date"), "20251123T000000Z");
  EXPECT_TRUE(requests[0]
                  .headers.at("authorization")
                  .starts_with(
                      "AWS4-HMAC-SHA256 Credential=AKIDTEST/20251123/eu-west-1/polly/aws4_request, "
                      "SignedHeaders=content-type;host;x-amz-date, Signature="));
  EXPECT_EQ(json::parse(requests[0].body).at("VoiceId"), "Amy");
}

TEST_F(PollyTest, AThrottledRequestIsTriedAgainThoughPollySays400) {
  // Polly throttles with HTTP 400 and __type ThrottlingException, not 429.
  FakeOpenAiServer server([](const CapturedRequest&, int n, FakeConnection& c) {
    if (n == 0) {
      c.respond(400, R"({"__type":"ThrottlingException","message":"Rate exceeded"})");
      return;
    }
    const std::string pcm(1600, '\x01');
    c.write("HTTP/1.1 200 OK\r\nContent-Type: audio/pcm\r\nContent-Length: " +
            std::to_string(pcm.size()) + "\r\n\r\n" + pcm);
  });
  polly::PollyTtsConfig config;
  config.retry.base_backoff = std::chrono::milliseconds(1);
  polly::PollyTtsProvider provider(*io, config);
  TtsOptions o;
  o.credentials = {{"access_key_id", "A"}, {"secret_access_key", "B"}, {"base_url", server.url()}};
  o.sample_rate = 8000;
  auto stream = provider.open_stream(o, executor, tts_recorder());
  ASSERT_TRUE(stream.ok());
  (*stream)->push_text(1, "Hi.");
  (*stream)->flush(1);
  ASSERT_TRUE(pump_until([this] {
    for (const auto& e : tts_events)
      if (e.kind != Kind::kAudio) return true;
    return false;
  }));
  EXPECT_EQ(tts_events.back().kind, Kind::kDone) << tts_events.back().error.message;
  EXPECT_EQ(server.requests().size(), 2U);
}

TEST_F(PollyTest, AWrongSecretIsRefusedAndNotRetried) {
  FakeOpenAiServer server([](const CapturedRequest&, int, FakeConnection& c) {
    c.respond(403, R"({"message":"The security token included in the request is invalid."})");
  });
  polly::PollyTtsProvider provider(*io);
  TtsOptions o;
  o.credentials = {{"access_key_id", "A"}, {"secret_access_key", "B"}, {"base_url", server.url()}};
  auto stream = provider.open_stream(o, executor, tts_recorder());
  ASSERT_TRUE(stream.ok());
  (*stream)->push_text(1, "Hi.");
  (*stream)->flush(1);
  ASSERT_TRUE(pump_until([this] { return !tts_events.empty(); }));
  EXPECT_EQ(tts_events.back().kind, Kind::kError);
  EXPECT_EQ(tts_events.back().error.code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(server.requests().size(), 1U);
  TtsOptions no_keys;
  EXPECT_EQ(provider.open_stream(no_keys, executor, tts_recorder()).error().code,
            core::ErrorCode::kUnauthenticated);
}

}  // namespace
}  // namespace ovos::providers::testing
