// Bodhi's streaming protocol on the messages of Navana's public examples
// (navana-tech/bodhi-streaming-asr-example): the config message, eof, and the responses.

#include "providers/stt/bodhi/bodhi_protocol.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace ovos::providers::bodhi {
namespace {

namespace json = boost::json;

TEST(BodhiProtocolTest, TheConfigMessageCarriesRateTransactionAndModel) {
  BodhiConfig config;
  config.sample_rate = 8000;
  config.transaction_id = "6d1f7e9a-0000-4000-8000-000000000001";
  config.model = "hi-banking-v2-8khz";
  const json::value sent = json::parse(config_message(config));
  const json::object& body = sent.at("config").as_object();
  EXPECT_EQ(body.at("sample_rate").as_int64(), 8000);
  EXPECT_EQ(body.at("transaction_id").as_string(), config.transaction_id);
  EXPECT_EQ(body.at("model").as_string(), "hi-banking-v2-8khz");
  EXPECT_FALSE(body.contains("endpoint_silence_duration"));
  EXPECT_EQ(sent.as_object().size(), 1u);

  config.endpoint_silence_seconds = 0.6;
  const json::value tuned = json::parse(config_message(config));
  EXPECT_DOUBLE_EQ(tuned.at("config").at("endpoint_silence_duration").as_double(), 0.6);
}

TEST(BodhiProtocolTest, EofIsTheDocumentedMessage) {
  const json::value eof = json::parse(eof_message());
  EXPECT_EQ(eof.at("eof").as_int64(), 1);
}

TEST(BodhiProtocolTest, DecodesTheDocumentedResponse) {
  // The README's example response, as given.
  auto message = decode_message(
      R"({"call_id": "CALL_ID", "segment_id": "SEGMENT_ID", "eos": false, "type": "partial", "text": "TRANSCRIPT"})");
  ASSERT_TRUE(message.ok()) << message.error().message;
  EXPECT_EQ(message->kind, BodhiMessage::Kind::kPartial);
  EXPECT_EQ(message->text, "TRANSCRIPT");
  EXPECT_EQ(message->call_id, "CALL_ID");
  EXPECT_EQ(message->segment_id, "SEGMENT_ID");
  EXPECT_FALSE(message->eos);

  auto complete = decode_message(
      R"({"call_id":"c1","segment_id":"s2","eos":false,"type":"complete","text":"मेरा लोन"})");
  ASSERT_TRUE(complete.ok());
  EXPECT_EQ(complete->kind, BodhiMessage::Kind::kComplete);
  EXPECT_EQ(complete->text, "मेरा लोन");

  auto end = decode_message(
      R"({"call_id":"c1","segment_id":"s3","eos":true,"type":"complete","text":""})");
  ASSERT_TRUE(end.ok());
  EXPECT_TRUE(end->eos);
  EXPECT_TRUE(end->text.empty());
}

TEST(BodhiProtocolTest, UnknownTypesAreKeptAndBrokenMessagesRefused) {
  auto other = decode_message(R"({"type":"stats","text":""})");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->kind, BodhiMessage::Kind::kOther);
  EXPECT_EQ(other->type, "stats");
  for (const char* bad : {"not json", "[1,2]", R"({"text":"x"})", R"({"type":"partial"})",
                          R"({"type":3,"text":"x"})"}) {
    EXPECT_FALSE(decode_message(bad).ok()) << bad;
  }
}

TEST(BodhiProtocolTest, ModelsFollowTheLanguage) {
  EXPECT_EQ(default_model("hi"), "hi-general-v2-8khz");
  EXPECT_EQ(default_model("en-IN"), "en-general-v2-8khz");
  EXPECT_EQ(default_model("ta"), "ta-general-v2-8khz");
  EXPECT_EQ(default_model("fr"), "hi-general-v2-8khz");
  EXPECT_EQ(describe_refusal(402), "insufficient balance");
  EXPECT_EQ(describe_refusal(401), "invalid API key or customer id");
}

}  // namespace
}  // namespace ovos::providers::bodhi
