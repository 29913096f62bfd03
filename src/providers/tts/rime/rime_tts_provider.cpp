#include "providers/tts/rime/rime_tts_provider.h"

#include <utility>

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
  auto access = speech::vendor_access("rime", options.credentials, config_.default_base_url,
                                      speech::VendorApi::kHttp);
  if (!access.ok()) return std::move(access).error();
  SpeechParams params;
  params.speaker = !options.voice_id.empty() ? options.voice_id
                   : !options.voice.empty()  ? options.voice
                                             : config_.default_speaker;
  params.model_id = options.model.empty() ? config_.default_model : options.model;
  params.lang = rime_language(options.language);
  params.sampling_rate = options.sample_rate;

  auto setup = speech::http_tts_setup("rime", loop_, client_, config_.retry, options.sample_rate,
                                      options.sample_rate);
  setup.request_for = speech::json_post_for(
      speech_url(access->base_url),
      {{"Authorization", "Bearer " + access->api_key}, {"Accept", "audio/pcm"}},
      [params](std::string_view text) { return speech_body(params, text); });
  return std::unique_ptr<TtsStream>(
      speech::HttpTtsStream::start(std::move(setup), events_on, std::move(on_event)));
}

}  // namespace ovos::providers::rime
