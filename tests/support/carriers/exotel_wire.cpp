#include "support/carriers/exotel_wire.h"

#include <boost/json.hpp>
#include <cstring>

#include "crypto/base64.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;

LegOutput refused(std::string why) {
  LegOutput out;
  out.error = "Exotel: " + std::move(why);
  return out;
}

const json::string* string_at(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? &v->get_string() : nullptr;
}

class ExotelWire final : public CarrierWire {
 public:
  explicit ExotelWire(std::string account_sid) : account_sid_(std::move(account_sid)) {}

  [[nodiscard]] std::size_t frame_samples() const override { return 800; }

  std::vector<std::string> opening(const LegStart& start) override {
    stream_sid_ = start.stream_id;
    call_sid_ = start.call_id;
    json::object custom;
    for (const auto& [k, v] : start.parameters)
      custom[k] = v;
    json::object message{
        {"event", "start"},
        {"sequence_number", next()},
        {"stream_sid", stream_sid_},
        {"start",
         {{"stream_sid", stream_sid_},
          {"call_sid", call_sid_},
          {"account_sid", account_sid_},
          {"from", start.from},
          {"to", start.to},
          {"custom_parameters", custom},
          {"media_format",
           {{"encoding", "audio/x-raw"}, {"sample_rate", "8000"}, {"bit_rate", "16"}}}}}};
    return {R"({"event":"connected"})", json::serialize(message)};
  }

  std::string media(std::span<const std::int16_t> samples, std::int64_t chunk,
                    std::int64_t timestamp_ms) override {
    std::string pcm(samples.size() * 2, '\0');
    for (std::size_t i = 0; i < samples.size(); ++i) {
      const auto v = static_cast<std::uint16_t>(samples[i]);
      pcm[2 * i] = static_cast<char>(v & 0xff);
      pcm[2 * i + 1] = static_cast<char>(v >> 8);
    }
    return json::serialize(json::object{{"event", "media"},
                                        {"sequence_number", next()},
                                        {"stream_sid", stream_sid_},
                                        {"media",
                                         {{"chunk", std::to_string(chunk)},
                                          {"timestamp", std::to_string(timestamp_ms)},
                                          {"payload", crypto::base64_encode(pcm)}}}});
  }

  std::string dtmf(char digit) override {
    return json::serialize(
        json::object{{"event", "dtmf"},
                     {"sequence_number", next()},
                     {"stream_sid", stream_sid_},
                     {"dtmf", {{"digit", std::string(1, digit)}, {"duration", "100"}}}});
  }

  std::string played(const std::string& name) override {
    return json::serialize(json::object{{"event", "mark"},
                                        {"sequence_number", next()},
                                        {"stream_sid", stream_sid_},
                                        {"mark", {{"name", name}}}});
  }

  std::string cleared() override { return {}; }  // Exotel confirms no clear
  [[nodiscard]] bool echo_marks_on_clear() const override { return false; }

  std::string stop() override {
    return json::serialize(json::object{
        {"event", "stop"},
        {"sequence_number", next()},
        {"stream_sid", stream_sid_},
        {"stop",
         {{"call_sid", call_sid_}, {"account_sid", account_sid_}, {"reason", "callended"}}}});
  }

  LegOutput parse(std::string_view text) override {
    boost::system::error_code ec;
    const json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) return refused("not a JSON object");
    const auto& o = v.get_object();
    const json::string* event = string_at(o, "event");
    if (event == nullptr) return refused("no event");
    const json::string* stream = string_at(o, "stream_sid");
    if (stream == nullptr || *stream != stream_sid_) {
      return refused(std::string(*event) + ": stream_sid is not this stream's");
    }
    LegOutput out;
    if (*event == "clear") {
      out.kind = LegOutput::Kind::kClear;
      return out;
    }
    if (*event == "mark") {
      const json::value* mark = o.if_contains("mark");
      const json::string* name =
          mark != nullptr && mark->is_object() ? string_at(mark->get_object(), "name") : nullptr;
      if (name == nullptr || name->empty()) return refused("mark without mark.name");
      out.kind = LegOutput::Kind::kMark;
      out.name = std::string(*name);
      return out;
    }
    if (*event == "media") return media_out(o);
    return refused("takes only media, mark and clear, not " + std::string(*event));
  }

 private:
  static LegOutput media_out(const json::object& o) {
    const json::value* media = o.if_contains("media");
    const json::string* payload = media != nullptr && media->is_object()
                                      ? string_at(media->get_object(), "payload")
                                      : nullptr;
    if (payload == nullptr) return refused("media without media.payload");
    const auto decoded = crypto::base64_decode(std::string(*payload));
    if (!decoded.ok()) return refused("media payload is not base64");
    if (decoded->starts_with("RIFF")) return refused("media payload has a WAV header");
    const std::size_t bytes = decoded->size();
    if (bytes % 320 != 0 || bytes < 3200 || bytes > 100000) {
      return refused("media chunk of " + std::to_string(bytes) +
                     " bytes: must be a multiple of 320 bytes, 3,200 to 100,000");
    }
    LegOutput out;
    out.kind = LegOutput::Kind::kAudio;
    out.samples.resize(bytes / 2);
    for (std::size_t i = 0; i < out.samples.size(); ++i) {
      const auto lo = static_cast<std::uint8_t>((*decoded)[2 * i]);
      const auto hi = static_cast<std::uint8_t>((*decoded)[2 * i + 1]);
      out.samples[i] = static_cast<std::int16_t>(static_cast<std::uint16_t>(lo | (hi << 8)));
    }
    return out;
  }

  std::string next() { return std::to_string(++sequence_); }

  std::string account_sid_;
  std::string stream_sid_;
  std::string call_sid_;
  std::int64_t sequence_ = 0;
};

}  // namespace

std::unique_ptr<CarrierWire> make_exotel_wire(std::string account_sid) {
  return std::make_unique<ExotelWire>(std::move(account_sid));
}

}  // namespace ovos::testing
