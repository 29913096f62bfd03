// CarrierCallHandler with Twilio's dialect over an in-memory WebSocket on a manual clock: the
// real CallSession, fake speech providers and the scripted LLM.
#include "telephony/carrier/carrier_call_handler.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <optional>
#include <thread>

#include "agents/types/llm_responder.h"
#include "audio/g711.h"
#include "audio/resampler.h"
#include "crypto/base64.h"
#include "providers/local/flite_synthesizer.h"
#include "providers/scripted/scripted_llm.h"
#include "providers/testing/fake_providers.h"
#include "telephony/twilio/twilio_dialect.h"

namespace ovos::telephony {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

/// A WebSocket that keeps what is sent and how it was closed.
class MemoryConnection final : public net::WebSocketConnection {
 public:
  explicit MemoryConnection(core::Executor& executor) : executor_(executor) {}
  void send_text(std::string text) override { sent.push_back(std::move(text)); }
  void send_binary(std::vector<std::uint8_t>) override { ++binary; }
  void close(std::uint16_t code, std::string reason) override {
    if (close_code == 0) close_code = code;
    close_reason = std::move(reason);
  }
  core::Executor& executor() override { return executor_; }
  [[nodiscard]] std::size_t queued_bytes() const override { return 0; }
  [[nodiscard]] const std::string& remote_address() const override { return address_; }

  /// The "event" of every message sent.
  [[nodiscard]] std::vector<std::string> events() const {
    std::vector<std::string> out;
    for (const auto& text : sent)
      out.emplace_back(json::parse(text).at("event").as_string());
    return out;
  }
  [[nodiscard]] std::size_t count(std::string_view event) const {
    std::size_t n = 0;
    for (const auto& e : events())
      n += e == event ? 1 : 0;
    return n;
  }

  std::vector<std::string> sent;
  int binary = 0;
  std::uint16_t close_code = 0;
  std::string close_reason;

 private:
  core::Executor& executor_;
  std::string address_ = "127.0.0.1";
};

std::string start_message(const std::string& call_sid) {
  return json::serialize(json::object{
      {"event", "start"},
      {"sequenceNumber", "1"},
      {"streamSid", "MZ1"},
      {"start",
       {{"streamSid", "MZ1"},
        {"accountSid", "AC1"},
        {"callSid", call_sid},
        {"tracks", json::array{"inbound"}},
        {"customParameters", {{"call_id", "ours"}, {"customer", "Ann"}}},
        {"mediaFormat", {{"encoding", "audio/x-mulaw"}, {"sampleRate", 8000}, {"channels", 1}}}}}});
}

std::string media_message(std::span<const std::int16_t> samples) {
  return json::serialize(
      json::object{{"event", "media"},
                   {"streamSid", "MZ1"},
                   {"media",
                    {{"track", "inbound"},
                     {"chunk", "1"},
                     {"timestamp", "0"},
                     {"payload", crypto::base64_encode(audio::encode_mulaw(samples))}}}});
}

/// flite's speech of `text` at 8 kHz.
std::vector<std::int16_t> phone_speech(const std::string& text) {
  auto flite = providers::local::FliteSynthesizer::create("rms");
  auto wide = flite->synthesize_all(text);
  auto down = audio::Resampler::create(16000, 8000);
  auto narrow = down->process(*wide);
  auto tail = down->flush();
  narrow.insert(narrow.end(), tail.begin(), tail.end());
  return narrow;
}

class CarrierCallHandlerTest : public ::testing::Test {
 protected:
  void open(std::string expected_call = "CA1") {
    handler_ = std::make_unique<CarrierCallHandler>(
        connection_, std::make_unique<twilio::TwilioDialect>(), setup_for(expected_call));
  }

  /// A handler that finds its call from the start message through resolve_ / done_.
  void open_unresolved() {
    handler_ = std::make_unique<CarrierCallHandler>(
        connection_, std::make_unique<twilio::TwilioDialect>(),
        [this](const MediaStart& start, std::function<void(core::Result<CarrierCallSetup>)> done) {
          resolved_start_ = start;
          done_ = std::move(done);
        });
  }

  CarrierCallSetup setup_for(std::string expected_call) {
    CarrierCallSetup setup;
    setup.call_id = "ours";
    setup.expected_carrier_call_id = std::move(expected_call);
    setup.config.welcome_message = "Hello, thanks for calling.";
    setup.providers.stt = &stt_;
    setup.providers.tts = &tts_;
    setup.make_responder = [this](const std::map<std::string, std::string>& variables) {
      variables_ = variables;
      return std::make_unique<agents::LlmResponder>(
          llm_, kScript, providers::ChatRequest{},
          providers::expected_phrases(providers::parse_script(kScript)));
    };
    setup.make_recorder = [this](int input_rate, int) {
      recorder_rate_ = input_rate;
      return std::unique_ptr<engine::CallRecorder>();
    };
    setup.on_end = [this](const CallEnding& ending, std::function<void()> then) {
      endings_.push_back(ending);
      then_ = std::move(then);
    };
    return setup;
  }

