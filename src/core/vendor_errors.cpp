#include "core/vendor_errors.h"

#include <mutex>
#include <set>

#include "core/metrics.h"

namespace ovos::core {
namespace {

constexpr std::size_t kMaxVendorLength = 32;
constexpr std::size_t kMaxVendors = 64;
constexpr const char* kOther = "other";

std::string sanitized(std::string_view vendor) {
  std::string out;
  for (const char c : vendor.substr(0, kMaxVendorLength)) {
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    const bool keep = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') ||
                      lower == '-' || lower == '_' || lower == '.';
    out += keep ? lower : '_';
  }
  return out;
}

}  // namespace

std::string_view vendor_kind_name(VendorKind kind) {
  switch (kind) {
    case VendorKind::kStt:
      return "stt";
    case VendorKind::kTts:
      return "tts";
    case VendorKind::kLlm:
      return "llm";
    case VendorKind::kCarrier:
      return "carrier";
    case VendorKind::kTool:
      return "tool";
    case VendorKind::kEmbeddings:
      return "embeddings";
    case VendorKind::kWebhook:
      return "webhook";
  }
  return "other";
}

std::string_view vendor_error_reason_name(VendorErrorReason reason) {
  switch (reason) {
    case VendorErrorReason::kAuth:
      return "auth";
    case VendorErrorReason::kRateLimited:
      return "rate_limited";
    case VendorErrorReason::kRefused:
      return "refused";
    case VendorErrorReason::kServer:
      return "server";
    case VendorErrorReason::kTimeout:
      return "timeout";
    case VendorErrorReason::kNetwork:
      return "network";
    case VendorErrorReason::kMalformed:
      return "malformed";
  }
  return "other";
}

VendorErrorReason vendor_error_reason_for_status(int status) {
  if (status == 401 || status == 403) return VendorErrorReason::kAuth;
  if (status == 429) return VendorErrorReason::kRateLimited;
  if (status == 408 || status == 504) return VendorErrorReason::kTimeout;
  if (status >= 500) return VendorErrorReason::kServer;
  return VendorErrorReason::kRefused;
}

VendorErrorReason vendor_error_reason_for(const Error& error) {
  switch (error.code) {
    case ErrorCode::kUnauthenticated:
    case ErrorCode::kPermissionDenied:
      return VendorErrorReason::kAuth;
    case ErrorCode::kRateLimited:
      return VendorErrorReason::kRateLimited;
    case ErrorCode::kTooLarge:
    case ErrorCode::kUnsupportedMediaType:
      return VendorErrorReason::kMalformed;
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kValidation:
    case ErrorCode::kNotFound:
    case ErrorCode::kConflict:
      return VendorErrorReason::kRefused;
    case ErrorCode::kUnavailable:
    case ErrorCode::kInternal:
      break;
  }
  if (error.message.find("timed out") != std::string::npos) return VendorErrorReason::kTimeout;
  if (error.message.find("malformed") != std::string::npos) return VendorErrorReason::kMalformed;
  return VendorErrorReason::kNetwork;
}

std::optional<VendorErrorReason> vendor_error_reason_for_close(std::uint16_t code) {
  switch (code) {
    case 1000:  // normal
    case 1001:  // going away
    case 1005:  // no status in the close frame
      return std::nullopt;
    case 1006:  // lost without a close frame, or our idle timeout
      return VendorErrorReason::kNetwork;
    case 1002:  // protocol error
    case 1003:  // unsupported data
    case 1007:  // invalid payload
    case 1009:  // message too big
      return VendorErrorReason::kMalformed;
    case 1008:  // policy violation
      return VendorErrorReason::kRefused;
    default:  // 1011 internal error, 1012-1014, vendors' own 4000-4999
      return VendorErrorReason::kServer;
  }
}

std::string vendor_label(std::string_view vendor) {
  std::string label = sanitized(vendor);
  if (label.empty()) return kOther;
  static std::mutex mutex;
  static std::set<std::string, std::less<>> seen;
  const std::lock_guard lock(mutex);
  if (seen.contains(label)) return label;
  if (seen.size() >= kMaxVendors) return kOther;
  seen.insert(label);
  return label;
}

void count_vendor_error(const VendorTag& tag, VendorErrorReason reason, MetricsRegistry* registry) {
  MetricsRegistry& target = registry != nullptr ? *registry : MetricsRegistry::global();
  target
      .counter("ovos_vendor_errors_total",
               "Failed requests to vendors (speech, LLMs, carriers, tools, embeddings, webhooks), "
               "by vendor, kind and reason; retried attempts count each.",
               {{"vendor", vendor_label(tag.vendor)},
                {"kind", std::string(vendor_kind_name(tag.kind))},
                {"reason", std::string(vendor_error_reason_name(reason))}})
      .inc();
}

}  // namespace ovos::core
