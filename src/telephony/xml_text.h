#pragma once

// XML text for the answer documents carriers fetch from us (TwiML, Plivo XML). Pure; any thread.

#include <string>
#include <string_view>

namespace ovos::telephony {

/// The declaration every answer document starts with.
inline constexpr std::string_view kXmlDeclaration = R"(<?xml version="1.0" encoding="UTF-8"?>)";

/// `text` made safe as XML character data and as a quoted attribute value: & < > " ' become
/// entities, characters XML 1.0 forbids (controls other than tab, newline and carriage return,
/// U+FFFE, U+FFFF) are dropped, and malformed UTF-8 becomes U+FFFD.
[[nodiscard]] std::string xml_escape(std::string_view text);

}  // namespace ovos::telephony
