#include "api/route_helpers.h"

#include <boost/json/serialize.hpp>
#include <charconv>

namespace ovos::api {

net::HttpResponse json_response(int status, const boost::json::value& value) {
  return net::HttpResponse::json(status, boost::json::serialize(value));
}

net::HttpResponse no_content() {
  net::HttpResponse r;
  r.status = 204;
  return r;
}

core::Result<int> int_query(const net::HttpRequest& request, std::string_view name, int fallback,
                            int min, int max) {
  const auto raw = request.query_param(name);
  if (!raw) return fallback;
  int value = 0;
  const auto [ptr, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), value);
  if (ec != std::errc() || ptr != raw->data() + raw->size() || value < min || value > max) {
    return core::Error::validation(
        "invalid query parameter",
        {{"query." + std::string(name),
          "must be an integer from " + std::to_string(min) + " to " + std::to_string(max)}});
  }
  return value;
}

boost::json::object page_json(boost::json::array items, std::int64_t total, int limit, int offset) {
  return {{"items", std::move(items)}, {"total", total}, {"limit", limit}, {"offset", offset}};
}

}  // namespace ovos::api
