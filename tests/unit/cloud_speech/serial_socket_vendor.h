#pragma once

// The serial WebSocket voices (Sarvam, Smallest: speech::SocketTtsStream with a serial dialect,
// one piece at a time, a barge-in reopens the connection) as their shared suite
// (serial_socket_voice_test.cpp) sees each one: how to aim its provider at FakeVendorSocket,
// how the fake reads a piece's request, the vendor's audio, completion and error frames, and its
// key header. Each vendor's test file describes its vendor and instantiates the suite.

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/base64.h"
#include "socket_tts_harness.h"

namespace ovos::providers::testing {

/// A piece's request as the fake reads it.
struct PieceRequest {
  std::string text;
  std::string id;  // the name the vendor echoes in its frames; "" when it names none
};

/// Reads the messages of the sessions of one fake in order, keeping what it needs between them:
/// the request a message completes, or nullopt. Called on the fake's thread.
using RequestReader =
    std::function<std::optional<PieceRequest>(int session, std::string_view message)>;

/// What the suite may change in a provider's config.
struct SerialKnobs {
  std::chrono::milliseconds connect_timeout{2000};
  int max_attempts = 0;                        // 0: the config's own
  std::chrono::milliseconds stall_timeout{0};  // 0: the config's own
};

/// A provider's Config aimed_at `fake`, changed by `knobs`.
template <typename Config>
Config serial_config(const FakeVendorSocket& fake, const SerialKnobs& knobs) {
  auto config = aimed_at<Config>(fake);
  config.http.connect_timeout = knobs.connect_timeout;
  if (knobs.max_attempts > 0) config.retry.max_attempts = knobs.max_attempts;
  if (knobs.stall_timeout > std::chrono::milliseconds(0))
    config.stall_timeout = knobs.stall_timeout;
  return config;
}

/// A Provider built from its Config aimed at `fake` (SerialSocketVendor::provider).
template <typename Provider, typename Config>
std::unique_ptr<TtsProvider> serial_provider(net::EventLoop& loop, const FakeVendorSocket& fake,
                                             const SerialKnobs& knobs) {
  return std::make_unique<Provider>(loop, serial_config<Config>(fake, knobs));
}

/// One serial WebSocket vendor; plain data and pure functions.
struct SerialSocketVendor {
  /// The upgrade's header that carries the key: its name (lowercase) and what comes before the
  /// key in it.
  struct KeyHeader {
    std::string name;
    std::string scheme;  // "Bearer " or ""
  };
  std::string name;  // "sarvam": the test's name, the metrics label, the errors' prefix
  KeyHeader key_header;
  std::string socket_path;             // of the WebSocket
  std::string http_path;               // of the HTTP API used without synthesizer.stream
  std::size_t hello_messages = 0;      // sent on every new connection before any piece
  std::size_t messages_per_piece = 1;  // what one piece's request takes
  std::string fatal_code;              // an error frame's code that is not retried
  /// The provider whose config is aimed_at `fake`, changed by `knobs`.
  std::function<std::unique_ptr<TtsProvider>(net::EventLoop& loop, const FakeVendorSocket& fake,
                                             const SerialKnobs& knobs)>
      provider;
  std::function<RequestReader()> reader;  // a new one per fake
  /// An audio frame carrying `base64` for request `id` ("": naming none).
  std::function<std::string(std::string_view base64, std::string_view id)> audio_frame;
  std::function<std::string(std::string_view id)> complete_frame;
  std::function<std::string(std::string_view message, std::string_view code)> error_frame;
  /// The JSON body of a refused upgrade with `status`.
  std::function<std::string(int status)> refusal;
};

/// A vendor as GoogleTest prints the parameter: its name.
inline void PrintTo(const SerialSocketVendor* vendor, std::ostream* out) {
  *out << vendor->name;
}

/// The suite's name for a vendor's tests: its name.
inline std::string vendor_name(const ::testing::TestParamInfo<const SerialSocketVendor*>& param) {
  return param.param->name;
}

/// SocketTtsHarness for one serial vendor: its provider, options and frames.
class SerialSocketVoiceTest : public SocketTtsHarness,
                              public ::testing::WithParamInterface<const SerialSocketVendor*> {
 protected:
  const SerialSocketVendor& vendor = *GetParam();

  std::unique_ptr<TtsProvider> make_provider(const FakeVendorSocket& fake, SerialKnobs knobs = {}) {
    return vendor.provider(*io, fake, knobs);
  }
  static constexpr std::string_view kKey = "vendor-secret";

  [[nodiscard]] static TtsOptions options(int rate = 16000) {
    TtsOptions o;
    o.credentials = {{"api_key", std::string(kKey)}};
    o.sample_rate = rate;
    o.stream = true;
    return o;
  }
  [[nodiscard]] std::string audio(const std::vector<std::int16_t>& samples,
                                  std::string_view id = "") const {
    return vendor.audio_frame(crypto::base64_encode(pcm_le(samples)), id);
  }
  [[nodiscard]] std::string complete(std::string_view id = "") const {
    return vendor.complete_frame(id);
  }
  /// A script that sees only the requests of pieces (text and session), with a reader of its own.
  using PieceScript =
      std::function<void(int session, const PieceRequest& request, SocketPeer& peer)>;
  [[nodiscard]] FakeVendorSocket::Script on_pieces(PieceScript script) const {
    auto reader = std::make_shared<RequestReader>(vendor.reader());
    return [reader, script = std::move(script)](int session, std::string_view message,
                                                SocketPeer& peer) {
      if (message.empty()) return;
      if (const auto request = (*reader)(session, message)) script(session, *request, peer);
    };
  }
  /// Speaks every piece: 100 samples, then its completion, both naming its request.
  [[nodiscard]] FakeVendorSocket::Script speaks_everything() const {
    return on_pieces([this](int, const PieceRequest& request, SocketPeer& peer) {
      peer.send(audio(ramp(100), request.id));
      peer.send(complete(request.id));
    });
  }
  /// The texts of the pieces requested on `session`, in order.
  [[nodiscard]] std::vector<std::string> pieces_in(const SocketSession& session) const {
    const RequestReader read = vendor.reader();
    std::vector<std::string> out;
    for (const auto& message : session.texts)
      if (const auto request = read(0, message)) out.push_back(request->text);
    return out;
  }
  /// How many messages a session that requested `pieces` pieces carries.
  [[nodiscard]] std::size_t messages_for(std::size_t pieces) const {
    return vendor.hello_messages + pieces * vendor.messages_per_piece;
  }
};

}  // namespace ovos::providers::testing
