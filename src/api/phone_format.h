#pragma once

#include <array>
#include <string>
#include <string_view>

namespace ovos::api {

/// The carriers whose phone calls this server places and answers.
inline constexpr std::array<std::string_view, 3> kCarriers = {"twilio", "plivo", "exotel"};

/// True for an E.164 number: '+', a non-zero digit, then 6 to 14 more digits.
[[nodiscard]] bool is_e164(std::string_view number);
/// True for a number or a SIP URI a call may be transferred to: E.164, or what
/// telephony::is_sip_uri takes.
[[nodiscard]] bool is_transfer_target(std::string_view target);
/// A number as a carrier's webhook gives it, in E.164: Plivo and Exotel leave out the '+'
/// ("14155550100"), Exotel may add a trunk '0' ("04412345678" stays as given). Returns the
/// text unchanged when it is not digits.
[[nodiscard]] std::string to_e164(std::string_view number);
/// True when `carrier` is one of kCarriers.
[[nodiscard]] bool is_carrier(std::string_view carrier);

}  // namespace ovos::api
