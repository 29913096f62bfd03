#include "providers/stt/bodhi/bodhi_stt_provider.h"

#include <utility>

#include "core/vendor_errors.h"
#include "providers/speech/credential.h"
#include "providers/speech/vendor_url.h"

namespace ovos::providers::bodhi {
namespace {

using speech::credential;

constexpr std::string_view kSchema = R"({
  "type": "object",
  "properties": {
    "model": {"type": "string", "default": "hi-general-v2-8khz",
              "examples": ["hi-general-v2-8khz", "hi-banking-v2-8khz", "en-general-v2-8khz",
                           "kn-general-v2-8khz", "ta-general-v2-8khz", "mr-general-v2-8khz"],
              "description": "Bodhi model; another name picks <language>-general-v2-8khz."},
    "language": {"type": "string", "default": "hi",
                 "description": "hi, en, kn, mr, ta, bn, gu, te or ml (chooses the model)."},
    "endpointing": {"type": "integer", "minimum": 0,
                    "description": "Silence in ms before Bodhi completes a segment (440-1200)."}
  }
})";

bool is_bodhi_model(std::string_view model) {
  return model.ends_with("khz");
}

}  // namespace

BodhiSttProvider::BodhiSttProvider(net::EventLoop& loop, BodhiSttConfig config)
    : loop_(loop), config_(std::move(config)) {}

std::string_view BodhiSttProvider::config_schema() const {
  return kSchema;
}

core::Result<std::unique_ptr<SttStream>> BodhiSttProvider::open_stream(const SttOptions& options,
                                                                       core::Executor& events_on,
                                                                       SttEventHandler on_event) {
  const std::string key = credential(options.credentials, "api_key");
  const std::string customer = credential(options.credentials, "customer_id");
  if (key.empty() || customer.empty()) {
    return core::Error::unauthenticated("bodhi: credentials.api_key and customer_id are needed");
  }
  std::string base_url = credential(options.credentials, "base_url");
  if (base_url.empty()) base_url = config_.default_base_url;
  auto base = speech::websocket_base(base_url);
  if (!base.ok()) return std::move(base).error();

  BodhiSetup setup;
  setup.loop = &loop_;
  setup.timings = config_.timings;
  setup.config.sample_rate = options.sample_rate;
  setup.config.model =
      is_bodhi_model(options.model) ? options.model : default_model(options.language);
  if (options.endpointing_ms > 0) {
    setup.config.endpoint_silence_seconds = options.endpointing_ms / 1000.0;
  }
  // Navana's examples connect to the origin itself; the key travels in two headers.
  setup.ws.url = *base + "/";
  setup.ws.headers = {{"x-api-key", key}, {"x-customer-id", customer}};
  setup.ws.connect_timeout = config_.timings.connect_timeout;
  setup.ws.ca_file = config_.ca_file;
  setup.ws.vendor = core::VendorTag{"bodhi", core::VendorKind::kStt};
  return std::unique_ptr<SttStream>(
      BodhiSttStream::start(std::move(setup), events_on, std::move(on_event)));
}

}  // namespace ovos::providers::bodhi
