#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace ovos::testing {

/// Sends `bytes` to 127.0.0.1:port over one TCP connection and returns everything the server
/// writes until it closes the connection or `timeout` passes. For malformed-request tests that
/// a real HTTP client cannot produce. Throws std::runtime_error when it cannot connect.
std::string raw_exchange(std::uint16_t port, const std::string& bytes,
                         std::chrono::milliseconds timeout = std::chrono::milliseconds(3000),
                         bool half_close = false);

/// The status code of the first response in `raw` ("HTTP/1.1 404 ..." -> 404), or 0.
int first_status(const std::string& raw);

}  // namespace ovos::testing
