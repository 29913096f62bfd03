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
  auto access = speech::vendor_access("openai", options.credentials, config_.default_base_url,
                                      speech::VendorApi::kHttp);
  if (!access.ok()) return std::move(access).error();
  SpeechParams params;
  params.model = options.model.empty() ? config_.default_model : options.model;
  params.voice = options.voice.empty() ? config_.default_voice : options.voice;

  std::vector<net::HttpHeader> headers = {{"Authorization", "Bearer " + access->api_key}};
  const std::string organization = speech::credential(options.credentials, "organization");
  if (!organization.empty()) headers.push_back({"OpenAI-Organization", organization});

  auto setup = speech::http_tts_setup("openai", loop_, client_, config_.retry, kSpeechPcmRate,
                                      options.sample_rate);
  setup.request_for =
      speech::json_post_for(speech_url(access->base_url), std::move(headers),
                            [params](std::string_view text) { return speech_body(params, text); });
  setup.error_for = [](int status, std::string_view body) {
    core::Error error = parse_error_body(status, body);
    error.message = "openai: " + error.message;
    return error;
  };
  return std::unique_ptr<TtsStream>(
      speech::HttpTtsStream::start(std::move(setup), events_on, std::move(on_event)));
}

}  // namespace ovos::providers::openai
