// Web-call messages come from any browser: every text or binary message parses or is refused
// with a reason, without crashing. The first byte picks text (even) or binary (odd).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "telephony/web/web_call_protocol.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::span<const std::uint8_t> rest(data + 1, size - 1);
  const auto parsed = (data[0] & 1) != 0
                          ? ovos::telephony::web::parse_binary_message(rest)
                          : ovos::telephony::web::parse_text_message(std::string_view(
                                reinterpret_cast<const char*>(rest.data()), rest.size()));
  if (!parsed.ok() && parsed.error().message.empty()) __builtin_trap();  // always a reason
  return 0;
}
