#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "api/api_context.h"
#include "api/authenticator.h"
#include "api/carrier_accounts.h"
#include "api/router.h"
#include "core/executor.h"
#include "net/websocket.h"
#include "telephony/carrier/carrier_call_handler.h"
#include "telephony/form_params.h"
#include "telephony/replay_guard.h"

namespace ovos::api {

/// Phone calls through Twilio, Plivo and Exotel (docs/telephony.md):
/// - `POST /v1/calls` places a call with the user's carrier account;
/// - the carriers' webhooks under /v1/telephony/{carrier}/: inbound calls to connected numbers
///   (answered with TwiML or Plivo XML that opens the media stream) and status callbacks, each
///   verified by the carrier's signature and refused (403) when unsigned, wrongly signed or
///   replayed;
/// - the media WebSocket /v1/telephony/{carrier}/media/{token}: only a call this server set
///   up is accepted, by a signed single-use token naming the call.
/// A user has at most TelephonyConfig::max_calls_per_user live phone calls. Thread-safe.
class PhoneCalls {
 public:
  static constexpr std::int64_t kMediaTokenSeconds = 900;  // ringing and answering included
  /// Calls created longer ago than this never count as live (a record a crash left open).
  static constexpr std::int64_t kLiveWindowMs = 4 * 3600 * 1000;
  static constexpr std::chrono::seconds kCarrierWait{30};
  /// Signed requests are remembered this long; a Twilio status callback older is refused.
  static constexpr std::chrono::minutes kReplayWindow{15};

  PhoneCalls(ApiContext& context, const Authenticator& auth);

  void add_routes(Router& router);
  /// Sets the base of the URLs given to carriers once the server knows its port (when
  /// TelephonyConfig::public_base_url was derived from an ephemeral one). Thread-safe.
  void set_public_base_url(std::string url);
  /// Where `carrier` must send calls to a number `user_id` connected: Twilio's voice URL,
  /// Plivo's answer URL, or the WebSocket URL of Exotel's Voicebot applet (to which the user
  /// adds the Exotel API key and token as wss://KEY:TOKEN@...).
  [[nodiscard]] std::string connect_url(std::string_view carrier, std::string_view user_id) const;
  /// Decides on an upgrade to /v1/telephony/{carrier}/media/{token}; nullopt for other paths.
  [[nodiscard]] std::optional<net::WebSocketAccept> accept(net::HttpRequest& request);

 private:
  using Handler = core::Result<net::HttpResponse>;

  // phone_calls.cpp: placing calls and the pieces every carrier shares.
  Handler place_call(const net::HttpRequest& request);
  /// Creates `call` unless its user already has the most live calls allowed (kRateLimited).
  core::Result<store::Call> open_call(const store::Call& call);
  /// A call the carrier would not place: its slot is given back and dashboards are told.
  void placing_failed(const store::Call& call);
  /// With several nodes: kUnavailable (503) unless an engine node beats and is not draining.
  core::Result<void> check_engines_take_calls();
  /// Records a call refused before it started (status failed, with the reason).
  void record_refused(store::Call call, const std::string& reason);
  [[nodiscard]] std::string public_url(std::string_view path) const;
  [[nodiscard]] std::string public_base_url() const;
  /// `path` under the public base URL, as a WebSocket URL (ws:// or wss://).
  [[nodiscard]] std::string websocket_url(std::string_view path) const;
  /// wss://.../v1/telephony/{carrier}/media/{token} for `call`.
  [[nodiscard]] std::string media_url(const store::Call& call) const;
  /// A token naming `call` for `purpose` ("media", "status"), valid kMediaTokenSeconds.
  [[nodiscard]] std::string call_token(const store::Call& call, std::string_view purpose) const;
  /// The call a token names, checked for the carrier and purpose; kUnauthenticated if not.
  core::Result<std::string> verify_call_token(std::string_view token, std::string_view carrier,
                                              std::string_view purpose) const;

  // carrier_webhooks.cpp: what the carriers call.
  Handler twilio_voice(const net::HttpRequest& request);
  Handler twilio_status(const net::HttpRequest& request, std::string_view call_id);
  Handler plivo_answer(const net::HttpRequest& request, std::string_view call_id);
  Handler plivo_status(const net::HttpRequest& request, std::string_view call_id);
  Handler plivo_transfer(const net::HttpRequest& request, std::string_view call_id);
  Handler exotel_status(const net::HttpRequest& request, std::string_view call_id,
                        std::string_view token);
  /// Checks the carrier's signature of `request` with the account's key and that it is not a
  /// replay: kPermissionDenied (403) otherwise.
  core::Result<void> verify_signed(const net::HttpRequest& request, const CarrierAccount& account,
                                   const telephony::FormParams& params);
  /// An inbound call to a connected number: the call record, or the reason it is refused.
  core::Result<store::Call> answer_inbound(const store::PhoneNumber& number, std::string from,
                                           std::string carrier_call_id);
  /// A carrier's status word applied to a call (unknown words are logged and ignored).
  core::Result<void> apply_status(const store::Call& call, std::string_view status,
                                  std::string_view carrier_call_id,
                                  std::optional<std::int64_t> duration_ms);

  // media_sockets.cpp: the media WebSocket.
  core::Result<net::WebSocketAccept> accept_media(const net::HttpRequest& request,
                                                  std::string_view carrier, std::string_view token);
  /// The token was not used before (a call has one media stream); kUnauthenticated if it was.
  core::Result<void> redeem_media(const std::string& call_id, std::int64_t expires_at);
  /// What the media handler of `call` needs: its agent loaded, its settings recorded, and the
  /// carrier's REST API to end it.
  core::Result<telephony::CarrierCallSetup> carrier_call_setup(const store::Call& call,
                                                               const CarrierAccount& account);
  /// An Exotel Voicebot stream for `user_id`, its Basic credentials checked; its call is
  /// found from the start message (resolve_voicebot, on resolver_).
  core::Result<net::WebSocketAccept> accept_voicebot(const net::HttpRequest& request,
                                                     std::string_view user_id);
  /// The call of a Voicebot stream: one placed through the user's flow (by CallSid), else a
  /// new inbound call to a number the user connected (by the number called).
  core::Result<telephony::CarrierCallSetup> resolve_voicebot(const std::string& user_id,
                                                             const CarrierAccount& account,
                                                             const telephony::MediaStart& start);

  ApiContext& context_;
  const Authenticator& auth_;
  telephony::ReplayGuard replays_;
  // One node: the live-call count and the creation it allows, one at a time.
  std::mutex lines_mutex_;
  mutable std::mutex base_mutex_;
  std::string public_base_url_;
  /// Looks up Voicebot streams' calls (blocking, on the database). Last: it joins first.
  core::ComputePool resolver_{1, 256};
};

}  // namespace ovos::api
