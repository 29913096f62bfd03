#pragma once

// Bodhi (Navana) streaming speech recognition (wss://bodhi.navana.ai): the session's first
// message, the end-of-stream message and what the server sends. Pure encode/decode; no sockets.
// Wire format from Navana's public examples (navana-tech/bodhi-streaming-asr-example:
// direct-integration-example/README.md and streaming.py).

#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::providers::bodhi {

/// The `config` object every session starts with. Audio is raw PCM16 mono at `sample_rate`.
struct BodhiConfig {
  int sample_rate = 8000;
  std::string transaction_id;  // a unique id per session (a UUID)
  std::string model = "hi-general-v2-8khz";
  /// Trailing silence in seconds before Bodhi closes a segment (0.44-1.2 on its side); 0: not
  /// sent (Bodhi's default, 0.44 s).
  double endpoint_silence_seconds = 0;
};

/// `{"config":{"sample_rate":..,"transaction_id":"..","model":".."[,"endpoint_silence_duration":..]}}`.
[[nodiscard]] std::string config_message(const BodhiConfig& config);

/// `{"eof": 1}`: no more audio; Bodhi answers with the last results and `"eos": true`.
[[nodiscard]] std::string eof_message();

/// One message Bodhi sends.
struct BodhiMessage {
  enum class Kind {
    kPartial,   // type "partial": the current segment's hypothesis so far; may change
    kComplete,  // type "complete": the segment's final text (once per segment_id)
    kOther,     // any other type
  };
  Kind kind = Kind::kOther;
  std::string type;        // as sent
  std::string text;        // the transcript
  std::string call_id;     // one per connection
  std::string segment_id;  // one per speech segment
  bool eos = false;        // the end of the stream (after eof)
};

/// Decodes one text message. Not JSON, not an object, or without a string `type` or `text` is
/// kInvalidArgument.
[[nodiscard]] core::Result<BodhiMessage> decode_message(std::string_view text);

/// Bodhi's model for `language` when the agent names none: "<lang>-general-v2-8khz" for the
/// languages Navana lists (hi, kn, mr, ta, bn, en, gu, te, ml; `en-IN` counts as `en`), else
/// the Hindi model.
[[nodiscard]] std::string default_model(std::string_view language);

/// What a refused upgrade means, from Navana's examples: 401 a wrong key or customer id, 402 an
/// empty balance, 403 a deactivated customer.
[[nodiscard]] std::string describe_refusal(int status);

}  // namespace ovos::providers::bodhi
