#include "agents/tasks/webhook_signature.h"

#include "core/ids.h"
#include "crypto/hmac.h"

namespace ovos::agents::tasks {

std::string webhook_signature(std::string_view secret, std::int64_t unix_seconds,
                              std::string_view body) {
  const std::string t = std::to_string(unix_seconds);
  std::string signed_text;
  signed_text.reserve(t.size() + 1 + body.size());
  signed_text.append(t).append(".").append(body);
  const crypto::Sha256Digest mac = crypto::hmac_sha256(secret, signed_text);
  return "t=" + t + ",v1=" + core::to_hex(mac);
}

}  // namespace ovos::agents::tasks
