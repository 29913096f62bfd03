#include "providers/stt/deepgram/deepgram_listen_protocol.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "core/json_read.h"
#include "providers/speech/vendor_url.h"

namespace ovos::providers::deepgram {
namespace {

namespace json = boost::json;

bool bool_at(const json::object& owner, std::string_view key) {
  const json::value* value = owner.if_contains(key);
  return value != nullptr && value->is_bool() && value->get_bool();
}

double number_at(const json::object& owner, std::string_view key) {
  return core::json_number_at(&owner, key).value_or(0.0);
}

void add(std::string& query, std::string_view name, std::string_view value) {
  query += query.empty() ? '?' : '&';
  query += name;
  query += '=';
  query += speech::query_escape(value);
}

/// Fills the Results fields of `out` from `message`.
core::Result<void> read_results(const json::object& message, ListenMessage& out) {
  const json::object* channel = core::json_object_at(message, "channel");
  const json::value* alternatives =
      channel != nullptr ? channel->if_contains("alternatives") : nullptr;
  if (alternatives == nullptr || !alternatives->is_array()) {
    return core::Error::invalid("Deepgram Results without channel.alternatives");
  }
  const json::array& list = alternatives->get_array();
  if (!list.empty() && list.front().is_object()) {
    const json::object& best = list.front().get_object();
    out.transcript = core::json_string_at(best, "transcript");
    out.confidence = number_at(best, "confidence");
  }
  out.is_final = bool_at(message, "is_final");
  out.speech_final = bool_at(message, "speech_final");
  out.from_finalize = bool_at(message, "from_finalize");
  out.start = number_at(message, "start");
  out.duration = number_at(message, "duration");
  out.request_id = core::json_string_at(core::json_object_at(message, "metadata"), "request_id");
  return {};
}

}  // namespace

std::string listen_url(std::string_view base, const ListenParams& params) {
  std::string query;
  add(query, "model", params.model);
  if (!params.language.empty()) add(query, "language", params.language);
  add(query, "encoding", "linear16");
  add(query, "sample_rate", std::to_string(params.sample_rate));
  add(query, "channels", "1");
  add(query, "interim_results", params.interim_results ? "true" : "false");
  if (params.endpointing_ms > 0) add(query, "endpointing", std::to_string(params.endpointing_ms));
  if (params.utterance_end_ms > 0 && params.interim_results) {
    add(query, "utterance_end_ms", std::to_string(params.utterance_end_ms));
  }
  add(query, "vad_events", params.vad_events ? "true" : "false");
  const bool keyterms = params.model.starts_with("nova-3");
  for (const auto& keyword : params.keywords)
    add(query, keyterms ? "keyterm" : "keywords", keyword);
  return std::string(base) + "/v1/listen" + query;
}

std::string authorization(std::string_view api_key) {
  return "Token " + std::string(api_key);
}

std::string keep_alive_message() {
  return R"({"type":"KeepAlive"})";
}

std::string finalize_message() {
  return R"({"type":"Finalize"})";
}

std::string close_stream_message() {
  return R"({"type":"CloseStream"})";
}

core::Result<ListenMessage> decode_listen_message(std::string_view text) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object())
    return core::Error::invalid("Deepgram sent a message that is not a JSON object");
  const json::object& message = parsed.get_object();
  ListenMessage out;
  out.type = core::json_string_at(message, "type");
  if (out.type.empty()) return core::Error::invalid("Deepgram sent a message without a type");
  if (out.type == "Results") {
    out.kind = ListenMessage::Kind::kResults;
    if (auto read = read_results(message, out); !read.ok()) return std::move(read).error();
  } else if (out.type == "UtteranceEnd") {
    out.kind = ListenMessage::Kind::kUtteranceEnd;
    out.last_word_end = number_at(message, "last_word_end");
  } else if (out.type == "SpeechStarted") {
    out.kind = ListenMessage::Kind::kSpeechStarted;
    out.timestamp = number_at(message, "timestamp");
  } else if (out.type == "Metadata") {
    out.kind = ListenMessage::Kind::kMetadata;
    out.request_id = core::json_string_at(message, "request_id");
  } else if (out.type == "Error") {
    out.kind = ListenMessage::Kind::kError;
    for (const char* key : {"description", "message", "err_msg"}) {
      out.description = core::json_string_at(message, key);
      if (!out.description.empty()) break;
    }
    const std::string variant = core::json_string_at(message, "variant");
    if (!variant.empty()) out.description = variant + ": " + out.description;
  }
  return out;
}

std::string describe_error_body(std::string_view body) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(body, ec);
  if (!ec && parsed.is_object()) {
    const json::object& error = parsed.get_object();
    for (const auto& [code_key, message_key] :
         {std::pair{"err_code", "err_msg"}, std::pair{"category", "message"}}) {
      const std::string code = core::json_string_at(error, code_key);
      const std::string message = core::json_string_at(error, message_key);
      if (!code.empty() || !message.empty()) {
        return code.empty() ? message : message.empty() ? code : code + ": " + message;
      }
    }
  }
  return std::string(body.substr(0, 200));
}

}  // namespace ovos::providers::deepgram
