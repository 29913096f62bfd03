#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "support/carriers/carrier_media_leg.h"
#include "support/carriers/simulator_web.h"

namespace ovos::testing {

/// Twilio Media Streams as Twilio speaks them (bidirectional <Connect><Stream>): connected and
/// start, inbound-track μ-law media, dtmf, mark echoes, stop; what the server sends is held to
/// Twilio's rules (only media, mark and clear; base64 μ-law without file headers; the stream's
/// own streamSid).
std::unique_ptr<CarrierWire> make_twilio_wire(std::string account_sid);

/// Twilio's request signature, written here from Twilio's documentation (independently of the
/// server's verifier): base64(HMAC-SHA1(auth_token, url + each param's name and value, sorted
/// by name)).
std::string twilio_test_signature(const std::string& auth_token, const std::string& url,
                                  std::vector<std::pair<std::string, std::string>> params);

}  // namespace ovos::testing
