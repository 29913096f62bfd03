// One browser call per cloud speech vendor, from one table: the real binary, the user's stored
// keys pointing at a loopback fake of the vendor, the shop's greeting heard, the caller's
// question heard through the vendor's recogniser (or pocketsphinx) and its answer spoken by the
// vendor's voice; then what the fake received is checked against the vendor's protocol.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <mutex>

#include "cloud_speech/deepgram_messages.h"
#include "cloud_speech_support.h"
#include "crypto/base64.h"
#include "support/fake_openai_server.h"

namespace ovos::testing {
namespace {

using providers::testing::CapturedRequest;
using providers::testing::FakeConnection;
using providers::testing::FakeOpenAiServer;

constexpr const char* kLocalEars =
    R"({"provider": "pocketsphinx", "language": "en", "stream": true, "endpointing": 500})";
constexpr const char* kLocalVoice =
    R"({"provider": "flite", "provider_config": {"voice": "kal16", "language": "en"}})";

/// What a fake's handlers saw besides its own records (Deepgram's /v1/speak bodies).
struct Seen {
  std::mutex mutex;
  std::vector<std::string> texts;
  std::vector<std::string> queries;
};

/// The loopback vendor of one case: a WebSocket fake (with its REST API on the same origin),
/// an HTTP fake, or both.
struct VendorFakes {
  std::unique_ptr<FakeVendorSocket> socket;
  std::unique_ptr<FakeOpenAiServer> http;
  std::shared_ptr<Seen> seen = std::make_shared<Seen>();
  /// The base_url a stored key gives the vendor.
  [[nodiscard]] std::string url() const { return socket ? socket->http_url() : http->url(); }
};

/// A key to store: the provider and its credentials.
struct StoredKey {
  const char* provider;
  json::object credentials;
};

/// One vendor's call: its fakes, the agent's transcriber and synthesizer, its keys (given the
/// fakes' address), and the checks of what the fakes received (after the call answered).
struct VendorCase {
  const char* name;
  std::function<VendorFakes()> start;
  const char* transcriber;
  const char* synthesizer;
  std::function<std::vector<StoredKey>(const VendorFakes&)> keys;
  std::function<void(const VendorFakes&, const Messages&)> check;
};

/// An HTTP answer of `pcm` as a body of `type`, with its length.
void answer_pcm(FakeConnection& connection, const std::string& pcm, std::string_view type) {
  connection.write("HTTP/1.1 200 OK\r\nContent-Type: " + std::string(type) +
                   "\r\nContent-Length: " + std::to_string(pcm.size()) + "\r\n\r\n" + pcm);
}

/// The texts of the synthesis requests among `requests` (the body's `field`), in order.
std::vector<std::string> spoken(const std::vector<CapturedRequest>& requests,
                                std::string_view target, std::string_view field) {
  std::vector<std::string> out;
  for (const auto& request : requests) {
    if (request.target.starts_with(target)) {
      out.emplace_back(json::parse(request.body).at(field).as_string());
    }
  }
  return out;
}

const std::vector<std::string> kShopLines = {"Hello, how can I help?",
                                             "We are open from nine to five."};

VendorCase deepgram() {
  return {"Deepgram",
          [] {
            VendorFakes f;
            f.socket = std::make_unique<FakeVendorSocket>(
                [](int) { return SocketHandshake{}; },
                [](int, std::string_view text, SocketPeer& peer) {
                  if (text == R"({"type":"Finalize"})") {
                    peer.send(providers::testing::results_message("what are your opening hours",
                                                                  true, false, true));
                  }
                },
                [seen = f.seen](net::HttpRequest& request) {
                  {
                    const std::lock_guard lock(seen->mutex);
                    seen->texts.emplace_back(json::parse(request.body).at("text").as_string());
                    seen->queries.push_back(request.query);
                  }
                  const int rate = std::stoi(request.query_param("sample_rate").value_or("16000"));
                  return net::HttpResponse::text(200, tone_pcm(rate), "audio/l16");
                });
            return f;
          },
          R"({"provider": "deepgram", "model": "nova-2", "language": "en", "stream": true,
          "endpointing": 500, "keywords": "opening, hours"})",
          R"({"provider": "deepgram", "provider_config": {"voice": "Thalia",
          "voice_id": "aura-2-thalia-en", "model": "aura-2-thalia-en"}})",
          [](const VendorFakes& f) {
            return std::vector<StoredKey>{
                {"deepgram", json::object{{"api_key", "dg-test-0000000000000000000000"},
                                          {"base_url", f.url()}}}};
          },
          [](const VendorFakes& f, const Messages& messages) {
            EXPECT_TRUE(has_transcript(messages, "user", "opening hours", 1));
            const auto sessions = f.socket->sessions();
            ASSERT_FALSE(sessions.empty());
            EXPECT_EQ(sessions[0].path, "/v1/listen");
            EXPECT_EQ(sessions[0].authorization, "Token dg-test-0000000000000000000000");
            EXPECT_NE(sessions[0].query.find("model=nova-2"), std::string::npos)
                << sessions[0].query;
            EXPECT_NE(sessions[0].query.find("keywords=opening&keywords=hours"), std::string::npos)
                << sessions[0].query;
            EXPECT_GT(sessions[0].audio_bytes, 16000U);  // the question, at least half a second
            const std::lock_guard lock(f.seen->mutex);
            EXPECT_EQ(f.seen->texts, kShopLines);
            EXPECT_NE(f.seen->queries.at(0).find("model=aura-2-thalia-en"), std::string::npos);
          }};
}

