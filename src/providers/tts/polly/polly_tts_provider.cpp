#include "providers/tts/polly/polly_tts_provider.h"

#include <utility>

#include "net/http_url.h"
#include "providers/speech/credential.h"
#include "providers/speech/http_tts_stream.h"
#include "providers/speech/vendor_url.h"
#include "providers/tts/polly/aws_sigv4.h"
#include "providers/tts/polly/polly_protocol.h"

namespace ovos::providers::polly {
namespace {

constexpr std::string_view kSchema = R"({
  "type": "object",
  "properties": {
    "voice": {"type": "string", "default": "Joanna",
              "examples": ["Joanna", "Matthew", "Amy", "Kajal", "Lupe"]},
    "engine": {"type": "string", "default": "neural",
               "enum": ["standard", "neural", "long-form", "generative"]},
    "language": {"type": "string", "description": "e.g. en-US; empty: the voice's own."}
  }
})";

}  // namespace

PollyTtsProvider::PollyTtsProvider(net::EventLoop& loop, PollyTtsConfig config)
    : loop_(loop),
      config_(std::move(config)),
      client_(net::HttpClient::create(loop, config_.http)) {}

std::string_view PollyTtsProvider::config_schema() const {
  return kSchema;
}

core::Result<std::unique_ptr<TtsStream>> PollyTtsProvider::open_stream(const TtsOptions& options,
                                                                       core::Executor& events_on,
                                                                       TtsEventHandler on_event) {
  aws::AwsCredentials keys;
  keys.access_key_id = speech::credential(options.credentials, "access_key_id");
  keys.secret_access_key = speech::credential(options.credentials, "secret_access_key");
  if (keys.access_key_id.empty() || keys.secret_access_key.empty()) {
    return core::Error::unauthenticated(
        "polly: credentials.access_key_id and credentials.secret_access_key are required");
  }
  std::string region = speech::credential(options.credentials, "region");
  if (region.empty()) region = config_.default_region;
  std::string base_url = speech::credential(options.credentials, "base_url");
  if (base_url.empty()) base_url = regional_base(region);
  auto base = speech::http_base(base_url);
  if (!base.ok()) return std::move(base).error();
  const std::string url = *base + "/v1/speech";
  auto parsed = net::parse_http_url(url);
  if (!parsed.ok()) return std::move(parsed).error();

  SpeechParams params;
  params.voice_id = options.voice.empty() ? config_.default_voice : options.voice;
  params.engine = options.model.empty() ? config_.default_engine : options.model;
  if (options.language.find('-') != std::string::npos) params.language_code = options.language;
  params.sample_rate = output_rate(options.sample_rate);

  auto setup = speech::http_tts_setup("polly", loop_, client_, config_.retry, params.sample_rate,
                                      options.sample_rate);
  setup.request_for = [url, host = parsed->host_header(), target = parsed->target, region, keys,
                       params, now = config_.now](std::string_view text) {
    aws::SigningInput signing;
    signing.method = "POST";
    signing.path = target;
    signing.region = region;
    signing.service = "polly";
    signing.amz_date = aws::amz_date(now());
    signing.body = speech_body(params, text);
    signing.headers = {
        {"content-type", "application/json"}, {"host", host}, {"x-amz-date", signing.amz_date}};
    net::HttpClientRequest request;
    request.method = "POST";
    request.url = url;
    request.headers = {{"Content-Type", "application/json"},
                       {"X-Amz-Date", signing.amz_date},
                       {"Authorization", aws::authorization(signing, keys)}};
    request.body = std::move(signing.body);
    return request;
  };
  setup.error_for = [](int status, std::string_view body) { return error_for(status, body); };
  return std::unique_ptr<TtsStream>(
      speech::HttpTtsStream::start(std::move(setup), events_on, std::move(on_event)));
}

}  // namespace ovos::providers::polly
