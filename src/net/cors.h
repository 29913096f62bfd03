#pragma once

#include <string>
#include <vector>

#include "net/http_types.h"

namespace ovos::net {

/// Which browser origins may call the API. Empty list: none; "*": any. Immutable after
/// construction; shared by all shards.
class CorsPolicy {
 public:
  explicit CorsPolicy(std::vector<std::string> origins) : origins_(std::move(origins)) {}

  /// True for a preflight request (OPTIONS with Origin and Access-Control-Request-Method).
  [[nodiscard]] static bool is_preflight(const HttpRequest& request);
  /// The answer to a preflight: 204 with the allow headers, or 403 for a refused origin.
  [[nodiscard]] HttpResponse preflight(const HttpRequest& request) const;
  /// Adds Access-Control-Allow-Origin (and Vary) to a normal response when the origin is allowed.
  void decorate(const HttpRequest& request, HttpResponse& response) const;

 private:
  [[nodiscard]] bool allowed(std::string_view origin) const;
  std::vector<std::string> origins_;
};

}  // namespace ovos::net
