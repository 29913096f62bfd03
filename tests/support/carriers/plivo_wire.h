#pragma once

#include <memory>
#include <string>

#include "support/carriers/carrier_media_leg.h"
#include "support/carriers/simulator_web.h"

namespace ovos::testing {

/// Plivo Audio Streaming as Plivo speaks it (bidirectional <Stream>, μ-law at 8 kHz): start,
/// inbound-track media with Unix-millisecond timestamps, dtmf, playedStream for a checkpoint
/// whose audio played, clearedAudio after a clearAudio (pending checkpoints are dropped, never
/// answered), and no stop message: Plivo ends a stream by closing it. What the server sends is
/// held to Plivo's rules: only playAudio (in the stream's own format, raw μ-law), checkpoint
/// and clearAudio naming this stream, and sendDTMF.
std::unique_ptr<CarrierWire> make_plivo_wire(std::string auth_id);

/// X-Plivo-Signature-V3, written here from Plivo's documentation and plivo-python's
/// signature_v3.py (independently of the server's verifier): base64(HMAC-SHA256(auth_token,
/// url-as-Plivo-rebuilds-it + "." + nonce)). `method` is "POST" or "GET".
std::string plivo_test_signature_v3(const std::string& auth_token, const std::string& method,
                                    const std::string& url, const FormParams& params,
                                    const std::string& nonce);
/// A fresh X-Plivo-Signature-V3-Nonce: 20 random decimal digits, as in Plivo's examples.
std::string plivo_test_nonce();

}  // namespace ovos::testing
