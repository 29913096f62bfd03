#include "telephony/carrier_status.h"

#include <array>
#include <cctype>
#include <utility>

namespace ovos::telephony {

namespace {

using Mapping = std::pair<std::string_view, std::string_view>;  // carrier word -> ours

// Twilio: https://www.twilio.com/docs/voice/api/call-resource#call-status-values and
// https://support.twilio.com/hc/en-us/articles/223132547 ("initiated": Twilio has dialed).
constexpr std::array kTwilio = {
    Mapping{"queued", "queued"},       Mapping{"initiated", "queued"},
    Mapping{"ringing", "ringing"},     Mapping{"in-progress", "in-progress"},
    Mapping{"completed", "completed"}, Mapping{"busy", "busy"},
    Mapping{"no-answer", "no-answer"}, Mapping{"failed", "failed"},
    Mapping{"canceled", "canceled"},
};

// Plivo: https://www.plivo.com/docs/voice/xml/request/call-status/ (in-progress, completed,
// ringing, no-answer, busy, cancel, timeout: "a timeout while connecting your call", a carrier or
// network fault), https://www.plivo.com/docs/account/api/application/ (failed for outbound) and
// the Queued Call API's "queued" (plivo-python plivo/resources/queued_calls.py).
constexpr std::array kPlivo = {
    Mapping{"queued", "queued"},
    Mapping{"ringing", "ringing"},
    Mapping{"in-progress", "in-progress"},
    Mapping{"completed", "completed"},
    Mapping{"busy", "busy"},
    Mapping{"no-answer", "no-answer"},
    Mapping{"cancel", "canceled"},
    Mapping{"timeout", "failed"},
    Mapping{"failed", "failed"},
};

// Exotel: https://developer.exotel.com/docs/references/error-codes ("Call Status Values") and the
// Connect applet's CallStatus (support.exotel.com/support/solutions/articles/3000088074).
constexpr std::array kExotel = {
    Mapping{"queued", "queued"},
    Mapping{"ringing", "ringing"},
    Mapping{"in-progress", "in-progress"},
    Mapping{"completed", "completed"},
    Mapping{"busy", "busy"},
    Mapping{"no-answer", "no-answer"},
    Mapping{"failed", "failed"},
    Mapping{"canceled", "canceled"},
};

std::string lowercase_trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  std::string out(text);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

template <std::size_t N>
std::optional<std::string> look_up(const std::array<Mapping, N>& table, std::string_view word) {
  for (const auto& [theirs, ours] : table) {
    if (theirs == word) return std::string(ours);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> normalize_call_status(std::string_view carrier,
                                                 std::string_view status) {
  const std::string name = lowercase_trimmed(carrier);
  const std::string word = lowercase_trimmed(status);
  if (name == "twilio") return look_up(kTwilio, word);
  if (name == "plivo") return look_up(kPlivo, word);
  if (name == "exotel") return look_up(kExotel, word);
  return std::nullopt;
}

bool is_final_call_status(std::string_view status) {
  return status == "completed" || status == "busy" || status == "no-answer" || status == "failed" ||
         status == "canceled";
}

}  // namespace ovos::telephony
