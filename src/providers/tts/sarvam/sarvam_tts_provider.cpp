#include "providers/tts/sarvam/sarvam_tts_provider.h"

#include <utility>

#include "providers/speech/credential.h"
#include "providers/speech/http_tts_stream.h"
#include "providers/speech/vendor_url.h"
#include "providers/tts/sarvam/sarvam_protocol.h"

namespace ovos::providers::sarvam {
namespace {

constexpr std::string_view kSchema = R"({
  "type": "object",
  "properties": {
    "model": {"type": "string", "default": "bulbul:v2",
              "examples": ["bulbul:v2", "bulbul:v3"]},
    "voice_id": {"type": "string", "description": "Speaker (anushka, abhilash, manisha, vidya, arya, karun, hitesh on bulbul:v2; shubh, aditya, ritu, priya... on bulbul:v3)."},
    "voice": {"type": "string", "description": "Speaker, when voice_id is empty."},
    "language": {"type": "string", "default": "hi-IN",
                 "description": "hi, bn, en, gu, kn, ml, mr, od, pa, ta, te (sent as xx-IN)."}
  }
})";

}  // namespace

SarvamTtsProvider::SarvamTtsProvider(net::EventLoop& loop, SarvamTtsConfig config)
    : loop_(loop),
      config_(std::move(config)),
      client_(net::HttpClient::create(loop, config_.http)) {}

std::string_view SarvamTtsProvider::config_schema() const {
  return kSchema;
}

core::Result<std::unique_ptr<TtsStream>> SarvamTtsProvider::open_stream(const TtsOptions& options,
                                                                        core::Executor& events_on,
                                                                        TtsEventHandler on_event) {
  const std::string key = speech::credential(options.credentials, "api_key");
  if (key.empty()) return core::Error::unauthenticated("sarvam: credentials.api_key is missing");
  std::string base_url = speech::credential(options.credentials, "base_url");
  if (base_url.empty()) base_url = config_.default_base_url;
  auto base = speech::http_base(base_url);
  if (!base.ok()) return std::move(base).error();
  SpeechParams params;
  params.model = options.model.empty() ? "bulbul:v2" : options.model;
  params.speaker = !options.voice_id.empty() ? options.voice_id
                   : !options.voice.empty()  ? options.voice
                                             : default_speaker(params.model);
  params.language = sarvam_language(options.language);
  params.sample_rate = sarvam_rate(options.sample_rate);

  speech::HttpTtsSetup setup;
  setup.vendor = "sarvam";
  setup.loop = &loop_;
  setup.client = client_;
  setup.retry = net::RetryPolicy(config_.retry);
  setup.source_rate = params.sample_rate;
  setup.output_rate = options.sample_rate;
  setup.request_for = [url = speech_url(*base), key, params](std::string_view text) {
    net::HttpClientRequest request;
    request.method = "POST";
    request.url = url;
    request.headers = {{"api-subscription-key", key}, {"Content-Type", "application/json"}};
    request.body = speech_body(params, text);
    return request;
  };
  setup.error_for = [](int status, std::string_view body) { return error_for(status, body); };
  setup.decode_body = [](std::string_view body) { return decode_speech_answer(body); };
  return std::unique_ptr<TtsStream>(
      speech::HttpTtsStream::start(std::move(setup), events_on, std::move(on_event)));
}

}  // namespace ovos::providers::sarvam
