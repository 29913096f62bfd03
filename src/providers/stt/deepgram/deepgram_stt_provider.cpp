#include "providers/stt/deepgram/deepgram_stt_provider.h"

#include <utility>

#include "providers/speech/vendor_url.h"
#include "providers/stt/deepgram/deepgram_listen_protocol.h"

namespace ovos::providers::deepgram {
namespace {

constexpr std::string_view kSchema = R"({
  "type": "object",
  "properties": {
    "model": {"type": "string", "default": "nova-2",
              "examples": ["nova-2", "nova-2-phonecall", "nova-3", "nova-3-medical"],
              "description": "Deepgram model; nova-3 models take keywords as keyterms."},
    "language": {"type": "string", "default": "en",
                 "description": "BCP-47 language, e.g. en, en-US, es, hi, or multi (nova-3)."},
    "keywords": {"type": "string",
                 "description": "Comma-separated words to boost (word:intensifier on nova-2)."},
    "endpointing": {"type": "integer", "minimum": 0,
                    "description": "Silence in ms before Deepgram marks speech_final."}
  }
})";

}  // namespace

DeepgramSttProvider::DeepgramSttProvider(net::EventLoop& loop, DeepgramSttConfig config)
    : loop_(loop), config_(std::move(config)) {}

std::string_view DeepgramSttProvider::config_schema() const {
  return kSchema;
}

core::Result<std::unique_ptr<SttStream>> DeepgramSttProvider::open_stream(
    const SttOptions& options, core::Executor& events_on, SttEventHandler on_event) {
  auto access = speech::vendor_access("deepgram", options.credentials, config_.default_base_url,
                                      speech::VendorApi::kWebSocket);
  if (!access.ok()) return std::move(access).error();

  ListenParams params;
  params.model = options.model.empty() ? config_.default_model : options.model;
  params.language = options.language;
  params.sample_rate = options.sample_rate;
  params.endpointing_ms = options.endpointing_ms;
  params.keywords = options.keywords;

  DeepgramListenSetup setup;
  setup.loop = &loop_;
  setup.sample_rate = options.sample_rate;
  setup.timings = config_.timings;
  setup.ws.url = listen_url(access->base_url, params);
  setup.ws.headers = {{"Authorization", authorization(access->api_key)}};
  setup.ws.connect_timeout = config_.timings.connect_timeout;
  setup.ws.ca_file = config_.ca_file;
  setup.ws.vendor = core::VendorTag{"deepgram", core::VendorKind::kStt};
  return std::unique_ptr<SttStream>(
      DeepgramSttStream::start(std::move(setup), events_on, std::move(on_event)));
}

}  // namespace ovos::providers::deepgram
