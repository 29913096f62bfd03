#include "providers/stt/bodhi/bodhi_protocol.h"

#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/json_read.h"

namespace ovos::providers::bodhi {
namespace {

namespace json = boost::json;

// Languages with a "<code>-general-v2-8khz" model in Navana's list of models.
constexpr std::array<std::string_view, 9> kModelLanguages = {"hi", "kn", "mr", "ta", "bn",
                                                             "en", "gu", "te", "ml"};

}  // namespace

std::string config_message(const BodhiConfig& config) {
  json::object body{{"sample_rate", config.sample_rate},
                    {"transaction_id", config.transaction_id},
                    {"model", config.model}};
  if (config.endpoint_silence_seconds > 0) {
    body["endpoint_silence_duration"] = config.endpoint_silence_seconds;
  }
  return json::serialize(json::object{{"config", std::move(body)}});
}

std::string eof_message() {
  return R"({"eof": 1})";
}

core::Result<BodhiMessage> decode_message(std::string_view text) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) return core::Error::invalid("Bodhi message is not a JSON object");
  const json::object& object = parsed.get_object();
  const json::value* type = object.if_contains("type");
  const json::value* transcript = object.if_contains("text");
  if (type == nullptr || !type->is_string() || transcript == nullptr || !transcript->is_string()) {
    return core::Error::invalid("Bodhi message without a string type and text");
  }
  BodhiMessage message;
  message.type = std::string(type->get_string());
  message.text = std::string(transcript->get_string());
  message.call_id = core::json_string_at(object, "call_id");
  message.segment_id = core::json_string_at(object, "segment_id");
  const json::value* eos = object.if_contains("eos");
  message.eos = eos != nullptr && eos->is_bool() && eos->get_bool();
  if (message.type == "partial") {
    message.kind = BodhiMessage::Kind::kPartial;
  } else if (message.type == "complete") {
    message.kind = BodhiMessage::Kind::kComplete;
  }
  return message;
}

std::string default_model(std::string_view language) {
  const std::string_view code = language.substr(0, language.find('-'));
  for (const std::string_view known : kModelLanguages) {
    if (code == known) return std::string(known) + "-general-v2-8khz";
  }
  return "hi-general-v2-8khz";
}

std::string describe_refusal(int status) {
  switch (status) {
    case 401:
      return "invalid API key or customer id";
    case 402:
      return "insufficient balance";
    case 403:
      return "customer deactivated";
    default:
      return "upgrade refused with HTTP " + std::to_string(status);
  }
}

}  // namespace ovos::providers::bodhi
