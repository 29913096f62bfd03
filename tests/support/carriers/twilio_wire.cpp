#include "support/carriers/twilio_wire.h"

#include <algorithm>
#include <boost/json.hpp>

#include "audio/g711.h"
#include "crypto/base64.h"
#include "crypto/hmac.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;

class TwilioWire final : public CarrierWire {
 public:
  explicit TwilioWire(std::string account_sid) : account_sid_(std::move(account_sid)) {}

  std::vector<std::string> opening(const LegStart& start) override {
    stream_sid_ = start.stream_id;
    call_sid_ = start.call_id;
    json::object params;
    for (const auto& [k, v] : start.parameters)
      params[k] = v;
    json::object body{
        {"accountSid", account_sid_},
        {"streamSid", stream_sid_},
        {"callSid", call_sid_},
        {"tracks", json::array{"inbound"}},
        {"customParameters", std::move(params)},
        {"mediaFormat", {{"encoding", "audio/x-mulaw"}, {"sampleRate", 8000}, {"channels", 1}}}};
    return {R"({"event":"connected","protocol":"Call","version":"1.0.0"})",
            json::serialize(json::object{{"event", "start"},
                                         {"sequenceNumber", next()},
                                         {"start", std::move(body)},
                                         {"streamSid", stream_sid_}})};
  }

  std::string media(std::span<const std::int16_t> samples, std::int64_t chunk,
                    std::int64_t timestamp_ms) override {
    const auto mulaw = audio::encode_mulaw(samples);
    return json::serialize(json::object{{"event", "media"},
                                        {"sequenceNumber", next()},
                                        {"media",
                                         {{"track", "inbound"},
                                          {"chunk", std::to_string(chunk)},
                                          {"timestamp", std::to_string(timestamp_ms)},
                                          {"payload", crypto::base64_encode(mulaw)}}},
                                        {"streamSid", stream_sid_}});
  }

  std::string dtmf(char digit) override {
    return json::serialize(
        json::object{{"event", "dtmf"},
                     {"streamSid", stream_sid_},
                     {"sequenceNumber", next()},
                     {"dtmf", {{"track", "inbound_track"}, {"digit", std::string(1, digit)}}}});
  }

  std::string played(const std::string& name) override {
    return json::serialize(json::object{{"event", "mark"},
                                        {"sequenceNumber", next()},
                                        {"streamSid", stream_sid_},
                                        {"mark", {{"name", name}}}});
  }

  std::string cleared() override { return {}; }
  [[nodiscard]] bool echo_marks_on_clear() const override { return true; }

  std::string stop() override {
    return json::serialize(
        json::object{{"event", "stop"},
                     {"sequenceNumber", next()},
                     {"streamSid", stream_sid_},
                     {"stop", {{"accountSid", account_sid_}, {"callSid", call_sid_}}}});
  }

  LegOutput parse(std::string_view text) override {
    LegOutput out;
    json::value v;
    try {
      v = json::parse(text);
    } catch (const std::exception&) {
      out.error = "31951: not JSON";
      return out;
    }
    if (!v.is_object()) {
      out.error = "31951: not a JSON object";
      return out;
    }
    const auto& o = v.as_object();
    const auto* event = o.if_contains("event");
    const auto* sid = o.if_contains("streamSid");
    if (event == nullptr || !event->is_string()) {
      out.error = "31951: no event";
      return out;
    }
    if (sid == nullptr || !sid->is_string() || sid->get_string() != stream_sid_) {
      out.error = "31951: streamSid is not this stream's";
      return out;
    }
    const std::string_view name = event->get_string();
    if (name == "media") {
      const auto decoded =
          crypto::base64_decode(std::string(o.at("media").at("payload").as_string()));
      if (!decoded.ok()) {
        out.error = "31951: payload is not base64";
        return out;
      }
      if (decoded->starts_with("RIFF")) {
        out.error = "31924: the payload has a WAV header";
        return out;
      }
      const std::span<const std::uint8_t> bytes(
          reinterpret_cast<const std::uint8_t*>(decoded->data()), decoded->size());
      out.kind = LegOutput::Kind::kAudio;
      out.samples = audio::decode_mulaw(bytes);
    } else if (name == "mark") {
      out.kind = LegOutput::Kind::kMark;
      out.name = std::string(o.at("mark").at("name").as_string());
    } else if (name == "clear") {
      out.kind = LegOutput::Kind::kClear;
    } else {
      out.error = "31951: Twilio takes only media, mark and clear, not " + std::string(name);
    }
    return out;
  }

 private:
  std::string next() { return std::to_string(++sequence_); }

  std::string account_sid_;
  std::string stream_sid_;
  std::string call_sid_;
  int sequence_ = 0;
};

}  // namespace

std::unique_ptr<CarrierWire> make_twilio_wire(std::string account_sid) {
  return std::make_unique<TwilioWire>(std::move(account_sid));
}

std::string twilio_test_signature(const std::string& auth_token, const std::string& url,
                                  std::vector<std::pair<std::string, std::string>> params) {
  std::stable_sort(params.begin(), params.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string data = url;
  for (const auto& [name, value] : params)
    data += name + value;
  const auto digest = crypto::hmac_sha1(auth_token, data);
  return crypto::base64_encode(std::span<const std::uint8_t>(digest.data(), digest.size()));
}

}  // namespace ovos::testing