VendorCase openai() {
  return {"OpenAi",
          [] {
            VendorFakes f;
            f.http = std::make_unique<FakeOpenAiServer>(
                [](const CapturedRequest& r, int, FakeConnection& connection) {
                  if (r.target == "/v1/audio/transcriptions") {
                    connection.respond(200, R"({"text":"What are your opening hours?"})");
                    return;
                  }
                  answer_pcm(connection, tone_pcm(24000), "audio/pcm");
                });
            return f;
          },
          R"({"provider": "openai", "model": "whisper-1", "language": "en", "stream": false,
          "endpointing": 500})",
          R"({"provider": "openai", "provider_config": {"voice": "nova", "model": "tts-1"}})",
          [](const VendorFakes& f) {
            return std::vector<StoredKey>{
                {"openai", json::object{{"api_key", "sk-test-000000000000000000"},
                                        {"base_url", f.url() + "/v1"}}}};
          },
          [](const VendorFakes& f, const Messages& messages) {
            EXPECT_TRUE(has_transcript(messages, "user", "opening hours", 1));
            const auto requests = f.http->requests();
            EXPECT_EQ(spoken(requests, "/v1/audio/speech", "input"), kShopLines);
            for (const auto& request : requests) {
              if (request.target != "/v1/audio/speech") continue;
              const json::value body = json::parse(request.body);
              EXPECT_EQ(body.at("voice"), "nova");
              EXPECT_EQ(body.at("response_format"), "pcm");
            }
            EXPECT_EQ(
                std::count_if(requests.begin(), requests.end(),
                              [](const auto& r) { return r.target == "/v1/audio/transcriptions"; }),
                1);
          }};
}

VendorCase bodhi() {
  return {"Bodhi",
          [] {
            VendorFakes f;
            f.socket = std::make_unique<FakeVendorSocket>([](int) { return SocketHandshake{}; },
                                                          bodhi_answers());
            return f;
          },
          R"({"provider": "bodhi", "model": "en-general-v2-8khz", "language": "en",
              "stream": true, "endpointing": 500})",
          kLocalVoice,
          [](const VendorFakes& f) {
            return std::vector<StoredKey>{
                {"bodhi", json::object{{"api_key", "bodhi-test-0000000000000"},
                                       {"customer_id", "cust-test"},
                                       {"base_url", f.url()}}}};
          },
          [](const VendorFakes& f, const Messages& messages) {
            EXPECT_TRUE(has_transcript(messages, "user", "opening hours", 1));
            const auto sessions = f.socket->sessions();
            ASSERT_FALSE(sessions.empty());
            EXPECT_EQ(sessions[0].header("x-api-key"), "bodhi-test-0000000000000");
            EXPECT_EQ(sessions[0].header("x-customer-id"), "cust-test");
            const json::value config = json::parse(sessions[0].texts.at(0));
            EXPECT_EQ(config.at("config").at("model"), "en-general-v2-8khz");
            EXPECT_EQ(config.at("config").at("sample_rate"), 16000);
            EXPECT_EQ(sessions[0].audio_bytes % 3200, 0U);  // whole 100 ms packets only
          }};
}

