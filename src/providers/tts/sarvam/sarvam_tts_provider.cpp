#include "providers/tts/sarvam/sarvam_tts_provider.h"

#include <utility>

#include "providers/speech/http_tts_stream.h"
#include "providers/speech/socket_tts_stream.h"
#include "providers/speech/vendor_url.h"
#include "providers/tts/sarvam/sarvam_protocol.h"
#include "providers/tts/sarvam/sarvam_socket_protocol.h"

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

/// Sarvam's WebSocket for the shared stream: its messages name no context, so contexts go one
/// at a time and a barge-in reopens the connection (Sarvam has no cancel message).
speech::SocketTtsDialect socket_dialect(const SpeechParams& params,
                                        std::chrono::milliseconds ping_every) {
  speech::SocketTtsDialect out;
  out.vendor = "sarvam";
  out.serial = true;
  out.hello = {config_message(params)};
  out.speak = [](std::string_view, std::string_view text) {
    return std::vector<std::string>{text_message(text), flush_message()};
  };
  out.decode = [](std::string_view text) { return decode_socket_message(text); };
  out.keepalive = ping_message();
  out.keepalive_every = ping_every;
  return out;
}

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
  auto access = speech::vendor_access(
      "sarvam", options.credentials, config_.default_base_url,
      options.stream ? speech::VendorApi::kWebSocket : speech::VendorApi::kHttp);
  if (!access.ok()) return std::move(access).error();
  SpeechParams params;
  params.model = options.model.empty() ? "bulbul:v2" : options.model;
  params.speaker = !options.voice_id.empty() ? options.voice_id
                   : !options.voice.empty()  ? options.voice
                                             : default_speaker(params.model);
  params.language = sarvam_language(options.language);
  params.sample_rate = sarvam_rate(options.sample_rate);
  const Target target{params, std::move(access).value(), options.sample_rate};
  if (options.stream) return open_socket(target, events_on, std::move(on_event));
  return open_http(target, events_on, std::move(on_event));
}

std::unique_ptr<TtsStream> SarvamTtsProvider::open_socket(const Target& target,
                                                          core::Executor& events_on,
                                                          TtsEventHandler on_event) {
  auto setup =
      speech::socket_tts_setup(socket_dialect(target.params, config_.ping_every), loop_,
                               config_.retry, target.params.sample_rate, target.output_rate,
                               {socket_url(target.access.base_url, target.params.model),
                                {{"api-subscription-key", target.access.api_key}},
                                config_.http.connect_timeout});
  setup.stall_timeout = config_.stall_timeout;
  return speech::SocketTtsStream::start(std::move(setup), events_on, std::move(on_event));
}

std::unique_ptr<TtsStream> SarvamTtsProvider::open_http(const Target& target,
                                                        core::Executor& events_on,
                                                        TtsEventHandler on_event) {
  auto setup = speech::http_tts_setup("sarvam", loop_, client_, config_.retry,
                                      target.params.sample_rate, target.output_rate);
  setup.request_for = speech::json_post_for(
      stream_url(target.access.base_url), {{"api-subscription-key", target.access.api_key}},
      [params = target.params](std::string_view text) { return stream_body(params, text); });
  setup.error_for = [](int status, std::string_view body) { return error_for(status, body); };
  return speech::HttpTtsStream::start(std::move(setup), events_on, std::move(on_event));
}

}  // namespace ovos::providers::sarvam
