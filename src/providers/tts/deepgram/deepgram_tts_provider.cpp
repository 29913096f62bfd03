#include "providers/tts/deepgram/deepgram_tts_provider.h"

#include <utility>

#include "providers/speech/http_status_error.h"
#include "providers/speech/http_tts_stream.h"
#include "providers/speech/vendor_url.h"
#include "providers/stt/deepgram/deepgram_listen_protocol.h"
#include "providers/tts/deepgram/deepgram_speak_protocol.h"

namespace ovos::providers::deepgram {
namespace {

constexpr std::string_view kSchema = R"({
  "type": "object",
  "properties": {
    "model": {"type": "string", "default": "aura-2-thalia-en",
              "examples": ["aura-2-thalia-en", "aura-2-andromeda-en", "aura-2-apollo-en",
                           "aura-asteria-en", "aura-2-celeste-es"],
              "description": "Aura voice model; it names the voice and its language."},
    "voice": {"type": "string", "description": "Display name of the voice (not sent)."},
    "voice_id": {"type": "string", "description": "Used as the model when model is empty."}
  }
})";

}  // namespace

DeepgramTtsProvider::DeepgramTtsProvider(net::EventLoop& loop, DeepgramTtsConfig config)
    : loop_(loop),
      config_(std::move(config)),
      client_(net::HttpClient::create(loop, config_.http)) {}

std::string_view DeepgramTtsProvider::config_schema() const {
  return kSchema;
}

core::Result<std::unique_ptr<TtsStream>> DeepgramTtsProvider::open_stream(
    const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) {
  auto access = speech::vendor_access("deepgram", options.credentials, config_.default_base_url,
                                      speech::VendorApi::kHttp);
  if (!access.ok()) return std::move(access).error();
  std::string model = options.model;
  if (model.empty()) model = options.voice_id;
  if (model.empty()) model = config_.default_model;
  const int rate = speak_rate(options.sample_rate);

  auto setup =
      speech::http_tts_setup("deepgram", loop_, client_, config_.retry, rate, options.sample_rate);
  setup.request_for =
      speech::json_post_for(speak_url(access->base_url, model, rate),
                            {{"Authorization", authorization(access->api_key)}}, &speak_body);
  setup.error_for = [](int status, std::string_view body) {
    return speech::http_status_error("deepgram", status, describe_error_body(body));
  };
  return std::unique_ptr<TtsStream>(
      speech::HttpTtsStream::start(std::move(setup), events_on, std::move(on_event)));
}

}  // namespace ovos::providers::deepgram
