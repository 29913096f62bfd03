#pragma once

// What the carriers' media-protocol tests share: reading a parse result (a carrier's
// parse_<carrier>_message) as the event a test expects, or as its error.

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace ovos::telephony::testing {

/// The event of type T that `parsed` (the parse of `text`) holds; a test failure and T{} when the
/// parse failed or gave another event.
template <typename T, typename Parsed>
T event_as(Parsed parsed, std::string_view text) {
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message) << "\n" << text;
  if (!parsed.ok() || !std::holds_alternative<T>(*parsed)) {
    ADD_FAILURE() << "not the expected event: " << text;
    return T{};
  }
  return std::get<T>(std::move(*parsed));
}

/// The message of a parse that failed; "<parsed>" when it did not fail.
template <typename Parsed>
std::string error_of(const Parsed& parsed) {
  return parsed.ok() ? "<parsed>" : parsed.error().message;
}

}  // namespace ovos::telephony::testing
