#pragma once

// Plivo's Call API (https://www.plivo.com/docs/voice/api/call/): placing a call that fetches
// its XML from answer_url, hanging it up, and transferring its A leg to new XML.

#include <memory>
#include <string>

#include "telephony/carrier_control.h"

namespace ovos::net {
class HttpClient;
}

namespace ovos::telephony::plivo {

/// One Plivo account's credentials, as stored in the provider keys.
struct PlivoAccount {
  std::string auth_id, auth_token;
  std::string api_base_url = "https://api.plivo.com";
};

/// Plivo's REST API for `account`: JSON requests with HTTP Basic auth (Auth ID, auth token).
/// hang_up and transfer take the CallUUID (answer_url's CallUUID, the stream's start.callId);
/// hang_up also cancels a call still queued under its request_uuid. An unusable account (an
/// empty field) fails every operation with kValidation.
[[nodiscard]] std::unique_ptr<CarrierControl> make_plivo_control(
    net::HttpClient& http, PlivoAccount account, CarrierControlOptions options = {});

}  // namespace ovos::telephony::plivo
