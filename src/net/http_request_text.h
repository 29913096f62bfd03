#pragma once
// Internal to src/net.

#include <string>

#include "core/result.h"
#include "net/http_client.h"
#include "net/http_url.h"

namespace ovos::net::detail {

/// The bytes of an HTTP/1.1 request for `request` to `url`: request line, Host, User-Agent
/// (unless given), the caller's headers, Content-Length, then the body. kInvalidArgument for a
/// bad method or header (CR, LF or NUL; a Content-Length or Transfer-Encoding of its own).
[[nodiscard]] core::Result<std::string> format_http_request(const HttpClientRequest& request,
                                                            const HttpUrl& url);

}  // namespace ovos::net::detail
