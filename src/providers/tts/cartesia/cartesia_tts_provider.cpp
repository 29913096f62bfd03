#include "providers/tts/cartesia/cartesia_tts_provider.h"

#include <utility>

#include "providers/speech/credential.h"
#include "providers/speech/vendor_url.h"
#include "providers/tts/cartesia/cartesia_tts_stream.h"

namespace ovos::providers::cartesia {
namespace {

constexpr std::string_view kSchema = R"({
  "type": "object",
  "required": ["voice_id"],
  "properties": {
    "voice_id": {"type": "string", "description": "Cartesia voice id, e.g. a0e99841-438c-4a64-b679-ae501e7d6091."},
    "voice": {"type": "string", "description": "Display name of the voice (not sent)."},
    "model": {"type": "string", "default": "sonic-2", "examples": ["sonic-2", "sonic-turbo"]},
    "language": {"type": "string", "default": "en", "description": "ISO-639-1, e.g. en, es, hi."}
  }
})";

}  // namespace

CartesiaTtsProvider::CartesiaTtsProvider(net::EventLoop& loop, CartesiaTtsConfig config)
    : loop_(loop), config_(std::move(config)) {}

std::string_view CartesiaTtsProvider::config_schema() const {
  return kSchema;
}

core::Result<std::unique_ptr<TtsStream>> CartesiaTtsProvider::open_stream(
    const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) {
  const std::string key = speech::credential(options.credentials, "api_key");
  if (key.empty()) return core::Error::unauthenticated("cartesia: credentials.api_key is missing");
  if (options.voice_id.empty()) {
    return core::Error::invalid("cartesia: provider_config.voice_id is missing");
  }
  std::string base_url = speech::credential(options.credentials, "base_url");
  if (base_url.empty()) base_url = config_.default_base_url;
  auto base = speech::websocket_base(base_url);
  if (!base.ok()) return std::move(base).error();

  CartesiaSetup setup;
  setup.loop = &loop_;
  setup.retry = net::RetryPolicy(config_.retry);
  setup.voice.model_id = options.model.empty() ? config_.default_model : options.model;
  setup.voice.voice_id = options.voice_id;
  const std::string_view language = options.language;
  setup.voice.language =
      language.empty() ? "en" : std::string(language.substr(0, language.find_first_of("-_")));
  setup.voice.sample_rate = output_rate(options.sample_rate);
  setup.output_rate = options.sample_rate;
  setup.ws.url = websocket_url(*base, key);
  setup.ws.connect_timeout = config_.connect_timeout;
  setup.ws.vendor = core::VendorTag{"cartesia", core::VendorKind::kTts};
  return std::unique_ptr<TtsStream>(
      CartesiaTtsStream::start(std::move(setup), events_on, std::move(on_event)));
}

}  // namespace ovos::providers::cartesia