VendorCase cartesia() {
  return {"Cartesia",
          [] {
            VendorFakes f;
            f.socket = std::make_unique<FakeVendorSocket>(
                [](int) { return SocketHandshake{}; },
                [](int, std::string_view text, SocketPeer& peer) {
                  const json::value request = json::parse(text);
                  if (!request.as_object().contains("transcript")) return;
                  const json::string id = request.at("context_id").as_string();
                  peer.send(
                      json::serialize(json::object{{"type", "chunk"},
                                                   {"data", crypto::base64_encode(tone_pcm(16000))},
                                                   {"done", false},
                                                   {"status_code", 206},
                                                   {"context_id", id}}));
                  peer.send(json::serialize(json::object{
                      {"type", "done"}, {"done", true}, {"status_code", 206}, {"context_id", id}}));
                });
            return f;
          },
          kLocalEars,
          R"({"provider": "cartesia", "provider_config": {"voice": "Barbershop Man",
              "voice_id": "a0e99841-438c-4a64-b679-ae501e7d6091", "model": "sonic-2",
              "language": "en"}})",
          [](const VendorFakes& f) {
            return std::vector<StoredKey>{
                {"cartesia",
                 json::object{{"api_key", "sk_car_test_000000000000"}, {"base_url", f.url()}}}};
          },
          [](const VendorFakes& f, const Messages&) {
            const auto sessions = f.socket->sessions();
            ASSERT_EQ(sessions.size(), 1U);  // both answers on the call's one connection
            EXPECT_EQ(sessions[0].path, "/tts/websocket");
            ASSERT_EQ(sessions[0].texts.size(), 2U);
            EXPECT_EQ(json::parse(sessions[0].texts[1]).at("transcript").as_string(),
                      kShopLines[1]);
          }};
}

VendorCase elevenlabs_socket() {
  return {"ElevenLabsWebSocket",
          [] {
            VendorFakes f;
            f.socket = std::make_unique<FakeVendorSocket>(
                [](int) { return SocketHandshake{}; },
                [](int, std::string_view text, SocketPeer& peer) {
                  const json::value message = json::parse(text);
                  const auto& o = message.as_object();
                  if (!o.contains("context_id")) return;
                  const json::string id = o.at("context_id").as_string();
                  if (o.contains("flush")) {
                    peer.send(json::serialize(json::object{
                        {"audio", crypto::base64_encode(tone_pcm(16000))}, {"contextId", id}}));
                  }
                  if (o.contains("close_context")) {
                    peer.send(json::serialize(json::object{{"isFinal", true}, {"contextId", id}}));
                  }
                });
            return f;
          },
          kLocalEars,
          R"({"provider": "elevenlabs", "stream": true, "provider_config": {
              "voice": "Rachel", "voice_id": "21m00Tcm4TlvDq8ikWAM",
              "model": "eleven_flash_v2_5"}})",
          [](const VendorFakes& f) {
            return std::vector<StoredKey>{
                {"elevenlabs",
                 json::object{{"api_key", "xi-ws-test-000000000000"}, {"base_url", f.url()}}}};
          },
          [](const VendorFakes& f, const Messages&) {
            const auto sessions = f.socket->sessions();
            ASSERT_EQ(sessions.size(), 1U);  // the greeting and the answer on one socket
            EXPECT_EQ(sessions[0].path,
                      "/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/multi-stream-input");
            EXPECT_EQ(sessions[0].header("xi-api-key"), "xi-ws-test-000000000000");
            std::vector<std::string> texts;
            for (const auto& text : sessions[0].texts) {
              const json::value message = json::parse(text);
              if (message.as_object().contains("flush")) {
                texts.emplace_back(message.at("text").as_string());
              }
            }
            EXPECT_EQ(texts, (std::vector<std::string>{kShopLines[0] + " ", kShopLines[1] + " "}));
          }};
}

