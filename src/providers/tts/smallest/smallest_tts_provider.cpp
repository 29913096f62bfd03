#include "providers/tts/smallest/smallest_tts_provider.h"

#include <utility>

#include "core/vendor_errors.h"
#include "providers/speech/http_tts_stream.h"
#include "providers/speech/socket_tts_stream.h"
#include "providers/speech/vendor_url.h"
#include "providers/tts/smallest/smallest_protocol.h"
#include "providers/tts/smallest/smallest_socket_protocol.h"

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

/// Smallest's WebSocket for the shared stream: one request per piece. Its requests can be
/// named and v3.1 echoes the name, but it has no cancel message and a second request in flight
/// counts against the account's concurrency (refused beyond it), so pieces go one at a time and
/// a barge-in reopens the connection.
speech::SocketTtsDialect socket_dialect(const SpeechParams& params) {
  speech::SocketTtsDialect out;
  out.vendor = "smallest";
  out.serial = true;
  out.speak = [params](std::string_view id, std::string_view text) {
    return std::vector<std::string>{speak_message(params, id, text)};
  };
  out.decode = [](std::string_view text) { return decode_socket_message(text); };
  return out;
}

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
  auto access = speech::vendor_access(
      "smallest", options.credentials, config_.default_base_url,
      options.stream ? speech::VendorApi::kWebSocket : speech::VendorApi::kHttp);
  if (!access.ok()) return std::move(access).error();
  SpeechParams params;
  params.voice_id = !options.voice_id.empty() ? options.voice_id
                    : !options.voice.empty()  ? options.voice
                                              : "magnus";
  params.model = smallest_model(options.model);
  params.language = smallest_language(options.language);
  params.sample_rate = smallest_rate(options.sample_rate);
  const Target target{params, std::move(access).value(), options.sample_rate};
  if (options.stream) return open_socket(target, events_on, std::move(on_event));
  return open_http(target, events_on, std::move(on_event));
}

std::unique_ptr<TtsStream> SmallestTtsProvider::open_socket(const Target& target,
                                                            core::Executor& events_on,
                                                            TtsEventHandler on_event) {
  auto setup = speech::socket_tts_setup(socket_dialect(target.params), loop_, config_.retry,
                                        target.params.sample_rate, target.output_rate,
                                        {socket_url(target.access.base_url),
                                         {{"Authorization", "Bearer " + target.access.api_key}},
                                         config_.http.connect_timeout});
  setup.stall_timeout = config_.stall_timeout;
  return speech::SocketTtsStream::start(std::move(setup), events_on, std::move(on_event));
}

std::unique_ptr<TtsStream> SmallestTtsProvider::open_http(const Target& target,
                                                          core::Executor& events_on,
                                                          TtsEventHandler on_event) {
  auto setup = speech::http_tts_setup("smallest", loop_, client_, config_.retry,
                                      target.params.sample_rate, target.output_rate);
  setup.request_for = speech::json_post_for(
      speech_url(target.access.base_url),
      {{"Authorization", "Bearer " + target.access.api_key}, {"Accept", "audio/wav"}},
      [params = target.params](std::string_view text) { return speech_body(params, text); });
  setup.error_for = [](int status, std::string_view body) { return error_for(status, body); };
  return speech::HttpTtsStream::start(std::move(setup), events_on, std::move(on_event));
}

}  // namespace ovos::providers::smallest
