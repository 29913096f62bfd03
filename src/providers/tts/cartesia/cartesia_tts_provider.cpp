#include "providers/tts/cartesia/cartesia_tts_provider.h"

#include <utility>

#include "providers/speech/socket_tts_stream.h"
#include "providers/speech/vendor_url.h"
#include "providers/tts/cartesia/cartesia_protocol.h"

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

/// Cartesia's messages for the shared WebSocket stream: one generation request per context.
speech::SocketTtsDialect dialect(const VoiceParams& voice) {
  speech::SocketTtsDialect cartesia;
  cartesia.vendor = "cartesia";
  cartesia.speak = [voice](std::string_view id, std::string_view text) {
    return std::vector<std::string>{generation_message(voice, id, text)};
  };
  cartesia.cancel = [](std::string_view id) {
    return std::vector<std::string>{cancel_message(id)};
  };
  cartesia.decode = [](std::string_view text) -> core::Result<speech::SocketTtsMessage> {
    auto message = decode_server_message(text);
    if (!message.ok()) return std::move(message).error();
    using Kind = speech::SocketTtsMessage::Kind;
    speech::SocketTtsMessage out;
    switch (message->kind) {
      case ServerMessage::Kind::kChunk:
        out.kind = Kind::kChunk;
        break;
      case ServerMessage::Kind::kDone:
        out.kind = Kind::kDone;
        break;
      case ServerMessage::Kind::kError:
        out.kind = Kind::kError;
        break;
      case ServerMessage::Kind::kOther:
        out.kind = Kind::kOther;
        break;
    }
    out.context_id = std::move(message->context_id);
    out.samples = std::move(message->samples);
    out.status_code = message->status_code;
    out.error = std::move(message->error);
    return out;
  };
  return cartesia;
}

}  // namespace

CartesiaTtsProvider::CartesiaTtsProvider(net::EventLoop& loop, CartesiaTtsConfig config)
    : loop_(loop), config_(std::move(config)) {}

std::string_view CartesiaTtsProvider::config_schema() const {
  return kSchema;
}

core::Result<std::unique_ptr<TtsStream>> CartesiaTtsProvider::open_stream(
    const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) {
  auto access = speech::vendor_access("cartesia", options.credentials, config_.default_base_url,
                                      speech::VendorApi::kWebSocket);
  if (!access.ok()) return std::move(access).error();
  if (options.voice_id.empty()) {
    return core::Error::invalid("cartesia: provider_config.voice_id is missing");
  }

  VoiceParams voice;
  voice.model_id = options.model.empty() ? config_.default_model : options.model;
  voice.voice_id = options.voice_id;
  const std::string_view language = options.language;
  voice.language =
      language.empty() ? "en" : std::string(language.substr(0, language.find_first_of("-_")));
  voice.sample_rate = output_rate(options.sample_rate);

  auto setup = speech::socket_tts_setup(
      dialect(voice), loop_, config_.retry, voice.sample_rate, options.sample_rate,
      {websocket_url(access->base_url, access->api_key), {}, config_.connect_timeout});
  return std::unique_ptr<TtsStream>(
      speech::SocketTtsStream::start(std::move(setup), events_on, std::move(on_event)));
}

}  // namespace ovos::providers::cartesia
