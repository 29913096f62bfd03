#include "providers/stt/openai/openai_transcription_protocol.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace ovos::providers::openai {
namespace {

void add_field(std::string& body, std::string_view boundary, std::string_view name,
               std::string_view value) {
  body += "--";
  body += boundary;
  body += "\r\nContent-Disposition: form-data; name=\"";
  body += name;
  body += "\"\r\n\r\n";
  body += value;
  body += "\r\n";
}

}  // namespace

std::string transcription_url(std::string_view base) {
  return std::string(base) + "/audio/transcriptions";
}

std::string multipart_content_type(std::string_view boundary) {
  return "multipart/form-data; boundary=" + std::string(boundary);
}

std::string transcription_body(std::string_view boundary, std::span<const std::uint8_t> wav,
                               const TranscriptionParams& params) {
  std::string body;
  body.reserve(wav.size() + 1024);
  body += "--";
  body += boundary;
  body += "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"audio.wav\"\r\n";
  body += "Content-Type: audio/wav\r\n\r\n";
  body.append(reinterpret_cast<const char*>(wav.data()), wav.size());
  body += "\r\n";
  add_field(body, boundary, "model", params.model);
  add_field(body, boundary, "response_format", "json");
  if (!params.language.empty()) add_field(body, boundary, "language", params.language);
  if (!params.prompt.empty()) add_field(body, boundary, "prompt", params.prompt);
  body += "--";
  body += boundary;
  body += "--\r\n";
  return body;
}

core::Result<std::string> decode_transcription(std::string_view body) {
  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(body, ec);
  if (ec || !parsed.is_object()) {
    return core::Error::invalid("openai: the transcription is not a JSON object");
  }
  const boost::json::value* text = parsed.get_object().if_contains("text");
  if (text == nullptr || !text->is_string()) {
    return core::Error::invalid("openai: the transcription has no text");
  }
  return std::string(text->get_string());
}

std::string transcription_language(std::string_view language) {
  const std::string_view code = language.substr(0, language.find_first_of("-_"));
  if (code == "multi" || code == "auto") return {};
  std::string out;
  for (const char c : code)
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

}  // namespace ovos::providers::openai
