#pragma once

#include <string_view>

#include "core/result.h"
#include "net/http_types.h"

namespace ovos::api {

/// The HTTP status an error kind maps to.
[[nodiscard]] int http_status_for(core::ErrorCode code);

/// An RFC 9457 application/problem+json response:
/// {"type","title","status","detail","instance","request_id","errors":[{"path","message"}]}.
[[nodiscard]] net::HttpResponse problem(const net::HttpRequest& request, const core::Error& error);
[[nodiscard]] net::HttpResponse problem(const net::HttpRequest& request, int status,
                                        std::string_view detail);

}  // namespace ovos::api
