#include "api/phone_format.h"

#include <algorithm>

namespace ovos::api {
namespace {

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string to_e164(std::string_view number) {
  if (number.starts_with('+') || !all_digits(number) || number.starts_with('0')) {
    return std::string(number);
  }
  return "+" + std::string(number);
}

bool is_carrier(std::string_view carrier) {
  return std::find(kCarriers.begin(), kCarriers.end(), carrier) != kCarriers.end();
}

}  // namespace ovos::api
