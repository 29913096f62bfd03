#pragma once

// Exotel's Voice v1 API (https://developer.exotel.com/docs/voice-v1/): placing a call that
// Exotel connects either to a flow (Calls/connect with Url, "Connect Number to Call Flow") or
// straight to our media WebSocket (calls/connect with streamurl, AgentStream's "Connect Voice
// AI", https://developer.exotel.com/docs/agentstream/developer-guide), and reading a call's
// status. Exotel's v1 API has no way to end or transfer a live call: a Voicebot call ends (or
// moves on) when our media stream closes and the flow reaches its next applet.

#include <memory>
#include <string>

#include "telephony/carrier_control.h"

namespace ovos::net {
class HttpClient;
}

namespace ovos::telephony::exotel {

/// One Exotel account's credentials, as stored in the provider keys.
struct ExotelAccount {
  std::string api_key, api_token, account_sid;
  std::string subdomain = "api.exotel.com";  // api.in.exotel.com for the Mumbai cluster
  std::string api_base_url;  // empty: https://<subdomain>; tests give http://127.0.0.1:port
};

/// Exotel's REST API for `account`: form requests with HTTP Basic auth (API key, API token);
/// a call with OutboundCall::stream_url goes to "Connect Voice AI", any other to its
/// answer_url flow. hang_up succeeds for a call that has ended and otherwise says the API cannot
/// end it; transfer always says it cannot (kUnavailable). An unusable account (an empty field)
/// fails every operation with kValidation.
[[nodiscard]] std::unique_ptr<CarrierControl> make_exotel_control(
    net::HttpClient& http, ExotelAccount account, CarrierControlOptions options = {});

}  // namespace ovos::telephony::exotel
