#pragma once

// What the carrier controls check before they send anything, and the encodings their requests
// use besides form bodies (telephony::encode_form). Shared by twilio/, plivo/ and exotel/; only
// is_sip_uri is for other modules. Pure; any thread.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/dial_target.h"
#include "core/result.h"

namespace ovos::telephony {

/// "sip:alice@example.com" or "sips:...": the one check of a SIP address (core/dial_target.h).
using core::is_sip_uri;

}  // namespace ovos::telephony

namespace ovos::telephony::detail {

using telephony::is_sip_uri;
/// "+14155550100", "14155550100", "09876543210": an optional '+' and 3 to 15 digits (E.164
/// allows 15; Exotel also takes national numbers with a leading 0).
[[nodiscard]] bool is_phone_number(std::string_view text);
/// An absolute http:// or https:// URL with a host and no whitespace.
[[nodiscard]] bool is_http_url(std::string_view text);
/// A carrier's call id: 1 to 128 of [A-Za-z0-9_-]. Anything else could change the request's
/// path (and Plivo's DELETE .../Call/ without an id hangs up every call of the account).
[[nodiscard]] bool is_call_id(std::string_view text);

/// Collects what is wrong with one operation's input, then says it all in one kValidation error:
/// "cannot place the Twilio call: 'to' must be ...; 'twiml' must ...".
class InputCheck {
 public:
  explicit InputCheck(std::string what) : what_(std::move(what)) {}
  /// Records `message` for `field` unless `ok`.
  void require(bool ok, std::string_view field, std::string_view message);
  /// An account field: non-empty, printable, no whitespace; `path_safe` ones go into URL paths
  /// and may only hold [A-Za-z0-9._-]; `user_id` ones are a Basic user-id and may hold no ':'.
  void account_field(std::string_view field, std::string_view value, bool path_safe,
                     bool user_id = false);
  /// A number the carrier dials or shows; `sip_allowed` also takes sip: URIs.
  void destination(std::string_view field, std::string_view value, bool sip_allowed);
  /// A URL the carrier fetches; empty is fine unless `required`.
  void url(std::string_view field, std::string_view value, bool required);
  void call_id(std::string_view value);
  [[nodiscard]] bool ok() const { return fields_.empty(); }
  [[nodiscard]] core::Result<void> result() const;

 private:
  std::string what_;
  std::vector<core::FieldError> fields_;
};

/// One path segment with everything but [A-Za-z0-9._~-] percent-encoded.
[[nodiscard]] std::string encode_path_segment(std::string_view text);
/// "Basic " + base64(user ":" password) (RFC 7617).
[[nodiscard]] std::string basic_authorization(std::string_view user, std::string_view password);
/// `url` without trailing '/'.
[[nodiscard]] std::string without_trailing_slash(std::string_view url);

}  // namespace ovos::telephony::detail
