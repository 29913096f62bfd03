#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string_view>

#include "core/result.h"
#include "net/http_types.h"

namespace ovos::api {

/// A JSON response with `value` serialized.
[[nodiscard]] net::HttpResponse json_response(int status, const boost::json::value& value);
/// 204 No Content.
[[nodiscard]] net::HttpResponse no_content();

/// Reads an integer query parameter within [min, max]; absent gives `fallback`. A bad value is
/// a validation error with path "query.<name>".
[[nodiscard]] core::Result<int> int_query(const net::HttpRequest& request, std::string_view name,
                                          int fallback, int min, int max);

/// {"items": [...], "total": n, "limit": l, "offset": o}
[[nodiscard]] boost::json::object page_json(boost::json::array items, std::int64_t total, int limit,
                                            int offset);

}  // namespace ovos::api
