#include "providers/tts/elevenlabs/elevenlabs_tts_protocol.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/json_read.h"
#include "providers/speech/http_status_error.h"
#include "providers/speech/vendor_url.h"

namespace ovos::providers::elevenlabs {

namespace json = boost::json;

int output_rate(int wanted) {
  for (const int rate : {8000, 16000, 22050, 24000}) {
    if (wanted == rate) return rate;
  }
  return 24000;
}

std::string stream_url(std::string_view base, std::string_view voice_id, int rate) {
  return std::string(base) + "/v1/text-to-speech/" + speech::query_escape(voice_id) +
         "/stream?output_format=pcm_" + std::to_string(rate);
}

std::string stream_body(std::string_view text, std::string_view model_id) {
  return json::serialize(json::object{{"text", text}, {"model_id", model_id}});
}

core::Error error_for(int status, std::string_view body) {
  std::string vendor_status;
  std::string detail;
  boost::system::error_code ec;
  const json::value parsed = json::parse(body, ec);
  const json::value* details =
      !ec && parsed.is_object() ? parsed.get_object().if_contains("detail") : nullptr;
  if (details != nullptr && details->is_object()) {
    vendor_status = core::json_string_at(details->get_object(), "status");
    detail = core::json_string_at(details->get_object(), "message");
  } else if (details != nullptr && details->is_array()) {
    for (const json::value& item : details->get_array()) {
      if (!item.is_object()) continue;
      if (!detail.empty()) detail += "; ";
      detail += core::json_string_at(item.get_object(), "msg");
    }
  } else if (details != nullptr && details->is_string()) {
    detail = std::string(details->get_string());
  } else {
    detail = std::string(body);
  }
  if (!vendor_status.empty()) detail = vendor_status + ": " + detail;
  core::Error error = speech::http_status_error("elevenlabs", status, detail);
  if (vendor_status == "quota_exceeded") error.code = core::ErrorCode::kPermissionDenied;
  return error;
}

}  // namespace ovos::providers::elevenlabs