VendorCase azure() {
  return {
      "Azure",
      [] {
        VendorFakes f;
        f.http = std::make_unique<FakeOpenAiServer>(
            [](const CapturedRequest& r, int, FakeConnection& connection) {
              if (r.target.starts_with("/speech/recognition/")) {
                connection.respond(200, R"({"RecognitionStatus":"Success",)"
                                        R"("DisplayText":"What are your opening hours?",)"
                                        R"("Offset":1800000,"Duration":21600000})");
                return;
              }
              answer_pcm(connection, tone_pcm(16000), "audio/x-wav");
            });
        return f;
      },
      R"({"provider": "azure", "language": "en-US", "stream": false, "endpointing": 500})",
      R"({"provider": "azuretts", "provider_config": {"voice": "en-US-JennyNeural",
          "model": "neural", "language": "en-US"}})",
      [](const VendorFakes& f) {
        std::vector<StoredKey> keys;
        for (const char* provider : {"azure", "azuretts"}) {
          keys.push_back({provider, json::object{{"api_key", "az-test-00000000000000000"},
                                                 {"region", "eastus"},
                                                 {"base_url", f.url()}}});
        }
        return keys;
      },
      [](const VendorFakes& f, const Messages& messages) {
        EXPECT_TRUE(has_transcript(messages, "user", "opening hours", 1));
        const auto requests = f.http->requests();
        ASSERT_GE(requests.size(), 3U);
        EXPECT_EQ(requests[0].headers.at("x-microsoft-outputformat"), "raw-16khz-16bit-mono-pcm");
        EXPECT_NE(
            requests[0].body.find("<voice name='en-US-JennyNeural'>Hello, how can I help?</voice>"),
            std::string::npos)
            << requests[0].body;
        EXPECT_EQ(requests[1].headers.at("content-type"),
                  "audio/wav; codecs=audio/pcm; samplerate=16000");
        EXPECT_EQ(requests[1].body.substr(0, 4), "RIFF");
      }};
}

VendorCase polly() {
  return {"Polly",
          [] {
            VendorFakes f;
            f.http = std::make_unique<FakeOpenAiServer>(
                [](const CapturedRequest&, int, FakeConnection& connection) {
                  answer_pcm(connection, tone_pcm(16000), "audio/pcm");
                });
            return f;
          },
          kLocalEars,
          R"({"provider": "polly", "provider_config": {"voice": "Joanna", "engine": "neural",
              "language": "en-US"}})",
          [](const VendorFakes& f) {
            return std::vector<StoredKey>{
                {"polly", json::object{{"access_key_id", "AKIDTEST0000"},
                                       {"secret_access_key", "aws-secret-000000000000"},
                                       {"region", "eu-west-1"},
                                       {"base_url", f.url()}}}};
          },
          [](const VendorFakes& f, const Messages&) {
            const auto requests = f.http->requests();
            ASSERT_FALSE(requests.empty());
            const std::string& authorization = requests[0].headers.at("authorization");
            EXPECT_TRUE(authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDTEST0000/"))
                << authorization;
            EXPECT_NE(authorization.find("/eu-west-1/polly/aws4_request"), std::string::npos);
            const json::value body = json::parse(requests[0].body);
            EXPECT_EQ(body.at("VoiceId"), "Joanna");
            EXPECT_EQ(body.at("Engine"), "neural");
            EXPECT_EQ(spoken(requests, "/v1/speech", "Text"), kShopLines);
          }};
}

VendorCase sarvam() {
  return {"Sarvam",
          [] {
            VendorFakes f;
            f.http = std::make_unique<FakeOpenAiServer>(
                [](const CapturedRequest& r, int, FakeConnection& connection) {
                  const int rate = json::parse(r.body).at("speech_sample_rate").to_number<int>();
                  answer_pcm(connection, tone_pcm(rate), "audio/pcm");
                });
            return f;
          },
          kLocalEars,
          R"({"provider": "sarvam", "provider_config": {"voice": "Vidya", "voice_id": "vidya",
              "model": "bulbul:v2", "language": "en-IN"}})",
          [](const VendorFakes& f) {
            return std::vector<StoredKey>{
                {"sarvam",
                 json::object{{"api_key", "sarvam-test-000000000000"}, {"base_url", f.url()}}}};
          },
          [](const VendorFakes& f, const Messages&) {
            const auto requests = f.http->requests();
            ASSERT_EQ(requests.size(), 2U);
            EXPECT_EQ(requests[0].target, "/text-to-speech/stream");
            EXPECT_EQ(requests[0].headers.at("api-subscription-key"), "sarvam-test-000000000000");
            EXPECT_EQ(spoken(requests, "/text-to-speech/stream", "text"), kShopLines);
            const json::value body = json::parse(requests[1].body);
            EXPECT_EQ(body.at("speaker"), "vidya");
            EXPECT_EQ(body.at("target_language_code"), "en-IN");
            EXPECT_EQ(body.at("output_audio_codec"), "linear16");
          }};
}

