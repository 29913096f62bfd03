#include "providers/tts/rime/rime_tts_provider.h"

#include <utility>

#include "providers/speech/credential.h"
#include "providers/speech/http_status_error.h"
#include "providers/speech/http_tts_stream.h"
#include "providers/speech/vendor_url.h"
#include "providers/tts/rime/rime_protocol.h"

namespace ovos::providers::rime {
namespace {

constexpr std::string_view kSchema = R"({
  "type": "object",
  "properties": {
    "voice_id": {"type": "string", "default": "cove", "description": "Rime speaker."},
    "voice": {"type": "string", "description": "Speaker, when voice_id is empty."},
    "model": {"type": "string", "default": "mistv2", "examples": ["mistv2", "mist", "arcana"]},
    "language": {"type": "string", "default": "en"}
  }
})";

}  // namespace

RimeTtsProvider::RimeTtsProvider(net::EventLoop& loop, RimeTtsConfig config)
    : loop_(loop),
      config_(std::move(config)),
      client_(net::HttpClient::create(loop, config_.http)) {}

std::string_view RimeTtsProvider::config_schema() const {
  return kSchema;
}

core::Result<std::unique_ptr<TtsStream>> RimeTtsProvider::open_stream(const TtsOptions& options,
                                                                      core::Executor& events_on,
                                                                      TtsEventHandler on_event) {
  const std::string key = speech::credential(options.credentials, "api_key");
  if (key.empty()) return core::Error::unauthenticated("rime: credentials.api_key is missing");
  std::string base_url = speech::credential(options.credentials, "base_url");
  if (base_url.empty()) base_url = config_.default_base_url;
  auto base = speech::http_base(base_url);
  if (!base.ok()) return std::move(base).error();
  SpeechParams params;
  params.speaker = !options.voice_id.empty() ? options.voice_id
                   : !options.voice.empty()  ? options.voice
                                             : config_.default_speaker;
  params.model_id = options.model.empty() ? config_.default_model : options.model;
  params.lang = rime_language(options.language);
  params.sampling_rate = options.sample_rate;

  speech::HttpTtsSetup setup;
  setup.vendor = "rime";
  setup.loop = &loop_;
  setup.client = client_;
  setup.retry = net::RetryPolicy(config_.retry);
  setup.source_rate = options.sample_rate;
  setup.output_rate = options.sample_rate;
  setup.request_for = [url = speech_url(*base), key, params](std::string_view text) {
    net::HttpClientRequest request;
    request.method = "POST";
    request.url = url;
    request.headers = {{"Authorization", "Bearer " + key},
                       {"Accept", "audio/pcm"},
                       {"Content-Type", "application/json"}};
    request.body = speech_body(params, text);
    return request;
  };
  setup.error_for = [](int status, std::string_view body) {
    return speech::http_status_error("rime", status, body);
  };
  return std::unique_ptr<TtsStream>(
      speech::HttpTtsStream::start(std::move(setup), events_on, std::move(on_event)));
}

}  // namespace ovos::providers::rime
