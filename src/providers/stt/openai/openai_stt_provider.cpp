#include "providers/stt/openai/openai_stt_provider.h"

#include <utility>

#include "providers/speech/credential.h"
#include "providers/speech/vendor_url.h"
#include "providers/stt/openai/openai_stt_stream.h"

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
  const std::string key = speech::credential(options.credentials, "api_key");
  if (key.empty()) return core::Error::unauthenticated("openai: credentials.api_key is missing");
  std::string base_url = speech::credential(options.credentials, "base_url");
  if (base_url.empty()) base_url = config_.default_base_url;
  auto base = speech::http_base(base_url);
  if (!base.ok()) return std::move(base).error();

  TranscriptionSetup setup;
  setup.loop = &loop_;
  setup.client = client_;
  setup.retry = net::RetryPolicy(config_.retry);
  setup.url = transcription_url(*base);
  setup.headers = {{"Authorization", "Bearer " + key}};
  const std::string organization = speech::credential(options.credentials, "organization");
  if (!organization.empty()) setup.headers.push_back({"OpenAI-Organization", organization});
  const bool openai_model =
      options.model.starts_with("whisper") || options.model.starts_with("gpt-");
  setup.params.model = openai_model ? options.model : config_.default_model;
  setup.params.language = transcription_language(options.language);
  setup.params.prompt = joined(options.keywords);
  setup.sample_rate = options.sample_rate;
  return std::unique_ptr<SttStream>(
      OpenAiTranscriptionStream::start(std::move(setup), events_on, std::move(on_event)));
}

}  // namespace ovos::providers::openai