VendorCase sarvam_socket() {
  return {"SarvamWebSocket",
          [] {
            VendorFakes f;
            f.socket = std::make_unique<FakeVendorSocket>(
                [](int) { return SocketHandshake{}; },
                [](int, std::string_view text, SocketPeer& peer) {
                  const json::value message = json::parse(text);
                  if (message.at("type") != "flush") return;
                  peer.send(json::serialize(json::object{
                      {"type", "audio"},
                      {"data", json::object{{"audio", crypto::base64_encode(tone_pcm(16000))},
                                            {"content_type", "audio/pcm"},
                                            {"request_id", "20250101_call"}}}}));
                  peer.send(R"({"type":"event","data":{"event_type":"final"}})");
                });
            return f;
          },
          kLocalEars,
          R"({"provider": "sarvam", "stream": true, "provider_config": {"voice": "Vidya",
              "voice_id": "vidya", "model": "bulbul:v2", "language": "en-IN"}})",
          [](const VendorFakes& f) {
            return std::vector<StoredKey>{
                {"sarvam",
                 json::object{{"api_key", "sarvam-ws-test-000000000000"}, {"base_url", f.url()}}}};
          },
          [](const VendorFakes& f, const Messages&) {
            const auto sessions = f.socket->sessions();
            ASSERT_EQ(sessions.size(), 1U);  // the greeting and the answer on one socket
            EXPECT_EQ(sessions[0].path, "/text-to-speech/ws");
            EXPECT_EQ(sessions[0].header("api-subscription-key"), "sarvam-ws-test-000000000000");
            ASSERT_FALSE(sessions[0].texts.empty());
            const json::value config = json::parse(sessions[0].texts[0]);
            EXPECT_EQ(config.at("type"), "config");
            EXPECT_EQ(config.at("data").at("speaker"), "vidya");
            EXPECT_EQ(config.at("data").at("speech_sample_rate"), "16000");
            std::vector<std::string> texts;
            for (const auto& text : sessions[0].texts) {
              const json::value message = json::parse(text);
              if (message.at("type") == "text") {
                texts.emplace_back(message.at("data").at("text").as_string());
              }
            }
            EXPECT_EQ(texts, kShopLines);
          }};
}

VendorCase smallest() {
  return {"Smallest",
          [] {
            VendorFakes f;
            f.http = std::make_unique<FakeOpenAiServer>(
                [](const CapturedRequest& r, int, FakeConnection& connection) {
                  const int rate = json::parse(r.body).at("sample_rate").to_number<int>();
                  answer_pcm(connection, tone_pcm(rate), "audio/wav");
                });
            return f;
          },
          kLocalEars,
          R"({"provider": "smallest", "provider_config": {"voice": "Emily", "voice_id": "emily",
              "model": "lightning", "language": "en"}})",
          [](const VendorFakes& f) {
            return std::vector<StoredKey>{
                {"smallest",
                 json::object{{"api_key", "sk_smallest_test_0000000"}, {"base_url", f.url()}}}};
          },
          [](const VendorFakes& f, const Messages&) {
            const auto requests = f.http->requests();
            ASSERT_EQ(requests.size(), 2U);
            EXPECT_EQ(requests[0].target, "/waves/v1/tts");
            EXPECT_EQ(requests[0].headers.at("authorization"), "Bearer sk_smallest_test_0000000");
            EXPECT_EQ(spoken(requests, "/waves/v1/tts", "text"), kShopLines);
            EXPECT_EQ(json::parse(requests[1].body).at("voice_id"), "emily");
          }};
}

VendorCase smallest_socket() {
  return {"SmallestWebSocket",
          [] {
            VendorFakes f;
            f.socket = std::make_unique<FakeVendorSocket>(
                [](int) { return SocketHandshake{}; },
                [](int, std::string_view text, SocketPeer& peer) {
                  const json::value request = json::parse(text);
                  const int rate = request.at("sample_rate").to_number<int>();
                  const std::string id(request.at("request_id").as_string());
                  peer.send(json::serialize(json::object{
                      {"request_id", "task_call"},
                      {"external_request_id", id},
                      {"status", "chunk"},
                      {"data", json::object{{"audio", crypto::base64_encode(tone_pcm(rate))}}}}));
                  peer.send(json::serialize(json::object{{"request_id", "task_call"},
                                                         {"external_request_id", id},
                                                         {"status", "complete"}}));
                });
            return f;
          },
          kLocalEars,
          R"({"provider": "smallest", "stream": true, "provider_config": {"voice": "Emily",
              "voice_id": "emily", "model": "lightning", "language": "en"}})",
          [](const VendorFakes& f) {
            return std::vector<StoredKey>{
                {"smallest",
                 json::object{{"api_key", "sk_smallest_ws_test_00000"}, {"base_url", f.url()}}}};
          },
          [](const VendorFakes& f, const Messages&) {
            const auto sessions = f.socket->sessions();
            ASSERT_EQ(sessions.size(), 1U);  // the greeting and the answer on one socket
            EXPECT_EQ(sessions[0].path, "/waves/v1/tts/live");
            EXPECT_EQ(sessions[0].authorization, "Bearer sk_smallest_ws_test_00000");
            std::vector<std::string> texts;
            for (const auto& text : sessions[0].texts) {
              const json::value request = json::parse(text);
              EXPECT_EQ(request.at("voice_id"), "emily");
              EXPECT_EQ(request.at("model"), "lightning_v3.1");
              EXPECT_EQ(request.at("sample_rate"), 16000);
              texts.emplace_back(request.at("text").as_string());
            }
            EXPECT_EQ(texts, kShopLines);
          }};
}

