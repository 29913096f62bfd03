#include "support/carriers/plivo_wire.h"

#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <random>

#include "audio/g711.h"
#include "crypto/base64.h"
#include "crypto/hmac.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;

std::int64_t unix_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

LegOutput refused(std::string why) {
  LegOutput out;
  out.error = "Plivo: " + std::move(why);
  return out;
}

/// The string at `key` of `o`, or null.
const json::string* string_at(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? &v->get_string() : nullptr;
}

class PlivoWire final : public CarrierWire {
 public:
  explicit PlivoWire(std::string auth_id) : auth_id_(std::move(auth_id)) {}

  std::vector<std::string> opening(const LegStart& start) override {
    stream_id_ = start.stream_id;
    started_unix_ms_ = unix_ms_now();
    json::object message{
        {"event", "start"},
        {"sequenceNumber", next()},
        {"start",
         {{"callId", start.call_id},
          {"streamId", stream_id_},
          {"accountId", auth_id_},
          {"tracks", json::array{"inbound"}},
          {"mediaFormat", {{"encoding", "audio/x-mulaw"}, {"sampleRate", 8000}}}}}};
    // <Stream extraHeaders="k=v,..."> comes back as "k=v;k2=v2" (Plivo's start example).
    std::string extra;
    for (const auto& [k, v] : start.parameters)
      extra += (extra.empty() ? "" : ";") + k + "=" + v;
    if (!extra.empty()) message["extra_headers"] = extra;
    return {json::serialize(message)};
  }

  std::string media(std::span<const std::int16_t> samples, std::int64_t chunk,
                    std::int64_t timestamp_ms) override {
    const auto mulaw = audio::encode_mulaw(samples);
    return json::serialize(
        json::object{{"event", "media"},
                     {"sequenceNumber", next()},
                     {"streamId", stream_id_},
                     {"media",
                      {{"track", "inbound"},
                       {"timestamp", std::to_string(started_unix_ms_ + timestamp_ms)},
                       {"chunk", chunk},
                       {"payload", crypto::base64_encode(mulaw)}}}});
  }

  std::string dtmf(char digit) override {
    return json::serialize(json::object{{"event", "dtmf"},
                                        {"sequenceNumber", next()},
                                        {"streamId", stream_id_},
                                        {"dtmf",
                                         {{"track", "inbound"},
                                          {"digit", std::string(1, digit)},
                                          {"timestamp", std::to_string(unix_ms_now())}}}});
  }

  std::string played(const std::string& name) override {
    return json::serialize(json::object{{"event", "playedStream"},
                                        {"sequenceNumber", next()},
                                        {"streamId", stream_id_},
                                        {"name", name}});
  }

  std::string cleared() override {
    return json::serialize(json::object{
        {"event", "clearedAudio"}, {"sequenceNumber", next()}, {"streamId", stream_id_}});
  }
  // "playedStream will only be emitted if the preceding events were played successfully".
  [[nodiscard]] bool echo_marks_on_clear() const override { return false; }
  std::string stop() override { return {}; }

