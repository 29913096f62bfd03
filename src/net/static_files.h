#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "net/http_types.h"

namespace ovos::net {

/// Serves a directory of static files (the dashboard's export) safely: no path escapes the
/// root, directories serve their index.html, content types by extension. Stateless apart from
/// the root; call from worker threads (it reads files).
class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  [[nodiscard]] bool available() const { return !root_.empty(); }
  /// The response for a GET/HEAD of `request.path`, or nullopt when no file matches.
  [[nodiscard]] std::optional<HttpResponse> serve(const HttpRequest& request) const;
  /// The site's own 404 page (404.html at the root, status 404) for a browser's GET/HEAD that
  /// found no file (Accept names text/html), or nullopt: API clients keep their problem+json.
  [[nodiscard]] std::optional<HttpResponse> not_found_page(const HttpRequest& request) const;

 private:
  std::filesystem::path root_;  // canonical; empty when the directory does not exist
};

/// The Content-Type for a file name by its extension ("application/octet-stream" if unknown).
[[nodiscard]] std::string_view content_type_for(std::string_view filename);

}  // namespace ovos::net
