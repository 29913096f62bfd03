#include "providers/tts/elevenlabs/elevenlabs_tts_provider.h"

#include <utility>

#include "providers/speech/credential.h"
#include "providers/speech/http_tts_stream.h"
#include "providers/speech/socket_tts_stream.h"
#include "providers/speech/vendor_url.h"
#include "providers/tts/elevenlabs/elevenlabs_socket_protocol.h"
#include "providers/tts/elevenlabs/elevenlabs_tts_protocol.h"

namespace ovos::providers::elevenlabs {
namespace {

constexpr std::string_view kSchema = R"({
  "type": "object",
  "required": ["voice_id"],
  "properties": {
    "voice_id": {"type": "string", "description": "ElevenLabs voice id, e.g. 21m00Tcm4TlvDq8ikWAM."},
    "voice": {"type": "string", "description": "Display name of the voice (not sent)."},
    "model": {"type": "string", "default": "eleven_turbo_v2_5",
              "examples": ["eleven_turbo_v2_5", "eleven_flash_v2_5", "eleven_multilingual_v2"]}
  }
})";

/// ElevenLabs' multi-context messages for the shared WebSocket stream.
speech::SocketTtsDialect socket_dialect() {
  speech::SocketTtsDialect out;
  out.vendor = "elevenlabs";
  out.speak = [](std::string_view id, std::string_view text) { return speak_messages(id, text); };
  out.cancel = [](std::string_view id) {
    return std::vector<std::string>{close_context_message(id)};
  };
  out.decode = [](std::string_view text) { return decode_socket_message(text); };
  out.goodbye = close_socket_message();
  return out;
}

}  // namespace

ElevenLabsTtsProvider::ElevenLabsTtsProvider(net::EventLoop& loop, ElevenLabsTtsConfig config)
    : loop_(loop),
      config_(std::move(config)),
      client_(net::HttpClient::create(loop, config_.http)) {}

std::string_view ElevenLabsTtsProvider::config_schema() const {
  return kSchema;
}

core::Result<std::unique_ptr<TtsStream>> ElevenLabsTtsProvider::open_stream(
    const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) {
  const std::string key = speech::credential(options.credentials, "api_key");
  if (key.empty()) {
    return core::Error::unauthenticated("elevenlabs: credentials.api_key is missing");
  }
  if (options.voice_id.empty()) {
    return core::Error::invalid("elevenlabs: provider_config.voice_id is missing");
  }
  std::string base_url = speech::credential(options.credentials, "base_url");
  if (base_url.empty()) base_url = config_.default_base_url;
  const int rate = output_rate(options.sample_rate);
  const std::string model = options.model.empty() ? config_.default_model : options.model;
  if (options.stream) {
    auto ws_base = speech::websocket_base(base_url);
    if (!ws_base.ok()) return std::move(ws_base).error();
    auto setup =
        speech::socket_tts_setup(socket_dialect(), loop_, config_.retry, rate, options.sample_rate,
                                 {multi_stream_url(*ws_base, options.voice_id, model, rate),
                                  {{"xi-api-key", key}},
                                  config_.http.connect_timeout});
    return std::unique_ptr<TtsStream>(
        speech::SocketTtsStream::start(std::move(setup), events_on, std::move(on_event)));
  }
  auto base = speech::http_base(base_url);
  if (!base.ok()) return std::move(base).error();

  auto setup = speech::http_tts_setup("elevenlabs", loop_, client_, config_.retry, rate,
                                      options.sample_rate);
  setup.request_for =
      speech::json_post_for(stream_url(*base, options.voice_id, rate), {{"xi-api-key", key}},
                            [model](std::string_view text) { return stream_body(text, model); });
  setup.error_for = [](int status, std::string_view body) { return error_for(status, body); };
  return std::unique_ptr<TtsStream>(
      speech::HttpTtsStream::start(std::move(setup), events_on, std::move(on_event)));
}

}  // namespace ovos::providers::elevenlabs
