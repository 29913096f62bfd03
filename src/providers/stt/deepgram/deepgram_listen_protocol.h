#pragma once

// Deepgram's live transcription protocol (wss://api.deepgram.com/v1/listen): the URL of a
// session and the JSON messages both ways. Pure encode/decode; no sockets.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ovos::providers::deepgram {

/// The query of one live session. Audio is always raw linear16 mono at `sample_rate`.
struct ListenParams {
  std::string model = "nova-2";
  std::string language;  // empty: not sent (Deepgram's default, en)
  int sample_rate = 16000;
  bool interim_results = true;
  int endpointing_ms = 0;       // 0: not sent (Deepgram's default)
  int utterance_end_ms = 1000;  // 0: not sent; needs interim_results
  bool vad_events = true;
  /// Words to boost: sent as `keyterm` to nova-3 models and as `keywords` to the others.
  std::vector<std::string> keywords;
};

/// `{base}/v1/listen?model=...&encoding=linear16&sample_rate=...&channels=1&...`; `base` is a
/// ws:// or wss:// origin (speech::websocket_base). Values are percent-encoded.
[[nodiscard]] std::string listen_url(std::string_view base, const ListenParams& params);

/// The upgrade request's `Authorization` header value: "Token <key>".
[[nodiscard]] std::string authorization(std::string_view api_key);

/// Text messages the client sends.
[[nodiscard]] std::string keep_alive_message();    // {"type":"KeepAlive"}
[[nodiscard]] std::string finalize_message();      // {"type":"Finalize"}
[[nodiscard]] std::string close_stream_message();  // {"type":"CloseStream"}

/// One message Deepgram sends, reduced to what a call needs.
struct ListenMessage {
  enum class Kind {
    kResults,        // a transcript of a stretch of audio (interim or final)
    kUtteranceEnd,   // no word for utterance_end_ms after the last final word
    kSpeechStarted,  // vad_events: speech began
    kMetadata,       // the session's summary (request id), sent at the end
    kError,          // the server reports a failure; it closes the socket next
    kOther,          // a type this client does not use
  };
  Kind kind = Kind::kOther;
  std::string type;            // as sent
  std::string transcript;      // kResults: channel.alternatives[0].transcript
  double confidence = 0;       // kResults: channel.alternatives[0].confidence
  bool is_final = false;       // kResults: this stretch will not change any more
  bool speech_final = false;   // kResults: Deepgram's endpointing saw the speaker pause
  bool from_finalize = false;  // kResults: produced by a Finalize message
  double start = 0;            // kResults: seconds from the session's start
  double duration = 0;         // kResults
  double last_word_end = 0;    // kUtteranceEnd
  double timestamp = 0;        // kSpeechStarted
  std::string request_id;      // kMetadata, kResults (metadata.request_id)
  std::string description;     // kError: what went wrong, as sent
};

/// Decodes one text message. Not JSON, not an object, no `type`, or a Results message without
/// `channel.alternatives` is kInvalidArgument.
[[nodiscard]] core::Result<ListenMessage> decode_listen_message(std::string_view text);

/// A short description of a Deepgram error body (handshake refusals and REST errors), e.g.
/// `{"err_code":"INVALID_AUTH","err_msg":"Invalid credentials.","request_id":"..."}` gives
/// "INVALID_AUTH: Invalid credentials."; the newer `{"category","message","details"}` shape
/// is read too. Anything else is returned cut to 200 bytes.
[[nodiscard]] std::string describe_error_body(std::string_view body);

}  // namespace ovos::providers::deepgram
