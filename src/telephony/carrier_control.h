#pragma once

// Placing, ending and handing over phone calls through a carrier's REST API. One interface for
// Twilio (twilio/twilio_control.h), Plivo (plivo/plivo_control.h) and Exotel
// (exotel/exotel_control.h); the call service codes against it whatever the carrier.

#include <chrono>
#include <functional>
#include <string>

#include "core/result.h"

namespace ovos::telephony {

/// An outbound call to place. Which fields a carrier reads is said per field.
struct OutboundCall {
  std::string to, from;             // E.164 numbers (Exotel: `to` is the customer, `from` the
                                    // ExoPhone/CallerId); Twilio and Plivo also call sip: URIs
  std::string twiml;                // Twilio: the call's TwiML inline (the `Twiml` parameter)
  std::string answer_url;           // Plivo: answer_url (POST); Exotel: the flow URL (`Url`)
  std::string stream_url;           // Exotel: connect the answered call straight to this media
                                    // WebSocket (`streamurl`) instead of a flow
  std::string status_callback_url;  // Twilio StatusCallback (events initiated ringing answered
                                    // completed, POST); Plivo: hangup_url and ring_url; Exotel:
                                    // StatusCallback (events terminal and answered)
  std::string custom_field;         // Exotel CustomField (we put our call id there)
  int ring_timeout_seconds = 60;    // Twilio Timeout, Plivo ring_timeout, Exotel TimeOut
  int time_limit_seconds = 0;       // 0: carrier default
};

/// What the carrier said when it accepted a call.
struct PlacedCall {
  /// Twilio CallSid; Plivo request_uuid (hang_up and transfer need the CallUUID that Plivo
  /// sends to answer_url and in the stream's start.callId); Exotel Call.Sid.
  std::string carrier_call_id;
  /// Ours (normalize_call_status); "queued" when the carrier says none (Plivo).
  std::string status;
};

/// What a carrier's REST API can do to a live call. Where it cannot, the call service ends or
/// hands over the call another way (Exotel: closing the media stream moves the call on to the
/// flow's next applet).
struct CarrierCapabilities {
  bool hang_up = true;
  bool transfer = true;
};

/// Limits of one CarrierControl.
struct CarrierControlOptions {
  /// Each request, from sending it to the last byte of the answer.
  std::chrono::milliseconds request_timeout{15000};
  /// Before hang_up's single retry (after a transport error, a timeout or a 5xx).
  std::chrono::milliseconds hang_up_retry_delay{500};
};

/// One carrier account's REST API. Thread-safe; callbacks run on the HttpClient's loop, once,
/// never inside the call that started them (input refused before sending included). Owns no
/// request: requests in flight finish (and call back) after the control is destroyed, but the
/// HttpClient must outlive them. Never logs credentials.
class CarrierControl {
 public:
  virtual ~CarrierControl() = default;

  [[nodiscard]] virtual CarrierCapabilities capabilities() const { return {}; }

  /// Places `call`. Never retried: a repeated request would ring the callee twice.
  virtual void place_call(const OutboundCall& call,
                          std::function<void(core::Result<PlacedCall>)> done) = 0;
  /// Ends a live call. An already-ended call is success.
  virtual void hang_up(const std::string& carrier_call_id,
                       std::function<void(core::Result<void>)> done) = 0;
  /// Hands the live call to `to` (a phone number or SIP URI). Twilio: update the call with
  /// Twiml=<Response><Dial>to</Dial></Response>. Plivo: transfer the A leg to `transfer_xml_url`
  /// (our server serves XML that dials `to` there). Exotel: its API cannot (kUnavailable).
  virtual void transfer(const std::string& carrier_call_id, const std::string& to,
                        const std::string& transfer_xml_url,
                        std::function<void(core::Result<void>)> done) = 0;
};

}  // namespace ovos::telephony
