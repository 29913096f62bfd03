#include "providers/stt/openai/openai_stt_provider.h"

#include <utility>

#include "audio/wav.h"
#include "core/ids.h"
#include "providers/llm/openai/openai_errors.h"
#include "providers/speech/credential.h"
#include "providers/speech/segmented_stt_stream.h"
#include "providers/speech/vendor_url.h"
#include "providers/stt/openai/openai_transcription_protocol.h"

namespace ovos::providers::openai {
namespace {

constexpr std::string_view kSchema = R"({
  "type": "object",
  "properties": {
    "model": {"type": "string", "default": "whisper-1",
              "examples": ["whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe"]},
    "language": {"type": "string", "description": "ISO-639-1, e.g. en; multi: detect."},
    "keywords": {"type": "string", "description": "Comma-separated words to expect (the prompt)."}
  }
})";

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words)
    out += (out.empty() ? "" : ", ") + word;
  return out;
}

}  // namespace

OpenAiSttProvider::OpenAiSttProvider(net::EventLoop& loop, OpenAiSttConfig config)
    : loop_(loop),
      config_(std::move(config)),
      client_(net::HttpClient::create(loop, config_.http)) {}

std::string_view OpenAiSttProvider::config_schema() const {
  return kSchema;
}

core::Result<std::unique_ptr<SttStream>> OpenAiSttProvider::open_stream(const SttOptions& options,
                                                                        core::Executor& events_on,
                                                                        SttEventHandler on_event) {
  auto access = speech::vendor_access("openai", options.credentials, config_.default_base_url,
                                      speech::VendorApi::kHttp);
  if (!access.ok()) return std::move(access).error();

  std::vector<net::HttpHeader> headers = {{"Authorization", "Bearer " + access->api_key}};
  const std::string organization = speech::credential(options.credentials, "organization");
  if (!organization.empty()) headers.push_back({"OpenAI-Organization", organization});
  TranscriptionParams params;
  const bool openai_model =
      options.model.starts_with("whisper") || options.model.starts_with("gpt-");
  params.model = openai_model ? options.model : config_.default_model;
  params.language = transcription_language(options.language);
  params.prompt = joined(options.keywords);

  speech::SegmentedSttSetup setup;
  setup.vendor = "openai";
  setup.loop = &loop_;
  setup.client = client_;
  setup.retry = net::RetryPolicy(config_.retry);
  setup.sample_rate = options.sample_rate;
  setup.request_for = [url = transcription_url(access->base_url), headers = std::move(headers),
                       params, rate = options.sample_rate](std::span<const std::int16_t> samples) {
    const std::string boundary = "ovos-" + core::new_id();
    net::HttpClientRequest request;
    request.method = "POST";
    request.url = url;
    request.headers = headers;
    request.headers.push_back({"Content-Type", multipart_content_type(boundary)});
    request.body = transcription_body(boundary, audio::write_wav(samples, rate, 1), params);
    return request;
  };
  setup.text_of = [](std::string_view body) { return decode_transcription(body); };
  setup.error_for = [](int status, std::string_view body) {
    core::Error error = parse_error_body(status, body);
    error.message = "openai: " + error.message;
    return error;
  };
  return std::unique_ptr<SttStream>(
      speech::SegmentedSttStream::start(std::move(setup), events_on, std::move(on_event)));
}

}  // namespace ovos::providers::openai
