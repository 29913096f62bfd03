#include "deepgram_messages.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace ovos::providers::testing {

namespace json = boost::json;

std::string results_message(std::string_view transcript, bool is_final, bool speech_final,
                            bool from_finalize, double confidence) {
  json::array words;
  double at = 0.08;
  std::string_view rest = transcript;
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    const std::string_view word = rest.substr(0, space);
    words.push_back(json::object{{"word", word},
                                 {"start", at},
                                 {"end", at + 0.3},
                                 {"confidence", confidence},
                                 {"punctuated_word", word}});
    at += 0.32;
    rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
  }
  json::object message{
      {"type", "Results"},
      {"channel_index", json::array{0, 1}},
      {"duration", 1.039875},
      {"start", 0.0},
      {"is_final", is_final},
      {"speech_final", speech_final},
      {"channel",
       json::object{{"alternatives", json::array{json::object{{"transcript", transcript},
                                                              {"confidence", confidence},
                                                              {"words", std::move(words)}}}}}},
      {"metadata", json::object{{"request_id", "5d3c1b0e-6a3f-4a7b-9d1e-1f6c7d1d9a10"},
                                {"model_info", json::object{{"name", "2-general-nova"},
                                                            {"version", "2024-01-18.26916"},
                                                            {"arch", "nova-2"}}},
                                {"model_uuid", "c0d1a568-ce81-4fea-97e7-bd45cb1fdf3c"}}},
      {"from_finalize", from_finalize}};
  return json::serialize(message);
}

std::string utterance_end_message(double last_word_end) {
  return json::serialize(json::object{
      {"type", "UtteranceEnd"}, {"channel", json::array{0, 1}}, {"last_word_end", last_word_end}});
}

std::string speech_started_message(double timestamp) {
  return json::serialize(json::object{
      {"type", "SpeechStarted"}, {"channel", json::array{0, 1}}, {"timestamp", timestamp}});
}

std::string metadata_message() {
  return R"({"type":"Metadata","transaction_key":"deprecated",)"
         R"("request_id":"5d3c1b0e-6a3f-4a7b-9d1e-1f6c7d1d9a10","sha256":"",)"
         R"("created":"2024-08-29T22:11:23.519Z","duration":2.5,"channels":1})";
}

std::string invalid_auth_body() {
  return R"({"err_code":"INVALID_AUTH","err_msg":"Invalid credentials.",)"
         R"("request_id":"f6a1e6a4-9e5f-4d4e-8a47-3b4b5e2b7c11"})";
}

}  // namespace ovos::providers::testing
