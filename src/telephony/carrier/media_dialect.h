#pragma once

// What every carrier's media stream says, carrier-neutral, and the interface each carrier's
// wire format implements: CarrierCallHandler speaks to the engine, a MediaDialect to the wire.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace ovos::telephony {

/// The stream began: who the carrier says the call is, and the caller audio's rate.
struct MediaStart {
  std::string carrier_call_id;                    // Twilio CallSid, Plivo CallUUID, Exotel CallSid
  std::string stream_id;                          // the carrier's id of this media stream
  std::map<std::string, std::string> parameters;  // custom parameters set when the call was set up
  int sample_rate = 8000;                         // of the caller's audio (and of ours back)
  std::string from, to;  // the numbers as the carrier writes them, when it says (Exotel)
};

/// Caller audio, mono PCM16 at MediaStart::sample_rate.
struct MediaAudio {
  std::vector<std::int16_t> samples;
};

/// A key the caller pressed (0-9, *, #, A-D).
struct MediaDtmf {
  char digit = '0';
};

/// The carrier played everything sent before the mark of this name.
struct MediaPlayed {
  std::string name;
};

/// The carrier ended the stream (the caller hung up, or the call was transferred).
struct MediaStop {
  std::string reason;
};

/// A message that needs no action (connected, a clear confirmed, the outbound track).
struct MediaIgnored {};

using MediaEvent =
    std::variant<MediaStart, MediaAudio, MediaDtmf, MediaPlayed, MediaStop, MediaIgnored>;

/// One carrier's media-stream wire format for one call: parses what the carrier sends and
/// serializes what we send back, keeping the stream's identity and audio format learnt from
/// its start message. Used on the call's shard only.
class MediaDialect {
 public:
  virtual ~MediaDialect() = default;

  /// "twilio", "plivo", "exotel".
  [[nodiscard]] virtual std::string_view carrier() const = 0;
  /// One text message from the carrier; a bad one is an error saying what is wrong.
  [[nodiscard]] virtual core::Result<MediaEvent> parse(std::string_view text) = 0;
  /// The messages carrying agent audio (PCM16 at the start's rate); a dialect may hold audio
  /// back to send whole chunks (Exotel), so none may come out.
  virtual void audio(std::span<const std::int16_t> samples, std::vector<std::string>& out) = 0;
  /// Asks the carrier to echo `name` once what was sent before has played.
  virtual void mark(std::string_view name, std::vector<std::string>& out) = 0;
  /// Drops agent audio the carrier has not played yet (barge-in).
  virtual void clear(std::vector<std::string>& out) = 0;
  /// The most agent audio audio() holds back before sending (Exotel's whole chunks); the
  /// call plays that much further ahead so the carrier never waits for a chunk.
  [[nodiscard]] virtual std::chrono::milliseconds held_back() const { return {}; }
};

}  // namespace ovos::telephony
