#include "providers/tts/deepgram/deepgram_tts_provider.h"

#include <utility>

#include "providers/speech/credential.h"
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
  const std::string key = speech::credential(options.credentials, "api_key");
  if (key.empty()) return core::Error::unauthenticated("deepgram: credentials.api_key is missing");
  std::string base_url = speech::credential(options.credentials, "base_url");
  if (base_url.empty()) base_url = config_.default_base_url;
  auto base = speech::http_base(base_url);
  if (!base.ok()) return std::move(base).error();
  std::string model = options.model;
  if (model.empty()) model = options.voice_id;
  if (model.empty()) model = config_.default_model;
  const int rate = speak_rate(options.sample_rate);

  speech::HttpTtsSetup setup;
  setup.vendor = "deepgram";
  setup.loop = &loop_;
  setup.client = client_;
  setup.retry = net::RetryPolicy(config_.retry);
  setup.source_rate = rate;
  setup.output_rate = options.sample_rate;
  setup.request_for = [url = speak_url(*base, model, rate),
                       auth = authorization(key)](std::string_view text) {
    net::HttpClientRequest request;
    request.method = "POST";
    request.url = url;
    request.headers = {{"Authorization", auth}, {"Content-Type", "application/json"}};
    request.body = speak_body(text);
    return request;
  };
  setup.error_for = [](int status, std::string_view body) {
    return speech::http_status_error("deepgram", status, describe_error_body(body));
  };
  return std::unique_ptr<TtsStream>(
      speech::HttpTtsStream::start(std::move(setup), events_on, std::move(on_event)));
}

}  // namespace ovos::providers::deepgram