  void say(const std::vector<std::int16_t>& samples) {
    for (std::size_t at = 0; at < samples.size(); at += 160) {
      const auto n = std::min<std::size_t>(160, samples.size() - at);
      handler_->on_text(media_message(std::span(samples).subspan(at, n)));
      executor_.advance(20ms);
    }
  }
  void silence(int ms) { say(std::vector<std::int16_t>(static_cast<std::size_t>(ms) * 8, 0)); }

  static constexpr const char* kScript = "goodbye => Goodbye. [end_call]\n";
  core::ManualClock clock_;
  core::ManualExecutor executor_{clock_};
  MemoryConnection connection_{executor_};
  providers::testing::FakeSttProvider stt_;
  providers::testing::FakeTtsProvider tts_{{.sample_rate = 8000}};
  providers::ScriptedLlm llm_;
  std::unique_ptr<CarrierCallHandler> handler_;
  std::map<std::string, std::string> variables_;
  int recorder_rate_ = 0;
  std::vector<CallEnding> endings_;
  std::function<void()> then_;
  std::optional<MediaStart> resolved_start_;
  std::function<void(core::Result<CarrierCallSetup>)> done_;
};

TEST_F(CarrierCallHandlerTest, TheStartMessageStartsTheCallAndTheGreetingGoesOutAsTwilioMedia) {
  open();
  handler_->on_text(R"({"event":"connected","protocol":"Call","version":"1.0.0"})");
  executor_.advance(100ms);
  EXPECT_TRUE(connection_.sent.empty()) << "audio before the start message";
  handler_->on_text(start_message("CA1"));
  executor_.advance(1000ms);
  EXPECT_EQ(recorder_rate_, 8000);
  EXPECT_GT(connection_.count("media"), 10u);
  EXPECT_GE(connection_.count("mark"), 1u);
  EXPECT_EQ(connection_.binary, 0);
  for (const auto& text : connection_.sent)
    EXPECT_EQ(json::parse(text).at("streamSid"), "MZ1");
  // Custom parameters become the agent's variables; our own call id does not.
  EXPECT_EQ(variables_.at("customer"), "Ann");
  EXPECT_EQ(variables_.count("call_id"), 0u);
  EXPECT_EQ(connection_.close_code, 0);
}

TEST_F(CarrierCallHandlerTest, AStreamOfAnotherCallIsClosedUnheard) {
  open("CA1");
  handler_->on_text(start_message("CA2"));
  executor_.advance(1000ms);
  EXPECT_EQ(connection_.close_code, net::WebSocketClose::kPolicyViolation);
  EXPECT_EQ(connection_.count("media"), 0u);
  EXPECT_TRUE(endings_.empty());
}

TEST_F(CarrierCallHandlerTest, NoStartMessageInTimeClosesTheSocket) {
  open();
  executor_.advance(CarrierCallHandler::kStartWait + 100ms);
  EXPECT_EQ(connection_.close_code, net::WebSocketClose::kPolicyViolation);
  EXPECT_EQ(recorder_rate_, 8000) << "the call without media was not recorded";
}

TEST_F(CarrierCallHandlerTest, TooManyBadMessagesCloseTheSocket) {
  open();
  handler_->on_text(start_message("CA1"));
  for (int i = 0; i < CarrierCallHandler::kMaxBadMessages - 1; ++i)
    handler_->on_text("not json");
  EXPECT_EQ(connection_.close_code, 0);
  handler_->on_binary(std::vector<std::uint8_t>{1, 2, 3});
  EXPECT_EQ(connection_.close_code, net::WebSocketClose::kPolicyViolation);
}

TEST_F(CarrierCallHandlerTest, TwiliosStopEndsTheCallWithoutAskingTwilio) {
  open();
  handler_->on_text(start_message("CA1"));
  executor_.advance(500ms);
  handler_->on_text(
      R"({"event":"stop","streamSid":"MZ1","stop":{"accountSid":"AC1","callSid":"CA1"}})");
  executor_.advance(500ms);
  EXPECT_TRUE(endings_.empty());
  EXPECT_EQ(connection_.close_code, net::WebSocketClose::kNormal);
}

TEST_F(CarrierCallHandlerTest, AnEndFromTheAgentAsksTheCarrierFirstAndClosesAfter) {
  open();
  handler_->on_text(start_message("CA1"));
  executor_.advance(1500ms);  // the greeting plays
  for (const auto& text : connection_.sent) {
    const auto message = json::parse(text);
    if (message.at("event") == "mark") {
      handler_->on_text(json::serialize(
          json::object{{"event", "mark"}, {"streamSid", "MZ1"}, {"mark", message.at("mark")}}));
    }
  }
  stt_.script("goodbye");
  silence(300);
  say(phone_speech("Goodbye."));
  silence(3000);
  ASSERT_EQ(endings_.size(), 1u) << "the agent's hang-up never reached the carrier";
  EXPECT_EQ(endings_[0].carrier_call_id, "CA1");
  EXPECT_FALSE(endings_[0].by_carrier);
  EXPECT_TRUE(endings_[0].transfer_to.empty());
  EXPECT_EQ(connection_.close_code, 0) << "the socket closed before the carrier had the request";
  then_();
  executor_.run_ready();
  EXPECT_EQ(connection_.close_code, net::WebSocketClose::kNormal);
}

TEST_F(CarrierCallHandlerTest, ADroppedSocketAsksTheCarrierToHangUp) {
  open();
  handler_->on_text(start_message("CA1"));
  executor_.advance(500ms);
  handler_->on_closed(net::WebSocketClose::kAbnormal, "");
  ASSERT_EQ(endings_.size(), 1u);
  EXPECT_EQ(endings_[0].reason, "caller-disconnected");
  EXPECT_EQ(endings_[0].carrier_call_id, "CA1");
}

TEST_F(CarrierCallHandlerTest, ACallFoundFromItsStartHearsWhatCameMeanwhile) {
  open_unresolved();
  handler_->on_text(start_message("CA1"));
  ASSERT_TRUE(resolved_start_.has_value());
  EXPECT_EQ(resolved_start_->carrier_call_id, "CA1");
  EXPECT_EQ(resolved_start_->stream_id, "MZ1");
  handler_->on_text(R"({"event":"dtmf","streamSid":"MZ1","dtmf":{"digit":"4"}})");
  executor_.advance(200ms);
  EXPECT_TRUE(connection_.sent.empty()) << "the call spoke before it was found";
  std::thread([this] { done_(setup_for("CA1")); }).join();  // from a worker thread
  executor_.advance(1000ms);
  EXPECT_GT(connection_.count("media"), 10u);
  EXPECT_EQ(recorder_rate_, 8000);
  EXPECT_EQ(variables_.at("customer"), "Ann");
  EXPECT_EQ(connection_.close_code, 0);
}

TEST_F(CarrierCallHandlerTest, AStopWhileTheCallIsFoundEndsItOnceFound) {
  open_unresolved();
  handler_->on_text(start_message("CA1"));
  handler_->on_text(
      R"({"event":"stop","streamSid":"MZ1","stop":{"accountSid":"AC1","callSid":"CA1"}})");
  done_(setup_for("CA1"));
  executor_.advance(500ms);
  EXPECT_TRUE(endings_.empty()) << "the carrier ended the call: nothing to ask it";
  EXPECT_EQ(connection_.close_code, net::WebSocketClose::kNormal);
}

TEST_F(CarrierCallHandlerTest, AStreamNoCallMatchesIsClosed) {
  open_unresolved();
  handler_->on_text(start_message("CA9"));
  done_(core::Error::not_found("no call or connected number matches"));
  executor_.run_ready();
  EXPECT_EQ(connection_.close_code, net::WebSocketClose::kPolicyViolation);
  EXPECT_TRUE(connection_.sent.empty());
}

TEST_F(CarrierCallHandlerTest, ASocketGoneBeforeTheCallIsFoundStillEndsItsRecord) {
  open_unresolved();
  handler_->on_text(start_message("CA1"));
  handler_->on_closed(net::WebSocketClose::kAbnormal, "");
  handler_.reset();  // the connection is gone before the lookup answers
  done_(setup_for("CA1"));
  executor_.run_ready();
  EXPECT_EQ(recorder_rate_, 8000) << "the call's record was left open";
}

TEST_F(CarrierCallHandlerTest, NoStartWhileWaitingForTheCallClosesTheSocket) {
  open_unresolved();
  executor_.advance(CarrierCallHandler::kStartWait + 100ms);
  EXPECT_EQ(connection_.close_code, net::WebSocketClose::kPolicyViolation);
  EXPECT_FALSE(resolved_start_.has_value());
}

}  // namespace
}  // namespace ovos::telephony
