#include "providers/tts/smallest/smallest_tts_provider.h"

#include <utility>

#include "providers/speech/http_tts_stream.h"
#include "providers/speech/vendor_url.h"
#include "providers/tts/smallest/smallest_protocol.h"

namespace ovos::providers::smallest {
namespace {

constexpr std::string_view kSchema = R"({
  "type": "object",
  "properties": {
    "voice_id": {"type": "string", "default": "magnus", "description": "Smallest voice id."},
    "voice": {"type": "string", "description": "Voice id, when voice_id is empty."},
    "model": {"type": "string", "default": "lightning_v3.1",
              "examples": ["lightning_v3.1", "lightning_v3.1_pro"],
              "description": "Other names (lightning, lightning-large) use lightning_v3.1."},
    "language": {"type": "string", "default": "en"}
  }
})";

}  // namespace

SmallestTtsProvider::SmallestTtsProvider(net::EventLoop& loop, SmallestTtsConfig config)
    : loop_(loop),
      config_(std::move(config)),
      client_(net::HttpClient::create(loop, config_.http)) {}

std::string_view SmallestTtsProvider::config_schema() const {
  return kSchema;
}

core::Result<std::unique_ptr<TtsStream>> SmallestTtsProvider::open_stream(
    const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) {
  auto access = speech::vendor_access("smallest", options.credentials, config_.default_base_url,
                                      speech::VendorApi::kHttp);
  if (!access.ok()) return std::move(access).error();
  SpeechParams params;
  params.voice_id = !options.voice_id.empty() ? options.voice_id
                    : !options.voice.empty()  ? options.voice
                                              : "magnus";
  params.model = smallest_model(options.model);
  params.language = smallest_language(options.language);
  params.sample_rate = smallest_rate(options.sample_rate);

  auto setup = speech::http_tts_setup("smallest", loop_, client_, config_.retry, params.sample_rate,
                                      options.sample_rate);
  setup.request_for = speech::json_post_for(
      speech_url(access->base_url),
      {{"Authorization", "Bearer " + access->api_key}, {"Accept", "audio/wav"}},
      [params](std::string_view text) { return speech_body(params, text); });
  setup.error_for = [](int status, std::string_view body) { return error_for(status, body); };
  return std::unique_ptr<TtsStream>(
      speech::HttpTtsStream::start(std::move(setup), events_on, std::move(on_event)));
}

}  // namespace ovos::providers::smallest
