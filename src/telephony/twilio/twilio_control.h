#pragma once

// Twilio's Calls API (https://www.twilio.com/docs/voice/api/call-resource): placing a call with
// its TwiML inline, ending it (Status=completed) and handing it over (new TwiML that dials).

#include <memory>
#include <string>

#include "telephony/carrier_control.h"

namespace ovos::net {
class HttpClient;
}

namespace ovos::telephony::twilio {

/// One Twilio account's credentials, as stored in the provider keys.
struct TwilioAccount {
  std::string account_sid, auth_token;
  std::string api_base_url = "https://api.twilio.com";
};

/// Twilio's REST API for `account`: form-encoded requests with HTTP Basic auth (Account SID,
/// auth token). An unusable account (an empty field) fails every operation with kValidation.
[[nodiscard]] std::unique_ptr<CarrierControl> make_twilio_control(
    net::HttpClient& http, TwilioAccount account, CarrierControlOptions options = {});

}  // namespace ovos::telephony::twilio
