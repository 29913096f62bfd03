#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::core {

class MetricsRegistry;

/// What an outside service does for us; the `kind` label of ovos_vendor_errors_total.
enum class VendorKind { kStt, kTts, kLlm, kCarrier, kTool, kEmbeddings, kWebhook };

/// Why a request to a vendor failed; the `reason` label of ovos_vendor_errors_total.
enum class VendorErrorReason {
  kAuth,         // 401, 403: bad or missing credentials, no permission
  kRateLimited,  // 429
  kRefused,      // any other 4xx: the vendor refused what we sent
  kServer,       // 5xx, or the vendor closed its stream with an error
  kTimeout,      // no answer (or no more of it) in time
  kNetwork,      // name resolution, connect, TLS, a connection lost mid-way
  kMalformed,    // an answer we cannot read (bad HTTP, JSON, audio; too large)
};

/// Which vendor a request goes to and what for. Set on a request (net::HttpClientRequest,
/// net::WebSocketClientOptions) and the client counts its failures; code that reads the answer
/// counts what only it can tell (kMalformed). Plain data.
struct VendorTag {
  std::string vendor;  // the provider's or carrier's name from the catalogue, e.g. "deepgram"
  VendorKind kind = VendorKind::kStt;
};

[[nodiscard]] std::string_view vendor_kind_name(VendorKind kind);
[[nodiscard]] std::string_view vendor_error_reason_name(VendorErrorReason reason);

/// The reason for an HTTP response status >= 400 (408 is a timeout).
[[nodiscard]] VendorErrorReason vendor_error_reason_for_status(int status);
/// The reason for a failure without a status, from its code and message ("timed out").
[[nodiscard]] VendorErrorReason vendor_error_reason_for(const Error& error);
/// The reason for a WebSocket closed by the vendor or lost with `code` (RFC 6455), or nullopt
/// for a normal end (1000, 1001, 1005).
[[nodiscard]] std::optional<VendorErrorReason> vendor_error_reason_for_close(std::uint16_t code);

/// The vendor label as counted: lower case letters, digits, '-', '_' and '.', at most 32
/// characters; the first 64 distinct names in a process keep theirs, later ones (and empty
/// ones) count as "other". So a mistake that passes user input as a vendor name cannot grow
/// /metrics without bound. Thread-safe.
[[nodiscard]] std::string vendor_label(std::string_view vendor);

/// Adds one to ovos_vendor_errors_total{vendor,kind,reason} in `registry` (default: the global
/// one). Thread-safe; for failure paths (takes the registry's lock).
void count_vendor_error(const VendorTag& tag, VendorErrorReason reason,
                        MetricsRegistry* registry = nullptr);

}  // namespace ovos::core
