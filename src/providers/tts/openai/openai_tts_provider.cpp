#include "providers/tts/openai/openai_tts_provider.h"

#include <utility>

#include "providers/llm/openai/openai_errors.h"
#include "providers/speech/credential.h"
#include "providers/speech/http_tts_stream.h"
#include "providers/speech/vendor_url.h"
#include "providers/tts/openai/openai_speech_protocol.h"

namespace ovos::providers::openai {
namespace {

constexpr std::string_view kSchema = R"({
  "type": "object",
  "properties": {
    "model": {"type": "string", "default": "gpt-4o-mini-tts",
              "examples": ["gpt-4o-mini-tts", "tts-1", "tts-1-hd"]},
    "voice": {"type": "string", "default": "alloy",
              "examples": ["alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx",
                           "sage", "shimmer", "verse"]}
  }
})";

}  // namespace

OpenAiTtsProvider::OpenAiTtsProvider(net::EventLoop& loop, OpenAiTtsConfig config)
    : loop_(loop),
      config_(std::move(config)),
      client_(net::HttpClient::create(loop, config_.http)) {}

std::string_view OpenAiTtsProvider::config_schema() const {
  return kSchema;
}

core::Result<std::unique_ptr<TtsStream>> OpenAiTtsProvider::open_stream(const TtsOptions& options,
                                                                        core::Executor& events_on,
                                                                        TtsEventHandler on_event) {
  const std::string key = speech::credential(options.credentials, "api_key");
  if (key.empty()) return core::Error::unauthenticated("openai: credentials.api_key is missing");
  std::string base_url = speech::credential(options.credentials, "base_url");
  if (base_url.empty()) base_url = config_.default_base_url;
  auto base = speech::http_base(base_url);
  if (!base.ok()) return std::move(base).error();
  SpeechParams params;
  params.model = options.model.empty() ? config_.default_model : options.model;
  params.voice = options.voice.empty() ? config_.default_voice : options.voice;

  std::vector<net::HttpHeader> headers = {{"Authorization", "Bearer " + key},
                                          {"Content-Type", "application/json"}};
  const std::string organization = speech::credential(options.credentials, "organization");
  if (!organization.empty()) headers.push_back({"OpenAI-Organization", organization});

  speech::HttpTtsSetup setup;
  setup.vendor = "openai";
  setup.loop = &loop_;
  setup.client = client_;
  setup.retry = net::RetryPolicy(config_.retry);
  setup.source_rate = kSpeechPcmRate;
  setup.output_rate = options.sample_rate;
  setup.request_for = [url = speech_url(*base), headers = std::move(headers),
                       params](std::string_view text) {
    net::HttpClientRequest request;
    request.method = "POST";
    request.url = url;
    request.headers = headers;
    request.body = speech_body(params, text);
    return request;
  };
  setup.error_for = [](int status, std::string_view body) {
    core::Error error = parse_error_body(status, body);
    error.message = "openai: " + error.message;
    return error;
  };
  return std::unique_ptr<TtsStream>(
      speech::HttpTtsStream::start(std::move(setup), events_on, std::move(on_event)));
}

}  // namespace ovos::providers::openai
