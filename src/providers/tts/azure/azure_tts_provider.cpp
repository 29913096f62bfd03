#include "providers/tts/azure/azure_tts_provider.h"

#include <utility>

#include "providers/speech/credential.h"
#include "providers/speech/http_tts_stream.h"
#include "providers/speech/vendor_url.h"
#include "providers/tts/azure/azure_tts_protocol.h"

namespace ovos::providers::azure {
namespace {

constexpr std::string_view kSchema = R"({
  "type": "object",
  "properties": {
    "voice": {"type": "string", "default": "en-US-AvaMultilingualNeural",
              "examples": ["en-US-AvaMultilingualNeural", "en-US-JennyNeural", "en-GB-SoniaNeural",
                           "hi-IN-SwaraNeural"]},
    "language": {"type": "string", "default": "en-US", "description": "Locale, e.g. en-US."}
  }
})";

}  // namespace

AzureTtsProvider::AzureTtsProvider(net::EventLoop& loop, AzureTtsConfig config)
    : loop_(loop),
      config_(std::move(config)),
      client_(net::HttpClient::create(loop, config_.http)) {}

std::string_view AzureTtsProvider::config_schema() const {
  return kSchema;
}

core::Result<std::unique_ptr<TtsStream>> AzureTtsProvider::open_stream(const TtsOptions& options,
                                                                       core::Executor& events_on,
                                                                       TtsEventHandler on_event) {
  const std::string key = speech::credential(options.credentials, "api_key");
  if (key.empty()) return core::Error::unauthenticated("azuretts: credentials.api_key is missing");
  std::string base_url = speech::credential(options.credentials, "base_url");
  const std::string region = speech::credential(options.credentials, "region");
  if (base_url.empty() && region.empty()) {
    return core::Error::invalid("azuretts: credentials.region is missing");
  }
  if (base_url.empty()) base_url = regional_base(region);
  auto base = speech::http_base(base_url);
  if (!base.ok()) return std::move(base).error();
  const int rate = output_rate(options.sample_rate);
  const std::string voice = options.voice.empty() ? config_.default_voice : options.voice;

  auto setup =
      speech::http_tts_setup("azuretts", loop_, client_, config_.retry, rate, options.sample_rate);
  setup.request_for = [url = synthesis_url(*base), key, voice, locale = locale_of(options.language),
                       format = output_format(rate)](std::string_view text) {
    net::HttpClientRequest request;
    request.method = "POST";
    request.url = url;
    request.headers = {{"Ocp-Apim-Subscription-Key", key},
                       {"Content-Type", "application/ssml+xml"},
                       {"X-Microsoft-OutputFormat", format}};
    request.body = ssml(voice, locale, text);
    return request;
  };
  return std::unique_ptr<TtsStream>(
      speech::HttpTtsStream::start(std::move(setup), events_on, std::move(on_event)));
}

}  // namespace ovos::providers::azure
