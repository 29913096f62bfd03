#include "providers/stt/azure/azure_stt_provider.h"

#include <utility>

#include "audio/resampler.h"
#include "audio/wav.h"
#include "providers/speech/credential.h"
#include "providers/speech/http_status_error.h"
#include "providers/speech/segmented_stt_stream.h"
#include "providers/speech/vendor_url.h"
#include "providers/stt/azure/azure_stt_protocol.h"
#include "providers/tts/azure/azure_tts_protocol.h"

namespace ovos::providers::azure {
namespace {

constexpr std::string_view kSchema = R"({
  "type": "object",
  "properties": {
    "language": {"type": "string", "default": "en-US", "description": "Locale, e.g. en-US, hi-IN."}
  }
})";

/// `samples` at `rate` as 16 kHz PCM.
std::vector<std::int16_t> at_16k(std::span<const std::int16_t> samples, int rate) {
  if (rate == kShortAudioRate) return {samples.begin(), samples.end()};
  auto resampler = audio::Resampler::create(rate, kShortAudioRate);
  if (!resampler.ok()) return {samples.begin(), samples.end()};
  auto out = resampler->process(samples);
  const auto tail = resampler->flush();
  out.insert(out.end(), tail.begin(), tail.end());
  return out;
}

}  // namespace

AzureSttProvider::AzureSttProvider(net::EventLoop& loop, AzureSttConfig config)
    : loop_(loop),
      config_(std::move(config)),
      client_(net::HttpClient::create(loop, config_.http)) {}

std::string_view AzureSttProvider::config_schema() const {
  return kSchema;
}

core::Result<std::unique_ptr<SttStream>> AzureSttProvider::open_stream(const SttOptions& options,
                                                                       core::Executor& events_on,
                                                                       SttEventHandler on_event) {
  const std::string key = speech::credential(options.credentials, "api_key");
  if (key.empty()) return core::Error::unauthenticated("azure: credentials.api_key is missing");
  std::string base_url = speech::credential(options.credentials, "base_url");
  const std::string region = speech::credential(options.credentials, "region");
  if (base_url.empty() && region.empty()) {
    return core::Error::invalid("azure: credentials.region is missing");
  }
  if (base_url.empty()) base_url = recognition_base(region);
  auto base = speech::http_base(base_url);
  if (!base.ok()) return std::move(base).error();

  speech::SegmentedSttSetup setup;
  setup.vendor = "azure";
  setup.loop = &loop_;
  setup.client = client_;
  setup.retry = net::RetryPolicy(config_.retry);
  setup.sample_rate = options.sample_rate;
  setup.max_seconds = kShortAudioMaxSeconds;
  setup.request_for = [url = recognition_url(*base, locale_of(options.language)), key,
                       rate = options.sample_rate](std::span<const std::int16_t> samples) {
    net::HttpClientRequest request;
    request.method = "POST";
    request.url = url;
    request.headers = {{"Ocp-Apim-Subscription-Key", key},
                       {"Content-Type", std::string(recognition_content_type())},
                       {"Accept", "application/json"}};
    const auto wav = audio::write_wav(at_16k(samples, rate), kShortAudioRate, 1);
    request.body.assign(wav.begin(), wav.end());
    return request;
  };
  setup.text_of = [](std::string_view body) { return recognized_text(body); };
  setup.error_for = [](int status, std::string_view body) {
    return speech::http_status_error("azure", status, body);
  };
  return std::unique_ptr<SttStream>(
      speech::SegmentedSttStream::start(std::move(setup), events_on, std::move(on_event)));
}

}  // namespace ovos::providers::azure