  LegOutput parse(std::string_view text) override {
    boost::system::error_code ec;
    const json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) return refused("not a JSON object");
    const auto& o = v.get_object();
    const json::string* event = string_at(o, "event");
    if (event == nullptr) return refused("no event");
    if (*event == "playAudio") return play_audio(o);
    if (*event == "checkpoint" || *event == "clearAudio") {
      const json::string* stream = string_at(o, "streamId");
      if (stream == nullptr || *stream != stream_id_) {
        return refused(std::string(*event) + ": streamId is not this stream's");
      }
      LegOutput out;
      if (*event == "clearAudio") {
        out.kind = LegOutput::Kind::kClear;
        return out;
      }
      const json::string* name = string_at(o, "name");
      if (name == nullptr || name->empty()) return refused("checkpoint without a name");
      out.kind = LegOutput::Kind::kMark;
      out.name = std::string(*name);
      return out;
    }
    if (*event == "sendDTMF") {
      const json::string* digits = string_at(o, "dtmf");
      if (digits == nullptr || digits->empty() ||
          digits->find_first_not_of("0123456789*#ABCD") != json::string::npos) {
        return refused("sendDTMF needs dtmf digits");
      }
      LegOutput out;
      out.name = std::string(*digits);
      return out;
    }
    return refused("takes only playAudio, checkpoint, clearAudio and sendDTMF, not " +
                   std::string(*event));
  }

 private:
  LegOutput play_audio(const json::object& o) const {
    const json::value* media = o.if_contains("media");
    if (media == nullptr || !media->is_object()) return refused("playAudio without media");
    const auto& m = media->get_object();
    const json::string* type = string_at(m, "contentType");
    const json::value* rate = m.if_contains("sampleRate");
    if (type == nullptr || *type != "audio/x-mulaw") {
      return refused("playAudio contentType must be the stream's audio/x-mulaw");
    }
    if (rate == nullptr || !rate->is_number() || rate->to_number<double>() != 8000) {
      return refused("playAudio sampleRate must be the stream's 8000");
    }
    const json::string* payload = string_at(m, "payload");
    if (payload == nullptr) return refused("playAudio without a payload");
    const auto decoded = crypto::base64_decode(std::string(*payload));
    if (!decoded.ok()) return refused("playAudio payload is not base64");
    if (decoded->starts_with("RIFF")) return refused("playAudio payload has a WAV header");
    LegOutput out;
    out.kind = LegOutput::Kind::kAudio;
    out.samples = audio::decode_mulaw(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t*>(decoded->data()), decoded->size()));
    return out;
  }

  std::int64_t next() { return ++sequence_; }

  std::string auth_id_;
  std::string stream_id_;
  std::int64_t started_unix_ms_ = 0;
  std::int64_t sequence_ = 0;
};

/// Python's urllib.parse.parse_qs(keep_blank_values=True): name -> values, '+' is a space.
std::map<std::string, std::vector<std::string>> query_map(std::string_view query) {
  std::map<std::string, std::vector<std::string>> out;
  for (auto& [name, value] : parse_form(query))
    out[name].push_back(std::move(value));
  return out;
}

}  // namespace

std::unique_ptr<CarrierWire> make_plivo_wire(std::string auth_id) {
  return std::make_unique<PlivoWire>(std::move(auth_id));
}

// plivo-python signature_v3.py: construct_get_url / construct_post_url / get_signature_v3.
std::string plivo_test_signature_v3(const std::string& auth_token, const std::string& method,
                                    const std::string& url, const FormParams& params,
                                    const std::string& nonce) {
  const auto query_at = url.find('?');
  const std::string base = url.substr(0, std::min(query_at, url.find('#')));
  const std::string query = query_at == std::string::npos
                                ? std::string()
                                : url.substr(query_at + 1, url.find('#', query_at) - query_at - 1);
  std::map<std::string, std::vector<std::string>> body;
  for (const auto& [name, value] : params)
    body[name].push_back(value);
  auto query_params = query_map(query);
  if (method == "GET") {
    for (auto& [name, values] : body)
      query_params.emplace(name, values);  // the URL's own values win, as params.update() does
    body.clear();
  }
  std::string sorted_query;
  for (auto& [name, values] : query_params) {
    std::sort(values.begin(), values.end());
    for (const auto& value : values)
      sorted_query += (sorted_query.empty() ? "" : "&") + name + "=" + value;
  }
  std::string data = base;
  if (!sorted_query.empty() || !body.empty()) data += "?" + sorted_query;
  if (!sorted_query.empty() && !body.empty()) data += ".";
  for (auto& [name, values] : body) {
    std::sort(values.begin(), values.end());
    for (const auto& value : values)
      data += name + value;
  }
  data += "." + nonce;
  const auto digest = crypto::hmac_sha256(auth_token, data);
  return crypto::base64_encode(std::span<const std::uint8_t>(digest.data(), digest.size()));
}

std::string plivo_test_nonce() {
  static std::mutex mutex;
  static std::mt19937_64 random{std::random_device{}()};
  std::lock_guard lock(mutex);
  std::string nonce;
  for (int i = 0; i < 20; ++i)
    nonce += static_cast<char>('0' + random() % 10);
  return nonce;
}

}  // namespace ovos::testing
