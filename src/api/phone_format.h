#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/dial_target.h"

namespace ovos::api {

/// The carriers whose phone calls this server places and answers.
inline constexpr std::array<std::string_view, 3> kCarriers = {"twilio", "plivo", "exotel"};

/// E.164 numbers and where a call may be transferred, checked as everywhere (core/dial_target.h).
using core::is_e164;
using core::is_transfer_target;
/// A number as a carrier's webhook gives it, in E.164: Plivo and Exotel leave out the '+'
/// ("14155550100"), Exotel may add a trunk '0' ("04412345678" stays as given). Returns the
/// text unchanged when it is not digits.
[[nodiscard]] std::string to_e164(std::string_view number);
/// True when `carrier` is one of kCarriers.
[[nodiscard]] bool is_carrier(std::string_view carrier);

}  // namespace ovos::api