VendorCase rime() {
  return {
      "Rime",
      [] {
        VendorFakes f;
        f.http = std::make_unique<FakeOpenAiServer>(
            [](const CapturedRequest& r, int, FakeConnection& connection) {
              const int rate = json::parse(r.body).at("samplingRate").to_number<int>();
              answer_pcm(connection, tone_pcm(rate), "audio/pcm");
            });
        return f;
      },
      kLocalEars,
      R"({"provider": "rime", "provider_config": {"voice": "Cove", "voice_id": "cove",
              "model": "mistv2", "language": "en"}})",
      [](const VendorFakes& f) {
        return std::vector<StoredKey>{
            {"rime", json::object{{"api_key", "rime-test-00000000000000"}, {"base_url", f.url()}}}};
      },
      [](const VendorFakes& f, const Messages&) {
        const auto requests = f.http->requests();
        ASSERT_EQ(requests.size(), 2U);
        EXPECT_EQ(requests[0].target, "/v1/rime-tts");
        EXPECT_EQ(requests[0].headers.at("authorization"), "Bearer rime-test-00000000000000");
        EXPECT_EQ(requests[0].headers.at("accept"), "audio/pcm");
        EXPECT_EQ(spoken(requests, "/v1/rime-tts", "text"), kShopLines);
        const json::value body = json::parse(requests[1].body);
        EXPECT_EQ(body.at("speaker"), "cove");
        EXPECT_EQ(body.at("modelId"), "mistv2");
        EXPECT_EQ(body.at("lang"), "eng");
        EXPECT_EQ(body.at("samplingRate"), 16000);
      }};
}

std::vector<VendorCase> vendor_cases() {
  return {deepgram(), openai(), bodhi(),         cartesia(), elevenlabs_socket(), azure(),
          polly(),    sarvam(), sarvam_socket(), smallest(), smallest_socket(),   rime()};
}

class CloudVendorCallTest : public CloudSpeechCallTest,
                            public ::testing::WithParamInterface<VendorCase> {};

TEST_P(CloudVendorCallTest, HearsAndSpeaksThroughTheVendor) {
  const VendorCase& vendor = GetParam();
  const VendorFakes fakes = vendor.start();
  const std::string agent =
      create_agent(agent_with(json::parse(vendor.transcriber), json::parse(vendor.synthesizer)));
  // No key stored yet: the call is refused with the reason.
  EXPECT_EQ(WebCallClient::refused_status(ticket_url(agent)), 422);
  const std::vector<StoredKey> keys = vendor.keys(fakes);
  for (const StoredKey& key : keys)
    store_key(key.provider, key.credentials);
  auto client = ask_opening_hours(agent);
  ASSERT_TRUE(client);
  EXPECT_GT(audio_samples(client->messages()), 16000U / 2);  // the greeting and the answer
  vendor.check(fakes, client->messages());
  for (const StoredKey& key : keys) {
    for (const auto& [name, value] : key.credentials) {
      if (name == "base_url" || name == "region" || name == "customer_id") continue;
      EXPECT_EQ(server_->log().find(value.as_string()), std::string::npos) << name;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Vendors, CloudVendorCallTest, ::testing::ValuesIn(vendor_cases()),
                         [](const ::testing::TestParamInfo<VendorCase>& vendor) {
                           return std::string(vendor.param.name);
                         });

}  // namespace
}  // namespace ovos::testing
