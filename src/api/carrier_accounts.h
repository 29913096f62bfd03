#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "api/api_context.h"
#include "core/result.h"
#include "telephony/carrier_control.h"

namespace ovos::api {

/// A user's account at one carrier, from their stored provider key: the credentials, the
/// secret the carrier signs its webhooks with, and a client of its REST API. Made on a worker
/// (it reads the database); the control is thread-safe and may be used from any thread.
struct CarrierAccount {
  std::string carrier;                                 // twilio | plivo | exotel
  std::map<std::string, std::string> fields;           // the key's credential fields
  std::shared_ptr<telephony::CarrierControl> control;  // null without ApiContext carrier_http

  /// What the carrier signs webhooks with (Twilio and Plivo: the auth token).
  [[nodiscard]] std::string signing_key() const;
  /// The account id the carrier puts in its webhooks (AccountSid, the Plivo auth id).
  [[nodiscard]] std::string account_id() const;
  [[nodiscard]] std::string field(std::string_view name) const;
};

/// The user's account at `carrier`. No stored key is a kValidation error at `field_path`
/// saying where to add one.
[[nodiscard]] core::Result<CarrierAccount> load_carrier_account(const ApiContext& context,
                                                                std::string_view user_id,
                                                                std::string_view carrier,
                                                                std::string_view field_path);

}  // namespace ovos::api
